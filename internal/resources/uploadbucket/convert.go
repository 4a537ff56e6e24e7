package uploadbucket

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// Conversions between the model and bucketconfig's plain types. One
// conversion per direction serves validation (config, with values unknown
// until apply: nil pointers, "" elements, Partial) and apply (plan, all
// known). Lifecycle tiers are in convert_lifecycle.go.

func corsFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.CORSRule {
	if !known(l) {
		return nil
	}
	out := make([]bucketconfig.CORSRule, 0, len(l.Elements()))
	for _, ev := range l.Elements() {
		obj, ok := ev.(types.Object)
		if !ok || obj.IsUnknown() {
			out = append(out, bucketconfig.CORSRule{Partial: true})
			continue
		}
		m, ok := objectAsModel[corsRuleModel](ctx, obj, diags)
		if !ok {
			continue
		}
		r := bucketconfig.CORSRule{MaxAgeSeconds: int64Ptr(m.MaxAgeSeconds), Partial: m.MaxAgeSeconds.IsUnknown() ||
			m.AllowedOrigins.IsUnknown() || m.AllowedMethods.IsUnknown() || m.AllowedHeaders.IsUnknown() || m.ExposeHeaders.IsUnknown()}
		r.AllowedOrigins = stringsOf(m.AllowedOrigins, &r.Partial)
		r.AllowedMethods = stringsOf(m.AllowedMethods, &r.Partial)
		r.AllowedHeaders = stringsOf(m.AllowedHeaders, &r.Partial)
		r.ExposeHeaders = stringsOf(m.ExposeHeaders, &r.Partial)
		out = append(out, r)
	}
	return out
}

func corsValue(rules []bucketconfig.CORSRule) types.List {
	objType := types.ObjectType{AttrTypes: corsRuleAttrTypes}
	if len(rules) == 0 {
		return types.ListNull(objType)
	}
	vals := make([]attr.Value, 0, len(rules))
	for _, r := range rules {
		vals = append(vals, types.ObjectValueMust(corsRuleAttrTypes, map[string]attr.Value{
			"allowed_origins": stringList(r.AllowedOrigins),
			"allowed_methods": stringList(r.AllowedMethods),
			"allowed_headers": stringList(r.AllowedHeaders),
			"expose_headers":  stringList(r.ExposeHeaders),
			"max_age_seconds": int64Value(r.MaxAgeSeconds),
		}))
	}
	return types.ListValueMust(objType, vals)
}

// encryptionFromModel converts encryption (nil when null or unknown). An
// unset algorithm is the attribute's default, AES256; an unknown one is nil.
func encryptionFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.Encryption {
	m, ok := objectAsModel[encryptionModel](ctx, o, diags)
	if !ok {
		return nil
	}
	e := &bucketconfig.Encryption{Algorithm: stringPtr(m.Algorithm), KMSKeyID: stringPtr(m.KMSKeyID), BucketKeyEnabled: boolPtr(m.BucketKeyEnabled)}
	if m.Algorithm.IsNull() {
		a := bucketconfig.DefaultEncryptionAlgorithm
		e.Algorithm = &a
	}
	return e
}

func encryptionValue(e *bucketconfig.Encryption) types.Object {
	if e == nil {
		return types.ObjectNull(encryptionAttrTypes)
	}
	bke := false
	if e.BucketKeyEnabled != nil {
		bke = *e.BucketKeyEnabled
	}
	return types.ObjectValueMust(encryptionAttrTypes, map[string]attr.Value{
		"algorithm":          types.StringValue(e.AlgorithmOrDefault()),
		"kms_key_id":         stringValue(e.KMSKeyID),
		"bucket_key_enabled": types.BoolValue(bke),
	})
}

func defaultEncryptionValue() types.Object {
	alg := bucketconfig.DefaultEncryptionAlgorithm
	f := false
	return encryptionValue(&bucketconfig.Encryption{Algorithm: &alg, BucketKeyEnabled: &f})
}

func cdnARNsFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) []string {
	m, ok := objectAsModel[cdnReadAccessModel](ctx, o, diags)
	if !ok {
		return nil
	}
	arns := stringsOf(m.DistributionARNs, nil)
	sort.Strings(arns)
	return arns
}

func cdnReadAccessValue(arns []string) types.Object {
	if len(arns) == 0 {
		return types.ObjectNull(cdnReadAccessAttrTypes)
	}
	return types.ObjectValueMust(cdnReadAccessAttrTypes, map[string]attr.Value{"distribution_arns": stringSet(arns)})
}

func tagsFromModel(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	if known(m) {
		diags.Append(m.ElementsAs(ctx, &out, false)...)
	}
	return out
}

// tagsValue renders tags; empty is null unless keepEmpty (the user wrote
// `tags = {}`).
func tagsValue(tags map[string]string, keepEmpty bool) types.Map {
	if len(tags) == 0 && !keepEmpty {
		return types.MapNull(types.StringType)
	}
	vals := make(map[string]attr.Value, len(tags))
	for k, v := range tags {
		vals[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, vals)
}

func accessLoggingFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.AccessLogging {
	m, ok := objectAsModel[accessLoggingModel](ctx, o, diags)
	if !ok {
		return nil
	}
	return &bucketconfig.AccessLogging{TargetBucket: stringPtr(m.TargetBucket), TargetPrefix: stringPtr(m.TargetPrefix)}
}

func accessLoggingValue(l *bucketconfig.AccessLogging) types.Object {
	if l == nil {
		return types.ObjectNull(accessLoggingAttrTypes)
	}
	return types.ObjectValueMust(accessLoggingAttrTypes, map[string]attr.Value{
		"target_bucket": stringValue(l.TargetBucket),
		"target_prefix": stringValue(l.TargetPrefix),
	})
}

// objectLockFromModel converts object_lock (nil when null or unknown).
func objectLockFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.ObjectLock {
	m, ok := objectAsModel[objectLockModel](ctx, o, diags)
	if !ok {
		return nil
	}
	return &bucketconfig.ObjectLock{Mode: stringPtr(m.Mode), Days: int64Ptr(m.Days), Years: int64Ptr(m.Years),
		Partial: m.Days.IsUnknown() || m.Years.IsUnknown()}
}

func objectLockValue(l *bucketconfig.ObjectLock) types.Object {
	if l == nil {
		return types.ObjectNull(objectLockAttrTypes)
	}
	return types.ObjectValueMust(objectLockAttrTypes, map[string]attr.Value{
		"mode":  stringValue(l.Mode),
		"days":  int64Value(l.Days),
		"years": int64Value(l.Years),
	})
}
