package uploadbucket

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// lifecycleAttributes: lifecycle_tiers and the bucket-wide abort rule.
func lifecycleAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"lifecycle_tiers": schema.ListNestedAttribute{
			Optional: true,
			MarkdownDescription: "Lifecycle tiers, one lifecycle rule each: objects under `prefix` (optionally only those with the given `tags` and sizes) move to colder storage classes as they age and expire; " +
				"noncurrent versions likewise, and expired delete markers can be removed. " +
				"Lifecycle rules the schema cannot hold (a transition on a date, a disabled rule, `newer_noncurrent_versions`, an abort rule for a prefix) are named in a warning on refresh and import, " +
				"and a dated transition shows in the plan as a transition without `days`; the next write of the lifecycle configuration replaces them. " +
				"Checked at plan time: storage classes; transitions to `STANDARD_IA` / `ONEZONE_IA` not before day 30; " +
				"a transition at least 30 days after a transition to an IA class; days strictly increasing and each class colder than the previous one " +
				"(" + strings.Join(bucketconfig.TransitionStorageClasses(), " → ") + "), for noncurrent transitions too; expiration after the last transition; " +
				"`object_size_less_than` above `object_size_greater_than`; `expired_object_delete_marker` without `expiration_days`, tags or sizes.",
			Validators: []validator.List{listvalidator.SizeBetween(1, 999)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"prefix": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(""),
					MarkdownDescription: "Key prefix the tier applies to, e.g. `uploads/`. Default `\"\"`: the whole bucket.",
				},
				"tags": schema.MapAttribute{
					ElementType: types.StringType, Optional: true,
					MarkdownDescription: "Only objects carrying every one of these tags (key => value). Combined with `prefix` and the size filters.",
				},
				"object_size_greater_than": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Only objects larger than this many bytes.",
				},
				"object_size_less_than": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Only objects smaller than this many bytes; greater than `object_size_greater_than` (checked at plan time).",
				},
				"transitions": transitionsAttribute("Storage-class transitions of current versions, in increasing `days`.",
					"Object age in days at which it moves."),
				"expiration_days": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Object age in days at which current versions expire (after the last transition).",
				},
				"expired_object_delete_marker": schema.BoolAttribute{
					Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Remove delete markers that no longer have a noncurrent version behind them (versioned buckets). " +
						"S3 refuses it in a tier with `expiration_days`, `tags` or a size filter (checked at plan time): give it a tier of its own. Default `false`.",
				},
				"noncurrent_transitions": transitionsAttribute("Storage-class transitions of noncurrent versions (versioned buckets), in increasing `days`.",
					"Days after becoming noncurrent at which the version moves."),
				"noncurrent_expiration_days": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Days after becoming noncurrent at which old versions are deleted (versioned buckets).",
				},
			}},
		},
		"transition_default_minimum_object_size": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Objects smaller than this are not transitioned unless a tier's size filter says otherwise: " +
				"`all_storage_classes_128K` (AWS's default: no object under 128 KB) or `varies_by_storage_class`. " +
				"Unset: the store's default (on AWS, setting the default and leaving it unset are the same). Needs a lifecycle configuration " +
				"(`lifecycle_tiers`, `abort_incomplete_multipart_days` or the `quarantine` expiration).",
			Validators: []validator.String{stringvalidator.OneOf(bucketconfig.TransitionMinimumObjectSizes()...)},
		},
		"abort_incomplete_multipart_days": schema.Int64Attribute{
			Optional: true, Computed: true,
			MarkdownDescription: fmt.Sprintf("Abort multipart uploads still incomplete this many days after they started, "+
				"bucket-wide (a lifecycle rule of its own, so abandoned browser uploads stop accruing charges). Default `%d`. "+
				"Set `0` to disable the rule: Terraform cannot tell `null` from unset, so `null` means the default.",
				bucketconfig.DefaultAbortMultipartDays) + compatNote + " (With `compatibility = \"s3\"` and `lifecycle_tiers` set, the lifecycle configuration is managed, and the default applies.)",
		},
	}
}

// transitionsAttribute is a list of { days, storage_class } (transitions and
// noncurrent_transitions).
func transitionsAttribute(description, daysDescription string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: description,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"days": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: daysDescription,
			},
			"storage_class": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Target storage class: " + quoted(bucketconfig.TransitionStorageClasses()) + ".",
			},
		}},
	}
}
