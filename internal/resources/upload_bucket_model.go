package resources

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// uploadBucketModel is the filestore_upload_bucket resource.
type uploadBucketModel struct {
	ID                           types.String         `tfsdk:"id"`
	Bucket                       types.String         `tfsdk:"bucket"`
	BucketPrefix                 types.String         `tfsdk:"bucket_prefix"`
	ForceDestroy                 types.Bool           `tfsdk:"force_destroy"`
	Versioning                   types.Bool           `tfsdk:"versioning"`
	CORSRules                    types.List           `tfsdk:"cors_rules"`
	Encryption                   types.Object         `tfsdk:"encryption"`
	DenyInsecureTransport        types.Bool           `tfsdk:"deny_insecure_transport"`
	DenyUnencryptedUploads       types.Bool           `tfsdk:"deny_unencrypted_uploads"`
	BlockPublicAccess            types.Bool           `tfsdk:"block_public_access"`
	ObjectOwnership              types.String         `tfsdk:"object_ownership"`
	LifecycleTiers               types.List           `tfsdk:"lifecycle_tiers"`
	AbortIncompleteMultipartDays types.Int64          `tfsdk:"abort_incomplete_multipart_days"`
	CDNReadAccess                types.Object         `tfsdk:"cdn_read_access"`
	Tags                         types.Map            `tfsdk:"tags"`
	TagsAll                      types.Map            `tfsdk:"tags_all"`
	ARN                          types.String         `tfsdk:"arn"`
	Region                       types.String         `tfsdk:"region"`
	BucketDomainName             types.String         `tfsdk:"bucket_domain_name"`
	BucketRegionalDomainName     types.String         `tfsdk:"bucket_regional_domain_name"`
	PolicyJSON                   jsontypes.Normalized `tfsdk:"policy_json"`
}

type bucketCORSRuleModel struct {
	AllowedOrigins types.List  `tfsdk:"allowed_origins"`
	AllowedMethods types.List  `tfsdk:"allowed_methods"`
	AllowedHeaders types.List  `tfsdk:"allowed_headers"`
	ExposeHeaders  types.List  `tfsdk:"expose_headers"`
	MaxAgeSeconds  types.Int64 `tfsdk:"max_age_seconds"`
}

type bucketEncryptionModel struct {
	Algorithm        types.String `tfsdk:"algorithm"`
	KMSKeyID         types.String `tfsdk:"kms_key_id"`
	BucketKeyEnabled types.Bool   `tfsdk:"bucket_key_enabled"`
}

type bucketLifecycleTierModel struct {
	Prefix                   types.String `tfsdk:"prefix"`
	Transitions              types.List   `tfsdk:"transitions"`
	ExpirationDays           types.Int64  `tfsdk:"expiration_days"`
	NoncurrentExpirationDays types.Int64  `tfsdk:"noncurrent_expiration_days"`
}

type bucketTransitionModel struct {
	Days         types.Int64  `tfsdk:"days"`
	StorageClass types.String `tfsdk:"storage_class"`
}

type bucketCDNReadAccessModel struct {
	DistributionARNs types.Set `tfsdk:"distribution_arns"`
}

var (
	bucketCORSRuleAttrTypes = map[string]attr.Type{
		"allowed_origins": types.ListType{ElemType: types.StringType},
		"allowed_methods": types.ListType{ElemType: types.StringType},
		"allowed_headers": types.ListType{ElemType: types.StringType},
		"expose_headers":  types.ListType{ElemType: types.StringType},
		"max_age_seconds": types.Int64Type,
	}
	bucketEncryptionAttrTypes = map[string]attr.Type{
		"algorithm":          types.StringType,
		"kms_key_id":         types.StringType,
		"bucket_key_enabled": types.BoolType,
	}
	bucketTransitionAttrTypes = map[string]attr.Type{
		"days":          types.Int64Type,
		"storage_class": types.StringType,
	}
	bucketLifecycleTierAttrTypes = map[string]attr.Type{
		"prefix":                     types.StringType,
		"transitions":                types.ListType{ElemType: types.ObjectType{AttrTypes: bucketTransitionAttrTypes}},
		"expiration_days":            types.Int64Type,
		"noncurrent_expiration_days": types.Int64Type,
	}
	bucketCDNReadAccessAttrTypes = map[string]attr.Type{
		"distribution_arns": types.SetType{ElemType: types.StringType},
	}
)

var bucketObjectAs = basetypes.ObjectAsOptions{}

