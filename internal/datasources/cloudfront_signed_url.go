package datasources

import (
	"context"
	"fmt"
	"time"

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

// NewCloudFrontSignedURLDataSource is filestore_cloudfront_signed_url as a
// data source.
func NewCloudFrontSignedURLDataSource() datasource.DataSource {
	return &dataSource[cloudFrontSignedURLModel]{impl: cloudFrontSignedURL{}}
}

// NewCloudFrontSignedURLEphemeralResource is filestore_cloudfront_signed_url
// as an ephemeral resource.
func NewCloudFrontSignedURLEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralResource[cloudFrontSignedURLModel]{impl: cloudFrontSignedURL{}}
}

// cloudFrontInputs are the inputs shared by signed URLs and signed cookies.
type cloudFrontInputs struct {
	URL           types.String      `tfsdk:"url"`
	KeyPairID     types.String      `tfsdk:"key_pair_id"`
	PrivateKeyPEM types.String      `tfsdk:"private_key_pem"`
	ExpiresIn     types.String      `tfsdk:"expires_in"`
	ExpiresAt     timetypes.RFC3339 `tfsdk:"expires_at"`
	StartsAt      timetypes.RFC3339 `tfsdk:"starts_at"`
	IPRange       types.String      `tfsdk:"ip_range"`
	Resource      types.String      `tfsdk:"resource"`
	HashAlgorithm types.String      `tfsdk:"hash_algorithm"`
	SigningWindow types.String      `tfsdk:"signing_window"`
}

type cloudFrontSignedURLModel struct {
	cloudFrontInputs
	SignedURL types.String `tfsdk:"signed_url"`
}

type cloudFrontSignedURL struct{}

func (cloudFrontSignedURL) name() string { return "cloudfront_signed_url" }

// cloudFrontAttrs returns the input attributes; what names the thing being
// signed ("the signed URL" or "the cookies"), with the verb forms that agree
// with it (stays / stops, or stay / stop).
func cloudFrontAttrs(what, stays, stops string) map[string]attrSpec {
	return map[string]attrSpec{
		"url": {kind: kindString, required: true,
			desc: "The CloudFront URL (`https://d111111abcdef8.cloudfront.net/path` or an alternate domain), ASCII " +
				"(percent-encode the path and query), without a fragment or CloudFront signing parameters. " +
				"It is the policy resource unless `resource` is set."},
		"key_pair_id": {kind: kindString, required: true,
			desc:          "The CloudFront public key id (from `filestore_cdn_key_group.public_key_ids`; upper-case letters and digits) whose private key is `private_key_pem`; the key must be in a key group the distribution's cache behaviour trusts.",
			strValidators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		"private_key_pem": {kind: kindString, required: true, secrets: true,
			desc: "The private key, PEM: RSA 2048 (`RSA PRIVATE KEY` or `PRIVATE KEY`) or ECDSA P-256 (`EC PRIVATE KEY` or " +
				"`PRIVATE KEY`), unencrypted. Sensitive; never logged.",
			dataSourceDesc: " A data source's arguments are stored in the state, so the key is too (encrypt the state, restrict who " +
				"reads it). It cannot come from an ephemeral value (an `ephemeral = true` variable or an ephemeral resource's " +
				"attribute): Terraform rejects that as an invalid use of an ephemeral value. To keep the key out of the state, " +
				"use the ephemeral resource of the same name.",
			ephemeralDesc: " It may come from an ephemeral value (an `ephemeral = true` variable, a secret read by an ephemeral " +
				"resource), and neither the key nor the result is written to the plan or the state."},
		"expires_in": {kind: kindString, optional: true,
			desc:          fmt.Sprintf("How long %s %s valid, counted from the signing time. %s Default `\"1h\"` when `expires_at` is not set. Conflicts with `expires_at`.", what, stays, durationSyntax),
			strValidators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("expires_at"))}},
		"expires_at": {kind: kindRFC3339, optional: true, computed: true,
			desc: fmt.Sprintf("When %s %s working (RFC 3339). Set it for a fixed expiry (the value is then the same on every read); otherwise computed from `expires_in`.", what, stops)},
		"starts_at": {kind: kindRFC3339, optional: true,
			desc: "Not valid before this time (RFC 3339; `DateGreaterThan`). Makes the policy custom. Must be before the expiry."},
		"ip_range": {kind: kindString, optional: true,
			desc: "Only viewers from this IPv4 CIDR block may use it (`192.0.2.0/24`; a bare address means that host, /32). " +
				"CloudFront policies accept IPv4 only: an IPv4-mapped IPv6 address (`::ffff:192.0.2.10`) means the IPv4 host it names, other IPv6 input is refused. Makes the policy custom."},
		"resource": {kind: kindString, optional: true,
			desc: "The policy resource when it differs from `url`: a URL pattern where `*` matches any characters " +
				"(`https://d111111abcdef8.cloudfront.net/videos/*`), so one signature covers many objects. Makes the policy custom."},
		"hash_algorithm": {kind: kindString, optional: true, computed: true,
			desc: "Hash of the signature: `\"SHA256\"` (default; sent as `Hash-Algorithm=SHA256`, accepted by CloudFront since 2026-04) " +
				"or `\"SHA1\"` (legacy; guardrail FS014 warns).",
			strValidators: []validator.String{stringvalidator.OneOf(signing.HashAlgorithms()...)}},
		"signing_window": {kind: kindString, optional: true,
			desc: windowDesc + " CloudFront signatures carry no signing time, so the window only matters with `expires_in`: with `expires_at` the value is already stable."},
	}
}

