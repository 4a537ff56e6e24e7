package datasources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
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

// NewPresignedURLDataSource is filestore_presigned_url as a data source.
func NewPresignedURLDataSource() datasource.DataSource {
	return &dataSource[presignedURLModel]{impl: presignedURL{}}
}

// NewPresignedURLEphemeralResource is filestore_presigned_url as an
// ephemeral resource.
func NewPresignedURLEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralResource[presignedURLModel]{impl: presignedURL{}}
}

type presignedURLModel struct {
	Bucket               types.String      `tfsdk:"bucket"`
	Key                  types.String      `tfsdk:"key"`
	Method               types.String      `tfsdk:"method"`
	ExpiresIn            types.String      `tfsdk:"expires_in"`
	ContentType          types.String      `tfsdk:"content_type"`
	DownloadFilename     types.String      `tfsdk:"download_filename"`
	ServerSideEncryption types.String      `tfsdk:"server_side_encryption"`
	SigningWindow        types.String      `tfsdk:"signing_window"`
	URL                  types.String      `tfsdk:"url"`
	ExpiresAt            timetypes.RFC3339 `tfsdk:"expires_at"`
	Headers              types.Map         `tfsdk:"headers"`
}

type presignedURL struct{}

func (presignedURL) name() string { return "presigned_url" }

func quoted(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`\"" + v + "\"`"
	}
	return strings.Join(q, ", ")
}

func (presignedURL) spec() schemaSpec {
	return schemaSpec{
		desc: "Mints an S3 presigned URL (SigV4 query-string authentication) for one object and one method: a browser or " +
			"`curl` can then download (`GET`), upload (`PUT`), check (`HEAD`) or delete (`DELETE`) that object without AWS " +
			"credentials until the URL expires. Works with Amazon S3 and with S3-compatible stores that verify SigV4; " +
			"the endpoint, path style and credentials are the provider's." + twinNote,
		attrs: map[string]attrSpec{
			"bucket": {kind: kindString, required: true, desc: "Bucket name.",
				strValidators: []validator.String{stringvalidator.LengthBetween(1, 63)}},
			"key": {kind: kindString, required: true, desc: "Object key.",
				strValidators: []validator.String{stringvalidator.LengthBetween(1, 1024)}},
			"method": {kind: kindString, optional: true, computed: true,
				desc:          "HTTP method the URL is valid for: " + quoted(signing.Methods()) + ". Default `\"GET\"`.",
				strValidators: []validator.String{stringvalidator.OneOf(signing.Methods()...)}},
			"expires_in": {kind: kindString, optional: true, computed: true,
				desc: fmt.Sprintf("How long the URL is valid, counted from the signing time. %s Default `\"15m\"`, at most `\"168h\"` (`\"7d\"`, SigV4's limit).", durationSyntax)},
			"content_type": {kind: kindString, optional: true,
				desc: "`PUT` only: the `Content-Type` is signed, so the upload must send exactly this header (it is listed in `headers`). " +
					"Without it any content type is accepted."},
			"download_filename": {kind: kindString, optional: true,
				desc: "`GET` only: S3 answers with `Content-Disposition: attachment; filename=\"…\"; filename*=UTF-8''…` (RFC 6266), " +
					"signed into the URL as `response-content-disposition`, so browsers save the object under this name. " +
					"Quotes and backslashes are escaped and non-ASCII names are carried in `filename*`; control characters are refused."},
			"server_side_encryption": {kind: kindString, optional: true,
				desc: "`PUT` only: the `x-amz-server-side-encryption` header the upload must send (" + quoted(signing.ServerSideEncryptionValues()) + "), signed into the URL and listed in `headers`. " +
					"Set it when the bucket denies unencrypted uploads (`filestore_upload_bucket.deny_unencrypted_uploads`, guardrail FS021). Refused with `compatibility = \"r2\"` (R2 encrypts every object itself).",
				strValidators: []validator.String{stringvalidator.OneOf(signing.ServerSideEncryptionValues()...)}},
			"signing_window": {kind: kindString, optional: true, desc: windowDesc},
			"url": {kind: kindString, computed: true, secrets: true,
				desc: "The presigned URL. Anyone holding it can perform the method until `expires_at`: treat it as a secret."},
			"expires_at": {kind: kindRFC3339, computed: true, desc: "When the URL stops working (RFC 3339, UTC)."},
			"headers": {kind: kindStringMap, computed: true,
				desc: "Headers the client must send with exactly these values because they are signed (`Content-Type`, `X-Amz-Server-Side-Encryption`); empty when none."},
		},
	}
}

