package uploadbucket

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// pipelineAttributes: the upload pipeline — event notifications, the
// quarantine prefix and the scan gate.
func pipelineAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"notifications": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "The bucket's whole event notification configuration: run something when an object lands. " +
				"The resource owns it: a destination added out of band shows as a diff and is removed on apply (unset means none). " +
				"Checked at plan time: ARNs of the right service and form (S3 cannot notify FIFO queues or topics), event names, " +
				"and destinations that share an event type with overlapping prefix / suffix filters, which S3 refuses. " +
				"GuardDuty Malware Protection for S3 turns EventBridge on by itself: set `eventbridge = true` with it. " +
				"A store without event notifications (SeaweedFS) is an error naming the feature and the endpoint.",
			Attributes: map[string]schema.Attribute{
				"eventbridge": schema.BoolAttribute{
					Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Send every event of the bucket to Amazon EventBridge. Default `false`.",
				},
				"queues":    destinationsAttribute("SQS queues (standard, not FIFO)", "arn:aws:sqs:us-east-1:111122223333:uploads-scan"),
				"topics":    destinationsAttribute("SNS topics (standard, not FIFO)", "arn:aws:sns:us-east-1:111122223333:uploads"),
				"functions": destinationsAttribute("Lambda functions", "arn:aws:lambda:us-east-1:111122223333:function:thumbnail"),
			},
		},
		"quarantine": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "Uploads land under a prefix that only the scanner may read. The bucket policy denies `s3:GetObject` and " +
				"`s3:GetObjectVersion` under `prefix` to every principal but `reader_principal_arns` (statement `" + bucketconfig.SidDenyQuarantineRead + "`, " +
				"matched on `aws:PrincipalArn` with `StringNotLike`, so wildcards work), and a lifecycle rule (`" + bucketconfig.QuarantineRuleID + "`, " +
				"merged with `lifecycle_tiers`) expires objects never scanned and moved out. A lifecycle tier that would transition objects (or noncurrent " +
				"versions) under the prefix is a plan-time error.",
			Attributes: map[string]schema.Attribute{
				"prefix": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "The key prefix uploads land under, e.g. `quarantine/`. Not empty; no `*`, `?` or `${` (the bucket policy would read them as wildcards).",
				},
				"reader_principal_arns": schema.ListAttribute{
					ElementType: types.StringType, Optional: true,
					MarkdownDescription: "IAM roles or users that may read the quarantine: the scanner and whatever moves clean objects out. " +
						"Unset: nobody (but the bucket owner's root user can always change the policy).",
				},
				"expiration_days": schema.Int64Attribute{
					Optional: true, Computed: true, Default: int64default.StaticInt64(bucketconfig.DefaultQuarantineExpirationDays),
					MarkdownDescription: fmt.Sprintf("Days after which objects still in quarantine expire. Default `%d`; `0` keeps them.", bucketconfig.DefaultQuarantineExpirationDays),
				},
			},
		},
		"scan_gate": schema.SingleNestedAttribute{
			Optional: true,
			MarkdownDescription: "Reads allowed only once a scanner has tagged the object clean. The bucket policy denies `s3:GetObject` and " +
				"`s3:GetObjectVersion` under `prefixes` unless `s3:ExistingObjectTag/<tag_key>` equals `clean_value` (statement `" + bucketconfig.SidDenyUnscannedRead + "`; " +
				"an untagged object is denied too), and denies setting that tag — on upload with `x-amz-tagging` or with `PutObjectTagging` — " +
				"to everyone but `exempt_principal_arns` (statement `" + bucketconfig.SidDenyScanTagWrite + "`), so an uploader cannot mark its own object clean. " +
				"GuardDuty Malware Protection for S3 writes the default tag. The exempt principals may also read untagged objects.",
			Attributes: map[string]schema.Attribute{
				"prefixes": schema.ListAttribute{
					ElementType: types.StringType, Optional: true, Computed: true,
					Default:             listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue("")})),
					MarkdownDescription: "Key prefixes the gate covers. Default `[\"\"]`: the whole bucket.",
				},
				"tag_key": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(bucketconfig.DefaultScanTagKey),
					MarkdownDescription: "The object tag the scanner writes. Default `" + bucketconfig.DefaultScanTagKey + "` (GuardDuty's).",
				},
				"clean_value": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(bucketconfig.DefaultScanCleanValue),
					MarkdownDescription: "The tag value that means clean. Default `" + bucketconfig.DefaultScanCleanValue + "`.",
				},
				"exempt_principal_arns": schema.ListAttribute{
					ElementType: types.StringType, Optional: true,
					MarkdownDescription: "IAM roles or users the gate does not apply to: the scanner (it reads unscanned objects and writes the tag). " +
						"Matched on `aws:PrincipalArn` with `StringNotLike`.",
				},
			},
		},
	}
}

func destinationsAttribute(what, example string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: what + " to notify, each with the events and the key filter it receives.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"arn": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ARN of the destination, e.g. `" + example + "`. Its policy must let `s3.amazonaws.com` deliver (S3 checks it when the configuration is written).",
			},
			"events": schema.ListAttribute{
				ElementType: types.StringType, Required: true,
				MarkdownDescription: "S3 event types, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`; checked at plan time against the S3 list.",
			},
			"prefix": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Only keys starting with this. Default `\"\"`: every key.",
			},
			"suffix": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Only keys ending with this, e.g. `.jpg`. Default `\"\"`: every key.",
			},
		}},
	}
}
