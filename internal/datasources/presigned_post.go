package datasources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/signing"
)

// NewPresignedPostDataSource is filestore_presigned_post as a data source.
func NewPresignedPostDataSource() datasource.DataSource {
	return &dataSource[presignedPostModel]{impl: presignedPost{}}
}

// NewPresignedPostEphemeralResource is filestore_presigned_post as an
// ephemeral resource.
func NewPresignedPostEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralResource[presignedPostModel]{impl: presignedPost{}}
}

type presignedPostModel struct {
	Bucket               types.String      `tfsdk:"bucket"`
	Key                  types.String      `tfsdk:"key"`
	KeyPrefix            types.String      `tfsdk:"key_prefix"`
	ContentType          types.String      `tfsdk:"content_type"`
	ContentTypePrefix    types.String      `tfsdk:"content_type_prefix"`
	MinSize              types.Int64       `tfsdk:"min_size"`
	MaxSize              types.Int64       `tfsdk:"max_size"`
	ServerSideEncryption types.String      `tfsdk:"server_side_encryption"`
	KMSKeyID             types.String      `tfsdk:"kms_key_id"`
	ExpiresIn            types.String      `tfsdk:"expires_in"`
	SigningWindow        types.String      `tfsdk:"signing_window"`
	URL                  types.String      `tfsdk:"url"`
	Fields               types.Map         `tfsdk:"fields"`
	ExpiresAt            timetypes.RFC3339 `tfsdk:"expires_at"`
}

type presignedPost struct{}

func (presignedPost) name() string { return "presigned_post" }

func (presignedPost) spec() schemaSpec {
	return schemaSpec{
		desc: "Mints an S3 POST policy for browser-based uploads with an HTML form or `FormData`: the browser sends a " +
			"`multipart/form-data` POST to `url` with every entry of `fields`, then the file as the last field (named `file`). " +
			"Unlike a presigned PUT URL, the policy can allow a whole key prefix, a content-type prefix and a size range " +
			"(`content-length-range`), which S3 enforces." + twinNote,
		attrs: map[string]attrSpec{
			"bucket": {kind: kindString, required: true, desc: "Bucket name.",
				strValidators: []validator.String{stringvalidator.LengthBetween(1, 63)}},
			"key": {kind: kindString, optional: true,
				desc: "The exact object key the upload must use. Exactly one of `key` and `key_prefix`.",
				strValidators: []validator.String{stringvalidator.LengthBetween(1, 1024),
					stringvalidator.ExactlyOneOf(path.MatchRoot("key"), path.MatchRoot("key_prefix"))}},
			"key_prefix": {kind: kindString, optional: true,
				desc: "Allow any key starting with this prefix (`starts-with` condition). `fields.key` is then `<prefix>${filename}` " +
					"(S3 substitutes the uploaded file's name); the client may replace it with any key that starts with the prefix.",
				strValidators: []validator.String{stringvalidator.LengthBetween(1, 1024)}},
			"content_type": {kind: kindString, optional: true,
				desc: "Require exactly this `Content-Type` form field; it is included in `fields`.",
				strValidators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("content_type_prefix"))}},
			"content_type_prefix": {kind: kindString, optional: true,
				desc:          "Require a `Content-Type` form field starting with this prefix (e.g. `\"image/\"`); the client adds the field itself.",
				strValidators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"min_size": {kind: kindInt64, optional: true,
				desc:          "Smallest accepted file, in bytes (`content-length-range`). Default 0.",
				intValidators: []validator.Int64{int64validator.Between(0, signing.MaxPostObjectSize)}},
			"max_size": {kind: kindInt64, optional: true,
				desc: "Largest accepted file, in bytes (`content-length-range`); S3 answers `400 EntityTooLarge` above it. " +
					"Default: no limit but S3's 5 GiB. Set it: guardrail FS012 denies POST policies without it.",
				intValidators: []validator.Int64{int64validator.Between(1, signing.MaxPostObjectSize)}},
			"server_side_encryption": {kind: kindString, optional: true,
				desc: "Server-side encryption the upload must request (" + quoted(signing.ServerSideEncryptionValues()) + "): " +
					"the `x-amz-server-side-encryption` form field is included in `fields`, and the signed policy requires exactly that value, " +
					"so a form that drops or changes it is refused. Set it when the bucket denies unencrypted uploads " +
					"(`filestore_upload_bucket.deny_unencrypted_uploads`, guardrail FS021): S3 applies the bucket policy to POST uploads too. " +
					"Refused with `compatibility = \"r2\"` (R2 has no POST Object).",
				strValidators: []validator.String{stringvalidator.OneOf(signing.ServerSideEncryptionValues()...)}},
			"kms_key_id": {kind: kindString, optional: true,
				desc: "KMS key (id, ARN or alias ARN) for `server_side_encryption = \"aws:kms\"` or `\"aws:kms:dsse\"`: " +
					"the `x-amz-server-side-encryption-aws-kms-key-id` form field and an exact-match policy condition. " +
					"Without it S3 uses the bucket's default KMS key (or the AWS managed `aws/s3` key).",
				strValidators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("server_side_encryption"))}},
			"expires_in": {kind: kindString, optional: true, computed: true,
				desc: fmt.Sprintf("How long the policy is valid, counted from the signing time. %s Default `\"15m\"`, at most `\"168h\"`.", durationSyntax)},
			"signing_window": {kind: kindString, optional: true, desc: windowDesc},
			"url":            {kind: kindString, computed: true, desc: "The URL to POST the form to (the bucket's endpoint)."},
			"fields": {kind: kindStringMap, computed: true, secrets: true,
				desc: "Form fields to send before the file: `key`, `policy`, `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, " +
					"`X-Amz-Signature`, `X-Amz-Security-Token` with temporary credentials, `Content-Type` when `content_type` is set, " +
					"and `x-amz-server-side-encryption` / `x-amz-server-side-encryption-aws-kms-key-id` when `server_side_encryption` / `kms_key_id` are. " +
					"They grant the upload until `expires_at`: treat them as a secret."},
			"expires_at": {kind: kindRFC3339, computed: true, desc: "When the policy expires (RFC 3339, UTC)."},
		},
	}
}