// bucketKnown reports whether an attribute value is set and known (its
// elements may still be unknown; see bucketFullyKnown).
func bucketKnown(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// bucketFullyKnown reports whether a value and everything in it is known
// (null counts as known).
func bucketFullyKnown(ctx context.Context, v attr.Value) bool {
	tv, err := v.ToTerraformValue(ctx)
	return err == nil && tv.IsFullyKnown()
}

// bucketStrings converts a known list or set of strings.
func bucketStrings(ctx context.Context, v attr.Value, diags *diag.Diagnostics) []string {
	if !bucketKnown(v) {
		return nil
	}
	var out []string
	switch t := v.(type) {
	case types.List:
		diags.Append(t.ElementsAs(ctx, &out, false)...)
	case types.Set:
		diags.Append(t.ElementsAs(ctx, &out, false)...)
	}
	return out
}

func bucketStringList(ss []string) types.List {
	if ss == nil {
		return types.ListNull(types.StringType)
	}
	vals := make([]attr.Value, len(ss))
	for i, s := range ss {
		vals[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, vals)
}

func bucketInt64Ptr(v types.Int64) *int64 {
	if !bucketKnown(v) {
		return nil
	}
	x := v.ValueInt64()
	return &x
}

func bucketInt64Value(p *int64) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*p)
}

// --- model -> bucketconfig (every value known: Create / Update) ---

func bucketCORSFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.CORSRule {
	if !bucketKnown(l) {
		return nil
	}
	var rules []bucketCORSRuleModel
	diags.Append(l.ElementsAs(ctx, &rules, false)...)
	out := make([]bucketconfig.CORSRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, bucketconfig.CORSRule{
			AllowedOrigins: bucketStrings(ctx, r.AllowedOrigins, diags),
			AllowedMethods: bucketStrings(ctx, r.AllowedMethods, diags),
			AllowedHeaders: bucketStrings(ctx, r.AllowedHeaders, diags),
			ExposeHeaders:  bucketStrings(ctx, r.ExposeHeaders, diags),
			MaxAgeSeconds:  bucketInt64Ptr(r.MaxAgeSeconds),
		})
	}
	return out
}

func bucketEncryptionFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.Encryption {
	if !bucketKnown(o) {
		return nil
	}
	var m bucketEncryptionModel
	diags.Append(o.As(ctx, &m, bucketObjectAs)...)
	e := &bucketconfig.Encryption{}
	if bucketKnown(m.Algorithm) {
		a := m.Algorithm.ValueString()
		e.Algorithm = &a
	}
	if bucketKnown(m.KMSKeyID) {
		k := m.KMSKeyID.ValueString()
		e.KMSKeyID = &k
	}
	if bucketKnown(m.BucketKeyEnabled) {
		b := m.BucketKeyEnabled.ValueBool()
		e.BucketKeyEnabled = &b
	}
	return e
}

// bucketTiersFromModel converts lifecycle_tiers. Unknown values become nil
// pointers and mark the tier Partial, so the same conversion serves plan-time
// validation (config with unknowns) and apply (everything known).
func bucketTiersFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.LifecycleTier {
	if !bucketKnown(l) {
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
		var m bucketLifecycleTierModel
		diags.Append(obj.As(ctx, &m, bucketObjectAs)...)
		t := bucketconfig.LifecycleTier{
			Prefix:                   m.Prefix.ValueString(),
			ExpirationDays:           bucketInt64Ptr(m.ExpirationDays),
			NoncurrentExpirationDays: bucketInt64Ptr(m.NoncurrentExpirationDays),
			Partial:                  m.Transitions.IsUnknown() || m.ExpirationDays.IsUnknown() || m.NoncurrentExpirationDays.IsUnknown(),
		}
		if bucketKnown(m.Transitions) {
			for _, tv := range m.Transitions.Elements() {
				tobj, ok := tv.(types.Object)
				if !ok || tobj.IsNull() {
					continue
				}
				if tobj.IsUnknown() {
					t.Transitions = append(t.Transitions, bucketconfig.Transition{})
					continue
				}
				var tm bucketTransitionModel
				diags.Append(tobj.As(ctx, &tm, bucketObjectAs)...)
				tr := bucketconfig.Transition{Days: bucketInt64Ptr(tm.Days)}
				if bucketKnown(tm.StorageClass) {
					c := tm.StorageClass.ValueString()
					tr.StorageClass = &c
				}
				t.Transitions = append(t.Transitions, tr)
			}
		}
		out = append(out, t)
	}
	return out
}

func bucketCDNARNsFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) []string {
	if !bucketKnown(o) {
		return nil
	}
	var m bucketCDNReadAccessModel
	diags.Append(o.As(ctx, &m, bucketObjectAs)...)
	arns := bucketStrings(ctx, m.DistributionARNs, diags)
	sort.Strings(arns)
	return arns
}

