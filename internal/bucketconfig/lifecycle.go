package bucketconfig

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

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

// Transition is one transitions element. Nil pointers are unknown until apply
// (validation) and never nil once converted to the API.
type Transition struct {
	Days         *int64
	StorageClass *string
}

// LifecycleTier is one lifecycle_tiers element.
type LifecycleTier struct {
	Prefix                   string
	Transitions              []Transition
	ExpirationDays           *int64
	NoncurrentExpirationDays *int64
	// Partial marks a tier whose transitions list or expirations are unknown
	// until apply: rules that need every value are skipped.
	Partial bool
}

// ValidateLifecycle checks every tier: storage classes; days not negative;
// IA transitions not before day 30; any transition at least 30 days after an
// IA transition (S3 keeps objects 30 days in IA); transitions in order (days
// strictly increasing, each class colder than the previous one); expiration
// after the last transition; at least one action per tier. p is the path of
// lifecycle_tiers.
func ValidateLifecycle(tiers []LifecycleTier, p Path) []FieldError {
	var errs []FieldError
	add := func(fp Path, summary, format string, args ...any) {
		errs = append(errs, fieldErr(fp, summary, "%s: "+format, append([]any{fp}, args...)...))
	}
	for i, t := range tiers {
		tp := p.At(i)
		// Every known transition, in list order, with its index.
		type known struct {
			idx   int
			days  *int64
			class string // "" when unknown or invalid
		}
		var seen []known
		var lastIA *known // the latest IA transition so far (by list order)
		for j, tr := range t.Transitions {
			trp := tp.At("transitions", j)
			k := known{idx: j, days: tr.Days}
			if tr.StorageClass != nil {
				if storageClassRank(*tr.StorageClass) == 0 {
					add(trp.At("storage_class"), "Invalid storage class",
						"%q is not a storage class lifecycle transitions accept; use %s.", *tr.StorageClass, strings.Join(TransitionStorageClasses(), ", "))
				} else {
					k.class = *tr.StorageClass
				}
			}
			if tr.Days != nil && *tr.Days < 0 {
				add(trp.At("days"), "Invalid transition days", "%d is negative; give the object age in days.", *tr.Days)
				k.days = nil
			}
			if k.days != nil && IsInfrequentAccess(k.class) && *k.days < MinDaysBeforeInfrequentAccess {
				add(trp.At("days"), "Transition to infrequent access too early",
					"a transition to %s must be at least %d days after creation (S3 rejects %d); set days to %d or more.",
					k.class, MinDaysBeforeInfrequentAccess, *k.days, MinDaysBeforeInfrequentAccess)
			}
			// Order against the previous known transitions.
			for _, prev := range seen {
				if prev.days != nil && k.days != nil && *k.days <= *prev.days {
					add(trp.At("days"), "Lifecycle transitions out of order",
						"day %d is not after transitions[%d] (day %d); list transitions in increasing days.", *k.days, prev.idx, *prev.days)
					break
				}
			}
			for _, prev := range seen {
				if prev.class != "" && k.class != "" && storageClassRank(k.class) <= storageClassRank(prev.class) {
					add(trp.At("storage_class"), "Lifecycle transitions out of order",
						"%s is not colder than %s (transitions[%d]); each transition must move to a colder class, in the order %s.",
						k.class, prev.class, prev.idx, strings.Join(TransitionStorageClasses(), " → "))
					break
				}
			}
			if lastIA != nil && lastIA.days != nil && k.days != nil && k.class != "" &&
				*k.days > *lastIA.days && *k.days-*lastIA.days < MinDaysBeforeInfrequentAccess {
				what := "transition"
				if isArchive(k.class) {
					what = "archive transition"
				}
				add(trp.At("days"), "Transition too soon after infrequent access",
					"this %s to %s at day %d is only %d days after the transition to %s at day %d (transitions[%d]); objects stay at least %d days in %s, so set days to %d or more.",
					what, k.class, *k.days, *k.days-*lastIA.days, lastIA.class, *lastIA.days, lastIA.idx, MinDaysBeforeInfrequentAccess, lastIA.class, *lastIA.days+MinDaysBeforeInfrequentAccess)
			}
			if IsInfrequentAccess(k.class) {
				kk := k
				lastIA = &kk
			}
			seen = append(seen, k)
		}
		if t.ExpirationDays != nil {
			ep := tp.At("expiration_days")
			if *t.ExpirationDays < 1 {
				add(ep, "Invalid expiration days", "%d is not a positive number of days.", *t.ExpirationDays)
			} else {
				// The latest known transition day.
				var last *known
				for idx := range seen {
					if seen[idx].days != nil && (last == nil || *seen[idx].days > *last.days) {
						last = &seen[idx]
					}
				}
				if last != nil && *t.ExpirationDays <= *last.days {
					add(ep, "Expiration before the last transition",
						"objects expire at day %d but transitions[%d] moves them at day %d; expiration must come after the last transition (day %d or later), or remove the transition.",
						*t.ExpirationDays, last.idx, *last.days, *last.days+1)
				}
			}
		}
		if t.NoncurrentExpirationDays != nil && *t.NoncurrentExpirationDays < 1 {
			add(tp.At("noncurrent_expiration_days"), "Invalid noncurrent expiration days",
				"%d is not a positive number of days.", *t.NoncurrentExpirationDays)
		}
		if !t.Partial && len(t.Transitions) == 0 && t.ExpirationDays == nil && t.NoncurrentExpirationDays == nil {
			add(tp, "Lifecycle tier without an action",
				"the tier for prefix %q has no transitions, expiration_days or noncurrent_expiration_days; S3 rejects a rule without an action. Add one or remove the tier.", t.Prefix)
		}
	}
	return errs
}

