package uploadbucket

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// complianceAttributes: object lock and server access logging.
func complianceAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"object_lock": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "Object lock (write once, read many): every new object version is retained for `days` or `years` " +
				"(exactly one) in `mode`. Needs `versioning = true` (checked at plan time), which can then never be suspended. " +
				"On a new bucket object lock is enabled by `CreateBucket`; added to an existing bucket it is enabled on it " +
				"(S3 allows that for versioned buckets). **S3 cannot turn object lock off**: removing `object_lock` from a bucket " +
				"that has it is a plan-time error — change the retention instead, or replace the bucket deliberately " +
				"(`terraform apply -replace`), knowing that locked versions cannot be deleted before their retention ends.",
			Attributes: map[string]schema.Attribute{
				"mode": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "Retention mode: " + quoted(bucketconfig.ObjectLockModes()) + ". `COMPLIANCE`: nobody, not even the root user, can shorten the retention or delete a locked version; `GOVERNANCE`: users with `s3:BypassGovernanceRetention` can.",
				},
				"days": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Retention in days (1 to 36500). Conflicts with `years`.",
				},
				"years": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Retention in years (1 to 100). Conflicts with `days`.",
				},
			},
		},
		"access_logging": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "Server access logging: S3 delivers a log of the requests made to this bucket to `target_bucket`. " +
				"The target bucket must let the S3 logging service write to it (`logging.s3.amazonaws.com`, in its bucket policy) " +
				"and must not have object lock with a default retention. Removing the attribute turns logging off.",
			Attributes: map[string]schema.Attribute{
				"target_bucket": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "Bucket the logs go to (validated against the S3 naming rules at plan time).",
				},
				"target_prefix": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(""),
					MarkdownDescription: "Key prefix of the log objects, e.g. `s3/uploads/`. Default `\"\"`.",
				},
			},
		},
	}
}
