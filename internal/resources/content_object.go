package resources

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

var (
	_ resource.Resource                   = &ContentObject{}
	_ resource.ResourceWithConfigure      = &ContentObject{}
	_ resource.ResourceWithModifyPlan     = &ContentObject{}
	_ resource.ResourceWithImportState    = &ContentObject{}
	_ resource.ResourceWithValidateConfig = &ContentObject{}
)

// DefaultContentObjectCacheControl is the default Cache-Control: the key
// changes whenever the content does, so the content under a key never does.
const DefaultContentObjectCacheControl = "public, max-age=31536000, immutable"

// contentObjectMaxMetadataBytes is the S3 limit on user metadata (keys and
// values, without the x-amz-meta- prefix).
const contentObjectMaxMetadataBytes = 2048

// NewContentObject is the filestore_content_object constructor.
func NewContentObject() resource.Resource { return &ContentObject{} }

// ContentObject is filestore_content_object: an object stored at a key
// derived from its SHA-256 (contentkey.Key), uploaded only when that key is
// absent. The hash is computed at plan time, so a changed source plans a new
// key and a replacement.
type ContentObject struct {
	data *providerdata.Data
}

type contentObjectModel struct {
	ID                   types.String `tfsdk:"id"`
	Bucket               types.String `tfsdk:"bucket"`
	Source               types.String `tfsdk:"source"`
	Content              types.String `tfsdk:"content"`
	ContentBase64        types.String `tfsdk:"content_base64"`
	KeyPrefix            types.String `tfsdk:"key_prefix"`
	ContentType          types.String `tfsdk:"content_type"`
	CacheControl         types.String `tfsdk:"cache_control"`
	Metadata             types.Map    `tfsdk:"metadata"`
	RetainOnDestroy      types.Bool   `tfsdk:"retain_on_destroy"`
	MultipartThreshold   types.Int64  `tfsdk:"multipart_threshold"`
	MultipartPartSize    types.Int64  `tfsdk:"multipart_part_size"`
	MultipartConcurrency types.Int64  `tfsdk:"multipart_concurrency"`
	Key                  types.String `tfsdk:"key"`
	SHA256               types.String `tfsdk:"sha256"`
	Size                 types.Int64  `tfsdk:"size"`
	ETag                 types.String `tfsdk:"etag"`
	AlreadyPresent       types.Bool   `tfsdk:"already_present"`
}

func (r *ContentObject) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_content_object"
}

