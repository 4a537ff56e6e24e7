package contentobject

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// Shared objects: the first writer's headers win.
//
// Several resources, in one configuration or in several stacks, may hold the
// same bytes and so address the same object. Its headers (content_type,
// cache_control, metadata, server_side_encryption, kms_key_id,
// storage_class) are those of the resource that stored it:
//
//   - The resource that uploads the object owns its headers
//     (owns_headers = true). A change to them in its configuration is applied
//     in place (a server-side copy), and an out-of-band change shows as drift
//     and is put back, as for any resource. Import also makes the resource
//     the owner: importing is asking to manage the object.
//   - A resource that finds the object already stored adopts it as it is
//     (already_present = true, owns_headers = false). It never writes the
//     object. Where its configuration asks for other headers than the stored
//     ones, every plan and apply shows a warning that names the attributes
//     and both values; its own plan stays empty. So two resources that
//     disagree converge after both have applied, in either order, instead of
//     rewriting the object in turn.
//   - Two resources created at the same moment both find the key absent;
//     the upload is conditional (If-None-Match: *), so exactly one stores the
//     object and the other is told the key exists and adopts it. Stores that
//     ignore the condition (or R2 multipart uploads, for which it is not
//     documented) let the last writer win; that resource's owner status is
//     then shared, and the next plan shows the drift of the other owner.
//
// Every resource keeps what it last observed of the stored headers in
// private state (storedKey): an adopter's ModifyPlan warns from it without
// a network call, and an owner's Update skips the copy when the object
// already has every planned header.

// storedKey is the private-state key of the headers last observed.
const storedKey = "stored_headers"

// headers are an object's headers as the store reports them.
type headers struct {
	ContentType          string            `json:"content_type"`
	CacheControl         string            `json:"cache_control"`
	Metadata             map[string]string `json:"metadata,omitempty"`
	ServerSideEncryption string            `json:"server_side_encryption,omitempty"`
	KMSKeyID             string            `json:"kms_key_id,omitempty"`
	StorageClass         string            `json:"storage_class"`
}

// headersOf reads HeadObject's answer. S3 omits x-amz-storage-class for
// STANDARD.
func headersOf(head *s3.HeadObjectOutput) headers {
	sc := string(head.StorageClass)
	if sc == "" {
		sc = "STANDARD"
	}
	return headers{
		ContentType:          aws.ToString(head.ContentType),
		CacheControl:         aws.ToString(head.CacheControl),
		Metadata:             head.Metadata,
		ServerSideEncryption: string(head.ServerSideEncryption),
		KMSKeyID:             aws.ToString(head.SSEKMSKeyId),
		StorageClass:         sc,
	}
}

// writtenHeaders are the headers an upload of obj stores.
func writtenHeaders(obj upload.Object) headers {
	sc := obj.StorageClass
	if sc == "" {
		sc = "STANDARD"
	}
	return headers{ContentType: obj.ContentType, CacheControl: obj.CacheControl, Metadata: obj.Metadata,
		ServerSideEncryption: obj.ServerSideEncryption, KMSKeyID: obj.KMSKeyID, StorageClass: sc}
}

// differences lists, for every header the model sets, where the stored
// object differs: "content_type: stored \"a\", configured \"b\"". Headers the
// model leaves unset (null) are not compared; kms_key_id is compared only as
// a suffix, because the store answers with the key's ARN where the
// configuration may name its id.
func differences(stored headers, m model) []string {
	var out []string
	add := func(attr, s, c string) {
		out = append(out, fmt.Sprintf("%s: stored %q, configured %q", attr, s, c))
	}
	if v, ok := knownString(m.ContentType); ok && v != stored.ContentType {
		add("content_type", stored.ContentType, v)
	}
	if v, ok := knownString(m.CacheControl); ok && v != stored.CacheControl {
		add("cache_control", stored.CacheControl, v)
	}
	if !m.Metadata.IsUnknown() {
		if want := metadataOf(m.Metadata); !maps.Equal(want, stored.Metadata) && (len(want) > 0 || len(stored.Metadata) > 0) {
			add("metadata", renderMap(stored.Metadata), renderMap(want))
		}
	}
	if v, ok := knownString(m.ServerSideEncryption); ok && v != stored.ServerSideEncryption {
		add("server_side_encryption", stored.ServerSideEncryption, v)
	}
	if v, ok := knownString(m.KMSKeyID); ok && stored.KMSKeyID != "" && !strings.HasSuffix(stored.KMSKeyID, v) {
		add("kms_key_id", stored.KMSKeyID, v)
	}
	if v, ok := knownString(m.StorageClass); ok && v != stored.StorageClass {
		add("storage_class", stored.StorageClass, v)
	}
	return out
}

func knownString(v types.String) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}

func renderMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// warnAdopted reports that the object keeps another writer's headers.
func warnAdopted(diags *diag.Diagnostics, bucket, key string, diffs []string) {
	if len(diffs) == 0 {
		return
	}
	diags.AddWarning(fmt.Sprintf("Content object s3://%s/%s keeps the headers it was stored with", bucket, key),
		"Another resource or stack stored this content first, and the first writer's headers win (owns_headers = false): "+
			"this resource does not rewrite the shared object, so it converges instead of fighting the other writer.\n\n"+
			strings.Join(diffs, "\n")+"\n\n"+
			"To silence this, configure the stored values; to change the object's headers, change them in the resource that owns them "+
			"(owns_headers = true), or use another key_prefix to store a copy with its own headers.")
}

// privateState is the part of the framework's private state the resource
// uses (resp.Private in Create / Read / Update, req.Private in ModifyPlan).
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// rememberStored keeps the headers observed (nil forgets them).
func rememberStored(ctx context.Context, p privateSetter, h *headers) diag.Diagnostics {
	if h == nil {
		return p.SetKey(ctx, storedKey, nil)
	}
	b, err := json.Marshal(h)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Recording the stored headers", err.Error())
		return d
	}
	return p.SetKey(ctx, storedKey, b)
}

// recalled returns the headers observed at the last read or write.
func recalled(ctx context.Context, p privateGetter) (headers, bool) {
	if p == nil {
		return headers{}, false
	}
	b, d := p.GetKey(ctx, storedKey)
	if d.HasError() || len(b) == 0 {
		return headers{}, false
	}
	var h headers
	if err := json.Unmarshal(b, &h); err != nil {
		return headers{}, false
	}
	return h, true
}
