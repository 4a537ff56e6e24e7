package bucketconfig

import "strings"

// Storage classes a lifecycle transition may move objects to, from warmest to
// coldest: the order of S3's supported-transitions waterfall. A tier's
// transitions must go strictly colder.
const (
	StorageClassStandardIA         = "STANDARD_IA"
	StorageClassIntelligentTiering = "INTELLIGENT_TIERING"
	StorageClassOneZoneIA          = "ONEZONE_IA"
	StorageClassGlacierIR          = "GLACIER_IR"
	StorageClassGlacier            = "GLACIER"
	StorageClassDeepArchive        = "DEEP_ARCHIVE"
)

// TransitionStorageClasses lists the accepted storage_class values, warmest
// first.
func TransitionStorageClasses() []string {
	return []string{StorageClassStandardIA, StorageClassIntelligentTiering, StorageClassOneZoneIA,
		StorageClassGlacierIR, StorageClassGlacier, StorageClassDeepArchive}
}

// storageClassRank orders the classes from warm (1) to cold; 0 is unknown.
func storageClassRank(c string) int {
	for i, s := range TransitionStorageClasses() {
		if s == c {
			return i + 1
		}
	}
	return 0
}

// IsInfrequentAccess reports whether objects must stay 30 days in the
// STANDARD class before moving to c, and 30 days in c before moving on.
func IsInfrequentAccess(c string) bool {
	return c == StorageClassStandardIA || c == StorageClassOneZoneIA
}

// isArchive reports whether c is a Glacier class or Deep Archive.
func isArchive(c string) bool { return strings.HasPrefix(c, "GLACIER") || c == StorageClassDeepArchive }

// MinDaysBeforeInfrequentAccess is S3's minimum age for a transition to
// STANDARD_IA / ONEZONE_IA, and the minimum stay in those classes before
// the next transition.
const MinDaysBeforeInfrequentAccess = 30

// Lifecycle rule ids the resource writes.
const (
	// AbortMultipartRuleID is the bucket-wide abort-incomplete-multipart rule.
	AbortMultipartRuleID = "abort-incomplete-multipart-uploads"
	// tierRuleIDPrefix + index is a lifecycle_tiers rule.
	tierRuleIDPrefix = "tier-"
)

// Transition is one transitions (or noncurrent_transitions) element: Days
// is the object's age (or the days since it became noncurrent). Nil
// pointers are unknown until apply (validation); once read back from S3, a
// nil Days is a transition on a date, which the schema cannot hold.
type Transition struct {
	Days         *int64
	StorageClass *string
}

// LifecycleTier is one lifecycle_tiers element: one lifecycle rule.
type LifecycleTier struct {
	// Filter: objects under Prefix carrying every tag in Tags, larger than
	// ObjectSizeGreaterThan and smaller than ObjectSizeLessThan bytes.
	Prefix                string
	Tags                  map[string]string
	ObjectSizeGreaterThan *int64
	ObjectSizeLessThan    *int64
	// Actions.
	Transitions               []Transition
	ExpirationDays            *int64
	ExpiredObjectDeleteMarker *bool
	NoncurrentTransitions     []Transition
	NoncurrentExpirationDays  *int64
	// Partial marks a tier with values unknown until apply: rules that need
	// every value are skipped.
	Partial bool
}

// Transition default minimum object size (transition_default_minimum_object_size):
// objects smaller than this are not transitioned unless a rule's size filter
// says otherwise.
const (
	MinimumObjectSizeAllStorageClasses128K = "all_storage_classes_128K" // AWS's default
	MinimumObjectSizeVariesByStorageClass  = "varies_by_storage_class"
)

// TransitionMinimumObjectSizes lists the accepted values, AWS's default first.
func TransitionMinimumObjectSizes() []string {
	return []string{MinimumObjectSizeAllStorageClasses128K, MinimumObjectSizeVariesByStorageClass}
}

// Lifecycle is a bucket's whole lifecycle configuration as the resource
// manages it.
type Lifecycle struct {
	Tiers []LifecycleTier
	// AbortDays is the bucket-wide abort-incomplete-multipart rule (0: none).
	AbortDays int64
	// MinimumObjectSize is transition_default_minimum_object_size ("": the
	// store's default).
	MinimumObjectSize string
	// Unheld names, rule by rule, what an actual configuration holds that
	// the schema cannot (a dated transition, a disabled rule, ...). Reading
	// never drops it silently: the resource warns with these.
	Unheld []string
}