func bucketTagsFromModel(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	if bucketKnown(m) {
		diags.Append(m.ElementsAs(ctx, &out, false)...)
	}
	return out
}

// --- bucketconfig -> model (Read) ---

func bucketCORSValue(rules []bucketconfig.CORSRule) types.List {
	objType := types.ObjectType{AttrTypes: bucketCORSRuleAttrTypes}
	if len(rules) == 0 {
		return types.ListNull(objType)
	}
	vals := make([]attr.Value, 0, len(rules))
	for _, r := range rules {
		vals = append(vals, types.ObjectValueMust(bucketCORSRuleAttrTypes, map[string]attr.Value{
			"allowed_origins": bucketStringList(r.AllowedOrigins),
			"allowed_methods": bucketStringList(r.AllowedMethods),
			"allowed_headers": bucketStringList(r.AllowedHeaders),
			"expose_headers":  bucketStringList(r.ExposeHeaders),
			"max_age_seconds": bucketInt64Value(r.MaxAgeSeconds),
		}))
	}
	return types.ListValueMust(objType, vals)
}

func bucketEncryptionValue(e *bucketconfig.Encryption) types.Object {
	if e == nil {
		return types.ObjectNull(bucketEncryptionAttrTypes)
	}
	kms := types.StringNull()
	if e.KMSKeyID != nil {
		kms = types.StringValue(*e.KMSKeyID)
	}
	bke := false
	if e.BucketKeyEnabled != nil {
		bke = *e.BucketKeyEnabled
	}
	return types.ObjectValueMust(bucketEncryptionAttrTypes, map[string]attr.Value{
		"algorithm":          types.StringValue(e.AlgorithmOrDefault()),
		"kms_key_id":         kms,
		"bucket_key_enabled": types.BoolValue(bke),
	})
}

func bucketDefaultEncryptionValue() types.Object {
	alg := bucketconfig.DefaultEncryptionAlgorithm
	f := false
	return bucketEncryptionValue(&bucketconfig.Encryption{Algorithm: &alg, BucketKeyEnabled: &f})
}

func bucketTiersValue(tiers []bucketconfig.LifecycleTier) types.List {
	tierType := types.ObjectType{AttrTypes: bucketLifecycleTierAttrTypes}
	trType := types.ObjectType{AttrTypes: bucketTransitionAttrTypes}
	if len(tiers) == 0 {
		return types.ListNull(tierType)
	}
	vals := make([]attr.Value, 0, len(tiers))
	for _, t := range tiers {
		trs := types.ListNull(trType)
		if len(t.Transitions) > 0 {
			tv := make([]attr.Value, 0, len(t.Transitions))
			for _, tr := range t.Transitions {
				cls := types.StringNull()
				if tr.StorageClass != nil {
					cls = types.StringValue(*tr.StorageClass)
				}
				tv = append(tv, types.ObjectValueMust(bucketTransitionAttrTypes, map[string]attr.Value{
					"days": bucketInt64Value(tr.Days), "storage_class": cls,
				}))
			}
			trs = types.ListValueMust(trType, tv)
		}
		vals = append(vals, types.ObjectValueMust(bucketLifecycleTierAttrTypes, map[string]attr.Value{
			"prefix":                     types.StringValue(t.Prefix),
			"transitions":                trs,
			"expiration_days":            bucketInt64Value(t.ExpirationDays),
			"noncurrent_expiration_days": bucketInt64Value(t.NoncurrentExpirationDays),
		}))
	}
	return types.ListValueMust(tierType, vals)
}

func bucketCDNReadAccessValue(arns []string) types.Object {
	if len(arns) == 0 {
		return types.ObjectNull(bucketCDNReadAccessAttrTypes)
	}
	vals := make([]attr.Value, len(arns))
	for i, a := range arns {
		vals[i] = types.StringValue(a)
	}
	return types.ObjectValueMust(bucketCDNReadAccessAttrTypes, map[string]attr.Value{
		"distribution_arns": types.SetValueMust(types.StringType, vals),
	})
}

// bucketTagsValue renders tags; empty is null unless keepEmpty (the user
// wrote `tags = {}`).
func bucketTagsValue(tags map[string]string, keepEmpty bool) types.Map {
	if len(tags) == 0 && !keepEmpty {
		return types.MapNull(types.StringType)
	}
	vals := make(map[string]attr.Value, len(tags))
	for k, v := range tags {
		vals[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, vals)
}