func (presignedPost) validate(_ context.Context, m *presignedPostModel, diags *diag.Diagnostics) {
	validateExpiryAndWindow(m.ExpiresIn, m.SigningWindow, signing.DefaultPresignExpiry, signing.MaxPresignExpiry, diags)
	if !m.MinSize.IsNull() && !m.MinSize.IsUnknown() && !m.MaxSize.IsNull() && !m.MaxSize.IsUnknown() &&
		m.MinSize.ValueInt64() > m.MaxSize.ValueInt64() {
		diags.AddAttributeError(path.Root("min_size"), "min_size greater than max_size",
			fmt.Sprintf("min_size (%d) is greater than max_size (%d): no file could be uploaded. Lower min_size or raise max_size.",
				m.MinSize.ValueInt64(), m.MaxSize.ValueInt64()))
	}
	validateKMSKey(m.ServerSideEncryption, m.KMSKeyID, diags)
}

// validateKMSKey refuses kms_key_id without a KMS server_side_encryption.
func validateKMSKey(sse, kmsKeyID types.String, diags *diag.Diagnostics) {
	if sse.IsUnknown() {
		return
	}
	if _, ok := known(kmsKeyID); !ok {
		return
	}
	if fe, ok := signing.AsFieldError(signing.ValidateSSE(sse.ValueString(), "-")); ok && fe.Field == "kms_key_id" {
		diags.AddAttributeError(path.Root("kms_key_id"), "kms_key_id needs a KMS server_side_encryption",
			fe.Err.Error()+". Set server_side_encryption = \"aws:kms\" or remove kms_key_id.")
	}
}

func int64Ptr(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	x := v.ValueInt64()
	return &x
}

// supported refuses a POST policy for Cloudflare R2: Cloudflare documents
// PostObject as not implemented, so the minted fields would only fail in the
// user's browser.
func (presignedPost) supported(data *providerdata.Data, _ *presignedPostModel, diags *diag.Diagnostics) {
	if data.Clients.IsR2() {
		diags.AddError("Presigned POST not available on Cloudflare R2",
			"The provider has compatibility = \"r2\", and R2 does not implement POST Object (browser form uploads): the form would be refused at upload time. "+
				"Use filestore_presigned_url with method = \"PUT\" (and content_type) instead; a presigned PUT has no content-length-range, so limit the size in your application.")
	}
}

func (presignedPost) mint(ctx context.Context, data *providerdata.Data, m *presignedPostModel, diags *diag.Diagnostics) {
	req := signing.PostRequest{
		Bucket:               m.Bucket.ValueString(),
		Key:                  m.Key.ValueString(),
		KeyPrefix:            m.KeyPrefix.ValueString(),
		ContentType:          m.ContentType.ValueString(),
		ContentTypePrefix:    m.ContentTypePrefix.ValueString(),
		MinSize:              int64Ptr(m.MinSize),
		MaxSize:              int64Ptr(m.MaxSize),
		ServerSideEncryption: m.ServerSideEncryption.ValueString(),
		KMSKeyID:             m.KMSKeyID.ValueString(),
		ExpiresIn:            expiry(&m.ExpiresIn, signing.DefaultPresignExpiry, "15m", diags),
		SigningTime:          signingTime(data, m.SigningWindow, diags),
	}
	if diags.HasError() {
		return
	}
	summary := fmt.Sprintf("Presigning a POST upload to bucket %s", req.Bucket)
	client, err := data.Clients.S3(ctx)
	if err != nil {
		diags.AddError(summary, fmt.Sprintf("The S3 configuration could not be loaded: %v. Check the provider block (region, credentials).", err))
		return
	}
	out, err := signing.NewS3Presigner(client).PresignPost(ctx, req)
	if err != nil {
		addSigningError(err, summary, diags)
		return
	}
	m.URL = types.StringValue(out.URL)
	m.Fields = stringMap(ctx, out.Fields, diags)
	m.ExpiresAt = rfc3339(out.ExpiresAt)
}
