package contentobject

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

type model struct {
	ID                   types.String `tfsdk:"id"`
	Bucket               types.String `tfsdk:"bucket"`
	Source               types.String `tfsdk:"source"`
	Content              types.String `tfsdk:"content"`
	ContentBase64        types.String `tfsdk:"content_base64"`
	KeyPrefix            types.String `tfsdk:"key_prefix"`
	ContentType          types.String `tfsdk:"content_type"`
	CacheControl         types.String `tfsdk:"cache_control"`
	Metadata             types.Map    `tfsdk:"metadata"`
	ServerSideEncryption types.String `tfsdk:"server_side_encryption"`
	KMSKeyID             types.String `tfsdk:"kms_key_id"`
	StorageClass         types.String `tfsdk:"storage_class"`
	RetainOnDestroy      types.Bool   `tfsdk:"retain_on_destroy"`
	MultipartThreshold   types.Int64  `tfsdk:"multipart_threshold"`
	MultipartPartSize    types.Int64  `tfsdk:"multipart_part_size"`
	MultipartConcurrency types.Int64  `tfsdk:"multipart_concurrency"`
	Key                  types.String `tfsdk:"key"`
	SHA256               types.String `tfsdk:"sha256"`
	Size                 types.Int64  `tfsdk:"size"`
	ETag                 types.String `tfsdk:"etag"`
	AlreadyPresent       types.Bool   `tfsdk:"already_present"`
	OwnsHeaders          types.Bool   `tfsdk:"owns_headers"`
}

// owns reports whether the resource manages the object's headers (see
// headers.go). A state written before owns_headers existed owns them when
// it uploaded the object.
func (m model) owns() bool {
	if m.OwnsHeaders.IsNull() || m.OwnsHeaders.IsUnknown() {
		return !m.AlreadyPresent.ValueBool()
	}
	return m.OwnsHeaders.ValueBool()
}

// headersChanged reports whether the headers an owner writes differ.
func headersChanged(a, b model) bool {
	return !a.ContentType.Equal(b.ContentType) || !a.CacheControl.Equal(b.CacheControl) ||
		!maps.Equal(metadataOf(a.Metadata), metadataOf(b.Metadata)) ||
		!a.ServerSideEncryption.Equal(b.ServerSideEncryption) || !a.KMSKeyID.Equal(b.KMSKeyID) ||
		!a.StorageClass.Equal(b.StorageClass)
}

func metadataOf(m types.Map) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok {
			out[k] = s.ValueString()
		}
	}
	return out
}

func targetOf(m model) upload.Object {
	return upload.Object{
		Bucket:       m.Bucket.ValueString(),
		Key:          m.Key.ValueString(),
		ContentType:  m.ContentType.ValueString(),
		CacheControl: m.CacheControl.ValueString(),
		Metadata:     metadataOf(m.Metadata),
		// Null sends no header: the bucket's default encryption and
		// STANDARD apply.
		ServerSideEncryption: m.ServerSideEncryption.ValueString(),
		KMSKeyID:             m.KMSKeyID.ValueString(),
		StorageClass:         m.StorageClass.ValueString(),
		SHA256:               m.SHA256.ValueString(),
		Size:                 m.Size.ValueInt64(),
	}
}

func sourcePath(m model) path.Path {
	switch {
	case !m.Content.IsNull():
		return path.Root("content")
	case !m.ContentBase64.IsNull():
		return path.Root("content_base64")
	default:
		return path.Root("source")
	}
}