func (presignedURL) validate(_ context.Context, m *presignedURLModel, diags *diag.Diagnostics) {
	validateExpiryAndWindow(m.ExpiresIn, m.SigningWindow, signing.DefaultPresignExpiry, signing.MaxPresignExpiry, diags)
	if m.Method.IsUnknown() {
		return
	}
	method := signing.MethodGet
	if v, ok := known(m.Method); ok {
		method = v
	}
	if _, ok := known(m.ContentType); ok && method != signing.MethodPut {
		diags.AddAttributeError(path.Root("content_type"), "content_type needs method PUT",
			fmt.Sprintf("content_type is signed into upload (PUT) URLs; a %s request has no body whose type could be signed. Remove content_type or set method = \"PUT\".", method))
	}
	if _, ok := known(m.ServerSideEncryption); ok && method != signing.MethodPut {
		diags.AddAttributeError(path.Root("server_side_encryption"), "server_side_encryption needs method PUT",
			fmt.Sprintf("server_side_encryption is signed into upload (PUT) URLs, not %s ones. Remove it or set method = \"PUT\".", method))
	}
	if name, ok := known(m.DownloadFilename); ok {
		if method != signing.MethodGet {
			diags.AddAttributeError(path.Root("download_filename"), "download_filename needs method GET",
				fmt.Sprintf("download_filename sets the Content-Disposition of a download; it does not apply to %s URLs. Remove it or use method = \"GET\".", method))
		} else if err := signing.ValidateFilename(name); err != nil {
			diags.AddAttributeError(path.Root("download_filename"), "Invalid download_filename", err.Error())
		}
	}
}

// supported refuses server_side_encryption for Cloudflare R2, which
// implements no x-amz-server-side-encryption header (it encrypts every
// object itself).
func (presignedURL) supported(data *providerdata.Data, m *presignedURLModel, diags *diag.Diagnostics) {
	if _, ok := known(m.ServerSideEncryption); ok && data.Clients.IsR2() {
		diags.AddAttributeError(path.Root("server_side_encryption"), "server_side_encryption not available on Cloudflare R2",
			"The provider has compatibility = \"r2\": R2 implements no x-amz-server-side-encryption header and encrypts every object at rest itself. Remove server_side_encryption.")
	}
}

func (p presignedURL) mint(ctx context.Context, data *providerdata.Data, m *presignedURLModel, diags *diag.Diagnostics) {
	if m.Method.IsNull() {
		m.Method = types.StringValue(signing.MethodGet)
	}
	req := signing.URLRequest{
		Bucket:               m.Bucket.ValueString(),
		Key:                  m.Key.ValueString(),
		Method:               m.Method.ValueString(),
		ExpiresIn:            expiry(&m.ExpiresIn, signing.DefaultPresignExpiry, "15m", diags),
		ContentType:          m.ContentType.ValueString(),
		DownloadFilename:     m.DownloadFilename.ValueString(),
		ServerSideEncryption: m.ServerSideEncryption.ValueString(),
		SigningTime:          signingTime(data, m.SigningWindow, diags),
	}
	if diags.HasError() {
		return
	}
	summary := fmt.Sprintf("Presigning %s s3://%s/%s", req.Method, req.Bucket, req.Key)
	client, err := data.Clients.S3(ctx)
	if err != nil {
		diags.AddError(summary, fmt.Sprintf("The S3 configuration could not be loaded: %v. Check the provider block (region, credentials).", err))
		return
	}
	out, err := signing.NewS3Presigner(client).PresignURL(ctx, req)
	if err != nil {
		addSigningError(err, summary, diags)
		return
	}
	m.URL = types.StringValue(out.URL)
	m.ExpiresAt = rfc3339(out.ExpiresAt)
	m.Headers = stringMap(ctx, out.Headers, diags)
}
