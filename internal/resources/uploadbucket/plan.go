package uploadbucket

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// ModifyPlan applies the compatibility-dependent defaults, computes what can
// be known at plan time (tags_all, policy_json, names), refuses what S3 would
// refuse given the state, and runs the guardrails.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or the provider is not configured yet
	}
	var plan, config Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *Model
	if !req.State.Raw.IsNull() {
		state = &Model{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r.planDefaults(&plan, &config, state)

	// Names known at plan time.
	if state == nil {
		if region, err := r.data.Clients.Region(ctx); err == nil && region != "" {
			plan.Region = types.StringValue(region)
		}
	}
	if known(plan.Bucket) && known(plan.Region) {
		name, region := plan.Bucket.ValueString(), plan.Region.ValueString()
		plan.ID = types.StringValue(name)
		plan.ARN = types.StringValue(bucketconfig.BucketARN(bucketconfig.Partition(region), name))
		plan.BucketDomainName = types.StringValue(bucketconfig.BucketDomainName(name, region))
		plan.BucketRegionalDomainName = types.StringValue(bucketconfig.BucketRegionalDomainName(name, region))
	}

	// tags_all: default tags merged with the resource's.
	if !fullyKnown(ctx, plan.Tags) {
		plan.TagsAll = types.MapUnknown(types.StringType)
	} else {
		plan.TagsAll = tagsValue(bucketconfig.MergeTags(r.data.DefaultTags, tagsFromModel(ctx, plan.Tags, &resp.Diagnostics)), false)
	}

	// policy_json, with the filestore_cdn_read_access grants the state knows.
	bucket := ""
	if known(plan.Bucket) {
		bucket = plan.Bucket.ValueString()
	}
	doc, managed, isKnown := r.plannedPolicy(ctx, &plan, &config, state, bucket, &resp.Diagnostics)
	switch {
	case !managed && state != nil:
		plan.PolicyJSON = state.PolicyJSON
	case !managed || !isKnown:
		plan.PolicyJSON = jsontypes.NewNormalizedUnknown()
	default:
		var prior jsontypes.Normalized
		if state != nil {
			prior = state.PolicyJSON
		}
		plan.PolicyJSON = policyValue(doc, prior)
	}
	r.refuseImpossible(&plan, state, &resp.Diagnostics)
	if state != nil && !config.CDNReadAccess.IsNull() && known(plan.Region) {
		if grants := grantsIn(state.PolicyJSON, bucketconfig.Partition(plan.Region.ValueString()), state.ID.ValueString()); len(grants) > 0 {
			bucketapi.AddError(ctx, r.data, &resp.Diagnostics, "Planning upload bucket "+state.ID.ValueString(), grantConflict(state.ID.ValueString(), grants))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The guardrails see the effective plan, defaults included.
	r.data.CheckPlanned(ctx, guardrail.ModeManaged, "filestore_upload_bucket", resp.Plan.Raw, &resp.Diagnostics)
}

// refuseImpossible reports, with the attribute path, what S3 would refuse
// given the planned values (after defaults) and the state.
func (r *Resource) refuseImpossible(plan, state *Model, diags *diag.Diagnostics) {
	if state != nil && !state.ObjectLock.IsNull() && !state.ObjectLock.IsUnknown() && plan.ObjectLock.IsNull() {
		diags.AddAttributeError(path.Root("object_lock"), "Object lock cannot be removed",
			fmt.Sprintf("Bucket %q has object lock, and S3 cannot turn object lock off once it is on. Keep object_lock (you may change its mode "+
				"and retention), or replace the bucket deliberately with `terraform apply -replace=<address>` — its locked object versions "+
				"cannot be deleted before their retention ends, so the old bucket may not be destroyable until then.", state.ID.ValueString()))
	}
	if known(plan.TransitionMinimumObjectSize) && plan.LifecycleTiers.IsNull() && known(plan.AbortIncompleteMultipartDays) &&
		plan.AbortIncompleteMultipartDays.ValueInt64() == 0 && !quarantineMayExpire(plan.Quarantine) {
		diags.AddAttributeError(path.Root("transition_default_minimum_object_size"), "No lifecycle configuration to hold the setting",
			"transition_default_minimum_object_size is part of the bucket's lifecycle configuration, and this bucket would have none "+
				"(no lifecycle_tiers, abort_incomplete_multipart_days = 0, no quarantine expiration). Add a lifecycle tier or remove the setting.")
	}
}

// planDefaults applies the compatibility-dependent defaults. With
// compatibility = "aws" an unset attribute takes its default, so a change
// made out of band shows as a diff. With "s3" it is not managed: it keeps the
// value read from the store (unknown until the first read after create).
func (r *Resource) planDefaults(plan, config, state *Model) {
	generic := r.data.Clients.IsGenericS3()
	policyManaged := r.policyManaged(config)
	if config.Encryption.IsNull() {
		switch {
		case !generic:
			plan.Encryption = defaultEncryptionValue()
		case state != nil:
			plan.Encryption = state.Encryption
		}
	}
	defaultBool(&plan.DenyInsecureTransport, config.DenyInsecureTransport, stateBool(state, func(m *Model) types.Bool { return m.DenyInsecureTransport }),
		policyManaged, bucketconfig.DefaultDenyInsecureTransport, generic)
	defaultBool(&plan.DenyUnencryptedUploads, config.DenyUnencryptedUploads, stateBool(state, func(m *Model) types.Bool { return m.DenyUnencryptedUploads }),
		policyManaged, bucketconfig.DefaultDenyUnencryptedUploads, generic)
	defaultBool(&plan.BlockPublicAccess, config.BlockPublicAccess, stateBool(state, func(m *Model) types.Bool { return m.BlockPublicAccess }),
		false, bucketconfig.DefaultBlockPublicAccess, generic)
	if config.ObjectOwnership.IsNull() {
		switch {
		case !generic:
			plan.ObjectOwnership = types.StringValue(bucketconfig.DefaultObjectOwnership)
		case state != nil:
			plan.ObjectOwnership = state.ObjectOwnership
		}
	}
	if config.AbortIncompleteMultipartDays.IsNull() {
		switch {
		case !generic || !config.LifecycleTiers.IsNull() || !config.Quarantine.IsNull():
			// With "s3" the lifecycle configuration is sent anyway when
			// lifecycle_tiers or quarantine is set, so the abort rule's
			// default joins it.
			plan.AbortIncompleteMultipartDays = types.Int64Value(bucketconfig.DefaultAbortMultipartDays)
		case state != nil:
			plan.AbortIncompleteMultipartDays = state.AbortIncompleteMultipartDays
		}
	}
}

func stateBool(state *Model, get func(*Model) types.Bool) *types.Bool {
	if state == nil {
		return nil
	}
	v := get(state)
	return &v
}

// defaultBool applies a compatibility-dependent default to an unset
// boolean: the default with "aws"; with "s3", false when the feature is
// managed anyway (forceManaged: another policy attribute is set, so the whole
// policy is generated), else the state's value (unknown on create).
func defaultBool(dst *types.Bool, config types.Bool, state *types.Bool, forceManaged bool, def, generic bool) {
	if !config.IsNull() {
		return
	}
	switch {
	case !generic:
		*dst = types.BoolValue(def)
	case forceManaged:
		*dst = types.BoolValue(false)
	case state != nil:
		*dst = *state
	default:
		*dst = types.BoolUnknown()
	}
}