func (r *ContentObject) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
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
			"Two resources with the same content in one configuration may both upload it when they are created in parallel; the result is one object.\n\n" +
			"Objects outlive the resource by default (`retain_on_destroy = true`) because other stacks may use the same key. " +
			"Resources that share an object should agree on its `content_type`, `cache_control` and `metadata`: the last one applied wins, and the others then show drift.",
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
				Validators: []validator.String{oneSource("source", "content"), contentObjectBase64Validator{}},
			},
			"key_prefix": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(contentkey.DefaultPrefix),
				MarkdownDescription: "Key prefix: the object is stored at `<key_prefix>/<sha256[0:2]>/<sha256>` " +
					"(`provider::filestore::content_key(sha256, key_prefix)` computes the same key). Default `\"" + contentkey.DefaultPrefix + "\"`; " +
					"`\"\"` stores at `<sha256[0:2]>/<sha256>`. No leading or trailing `/`, no empty, `.` or `..` segment.",
				Validators: []validator.String{contentObjectPrefixValidator{}},
			},
			"content_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`Content-Type` of the object. Default: detected from the extension of `source` " +
					"(common web types such as `.html`, `.css`, `.js`, `.json`, `.svg`, `.wasm`, `.woff2`, `.gz`, then Go's MIME table), " +
					"else `application/octet-stream` — also for `content` and `content_base64`, which have no name: set it for text. " +
					"Changed in place (a server-side copy of the object onto itself).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"cache_control": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(DefaultContentObjectCacheControl),
				MarkdownDescription: "`Cache-Control` of the object. Default `\"" + DefaultContentObjectCacheControl + "\"`: the content under a key never changes. Changed in place.",
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "User metadata (`x-amz-meta-*`). Keys are lowercase (S3 returns them lowercase; mixed case would be a perpetual diff); " +
					"values printable US-ASCII; at most 2 KB in all. Changed in place.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(regexp.MustCompile("^[a-z0-9!#$%&'*+.^_`|~-]+$"),
						"must be lowercase letters, digits or one of !#$%&'*+.^_`|~- (an HTTP header name, lowercase)")),
					mapvalidator.ValueStringsAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[\x20-\x7e]*$`),
						"must be printable US-ASCII")),
				},
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
		},
	}
}

func (r *ContentObject) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what the attribute validators cannot: the total
// metadata size.
func (r *ContentObject) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var md types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("metadata"), &md)...)
	if md.IsNull() || md.IsUnknown() {
		return
	}
	total := 0
	for k, v := range md.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return
		}
		total += len(k) + len(s.ValueString())
	}
	if total > contentObjectMaxMetadataBytes {
		resp.Diagnostics.AddAttributeError(path.Root("metadata"), "Metadata too large",
			fmt.Sprintf("The metadata keys and values add up to %d bytes; S3 accepts at most %d. Move large values into the object or another store.", total, contentObjectMaxMetadataBytes))
	}
}

// ModifyPlan hashes the content (streaming files), derives the key, fills
// the default content type, and plans a replacement when the content, and so
// the key, changes.
func (r *ContentObject) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config contentObjectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *contentObjectModel
	if !req.State.Raw.IsNull() {
		state = &contentObjectModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	digest, size, known := contentObjectDigest(config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if known {
		plan.SHA256 = types.StringValue(digest)
		plan.Size = types.Int64Value(size)
	} else {
		plan.SHA256 = types.StringUnknown()
		plan.Size = types.Int64Unknown()
	}
	if known && !plan.KeyPrefix.IsUnknown() {
		key, err := contentkey.Key(digest, plan.KeyPrefix.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("key_prefix"), "Invalid key prefix", err.Error())
			return
		}
		plan.Key = types.StringValue(key)
	} else {
		plan.Key = types.StringUnknown()
	}
	if !plan.Bucket.IsUnknown() && !plan.Key.IsUnknown() {
		plan.ID = types.StringValue(plan.Bucket.ValueString() + "/" + plan.Key.ValueString())
	} else {
		plan.ID = types.StringUnknown()
	}
	if config.ContentType.IsNull() {
		switch {
		case !config.Source.IsNull() && !config.Source.IsUnknown():
			plan.ContentType = types.StringValue(upload.DetectContentType(config.Source.ValueString()))
		case !config.Source.IsNull():
			plan.ContentType = types.StringUnknown()
		default:
			plan.ContentType = types.StringValue(upload.DefaultContentType)
		}
	}

	switch {
	case state == nil:
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	case plan.Key.IsUnknown() || plan.Key.ValueString() != state.Key.ValueString() ||
		plan.Bucket.ValueString() != state.Bucket.ValueString():
		// New content (or prefix): a new object. Unknown counts as a change.
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("sha256"), path.Root("key"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	case !plan.Size.IsUnknown() && !state.Size.IsNull() && plan.Size.ValueInt64() != state.Size.ValueInt64():
		// Same key, but the stored object has another size (Read refreshes
		// it): the object under our content address is not our content.
		// Replacing re-uploads it (Create overwrites a mismatching object).
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("size"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	default:
		plan.ID = state.ID
		plan.AlreadyPresent = state.AlreadyPresent
		if contentObjectHeadersChanged(plan, *state) {
			plan.ETag = types.StringUnknown() // the in-place copy may change it
		} else {
			plan.ETag = state.ETag
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The guardrails see the completed plan, as `terraform show -json` would.
	r.data.CheckPlanned(ctx, guardrail.ModeManaged, "filestore_content_object", resp.Plan.Raw, &resp.Diagnostics)
}

// contentObjectDigest hashes the configured content. known is false while
// the content is unknown (it depends on values computed at apply).
func contentObjectDigest(config contentObjectModel, diags *diag.Diagnostics) (digest string, size int64, known bool) {
	switch {
	case config.Source.IsUnknown() || config.Content.IsUnknown() || config.ContentBase64.IsUnknown():
		return "", 0, false
	case !config.Source.IsNull():
		p := config.Source.ValueString()
		d, n, err := upload.HashFile(p)
		if err != nil {
			diags.AddAttributeError(path.Root("source"), "Reading content object source",
				fmt.Sprintf("Cannot hash %q: %v. The path is relative to the directory Terraform runs in; the file must exist at plan time.", p, err))
			return "", 0, false
		}
		return d, n, true
	case !config.Content.IsNull():
		b := []byte(config.Content.ValueString())
		return upload.HashBytes(b), int64(len(b)), true
	case !config.ContentBase64.IsNull():
		b, err := base64.StdEncoding.DecodeString(config.ContentBase64.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("content_base64"), "Invalid base64 content", err.Error())
			return "", 0, false
		}
		return upload.HashBytes(b), int64(len(b)), true
	default:
		// The ExactlyOneOf validators have already reported it.
		return "", 0, false
	}
}

func contentObjectHeadersChanged(a, b contentObjectModel) bool {
	return !a.ContentType.Equal(b.ContentType) || !a.CacheControl.Equal(b.CacheControl) ||
		!maps.Equal(contentObjectMetadata(a.Metadata), contentObjectMetadata(b.Metadata))
}

func contentObjectMetadata(m types.Map) map[string]string {
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

func (r *ContentObject) client(ctx context.Context, diags *diag.Diagnostics, action string) *s3.Client {
	if r.data == nil {
		diags.AddError(action, "The provider is not configured. This is a bug in the provider; please report it.")
		return nil
	}
	c, err := r.data.Clients.S3(ctx)
	if err != nil {
		diags.AddError(action, fmt.Sprintf("Building the S3 client: %v. Check the provider block and the AWS environment variables.", err))
		return nil
	}
	return c
}

// contentObjectBody opens the content for upload.
func contentObjectBody(m contentObjectModel) (io.Reader, func(), error) {
	switch {
	case !m.Source.IsNull():
		f, err := upload.OpenSource(m.Source.ValueString())
		if err != nil {
			return nil, nil, err
		}
		return f, func() { _ = f.Close() }, nil
	case !m.Content.IsNull():
		return strings.NewReader(m.Content.ValueString()), func() {}, nil
	default:
		b, err := base64.StdEncoding.DecodeString(m.ContentBase64.ValueString())
		if err != nil {
			return nil, nil, err
		}
		return bytes.NewReader(b), func() {}, nil
	}
}

func contentObjectTarget(m contentObjectModel) upload.Object {
	return upload.Object{
		Bucket:       m.Bucket.ValueString(),
		Key:          m.Key.ValueString(),
		ContentType:  m.ContentType.ValueString(),
		CacheControl: m.CacheControl.ValueString(),
		Metadata:     contentObjectMetadata(m.Metadata),
		SHA256:       m.SHA256.ValueString(),
		Size:         m.Size.ValueInt64(),
	}
}

// contentObjectSameContent reports whether the object HEAD found holds our
// content: same size and, where the store reports a full-object SHA-256
// (single uploads with a checksum), the same digest. Multipart objects carry
// a composite checksum ("<base64>-<parts>") that cannot be compared; for them
// the content address and the size are trusted.
func contentObjectSameContent(head *s3.HeadObjectOutput, obj upload.Object) bool {
	if aws.ToInt64(head.ContentLength) != obj.Size {
		return false
	}
	stored := aws.ToString(head.ChecksumSHA256)
	if stored == "" || strings.Contains(stored, "-") || head.ChecksumType == s3types.ChecksumTypeComposite {
		return true
	}
	sum, err := hex.DecodeString(obj.SHA256)
	return err != nil || stored == base64.StdEncoding.EncodeToString(sum)
}

func contentObjectHeadMatches(head *s3.HeadObjectOutput, obj upload.Object) bool {
	return aws.ToString(head.ContentType) == obj.ContentType &&
		aws.ToString(head.CacheControl) == obj.CacheControl &&
		maps.Equal(head.Metadata, obj.Metadata)
}

func (r *ContentObject) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contentObjectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	obj := contentObjectTarget(plan)
	action := fmt.Sprintf("Creating content object s3://%s/%s", obj.Bucket, obj.Key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	ctx = tflog.SetField(ctx, "bucket", obj.Bucket)
	ctx = tflog.SetField(ctx, "key", obj.Key)

	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key), ChecksumMode: s3types.ChecksumModeEnabled,
	})
	switch {
	case err == nil && contentObjectSameContent(head, obj):
		tflog.Info(ctx, "Content object already present; skipping the upload", map[string]any{"size": strconv.FormatInt(obj.Size, 10)})
		plan.AlreadyPresent = types.BoolValue(true)
		plan.ETag = types.StringValue(aws.ToString(head.ETag))
		if !contentObjectHeadMatches(head, obj) {
			tflog.Info(ctx, "Applying the configured content type, cache control and metadata to the existing object")
			etag, err := upload.ReplaceHeaders(ctx, c, obj, aws.ToString(head.ETag), upload.CopyOptions{})
			if err != nil {
				resp.Diagnostics.AddError(action, fmt.Sprintf("The object already exists at %s with other headers, and copying it onto itself with the configured content_type, cache_control and metadata failed: %v", r.endpoint(ctx), err))
				return
			}
			plan.ETag = types.StringValue(etag)
		}
	case err == nil || awsclient.IsNotFound(err):
		if err == nil {
			tflog.Warn(ctx, "The object at the content address has other content (size or SHA-256 differ); overwriting it",
				map[string]any{"stored_size": strconv.FormatInt(aws.ToInt64(head.ContentLength), 10), "size": strconv.FormatInt(obj.Size, 10)})
		}
		etag, ok := r.upload(ctx, c, plan, obj, action, &resp.Diagnostics)
		if !ok {
			return
		}
		plan.AlreadyPresent = types.BoolValue(false)
		plan.ETag = types.StringValue(etag)
	default:
		resp.Diagnostics.AddError(action, fmt.Sprintf("Checking whether the object exists (HeadObject on %s): %v", r.endpoint(ctx), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *ContentObject) endpoint(ctx context.Context) string {
	return r.data.Clients.S3EndpointDescription(ctx)
}

// upload streams the content to the store, logging progress.
func (r *ContentObject) upload(ctx context.Context, c *s3.Client, plan contentObjectModel, obj upload.Object, action string, diags *diag.Diagnostics) (string, bool) {
	body, closeBody, err := contentObjectBody(plan)
	if err != nil {
		diags.AddAttributeError(path.Root("source"), action, fmt.Sprintf("Opening the source: %v", err))
		return "", false
	}
	defer closeBody()
	opts := upload.Options{
		Threshold:   plan.MultipartThreshold.ValueInt64(),
		PartSize:    plan.MultipartPartSize.ValueInt64(),
		Concurrency: int(plan.MultipartConcurrency.ValueInt64()),
		Progress: func(p upload.Progress) {
			pct := 100.0
			if p.BytesTotal > 0 {
				pct = float64(p.BytesDone) * 100 / float64(p.BytesTotal)
			}
			msg := "Uploading content object"
			if p.Final {
				msg = "Uploaded content object"
			}
			// Byte counts as decimal strings: Terraform re-renders numeric
			// log fields as floats ("2e+08").
			tflog.Info(ctx, msg, map[string]any{
				"bytes_done": strconv.FormatInt(p.BytesDone, 10), "bytes_total": strconv.FormatInt(p.BytesTotal, 10),
				"percent": fmt.Sprintf("%.1f", pct), "parts_done": p.PartsDone, "parts_total": p.PartsTotal,
			})
		},
	}
	tflog.Info(ctx, "Uploading content object", map[string]any{
		"size": strconv.FormatInt(obj.Size, 10), "multipart": obj.Size > opts.Threshold,
	})
	res, err := upload.Upload(ctx, c, body, obj, opts)
	if err != nil {
		var changed *upload.SourceChangedError
		if errors.As(err, &changed) {
			diags.AddAttributeError(contentObjectSourcePath(plan), action,
				fmt.Sprintf("%v. Nothing was stored. Run the plan again so that the key matches the new content.", err))
			return "", false
		}
		detail := fmt.Sprintf("Uploading to %s: %v", r.endpoint(ctx), err)
		var mp *upload.MultipartError
		if errors.As(err, &mp) && mp.AbortErr == nil {
			detail += "\n\nThe incomplete multipart upload was aborted: nothing is left behind."
		}
		diags.AddError(action, detail)
		return "", false
	}
	tflog.Debug(ctx, "Content object stored", map[string]any{"multipart": res.Multipart, "parts": res.Parts, "part_size": res.PartSize})
	return res.ETag, true
}

func contentObjectSourcePath(m contentObjectModel) path.Path {
	switch {
	case !m.Content.IsNull():
		return path.Root("content")
	case !m.ContentBase64.IsNull():
		return path.Root("content_base64")
	default:
		return path.Root("source")
	}
}

func (r *ContentObject) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contentObjectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, key := state.Bucket.ValueString(), state.Key.ValueString()
	action := fmt.Sprintf("Reading content object s3://%s/%s", bucket, key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if awsclient.IsNotFound(err, "NoSuchKey", "NoSuchBucket", "NotFound") {
		tflog.Warn(ctx, "Content object no longer exists; removing it from the state so that the next plan uploads it again",
			map[string]any{"bucket": bucket, "key": key})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(action, fmt.Sprintf("HeadObject on %s: %v", r.endpoint(ctx), err))
		return
	}
	state.ID = types.StringValue(bucket + "/" + key)
	state.ETag = types.StringValue(aws.ToString(head.ETag))
	state.Size = types.Int64Value(aws.ToInt64(head.ContentLength))
	state.ContentType = types.StringValue(aws.ToString(head.ContentType))
	state.CacheControl = types.StringValue(aws.ToString(head.CacheControl))
	if len(head.Metadata) == 0 && state.Metadata.IsNull() {
		// No metadata configured and none stored: stay null.
	} else {
		md, diags := types.MapValueFrom(ctx, types.StringType, head.Metadata)
		resp.Diagnostics.Append(diags...)
		state.Metadata = md
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ContentObject) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state contentObjectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ETag = state.ETag
	if contentObjectHeadersChanged(plan, state) {
		obj := contentObjectTarget(plan)
		action := fmt.Sprintf("Updating content object s3://%s/%s", obj.Bucket, obj.Key)
		c := r.client(ctx, &resp.Diagnostics, action)
		if c == nil {
			return
		}
		tflog.Info(ctx, "Replacing the content type, cache control and metadata (server-side copy)", map[string]any{"bucket": obj.Bucket, "key": obj.Key})
		etag, err := upload.ReplaceHeaders(ctx, c, obj, "", upload.CopyOptions{})
		if err != nil {
			resp.Diagnostics.AddError(action, fmt.Sprintf("Copying the object onto itself with the new content_type, cache_control and metadata on %s: %v", r.endpoint(ctx), err))
			return
		}
		plan.ETag = types.StringValue(etag)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *ContentObject) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contentObjectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, key := state.Bucket.ValueString(), state.Key.ValueString()
	if state.RetainOnDestroy.IsNull() || state.RetainOnDestroy.ValueBool() {
		tflog.Info(ctx, "retain_on_destroy is true: leaving the content object in the bucket", map[string]any{"bucket": bucket, "key": key})
		return
	}
	action := fmt.Sprintf("Deleting content object s3://%s/%s", bucket, key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil && !awsclient.IsNotFound(err, "NoSuchKey", "NoSuchBucket", "NotFound") {
		resp.Diagnostics.AddError(action, fmt.Sprintf("DeleteObject on %s: %v", r.endpoint(ctx), err))
	}
}

// ImportState adopts an existing object by "<bucket>/<key>", where the key
// must be a content address (<prefix>/<sha256[0:2]>/<sha256>): sha256 and
// key_prefix are derived from it; Read fills size, etag and the headers.
func (r *ContentObject) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	bucket, key, digest, prefix, err := contentObjectParseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Importing content object", err.Error())
		return
	}
	state := contentObjectModel{
		ID:                   types.StringValue(bucket + "/" + key),
		Bucket:               types.StringValue(bucket),
		Source:               types.StringNull(),
		Content:              types.StringNull(),
		ContentBase64:        types.StringNull(),
		KeyPrefix:            types.StringValue(prefix),
		ContentType:          types.StringNull(),
		CacheControl:         types.StringNull(),
		Metadata:             types.MapNull(types.StringType),
		RetainOnDestroy:      types.BoolValue(true),
		MultipartThreshold:   types.Int64Value(upload.DefaultThreshold),
		MultipartPartSize:    types.Int64Value(upload.DefaultPartSize),
		MultipartConcurrency: types.Int64Value(upload.DefaultConcurrency),
		Key:                  types.StringValue(key),
		SHA256:               types.StringValue(digest),
		Size:                 types.Int64Null(),
		ETag:                 types.StringNull(),
		// Nothing was uploaded: the object was adopted as it is.
		AlreadyPresent: types.BoolValue(true),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// contentObjectParseImportID splits "<bucket>/<key>" and checks that the key
// is a content address.
func contentObjectParseImportID(id string) (bucket, key, digest, prefix string, err error) {
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

// contentObjectPrefixValidator applies contentkey.ValidatePrefix at plan time.
type contentObjectPrefixValidator struct{}

func (contentObjectPrefixValidator) Description(context.Context) string {
	return "no leading or trailing /, no empty, . or .. segment, no control character"
}

func (v contentObjectPrefixValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (contentObjectPrefixValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := contentkey.ValidatePrefix(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid key prefix", err.Error()+". Use a prefix such as \"cas\" or \"assets/cas\".")
	}
}

// contentObjectBase64Validator checks content_base64 at validate time.
type contentObjectBase64Validator struct{}

func (contentObjectBase64Validator) Description(context.Context) string {
	return "standard, padded base64"
}

func (v contentObjectBase64Validator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (contentObjectBase64Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := base64.StdEncoding.DecodeString(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base64 content",
			fmt.Sprintf("content_base64 is not standard padded base64 (%v). Use filebase64() or base64encode().", err))
	}
}
