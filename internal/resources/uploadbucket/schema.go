package uploadbucket

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// compatNote is appended to the description of every attribute whose
// default depends on the provider's compatibility mode.
const compatNote = " With `compatibility = \"s3\"` this default does not apply: left unset, the setting is not managed " +
	"(nothing is sent; the attribute shows what the store reports)."

func quoted(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// Schema defines the resource: the identity and the simple settings here,
// the lifecycle in schema_lifecycle.go, the bucket policy in
// schema_policy.go, the upload pipeline (notifications, quarantine,
// scan_gate) in schema_pipeline.go.
func (r *Resource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, PlanModifiers: stable,
			MarkdownDescription: "The bucket name.",
		},
		"bucket": schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: fmt.Sprintf("Bucket name, validated at plan time against the S3 naming rules: %d to %d characters, "+
				"lowercase letters, digits, hyphens and dots, beginning and ending with a letter or digit, no two adjacent dots, "+
				"not an IP address, not starting with %s and not ending with %s. Conflicts with `bucket_prefix`; when neither is "+
				"set a name starting with `%s` is generated. Changing it replaces the bucket.",
				bucketconfig.MinBucketNameLength, bucketconfig.MaxBucketNameLength,
				quoted(bucketconfig.ReservedPrefixes()), quoted(bucketconfig.ReservedSuffixes()), bucketconfig.DefaultBucketPrefix),
			Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("bucket_prefix"))},
			PlanModifiers: []planmodifier.String{
				stringplanmodifier.UseStateForUnknown(),
				stringplanmodifier.RequiresReplace(),
			},
		},
		"bucket_prefix": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Creates a unique bucket name beginning with this prefix (at most %d characters, so that the "+
				"%d-character generated suffix fits). Conflicts with `bucket`. Changing it replaces the bucket.",
				bucketconfig.MaxBucketPrefixLength, bucketconfig.GeneratedSuffixLength),
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"force_destroy": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Destroy a non-empty bucket: first delete every object version, delete marker and " +
				"in-progress multipart upload. Default `false`: destroying a non-empty bucket fails. Set it (and apply) " +
				"before destroying; imports read it as `false`.",
		},
		"versioning": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Keep every version of every object. Default `false`; turning it off after it was on " +
				"suspends versioning (S3 cannot un-version a bucket; existing versions stay).",
		},
		"cors_rules": schema.ListNestedAttribute{
			Optional:            true,
			MarkdownDescription: "CORS rules, so that browsers can upload directly to the bucket. Removing them deletes the bucket's CORS configuration.",
			Validators:          []validator.List{listvalidator.SizeBetween(1, 100)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"allowed_origins": schema.ListAttribute{
					ElementType: types.StringType, Required: true,
					MarkdownDescription: "Origins allowed to make cross-origin requests, e.g. `https://app.example.com`.",
					Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				},
				"allowed_methods": schema.ListAttribute{
					ElementType: types.StringType, Required: true,
					MarkdownDescription: "HTTP methods allowed, a subset of " + quoted(bucketconfig.CORSMethods()) + " (upper case).",
					Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				},
				"allowed_headers": schema.ListAttribute{
					ElementType: types.StringType, Optional: true,
					MarkdownDescription: "Request headers allowed in the preflight (`Access-Control-Request-Headers`), e.g. `content-type`, `x-amz-*`.",
					Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				},
				"expose_headers": schema.ListAttribute{
					ElementType: types.StringType, Optional: true,
					MarkdownDescription: "Response headers browsers may read, e.g. `ETag` (needed for multipart uploads from the browser).",
					Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				},
				"max_age_seconds": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Seconds browsers may cache the preflight answer.",
				},
			}},
		},
		"encryption": schema.SingleNestedAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Default encryption of new objects. Default `{ algorithm = \"AES256\" }` (SSE-S3)." + compatNote,
			Attributes: map[string]schema.Attribute{
				"algorithm": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(bucketconfig.DefaultEncryptionAlgorithm),
					MarkdownDescription: "Server-side encryption algorithm: " + quoted(bucketconfig.EncryptionAlgorithms()) + ". Default `AES256`.",
				},
				"kms_key_id": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "KMS key ARN, id or alias for `aws:kms` / `aws:kms:dsse`; without it S3 uses the AWS managed key `aws/s3`. Rejected at plan time with `AES256`.",
				},
				"bucket_key_enabled": schema.BoolAttribute{
					Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Use an S3 Bucket Key to cut KMS request costs. `aws:kms` only. Default `false`.",
				},
			},
		},
		"block_public_access": schema.BoolAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Turn on all four public access block flags (block and ignore public ACLs, block public policies, restrict public buckets); `false` removes the public access block. Default `true`." + compatNote,
		},
		"object_ownership": schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Object ownership: " + quoted(bucketconfig.ObjectOwnerships()) + ". Default `BucketOwnerEnforced` (ACLs disabled, the bucket owner owns every object)." + compatNote,
			Validators:          []validator.String{stringvalidator.OneOf(bucketconfig.ObjectOwnerships()...)},
		},
		"tags": schema.MapAttribute{
			ElementType: types.StringType, Optional: true,
			MarkdownDescription: "Tags of the bucket, merged with the provider's `default_tags` (on conflict these tags win); see `tags_all`.",
		},
		"tags_all": schema.MapAttribute{
			ElementType: types.StringType, Computed: true,
			MarkdownDescription: "The bucket's effective tags: the provider's `default_tags` merged with `tags`.",
		},
		"arn": schema.StringAttribute{
			Computed: true, PlanModifiers: stable,
			MarkdownDescription: "Bucket ARN, `arn:aws:s3:::<bucket>`.",
		},
		"region": schema.StringAttribute{
			Computed: true, PlanModifiers: stable,
			MarkdownDescription: "Region the bucket lives in (from `GetBucketLocation`; the provider's region when the store does not say).",
		},
		"bucket_domain_name": schema.StringAttribute{
			Computed: true, PlanModifiers: stable,
			MarkdownDescription: "Global virtual-hosted domain name, `<bucket>.s3.amazonaws.com` (the AWS form, also with a custom endpoint).",
		},
		"bucket_regional_domain_name": schema.StringAttribute{
			Computed: true, PlanModifiers: stable,
			MarkdownDescription: "Regional domain name, `<bucket>.s3.<region>.amazonaws.com`: the origin domain for CloudFront.",
		},
	}
	maps.Copy(attrs, lifecycleAttributes())
	maps.Copy(attrs, policyAttributes())
	maps.Copy(attrs, complianceAttributes())
	maps.Copy(attrs, pipelineAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "A private S3 bucket for browser uploads, with everything the pattern needs in one resource: " +
			"CORS for direct `PUT` / `POST` from the browser, default encryption, a bucket policy that denies plain HTTP " +
			"(and optionally unencrypted uploads, and grants CloudFront read access through an origin access control) with your own " +
			"statements merged in, the public access block, object ownership, lifecycle tiers that move objects to colder storage classes, " +
			"an abort-incomplete-multipart-upload rule, object lock and server access logging. For upload pipelines: event notifications " +
			"(SQS, SNS, Lambda, EventBridge), a quarantine prefix only the scanner can read, and a scan gate that allows reads only of objects tagged clean.\n\n" +
			"The provider owns the whole bucket policy: a statement added out of band shows as a difference, except the grants of " +
			"`filestore_cdn_read_access` (the way to let a distribution in the same configuration read the bucket without a dependency cycle).\n\n" +
			"Invalid names, CORS methods, storage classes and lifecycle orderings are rejected at plan time with the " +
			"attribute path. Every setting is read back on refresh (concurrently), so out-of-band changes show as a diff. " +
			"If a step after `CreateBucket` fails, the bucket is kept in state as tainted rather than orphaned.\n\n" +
			"With the provider's `compatibility = \"s3\"` (a generic S3-compatible store), the AWS-only settings and their defaults " +
			"(`encryption`, `deny_insecure_transport`, `deny_unencrypted_uploads`, `block_public_access`, `object_ownership`, " +
			"`abort_incomplete_multipart_days`) are applied only when set explicitly; a store that answers NotImplemented to one " +
			"that is set is an error naming the feature and the endpoint.",
		Attributes: attrs,
	}
}
