package uploadbucket

import (
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Model is the filestore_upload_bucket resource.
type Model struct {
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
	Notifications                types.Object         `tfsdk:"notifications"`
	Quarantine                   types.Object         `tfsdk:"quarantine"`
	ScanGate                     types.Object         `tfsdk:"scan_gate"`
	PolicyStatements             jsontypes.Normalized `tfsdk:"policy_statements"`
	AccessLogging                types.Object         `tfsdk:"access_logging"`
	ObjectLock                   types.Object         `tfsdk:"object_lock"`
	TransitionMinimumObjectSize  types.String         `tfsdk:"transition_default_minimum_object_size"`
}

// fillUnknown replaces every value of m that is unknown with from's and
// reports whether there was one: after an apply, what the plan could not
// know (settings not managed with compatibility = "s3") is what the store
// says. Every attribute is listed here.
func (m *Model) fillUnknown(from *Model) (filled bool) {
	filled = fill(&m.ID, from.ID) || filled
	filled = fill(&m.Bucket, from.Bucket) || filled
	filled = fill(&m.BucketPrefix, from.BucketPrefix) || filled
	filled = fill(&m.ForceDestroy, from.ForceDestroy) || filled
	filled = fill(&m.Versioning, from.Versioning) || filled
	filled = fill(&m.CORSRules, from.CORSRules) || filled
	filled = fill(&m.Encryption, from.Encryption) || filled
	filled = fill(&m.DenyInsecureTransport, from.DenyInsecureTransport) || filled
	filled = fill(&m.DenyUnencryptedUploads, from.DenyUnencryptedUploads) || filled
	filled = fill(&m.BlockPublicAccess, from.BlockPublicAccess) || filled
	filled = fill(&m.ObjectOwnership, from.ObjectOwnership) || filled
	filled = fill(&m.LifecycleTiers, from.LifecycleTiers) || filled
	filled = fill(&m.AbortIncompleteMultipartDays, from.AbortIncompleteMultipartDays) || filled
	filled = fill(&m.CDNReadAccess, from.CDNReadAccess) || filled
	filled = fill(&m.Tags, from.Tags) || filled
	filled = fill(&m.TagsAll, from.TagsAll) || filled
	filled = fill(&m.ARN, from.ARN) || filled
	filled = fill(&m.Region, from.Region) || filled
	filled = fill(&m.BucketDomainName, from.BucketDomainName) || filled
	filled = fill(&m.BucketRegionalDomainName, from.BucketRegionalDomainName) || filled
	filled = fill(&m.PolicyJSON, from.PolicyJSON) || filled
	filled = fill(&m.Notifications, from.Notifications) || filled
	filled = fill(&m.Quarantine, from.Quarantine) || filled
	filled = fill(&m.ScanGate, from.ScanGate) || filled
	filled = fill(&m.PolicyStatements, from.PolicyStatements) || filled
	filled = fill(&m.AccessLogging, from.AccessLogging) || filled
	filled = fill(&m.ObjectLock, from.ObjectLock) || filled
	filled = fill(&m.TransitionMinimumObjectSize, from.TransitionMinimumObjectSize) || filled
	return filled
}

// hasUnknown reports whether an attribute of m is unknown.
func (m *Model) hasUnknown() bool {
	probe := *m
	return probe.fillUnknown(&Model{})
}

func fill[T attr.Value](dst *T, from T) bool {
	if !(*dst).IsUnknown() {
		return false
	}
	*dst = from
	return true
}

type corsRuleModel struct {
	AllowedOrigins types.List  `tfsdk:"allowed_origins"`
	AllowedMethods types.List  `tfsdk:"allowed_methods"`
	AllowedHeaders types.List  `tfsdk:"allowed_headers"`
	ExposeHeaders  types.List  `tfsdk:"expose_headers"`
	MaxAgeSeconds  types.Int64 `tfsdk:"max_age_seconds"`
}

type encryptionModel struct {
	Algorithm        types.String `tfsdk:"algorithm"`
	KMSKeyID         types.String `tfsdk:"kms_key_id"`
	BucketKeyEnabled types.Bool   `tfsdk:"bucket_key_enabled"`
}

type lifecycleTierModel struct {
	Prefix                    types.String `tfsdk:"prefix"`
	Tags                      types.Map    `tfsdk:"tags"`
	ObjectSizeGreaterThan     types.Int64  `tfsdk:"object_size_greater_than"`
	ObjectSizeLessThan        types.Int64  `tfsdk:"object_size_less_than"`
	Transitions               types.List   `tfsdk:"transitions"`
	ExpirationDays            types.Int64  `tfsdk:"expiration_days"`
	ExpiredObjectDeleteMarker types.Bool   `tfsdk:"expired_object_delete_marker"`
	NoncurrentTransitions     types.List   `tfsdk:"noncurrent_transitions"`
	NoncurrentExpirationDays  types.Int64  `tfsdk:"noncurrent_expiration_days"`
}

type transitionModel struct {
	Days         types.Int64  `tfsdk:"days"`
	StorageClass types.String `tfsdk:"storage_class"`
}

type cdnReadAccessModel struct {
	DistributionARNs types.Set `tfsdk:"distribution_arns"`
}

type notificationsModel struct {
	EventBridge types.Bool `tfsdk:"eventbridge"`
	Queues      types.List `tfsdk:"queues"`
	Topics      types.List `tfsdk:"topics"`
	Functions   types.List `tfsdk:"functions"`
}

type notificationDestinationModel struct {
	ARN    types.String `tfsdk:"arn"`
	Events types.List   `tfsdk:"events"`
	Prefix types.String `tfsdk:"prefix"`
	Suffix types.String `tfsdk:"suffix"`
}

type quarantineModel struct {
	Prefix              types.String `tfsdk:"prefix"`
	ReaderPrincipalARNs types.List   `tfsdk:"reader_principal_arns"`
	ExpirationDays      types.Int64  `tfsdk:"expiration_days"`
}

type scanGateModel struct {
	Prefixes            types.List   `tfsdk:"prefixes"`
	TagKey              types.String `tfsdk:"tag_key"`
	CleanValue          types.String `tfsdk:"clean_value"`
	ExemptPrincipalARNs types.List   `tfsdk:"exempt_principal_arns"`
}

var (
	notificationDestinationAttrTypes = map[string]attr.Type{
		"arn":    types.StringType,
		"events": types.ListType{ElemType: types.StringType},
		"prefix": types.StringType,
		"suffix": types.StringType,
	}
	notificationDestinationsType = types.ListType{ElemType: types.ObjectType{AttrTypes: notificationDestinationAttrTypes}}
	notificationsAttrTypes       = map[string]attr.Type{
		"eventbridge": types.BoolType,
		"queues":      notificationDestinationsType,
		"topics":      notificationDestinationsType,
		"functions":   notificationDestinationsType,
	}
	quarantineAttrTypes = map[string]attr.Type{
		"prefix":                types.StringType,
		"reader_principal_arns": types.ListType{ElemType: types.StringType},
		"expiration_days":       types.Int64Type,
	}
	scanGateAttrTypes = map[string]attr.Type{
		"prefixes":              types.ListType{ElemType: types.StringType},
		"tag_key":               types.StringType,
		"clean_value":           types.StringType,
		"exempt_principal_arns": types.ListType{ElemType: types.StringType},
	}
)

type accessLoggingModel struct {
	TargetBucket types.String `tfsdk:"target_bucket"`
	TargetPrefix types.String `tfsdk:"target_prefix"`
}

type objectLockModel struct {
	Mode  types.String `tfsdk:"mode"`
	Days  types.Int64  `tfsdk:"days"`
	Years types.Int64  `tfsdk:"years"`
}

var (
	corsRuleAttrTypes = map[string]attr.Type{
		"allowed_origins": types.ListType{ElemType: types.StringType},
		"allowed_methods": types.ListType{ElemType: types.StringType},
		"allowed_headers": types.ListType{ElemType: types.StringType},
		"expose_headers":  types.ListType{ElemType: types.StringType},
		"max_age_seconds": types.Int64Type,
	}
	encryptionAttrTypes = map[string]attr.Type{
		"algorithm":          types.StringType,
		"kms_key_id":         types.StringType,
		"bucket_key_enabled": types.BoolType,
	}
	transitionAttrTypes = map[string]attr.Type{
		"days":          types.Int64Type,
		"storage_class": types.StringType,
	}
	lifecycleTierAttrTypes = map[string]attr.Type{
		"prefix":                       types.StringType,
		"tags":                         types.MapType{ElemType: types.StringType},
		"object_size_greater_than":     types.Int64Type,
		"object_size_less_than":        types.Int64Type,
		"transitions":                  types.ListType{ElemType: types.ObjectType{AttrTypes: transitionAttrTypes}},
		"expiration_days":              types.Int64Type,
		"expired_object_delete_marker": types.BoolType,
		"noncurrent_transitions":       types.ListType{ElemType: types.ObjectType{AttrTypes: transitionAttrTypes}},
		"noncurrent_expiration_days":   types.Int64Type,
	}
	cdnReadAccessAttrTypes = map[string]attr.Type{
		"distribution_arns": types.SetType{ElemType: types.StringType},
	}
	accessLoggingAttrTypes = map[string]attr.Type{
		"target_bucket": types.StringType,
		"target_prefix": types.StringType,
	}
	objectLockAttrTypes = map[string]attr.Type{
		"mode":  types.StringType,
		"days":  types.Int64Type,
		"years": types.Int64Type,
	}
)
