package uploadbucket

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// distributionARN matches a CloudFront distribution ARN.
var distributionARN = regexp.MustCompile(`^arn:[a-z-]+:cloudfront::[0-9]+:distribution/[A-Za-z0-9]+$`)

// policyAttributes: the settings that make up the bucket policy, and the
// policy in effect.
func policyAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"policy_statements": schema.StringAttribute{
			CustomType: jsontypes.NormalizedType{}, Optional: true,
			MarkdownDescription: "Your own statements, merged into the bucket policy after the generated ones: a JSON policy document " +
				"(`jsonencode({ Version = \"2012-10-17\", Statement = [...] })` or `data.aws_iam_policy_document.x.json`). " +
				"Grant another account, pin a VPC endpoint, add your own deny. Checked at plan time: a Sid the provider generates (" +
				quoted(bucketconfig.GeneratedSids()) + ", whether or not its setting is on) or starting with `" + bucketconfig.CDNReadAccessSidPrefix +
				"` (written by `filestore_cdn_read_access`), duplicate Sids, another `Version`, a statement without `Effect`, principal, action or resource. " +
				"The provider owns the whole policy: a statement added out of band shows here as a difference and is removed on apply, " +
				"except the grants of `filestore_cdn_read_access`, which are kept. Do not use `aws_s3_bucket_policy` on the same bucket.",
		},
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
				"`s3:GetObject` to the `cloudfront.amazonaws.com` service principal when `AWS:SourceArn` is one of the distributions. " +
				"For a distribution managed elsewhere (its ARN a literal or another stack's output). When the distribution is in the same " +
				"configuration, use `filestore_cdn_read_access` instead: the distribution needs `bucket_regional_domain_name`, so its ARN here " +
				"would be a dependency cycle. The two cannot be combined on one bucket (refused naming both).",
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
			MarkdownDescription: "The bucket policy in effect (null when the bucket has none): the statements generated from " +
				"`deny_insecure_transport`, `deny_unencrypted_uploads`, `cdn_read_access`, `quarantine` and `scan_gate` (stable statement ids), then `policy_statements`, " +
				"then the grants of any `filestore_cdn_read_access` on the bucket; " +
				"a policy changed out of band shows here as a diff and is replaced on apply. With `compatibility = \"s3\"` the policy " +
				"is managed only when one of those attributes or `policy_statements` is set (the unset booleans then count as `false`).",
		},
	}
}
