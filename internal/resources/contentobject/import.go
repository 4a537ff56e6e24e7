package contentobject

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// ImportState adopts an existing object by "<bucket>/<key>", where the key
// must be a content address (<prefix>/<sha256[0:2]>/<sha256>): sha256 and
// key_prefix are derived from it; Read fills size, etag and the headers.
// The imported resource owns the object's headers (owns_headers = true).
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	bucket, key, digest, prefix, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Importing content object", err.Error())
		return
	}
	state := model{
		ID:                   types.StringValue(bucket + "/" + key),
		Bucket:               types.StringValue(bucket),
		Source:               types.StringNull(),
		Content:              types.StringNull(),
		ContentBase64:        types.StringNull(),
		KeyPrefix:            types.StringValue(prefix),
		ContentType:          types.StringNull(),
		CacheControl:         types.StringNull(),
		Metadata:             types.MapNull(types.StringType),
		ServerSideEncryption: types.StringNull(),
		KMSKeyID:             types.StringNull(),
		StorageClass:         types.StringNull(),
		RetainOnDestroy:      types.BoolValue(true),
		MultipartThreshold:   types.Int64Value(upload.DefaultThreshold),
		MultipartPartSize:    types.Int64Value(upload.DefaultPartSize),
		MultipartConcurrency: types.Int64Value(upload.DefaultConcurrency),
		Key:                  types.StringValue(key),
		SHA256:               types.StringValue(digest),
		Size:                 types.Int64Null(),
		ETag:                 types.StringNull(),
		// Nothing was uploaded: the object was adopted as it is. Importing
		// is asking to manage it, so the resource owns its headers.
		AlreadyPresent: types.BoolValue(true),
		OwnsHeaders:    types.BoolValue(true),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// parseImportID splits "<bucket>/<key>" and checks that the key
// is a content address.
func parseImportID(id string) (bucket, key, digest, prefix string, err error) {
	bucket, key, ok := strings.Cut(id, "/")
	if !ok || bucket == "" || key == "" {
		return "", "", "", "", fmt.Errorf("the import ID %q is not <bucket>/<key>, e.g. my-bucket/cas/ab/ab12…(64 hex digits)", id)
	}
	segs := strings.Split(key, "/")
	if len(segs) < 2 {
		return "", "", "", "", fmt.Errorf("the key %q is not a content address <prefix>/<sha256[0:2]>/<sha256>", key)
	}
	digest = segs[len(segs)-1]
	prefix = strings.Join(segs[:len(segs)-2], "/")
	want, kerr := contentkey.Key(digest, prefix)
	if kerr != nil || want != key {
		why := "its last two segments must be <sha256[0:2]>/<sha256> with a lowercase hex SHA-256"
		if kerr != nil {
			why = kerr.Error()
		}
		return "", "", "", "", fmt.Errorf("the key %q is not a content address <prefix>/<sha256[0:2]>/<sha256>: %s", key, why)
	}
	return bucket, key, digest, prefix, nil
}
