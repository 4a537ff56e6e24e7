package uploadbucket

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// identityModel is the state right after CreateBucket: the identity and
// force_destroy (so that destroying the tainted bucket honours it); every
// sub-configuration null, since none is applied yet.
func identityModel(plan Model, name, region string) Model {
	m := Model{
		ID:                           types.StringValue(name),
		Bucket:                       types.StringValue(name),
		BucketPrefix:                 plan.BucketPrefix,
		ForceDestroy:                 types.BoolValue(plan.ForceDestroy.ValueBool()),
		Versioning:                   types.BoolNull(),
		CORSRules:                    corsValue(nil),
		Encryption:                   types.ObjectNull(encryptionAttrTypes),
		DenyInsecureTransport:        types.BoolNull(),
		DenyUnencryptedUploads:       types.BoolNull(),
		BlockPublicAccess:            types.BoolNull(),
		ObjectOwnership:              types.StringNull(),
		LifecycleTiers:               tiersValue(nil),
		AbortIncompleteMultipartDays: types.Int64Null(),
		CDNReadAccess:                types.ObjectNull(cdnReadAccessAttrTypes),
		Tags:                         types.MapNull(types.StringType),
		TagsAll:                      types.MapNull(types.StringType),
		PolicyJSON:                   jsontypes.NewNormalizedNull(),
		Notifications:                types.ObjectNull(notificationsAttrTypes),
		Quarantine:                   types.ObjectNull(quarantineAttrTypes),
		ScanGate:                     types.ObjectNull(scanGateAttrTypes),
		PolicyStatements:             jsontypes.NewNormalizedNull(),
		AccessLogging:                types.ObjectNull(accessLoggingAttrTypes),
		ObjectLock:                   types.ObjectNull(objectLockAttrTypes),
		TransitionMinimumObjectSize:  types.StringNull(),
	}
	setNames(&m, name, region)
	if plan.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	return m
}

// setNames sets the attributes derived from the name and the region.
func setNames(m *Model, name, region string) {
	m.ID = types.StringValue(name)
	m.Bucket = types.StringValue(name)
	m.Region = types.StringValue(region)
	m.ARN = types.StringValue(bucketconfig.BucketARN(bucketconfig.Partition(region), name))
	m.BucketDomainName = types.StringValue(bucketconfig.BucketDomainName(name, region))
	m.BucketRegionalDomainName = types.StringValue(bucketconfig.BucketRegionalDomainName(name, region))
}

// finalState is the state after a successful create or update: the plan
// with every computed value filled in. Values the plan left unknown
// (settings not managed with compatibility = "s3") are read from the store.
func (r *Resource) finalState(ctx context.Context, ops *bucketapi.Ops, plan, config *Model, name, region string, prior *Model) (*Model, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := *plan
	setNames(&m, name, region)
	if m.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	m.TagsAll = tagsValue(bucketconfig.MergeTags(r.data.DefaultTags, tagsFromModel(ctx, plan.Tags, &diags)), false)
	if doc, managed, isKnown := r.plannedPolicy(ctx, &m, config, prior, name, &diags); managed && isKnown {
		var priorPolicy jsontypes.Normalized
		if prior != nil {
			priorPolicy = prior.PolicyJSON
		}
		m.PolicyJSON = policyValue(doc, priorPolicy)
	}
	if !m.hasUnknown() {
		return &m, diags
	}
	remote, err := readRemote(ctx, ops, func(*part) bool { return ops.Generic })
	if err != nil {
		bucketapi.AddError(ctx, r.data, &diags, fmt.Sprintf("Reading upload bucket %s", name), err)
		return nil, diags
	}
	read := r.modelFromRemote(ctx, &m, remote, region, &diags)
	m.fillUnknown(read)
	return &m, diags
}

// modelFromRemote is prior with every server-side value replaced by what the
// server says.
func (r *Resource) modelFromRemote(ctx context.Context, prior *Model, remote *remote, region string, diags *diag.Diagnostics) *Model {
	m := *prior
	name := prior.ID.ValueString()
	if name == "" {
		name = prior.Bucket.ValueString()
	}
	setNames(&m, name, region)
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false) // import
	}
	if m.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	s := &showing{r: r, prior: prior, m: &m, remote: remote, name: name, partition: bucketconfig.Partition(region), diags: diags}
	for i := range parts {
		parts[i].show(ctx, s)
	}
	return &m
}
