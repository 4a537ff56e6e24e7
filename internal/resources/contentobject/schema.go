package contentobject

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

func (r *Resource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	oneSource := func(others ...string) validator.String {
		exprs := make([]path.Expression, len(others))
		for i, o := range others {
			exprs[i] = path.MatchRoot(o)
		}
		return stringvalidator.ExactlyOneOf(exprs...)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A content-addressed, deduplicated object: stored at `<key_prefix>/<sha256[0:2]>/<sha256>` " +
			"and uploaded only when that key does not exist yet, so the same content used by several stacks is stored (and uploaded) once.\n\n" +
			"The SHA-256 is computed at plan time (files are streamed, never read whole), so a changed source shows in the plan as a new `key` " +
			"and a replacement. Sources larger than `multipart_threshold` go up as a concurrent multipart upload with per-part SHA-256 checksums, " +
			"with progress in the provider log; a failed or interrupted multipart upload is aborted, never left to accrue charges. " +
			"The bytes uploaded are checked against the planned digest before the object becomes visible: a source that changed between plan and apply fails the apply " +
			"(Terraform reports an inconsistent final plan for `sha256`), and one that changes during the upload fails it too, with nothing stored.\n\n" +
			"Objects outlive the resource by default (`retain_on_destroy = true`) because other stacks may use the same key.\n\n" +
			"**Shared objects: the first writer's headers win.** Resources (in one configuration or in several stacks) that hold the same bytes share one object. " +
			"The resource that stores it owns its headers (`owns_headers = true`): `content_type`, `cache_control`, `metadata`, `server_side_encryption`, `kms_key_id` and `storage_class` " +
			"changes are applied in place (a server-side copy), and a change made out of band shows as drift. " +
			"A resource that finds the object already stored adopts it as it is (`already_present = true`, `owns_headers = false`): it never rewrites the shared object, " +
			"and where its configuration asks for other headers, every plan and apply shows a warning naming each attribute with the stored and the configured value — never a diff. " +
			"So resources that disagree converge: after all have applied, the next plan is empty. Two resources created at the same moment race with a conditional upload " +
			"(`If-None-Match: *`): one stores the object, the other adopts it. Import makes the resource the owner.\n\n" +
			"On a bucket that denies unencrypted uploads (`filestore_upload_bucket.deny_unencrypted_uploads`), set `server_side_encryption` to the bucket's algorithm: " +
			"the upload and every in-place header change carry it (guardrail FS021 checks it at plan time).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<bucket>/<key>`, the import ID.",
			},
			"bucket": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Bucket to store the object in. Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthBetween(3, 63)},
			},
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of the file to upload, relative to the directory Terraform runs in. " +
					"Exactly one of `source`, `content` and `content_base64` is required. The file is hashed at plan time and read again at apply.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), oneSource("content", "content_base64")},
			},
			"content": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Literal UTF-8 content to upload. Sensitive (it may hold configuration secrets): the plan shows the `key` and `sha256` change instead. " +
					"Exactly one of `source`, `content` and `content_base64` is required.",
				Validators: []validator.String{oneSource("source", "content_base64")},
			},
			"content_base64": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Base64-encoded (standard alphabet, padded) binary content to upload, e.g. from `filebase64()`. Sensitive. " +
					"Exactly one of `source`, `content` and `content_base64` is required.",
				Validators: []validator.String{oneSource("source", "content"), base64Validator{}},
			},
			"key_prefix": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(contentkey.DefaultPrefix),
				MarkdownDescription: "Key prefix: the object is stored at `<key_prefix>/<sha256[0:2]>/<sha256>` " +
					"(`provider::filestore::content_key(sha256, key_prefix)` computes the same key). Default `\"" + contentkey.DefaultPrefix + "\"`; " +
					"`\"\"` stores at `<sha256[0:2]>/<sha256>`. No leading or trailing `/`, no empty, `.` or `..` segment.",
				Validators: []validator.String{prefixValidator{}},
			},
			"content_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`Content-Type` of the object. Default: detected from the extension of `source` " +
					"(common web types such as `.html`, `.css`, `.js`, `.json`, `.svg`, `.wasm`, `.woff2`, `.gz`, then Go's MIME table), " +
					"else `application/octet-stream` — also for `content` and `content_base64`, which have no name: set it for text. " +
					"Changed in place (a server-side copy of the object onto itself) by the resource that owns the object's headers (`owns_headers`).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"cache_control": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(DefaultCacheControl),
				MarkdownDescription: "`Cache-Control` of the object. Default `\"" + DefaultCacheControl + "\"`: the content under a key never changes. Changed in place by the owner (`owns_headers`).",
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "User metadata (`x-amz-meta-*`). Keys are lowercase (S3 returns them lowercase; mixed case would be a perpetual diff); " +
					"values printable US-ASCII; at most 2 KB in all. Changed in place by the owner (`owns_headers`).",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(regexp.MustCompile("^[a-z0-9!#$%&'*+.^_`|~-]+$"),
						"must be lowercase letters, digits or one of !#$%&'*+.^_`|~- (an HTTP header name, lowercase)")),
					mapvalidator.ValueStringsAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[\x20-\x7e]*$`),
						"must be printable US-ASCII")),
				},
			},
			"server_side_encryption": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Server-side encryption the upload requests (`x-amz-server-side-encryption`): " + quoted(bucketconfig.EncryptionAlgorithms()) + ". " +
					"Unset, no header is sent and the bucket's default encryption applies — which a bucket policy that denies unencrypted uploads refuses. " +
					"Changed in place (a server-side copy) by the owner; refreshed from the object when set. Import leaves it unset (a bucket default cannot be told from a requested value): " +
					"configure it after import and the next apply records it, copying the object only if it is stored otherwise. " +
					"Refused with the provider's `compatibility = \"r2\"` (R2 encrypts every object and implements no SSE header).",
				Validators: []validator.String{stringvalidator.OneOf(bucketconfig.EncryptionAlgorithms()...)},
			},
			"kms_key_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "KMS key (id, ARN, or alias ARN) for `server_side_encryption = \"aws:kms\"` or `\"aws:kms:dsse\"`; " +
					"without it S3 uses the bucket's default key or the AWS managed `aws/s3` key. Any other `server_side_encryption` with a key is a plan-time error. Changed in place.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRoot("server_side_encryption"))},
			},
			"storage_class": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Storage class of the object: " + quoted(upload.StorageClasses()) + ". Unset, no header is sent and the object is `STANDARD`; " +
					"the attribute then reports the object's class. With `compatibility = \"r2\"` only " + quoted(upload.R2StorageClasses()) + ". " +
					"Changed in place by the owner (a server-side copy; objects in `GLACIER` or `DEEP_ARCHIVE` must be restored first).",
				Validators:    []validator.String{stringvalidator.OneOf(upload.StorageClasses()...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"retain_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "When `true` (default), destroying the resource only removes it from the state and leaves the object in the bucket: " +
					"other stacks may use the same content-addressed key. When `false`, destroying deletes the object.",
			},
			"multipart_threshold": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(upload.DefaultThreshold),
				MarkdownDescription: fmt.Sprintf("Sources larger than this many bytes go up as a multipart upload. Default %d (64 MiB); at least %d (5 MiB). "+
					"Sources up to the threshold are buffered in memory for a single checksummed `PutObject`.", upload.DefaultThreshold, upload.MinPartSize),
				Validators: []validator.Int64{int64validator.AtLeast(upload.MinPartSize)},
			},
			"multipart_part_size": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(upload.DefaultPartSize),
				MarkdownDescription: fmt.Sprintf("Part size in bytes of a multipart upload. Default %d (8 MiB); between 5 MiB and 5 GiB; "+
					"raised automatically when the source would need more than 10,000 parts.", upload.DefaultPartSize),
				Validators: []validator.Int64{int64validator.Between(upload.MinPartSize, upload.MaxPartSize)},
			},
			"multipart_concurrency": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(upload.DefaultConcurrency),
				MarkdownDescription: fmt.Sprintf("Parts uploaded at once. Default %d; 1 to 64. The upload holds at most "+
					"`multipart_concurrency × multipart_part_size` bytes of the source in memory.", upload.DefaultConcurrency),
				Validators: []validator.Int64{int64validator.Between(1, 64)},
			},
			"key": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Object key: `<key_prefix>/<sha256[0:2]>/<sha256>`. Known at plan time when the content is.",
			},
			"sha256": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Lowercase hex SHA-256 of the content, computed at plan time. A change replaces the resource.",
			},
			"size": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Size of the content in bytes.",
			},
			"etag": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ETag of the stored object, as the store reports it (an MD5 for single uploads on AWS, `<hash>-<parts>` for multipart ones).",
			},
			"already_present": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "`true` when the upload was skipped because an object with this content already existed at the key " +
					"(uploaded by another resource or stack, or adopted by import).",
			},
			"owns_headers": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "`true` when this resource stored the object (or imported it) and so manages its headers: changes are applied in place and " +
					"out-of-band changes show as drift. `false` when another resource or stack stored it first: the object keeps that writer's headers, " +
					"and a difference from this resource's configuration is a warning, not a diff.",
			},
		},
	}
}

// quoted renders values as a Markdown list of string literals.
func quoted(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`\"" + v + "\"`"
	}
	return strings.Join(q, ", ")
}
