package uploadbucket

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// tiersFromModel converts lifecycle_tiers. Unknown values become nil
// pointers and mark the tier Partial, so the same conversion serves plan-time
// validation (config with unknowns) and apply (everything known).
func tiersFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.LifecycleTier {
	if !known(l) {
		return nil
	}
	var out []bucketconfig.LifecycleTier
	for _, ev := range l.Elements() {
		obj, ok := ev.(types.Object)
		if !ok || obj.IsNull() {
			continue
		}
		if obj.IsUnknown() {
			out = append(out, bucketconfig.LifecycleTier{Partial: true})
			continue
		}
		m, _ := objectAsModel[lifecycleTierModel](ctx, obj, diags)
		t := bucketconfig.LifecycleTier{
			Prefix:                    m.Prefix.ValueString(),
			ObjectSizeGreaterThan:     int64Ptr(m.ObjectSizeGreaterThan),
			ObjectSizeLessThan:        int64Ptr(m.ObjectSizeLessThan),
			ExpirationDays:            int64Ptr(m.ExpirationDays),
			ExpiredObjectDeleteMarker: boolPtr(m.ExpiredObjectDeleteMarker),
			NoncurrentExpirationDays:  int64Ptr(m.NoncurrentExpirationDays),
			Partial: m.Transitions.IsUnknown() || m.ExpirationDays.IsUnknown() || m.NoncurrentExpirationDays.IsUnknown() ||
				m.NoncurrentTransitions.IsUnknown() || m.ExpiredObjectDeleteMarker.IsUnknown() || !fullyKnown(ctx, m.Tags) ||
				m.ObjectSizeGreaterThan.IsUnknown() || m.ObjectSizeLessThan.IsUnknown(),
		}
		if fullyKnown(ctx, m.Tags) && !m.Tags.IsNull() {
			t.Tags = tagsFromModel(ctx, m.Tags, diags)
		}
		t.Transitions = transitionsFromModel(ctx, m.Transitions, diags)
		t.NoncurrentTransitions = transitionsFromModel(ctx, m.NoncurrentTransitions, diags)
		out = append(out, t)
	}
	return out
}

func transitionsFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.Transition {
	if !known(l) {
		return nil
	}
	var out []bucketconfig.Transition
	for _, tv := range l.Elements() {
		obj, ok := tv.(types.Object)
		if !ok || obj.IsNull() {
			continue
		}
		if obj.IsUnknown() {
			out = append(out, bucketconfig.Transition{})
			continue
		}
		m, _ := objectAsModel[transitionModel](ctx, obj, diags)
		out = append(out, bucketconfig.Transition{Days: int64Ptr(m.Days), StorageClass: stringPtr(m.StorageClass)})
	}
	return out
}

func tiersValue(tiers []bucketconfig.LifecycleTier) types.List {
	tierType := types.ObjectType{AttrTypes: lifecycleTierAttrTypes}
	if len(tiers) == 0 {
		return types.ListNull(tierType)
	}
	vals := make([]attr.Value, 0, len(tiers))
	for _, t := range tiers {
		tags := types.MapNull(types.StringType)
		if len(t.Tags) > 0 {
			tags = tagsValue(t.Tags, false)
		}
		vals = append(vals, types.ObjectValueMust(lifecycleTierAttrTypes, map[string]attr.Value{
			"prefix":                       types.StringValue(t.Prefix),
			"tags":                         tags,
			"object_size_greater_than":     int64Value(t.ObjectSizeGreaterThan),
			"object_size_less_than":        int64Value(t.ObjectSizeLessThan),
			"transitions":                  transitionsValue(t.Transitions),
			"expiration_days":              int64Value(t.ExpirationDays),
			"expired_object_delete_marker": types.BoolValue(t.ExpiredObjectDeleteMarker != nil && *t.ExpiredObjectDeleteMarker),
			"noncurrent_transitions":       transitionsValue(t.NoncurrentTransitions),
			"noncurrent_expiration_days":   int64Value(t.NoncurrentExpirationDays),
		}))
	}
	return types.ListValueMust(tierType, vals)
}

func transitionsValue(trs []bucketconfig.Transition) types.List {
	trType := types.ObjectType{AttrTypes: transitionAttrTypes}
	if len(trs) == 0 {
		return types.ListNull(trType)
	}
	vals := make([]attr.Value, 0, len(trs))
	for _, tr := range trs {
		vals = append(vals, types.ObjectValueMust(transitionAttrTypes, map[string]attr.Value{
			"days": int64Value(tr.Days), "storage_class": stringValue(tr.StorageClass),
		}))
	}
	return types.ListValueMust(trType, vals)
}
