package cdnreadaccess

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// distributionARN matches a CloudFront distribution ARN.
var distributionARN = regexp.MustCompile(`^arn:[a-z-]+:cloudfront::[0-9]+:distribution/[A-Za-z0-9]+$`)

// Schema defines the resource.
func (r *Resource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lets CloudFront distributions read a bucket's objects through an origin access control: adds to the " +
			"bucket policy one statement allowing `s3:GetObject` on the bucket's objects to the `cloudfront.amazonaws.com` service " +
			"principal when `AWS:SourceArn` is one of `distribution_arns`.\n\n" +
			"Use it instead of `filestore_upload_bucket`'s `cdn_read_access` when the distribution is created in the same configuration: " +
			"the distribution needs the bucket's `bucket_regional_domain_name` and this grant needs the distribution's ARN, so the graph is " +
			"bucket → distribution → grant, without a cycle, also with `bucket_prefix`. `filestore_upload_bucket` keeps this statement when it " +
			"writes its policy (it is not drift). Using both this resource and `cdn_read_access` on one bucket is an error that names both " +
			"(at plan time when the bucket's policy can be read, else at apply).\n\n" +
			"Several of these resources may grant on one bucket (one statement each). Writes are read-modify-writes of the bucket policy, " +
			"serialized within one provider and checked by reading the policy back; a statement removed out of band is re-created on the next apply. " +
			"Destroying the resource removes only its statement.\n\n" +
			"**Import** with `<bucket>/<sid>` (the statement's Sid, e.g. `CDNReadAccessE2QWRUHAPOMQZL`), or with `<bucket>` alone when the bucket " +
			"has exactly one such statement.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "`<bucket>/<sid>`.",
			},
			"bucket": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the bucket whose policy gets the grant, e.g. `filestore_upload_bucket.x.bucket`. " +
					"Changing it moves the grant (replacement).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthBetween(bucketconfig.MinBucketNameLength, bucketconfig.MaxBucketNameLength)},
			},
			"distribution_arns": schema.SetAttribute{
				ElementType: types.StringType, Required: true,
				MarkdownDescription: "ARNs of the distributions, `arn:aws:cloudfront::<account>:distribution/<id>` " +
					"(for example `aws_cloudfront_distribution.x.arn`). Changed in place.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(distributionARN, "must be a CloudFront distribution ARN, arn:aws:cloudfront::<account>:distribution/<id>")),
				},
			},
			"sid": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Statement id of the grant in the bucket policy: `" + bucketconfig.CDNReadAccessSidPrefix +
					"` and the id of the first distribution (sorted) when the resource was created; it stays the same when the distributions change.",
			},
		},
	}
}
