package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
)

// AssumeRoleModel is the `assume_role` attribute, named as in the
// hashicorp/aws provider's block.
type AssumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	ExternalID        types.String `tfsdk:"external_id"`
	Duration          types.String `tfsdk:"duration"`
	Policy            types.String `tfsdk:"policy"`
	PolicyARNs        types.List   `tfsdk:"policy_arns"`
	Tags              types.Map    `tfsdk:"tags"`
	TransitiveTagKeys types.List   `tfsdk:"transitive_tag_keys"`
	SourceIdentity    types.String `tfsdk:"source_identity"`
}

func assumeRoleSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Sign every request with the temporary credentials of an IAM role, as the `hashicorp/aws` provider's " +
			"`assume_role` does. The credentials the provider would otherwise use (static keys, `profile` or the default chain) " +
			"call STS `AssumeRole` once per provider process, when the first request is signed — configuring the provider makes " +
			"no call. The STS endpoint is `endpoints.sts`, else `AWS_ENDPOINT_URL_STS`, else the regional one; `custom_ca_bundle` " +
			"applies to it. Presigned URLs and POST policies minted with these credentials stop working when the session " +
			"ends, whatever their `expires_in`: set `duration` at least as long as the longest expiry you mint.",
		Attributes: map[string]schema.Attribute{
			"role_arn": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ARN of the role to assume, `arn:aws:iam::<account>:role/<name>`.",
				Validators:          []validator.String{stringFunc{desc: "an IAM role ARN", check: awsclient.ValidateRoleARN}},
			},
			"session_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Role session name, recorded in CloudTrail and in the assumed-role ARN (2 to 64 letters, digits and `_+=,.@-`). " +
					"Default: the AWS SDK's `aws-go-sdk-<timestamp>`.",
				Validators: []validator.String{stringFunc{desc: "a role session name", check: awsclient.ValidateSessionName}},
			},
			"external_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "External id the role's trust policy requires (`sts:ExternalId`), for roles in another party's account.",
				Validators:          []validator.String{stringFunc{desc: "an external id", check: awsclient.ValidateExternalID}},
			},
			"duration": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Session duration, a Go duration such as `\"1h\"` or `\"90m\"`: from `\"15m\"` to `\"12h\"`, " +
					"and at most the role's maximum session duration (1 hour unless the role allows more). Default `\"15m\"` (the AWS SDK's). " +
					"The provider assumes the role again when the credentials expire, so a long apply is not cut short.",
				Validators: []validator.String{stringFunc{desc: "a session duration from 15m to 12h", check: func(s string) error {
					_, err := awsclient.ParseAssumeRoleDuration(s)
					return err
				}}},
			},
			"policy": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "An IAM policy document (JSON) that further restricts the session: it gets the intersection of the role's policies and this one.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"policy_arns": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "ARNs of managed policies that further restrict the session (at most 10).",
				Validators:          []validator.List{listvalidator.SizeAtMost(10), listvalidator.ValueStringsAre(stringvalidator.RegexMatches(policyARNPattern, "must be an IAM policy ARN"))},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Session tags (at most 50), for attribute-based access control on the role's side; the role's trust policy must allow `sts:TagSession`.",
				Validators:          []validator.Map{mapvalidator.SizeAtMost(50)},
			},
			"transitive_tag_keys": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Keys of `tags` that persist through role chaining.",
			},
			"source_identity": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Source identity recorded in CloudTrail for the session (the role's trust policy must allow `sts:SetSourceIdentity`).",
				Validators:          []validator.String{stringvalidator.LengthBetween(2, 64)},
			},
		},
	}
}

// assumeRoleConfig converts the attribute. It reports unknown when a value
// the credentials depend on is not known yet (during a plan, when the block
// refers to a resource not created yet).
func assumeRoleConfig(ctx context.Context, v types.Object, diags *diag.Diagnostics) (ar *awsclient.AssumeRole, unknown bool) {
	if v.IsNull() {
		return nil, false
	}
	if v.IsUnknown() {
		return nil, true
	}
	var m AssumeRoleModel
	diags.Append(v.As(ctx, &m, objectAsOptions)...)
	if diags.HasError() {
		return nil, false
	}
	for _, s := range []types.String{m.RoleARN, m.SessionName, m.ExternalID, m.Duration, m.Policy, m.SourceIdentity} {
		if s.IsUnknown() {
			return nil, true
		}
	}
	for _, c := range []interface{ IsUnknown() bool }{m.PolicyARNs, m.Tags, m.TransitiveTagKeys} {
		if c.IsUnknown() {
			return nil, true
		}
	}
	ar = &awsclient.AssumeRole{
		RoleARN:        m.RoleARN.ValueString(),
		SessionName:    m.SessionName.ValueString(),
		ExternalID:     m.ExternalID.ValueString(),
		Policy:         m.Policy.ValueString(),
		SourceIdentity: m.SourceIdentity.ValueString(),
	}
	if s := m.Duration.ValueString(); s != "" {
		d, err := awsclient.ParseAssumeRoleDuration(s)
		if err != nil {
			diags.AddAttributeError(path.Root("assume_role").AtName("duration"), "Invalid assume_role duration", err.Error())
			return nil, false
		}
		ar.Duration = d
	}
	if !m.PolicyARNs.IsNull() {
		diags.Append(m.PolicyARNs.ElementsAs(ctx, &ar.PolicyARNs, false)...)
	}
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &ar.Tags, false)...)
	}
	if !m.TransitiveTagKeys.IsNull() {
		diags.Append(m.TransitiveTagKeys.ElementsAs(ctx, &ar.TransitiveTagKeys, false)...)
	}
	return ar, false
}

// stringFunc is a string validator backed by a function of the awsclient
// package, so that the rule and its message live in one place.
type stringFunc struct {
	desc  string
	check func(string) error
}

func (v stringFunc) Description(context.Context) string { return "must be " + v.desc }

func (v stringFunc) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringFunc) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), err.Error())
	}
}

var policyARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$`)
