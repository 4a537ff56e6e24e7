package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/signing"
)

// NewCloudFrontSignedCookiesDataSource is filestore_cloudfront_signed_cookies
// as a data source.
func NewCloudFrontSignedCookiesDataSource() datasource.DataSource {
	return &dataSource[cloudFrontSignedCookiesModel]{impl: cloudFrontSignedCookies{}}
}

// NewCloudFrontSignedCookiesEphemeralResource is
// filestore_cloudfront_signed_cookies as an ephemeral resource.
func NewCloudFrontSignedCookiesEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralResource[cloudFrontSignedCookiesModel]{impl: cloudFrontSignedCookies{}}
}

type cloudFrontSignedCookiesModel struct {
	cloudFrontInputs
	Cookies types.Map `tfsdk:"cookies"`
}

type cloudFrontSignedCookies struct{}

func (cloudFrontSignedCookies) name() string { return "cloudfront_signed_cookies" }

func (cloudFrontSignedCookies) spec() schemaSpec {
	attrs := cloudFrontAttrs("the cookies", "stay", "stop")
	attrs["cookies"] = attrSpec{kind: kindStringMap, computed: true, secrets: true,
		desc: "Cookie name => value: `CloudFront-Policy`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id` and, for SHA256, " +
			"`CloudFront-Hash-Algorithm`. Set them (`Secure; HttpOnly`, on the distribution's domain) in the viewer's browser; " +
			"they grant access until the expiry."}
	return schemaSpec{
		desc: "Signs CloudFront cookies: one set of cookies gives a viewer access to every object the policy `resource` " +
			"matches (typically a wildcard such as `https://d111111abcdef8.cloudfront.net/videos/*`), which suits HLS/DASH " +
			"segments and whole sites better than one signed URL per object." +
			"\n\nThe policy is always sent in full, in `CloudFront-Policy`, as the AWS SDKs do (never as `CloudFront-Expires`): " +
			"with only `url` and an expiry it allows exactly `url` until then; `starts_at`, `ip_range` or `resource` add " +
			"conditions or widen it." + cloudFrontKeysNote + twinNote,
		attrs: attrs,
	}
}

func (cloudFrontSignedCookies) validate(_ context.Context, m *cloudFrontSignedCookiesModel, diags *diag.Diagnostics) {
	validateCloudFront(&m.cloudFrontInputs, diags)
}

func (cloudFrontSignedCookies) mint(ctx context.Context, data *providerdata.Data, m *cloudFrontSignedCookiesModel, diags *diag.Diagnostics) {
	req, ok := cloudFrontRequest(data, &m.cloudFrontInputs, diags)
	if !ok {
		return
	}
	cookies, err := signing.SignCookies(req)
	if err != nil {
		addSigningError(err, "Signing CloudFront cookies for "+req.URL, diags)
		return
	}
	m.Cookies = stringMap(ctx, cookies, diags)
}