// cloudFrontKeysNote is shared by signed URLs and signed cookies.
const cloudFrontKeysNote = " RSA 2048 and ECDSA P-256 keys; SHA256 or SHA1. ECDSA signatures " +
	"are deterministic (RFC 6979), so repeated reads with the same inputs and signing time yield the same value."

const cloudFrontURLPolicyNote = "\n\nA **canned policy** (only `url` and an expiry) gives the shortest URL (`Expires=` instead of the " +
	"whole policy); `starts_at`, `ip_range` or a `resource` different from `url` make it a **custom policy** (`Policy=`)." +
	cloudFrontKeysNote

func (cloudFrontSignedURL) spec() schemaSpec {
	attrs := cloudFrontAttrs("the signed URL", "stays", "stops")
	attrs["signed_url"] = attrSpec{kind: kindString, computed: true, secrets: true,
		desc: "The signed URL: `url` plus `Expires` (canned) or `Policy` (custom), `Signature`, `Key-Pair-Id` and, for SHA256, `Hash-Algorithm`. Anyone holding it can fetch the content until it expires."}
	return schemaSpec{
		desc: "Signs a CloudFront URL for a distribution whose cache behaviour restricts viewer access with a trusted key group." +
			cloudFrontURLPolicyNote + twinNote,
		attrs: attrs,
	}
}

func validateCloudFront(m *cloudFrontInputs, diags *diag.Diagnostics) {
	exp, expOK := durationAttr(m.ExpiresIn, "expires_in", diags)
	if w, ok := durationAttr(m.SigningWindow, "signing_window", diags); ok {
		if m.ExpiresIn.IsNull() && !m.ExpiresAt.IsNull() {
			// A fixed expiry: the window is irrelevant but harmless.
			exp, expOK = 0, true
		} else if m.ExpiresIn.IsNull() {
			exp, expOK = signing.DefaultCloudFrontExpiry, true
		}
		if !expOK {
			exp = 0
		}
		if err := signing.CheckWindow(w, exp); err != nil {
			diags.AddAttributeError(path.Root("signing_window"), "signing_window too long", err.Error())
		}
	}
	if u, ok := known(m.URL); ok {
		if err := (signing.CloudFrontRequest{URL: u}).Validate(); err != nil {
			if fe, isField := signing.AsFieldError(err); isField && fe.Field == "url" {
				diags.AddAttributeError(path.Root("url"), "Invalid url", fe.Err.Error())
			}
		}
	}
	if id, ok := known(m.KeyPairID); ok {
		if err := signing.ValidateKeyPairID(id); err != nil {
			diags.AddAttributeError(path.Root("key_pair_id"), "Invalid key_pair_id", err.Error())
		}
	}
	if r, ok := known(m.Resource); ok {
		if err := signing.ValidateResource(r); err != nil {
			diags.AddAttributeError(path.Root("resource"), "Invalid resource", err.Error())
		}
	}
	if ip, ok := known(m.IPRange); ok {
		if err := signing.ValidateIPRange(ip); err != nil {
			diags.AddAttributeError(path.Root("ip_range"), "Invalid ip_range", err.Error())
		}
	}
	if pemText, ok := known(m.PrivateKeyPEM); ok {
		if _, err := signing.ParsePrivateKey(pemText); err != nil {
			diags.AddAttributeError(path.Root("private_key_pem"), "Invalid private_key_pem", err.Error())
		}
	}
	starts, startsOK := rfcTime(m.StartsAt, "starts_at", diags)
	if ends, ok := rfcTime(m.ExpiresAt, "expires_at", diags); ok && startsOK && !starts.Before(ends) {
		diags.AddAttributeError(path.Root("starts_at"), "starts_at is not before the expiry",
			fmt.Sprintf("starts_at (%s) is not before expires_at (%s): the signature would never be valid.",
				starts.UTC().Format(time.RFC3339), ends.UTC().Format(time.RFC3339)))
	}
}

