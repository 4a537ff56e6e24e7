package uploadbucket

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// distributionARN matches a CloudFront distribution ARN.
var distributionARN = regexp.MustCompile(`^arn:[a-z-]+:cloudfront::[0-9]+:distribution/[A-Za-z0-9]+$`)

// policyAttributes: the settings that make up the bucket policy, and the
// policy in effect.
func policyAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"deny_insecure_transport": schema.BoolAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "The bucket policy denies every `s3:*` request made over plain HTTP (`aws:SecureTransport = false`), on the bucket and its objects. Default `true`." + compatNote,
		},
		"deny_unencrypted_uploads": schema.BoolAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "The bucket policy denies `s3:PutObject` without the `x-amz-server-side-encryption` header, and with a header naming another algorithm than `encryption.algorithm`. " +
				"Presigned PUT URLs must then sign that header. Default `false`." + compatNote,
		},
		"cdn_read_access": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "Let CloudFront distributions read objects through an origin access control: the bucket policy allows " +
				"`s3:GetObject` to the `cloudfront.amazonaws.com` service principal when `AWS:SourceArn` is one of the distributions.",
			Attributes: map[string]schema.Attribute{
				"distribution_arns": schema.SetAttribute{
					ElementType: types.StringType, Required: true,
					MarkdownDescription: "ARNs of the distributions, `arn:aws:cloudfront::<account>:distribution/<id>`.",
					Validators: []validator.Set{
						setvalidator.SizeAtLeast(1),
						setvalidator.ValueStringsAre(stringvalidator.RegexMatches(distributionARN, "must be a CloudFront distribution ARN, arn:aws:cloudfront::<account>:distribution/<id>")),
					},
				},
			},
		},
		"policy_json": schema.StringAttribute{
			CustomType: jsontypes.NormalizedType{}, Computed: true,
			MarkdownDescription: "The bucket policy in effect (null when the bucket has none). The resource generates it from " +
				"`deny_insecure_transport`, `deny_unencrypted_uploads`, `cdn_read_access`, `quarantine` and `scan_gate`, with stable statement ids; " +
				"a policy changed out of band shows here as a diff and is replaced on apply. With `compatibility = \"s3\"` the policy " +
				"is managed only when one of those attributes is set (the unset booleans then count as `false`).",
		},
	}
}
