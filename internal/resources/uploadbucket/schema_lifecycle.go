package uploadbucket

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// lifecycleAttributes: lifecycle_tiers and the bucket-wide abort rule.
func lifecycleAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"lifecycle_tiers": schema.ListNestedAttribute{
			Optional: true,
			MarkdownDescription: "Lifecycle tiers, one lifecycle rule each: objects under `prefix` move to colder storage classes as they age and expire. " +
				"Checked at plan time: storage classes; transitions to `STANDARD_IA` / `ONEZONE_IA` not before day 30; " +
				"a transition at least 30 days after a transition to an IA class; days strictly increasing and each class colder than the previous one " +
				"(" + strings.Join(bucketconfig.TransitionStorageClasses(), " → ") + "); expiration after the last transition.",
			Validators: []validator.List{listvalidator.SizeBetween(1, 999)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"prefix": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(""),
					MarkdownDescription: "Key prefix the tier applies to, e.g. `uploads/`. Default `\"\"`: the whole bucket.",
				},
				"transitions": schema.ListNestedAttribute{
					Optional:            true,
					MarkdownDescription: "Storage-class transitions, in increasing `days`.",
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"days": schema.Int64Attribute{
							Required:            true,
							MarkdownDescription: "Object age in days at which it moves.",
						},
						"storage_class": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Target storage class: " + quoted(bucketconfig.TransitionStorageClasses()) + ".",
						},
					}},
				},
				"expiration_days": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Object age in days at which current versions expire (after the last transition).",
				},
				"noncurrent_expiration_days": schema.Int64Attribute{
					Optional:            true,
					MarkdownDescription: "Days after becoming noncurrent at which old versions are deleted (versioned buckets).",
				},
			}},
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