// rfcTime returns a known RFC 3339 attribute as a time.
func rfcTime(v timetypes.RFC3339, attr string, diags *diag.Diagnostics) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, d := v.ValueRFC3339Time()
	if d.HasError() {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, "Use an RFC 3339 time such as 2026-12-31T23:59:59Z.")
		return time.Time{}, false
	}
	return t, true
}

// cloudFrontRequest builds the signing request and fills the computed
// hash_algorithm and expires_at.
func cloudFrontRequest(data *providerdata.Data, m *cloudFrontInputs, diags *diag.Diagnostics) (signing.CloudFrontRequest, bool) {
	key, err := signing.ParsePrivateKey(m.PrivateKeyPEM.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("private_key_pem"), "Invalid private_key_pem", err.Error())
		return signing.CloudFrontRequest{}, false
	}
	if m.HashAlgorithm.IsNull() {
		m.HashAlgorithm = types.StringValue(signing.HashSHA256)
	}
	req := signing.CloudFrontRequest{
		URL:           m.URL.ValueString(),
		Resource:      m.Resource.ValueString(),
		IPRange:       m.IPRange.ValueString(),
		HashAlgorithm: m.HashAlgorithm.ValueString(),
		KeyPairID:     m.KeyPairID.ValueString(),
		Key:           key,
	}
	if t, ok := rfcTime(m.StartsAt, "starts_at", diags); ok {
		req.StartsAt = t
	}
	if t, ok := rfcTime(m.ExpiresAt, "expires_at", diags); ok && m.ExpiresIn.IsNull() {
		req.ExpiresAt = t
		if now := data.Clock.Now(); !t.After(now) {
			diags.AddAttributeWarning(path.Root("expires_at"), "Signing an expired CloudFront URL or cookie",
				fmt.Sprintf("expires_at (%s) is not in the future, so CloudFront will refuse the signed value (403). Use expires_in, or a later expires_at.",
					t.UTC().Format(time.RFC3339)))
		}
	} else {
		exp := signing.DefaultCloudFrontExpiry
		if d, ok := durationAttr(m.ExpiresIn, "expires_in", diags); ok {
			exp = d
		}
		req.ExpiresAt = signingTime(data, m.SigningWindow, diags).Add(exp)
		m.ExpiresAt = rfc3339(req.ExpiresAt)
	}
	if diags.HasError() {
		return signing.CloudFrontRequest{}, false
	}
	if !req.StartsAt.IsZero() && !req.StartsAt.Before(req.ExpiresAt) {
		diags.AddAttributeError(path.Root("starts_at"), "starts_at is not before the expiry",
			fmt.Sprintf("starts_at (%s) is not before the expiry (%s, the signing time plus expires_in): the signature would never be valid. Move starts_at earlier or lengthen expires_in.",
				req.StartsAt.UTC().Format(time.RFC3339), req.ExpiresAt.UTC().Format(time.RFC3339)))
		return signing.CloudFrontRequest{}, false
	}
	return req, true
}

func (cloudFrontSignedURL) validate(_ context.Context, m *cloudFrontSignedURLModel, diags *diag.Diagnostics) {
	validateCloudFront(&m.cloudFrontInputs, diags)
}

func (cloudFrontSignedURL) mint(_ context.Context, data *providerdata.Data, m *cloudFrontSignedURLModel, diags *diag.Diagnostics) {
	req, ok := cloudFrontRequest(data, &m.cloudFrontInputs, diags)
	if !ok {
		return
	}
	signed, err := signing.SignURL(req)
	if err != nil {
		addSigningError(err, "Signing CloudFront URL "+req.URL, diags)
		return
	}
	m.SignedURL = types.StringValue(signed)
}