// ValidateAbortMultipartDays checks abort_incomplete_multipart_days (0
// disables the rule).
func ValidateAbortMultipartDays(days int64, p Path) []FieldError {
	if days < 0 {
		return []FieldError{fieldErr(p, "Invalid abort_incomplete_multipart_days",
			"%s: %d is negative; give a number of days, or 0 to disable the rule.", p, days)}
	}
	return nil
}

func tierRuleID(i int) string { return tierRuleIDPrefix + strconv.Itoa(i) }

// LifecycleToAPI converts the tiers and the bucket-wide abort rule (days 0:
// none) to lifecycle rules. Nil means the bucket has no lifecycle
// configuration at all (DeleteBucketLifecycle). Every value must be known.
func LifecycleToAPI(tiers []LifecycleTier, abortDays int64) []s3types.LifecycleRule {
	var rules []s3types.LifecycleRule
	for i, t := range tiers {
		r := s3types.LifecycleRule{
			ID:     aws.String(tierRuleID(i)),
			Status: s3types.ExpirationStatusEnabled,
			Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String(t.Prefix)},
		}
		for _, tr := range t.Transitions {
			r.Transitions = append(r.Transitions, s3types.Transition{
				Days:         aws.Int32(int32(aws.ToInt64(tr.Days))),
				StorageClass: s3types.TransitionStorageClass(aws.ToString(tr.StorageClass)),
			})
		}
		if t.ExpirationDays != nil {
			r.Expiration = &s3types.LifecycleExpiration{Days: aws.Int32(int32(*t.ExpirationDays))}
		}
		if t.NoncurrentExpirationDays != nil {
			r.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(int32(*t.NoncurrentExpirationDays))}
		}
		rules = append(rules, r)
	}
	if abortDays > 0 {
		rules = append(rules, s3types.LifecycleRule{
			ID:                             aws.String(AbortMultipartRuleID),
			Status:                         s3types.ExpirationStatusEnabled,
			Filter:                         &s3types.LifecycleRuleFilter{Prefix: aws.String("")},
			AbortIncompleteMultipartUpload: &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(int32(abortDays))},
		})
	}
	return rules
}

func rulePrefix(r s3types.LifecycleRule) string {
	if r.Filter != nil {
		if r.Filter.Prefix != nil {
			return *r.Filter.Prefix
		}
		if r.Filter.And != nil && r.Filter.And.Prefix != nil {
			return *r.Filter.And.Prefix
		}
	}
	// Rules written before filters existed carry the prefix on the rule.
	return aws.ToString(r.Prefix) //nolint:staticcheck // reading legacy rules is the point
}

// LifecycleFromAPI reads lifecycle rules back as tiers and the bucket-wide
// abort-incomplete-multipart days (0: none). Disabled rules are ignored (they
// do nothing, so a rule disabled out of band shows as a difference). Tiers
// keep the order the rules were written in: when every tier rule carries this
// resource's ids they are sorted by id, otherwise the server's order is kept.
func LifecycleFromAPI(rules []s3types.LifecycleRule) (tiers []LifecycleTier, abortDays int64) {
	type indexed struct {
		tier LifecycleTier
		idx  int // -1: not one of ours
	}
	var out []indexed
	for _, r := range rules {
		if r.Status != s3types.ExpirationStatusEnabled {
			continue
		}
		prefix := rulePrefix(r)
		if r.AbortIncompleteMultipartUpload != nil && prefix == "" && abortDays == 0 {
			abortDays = int64(aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation))
		}
		hasAction := len(r.Transitions) > 0 || r.Expiration != nil || r.NoncurrentVersionExpiration != nil
		if !hasAction && r.AbortIncompleteMultipartUpload != nil && prefix == "" {
			continue // the bucket-wide abort rule, not a tier
		}
		t := LifecycleTier{Prefix: prefix}
		for _, tr := range r.Transitions {
			if tr.Days == nil {
				continue // date-based transitions are not managed here
			}
			d := int64(*tr.Days)
			c := string(tr.StorageClass)
			t.Transitions = append(t.Transitions, Transition{Days: &d, StorageClass: &c})
		}
		if r.Expiration != nil && r.Expiration.Days != nil && *r.Expiration.Days > 0 {
			d := int64(*r.Expiration.Days)
			t.ExpirationDays = &d
		}
		if r.NoncurrentVersionExpiration != nil && r.NoncurrentVersionExpiration.NoncurrentDays != nil {
			d := int64(*r.NoncurrentVersionExpiration.NoncurrentDays)
			t.NoncurrentExpirationDays = &d
		}
		idx := -1
		if id := aws.ToString(r.ID); strings.HasPrefix(id, tierRuleIDPrefix) {
			if n, err := strconv.Atoi(strings.TrimPrefix(id, tierRuleIDPrefix)); err == nil && n >= 0 {
				idx = n
			}
		}
		out = append(out, indexed{tier: t, idx: idx})
	}
	ours := true
	for _, o := range out {
		ours = ours && o.idx >= 0
	}
	if ours {
		sort.SliceStable(out, func(a, b int) bool { return out[a].idx < out[b].idx })
	}
	for _, o := range out {
		tiers = append(tiers, o.tier)
	}
	return tiers, abortDays
}
