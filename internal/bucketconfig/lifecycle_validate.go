package bucketconfig

import (
	"sort"
	"strings"
)

// ValidateLifecycle checks every tier as S3 would at apply:
//   - storage classes; days not negative; IA transitions not before day 30;
//     any transition at least 30 days after an IA transition (S3 keeps
//     objects 30 days in IA); transitions in order (days strictly
//     increasing, each class colder than the previous one) — for current and
//     noncurrent transitions alike;
//   - expiration after the last transition, noncurrent expiration after the
//     last noncurrent transition;
//   - size filters: object_size_less_than above object_size_greater_than;
//     tag keys not empty;
//   - expired_object_delete_marker not with expiration_days (one Expiration
//     element cannot hold both) nor with a tag or size filter (delete
//     markers have neither);
//   - at least one action per tier.
//
// p is the path of lifecycle_tiers.
func ValidateLifecycle(tiers []LifecycleTier, p Path) []FieldError {
	v := &lifecycleValidator{}
	for i, t := range tiers {
		v.tier(t, p.At(i))
	}
	return v.errs
}

type lifecycleValidator struct{ errs []FieldError }

func (v *lifecycleValidator) add(fp Path, summary, format string, args ...any) {
	v.errs = append(v.errs, fieldErr(fp, summary, "%s: "+format, append([]any{fp}, args...)...))
}

// knownTransition is a transition with its list index; class is "" when
// unknown or invalid, days nil when unknown or invalid.
type knownTransition struct {
	idx   int
	days  *int64
	class string
}

func (v *lifecycleValidator) tier(t LifecycleTier, tp Path) {
	seen := v.transitions(t.Transitions, tp, "transitions", "day", "a transition", "creation")
	v.expiration(t.ExpirationDays, seen, tp.At("expiration_days"), "transitions", "objects expire")
	noncurrent := v.transitions(t.NoncurrentTransitions, tp, "noncurrent_transitions", "noncurrent day", "a noncurrent transition", "the version becomes noncurrent")
	v.expiration(t.NoncurrentExpirationDays, noncurrent, tp.At("noncurrent_expiration_days"), "noncurrent_transitions", "noncurrent versions are deleted")

	if t.ObjectSizeGreaterThan != nil && *t.ObjectSizeGreaterThan < 0 {
		v.add(tp.At("object_size_greater_than"), "Invalid object size filter", "%d is negative; give a size in bytes.", *t.ObjectSizeGreaterThan)
	}
	if t.ObjectSizeLessThan != nil && *t.ObjectSizeLessThan < 1 {
		v.add(tp.At("object_size_less_than"), "Invalid object size filter", "%d is not a positive size in bytes.", *t.ObjectSizeLessThan)
	}
	if gt, lt := t.ObjectSizeGreaterThan, t.ObjectSizeLessThan; gt != nil && lt != nil && *lt <= *gt {
		v.add(tp.At("object_size_less_than"), "Empty object size range",
			"objects smaller than %d bytes and larger than %d bytes: no object is both; object_size_less_than must be greater than object_size_greater_than.", *lt, *gt)
	}
	keys := make([]string, 0, len(t.Tags))
	for k := range t.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			v.add(tp.At("tags"), "Invalid lifecycle tag filter", "a tag key is empty; S3 tag keys are 1 to 128 characters.")
		}
	}

	if eodm := t.ExpiredObjectDeleteMarker; eodm != nil && *eodm {
		ep := tp.At("expired_object_delete_marker")
		if t.ExpirationDays != nil {
			v.add(ep, "Delete marker cleanup with an expiration",
				"S3 refuses expired_object_delete_marker and expiration_days in one rule (one Expiration element holds one or the other). "+
					"Put the delete-marker cleanup in a tier of its own with the same prefix.")
		}
		if len(t.Tags) > 0 || t.ObjectSizeGreaterThan != nil || t.ObjectSizeLessThan != nil {
			v.add(ep, "Delete marker cleanup with a tag or size filter",
				"S3 refuses expired_object_delete_marker in a rule filtered by tags or object size (delete markers have neither). "+
					"Put the delete-marker cleanup in a tier filtered by prefix only.")
		}
	}

	if !t.Partial && len(t.Transitions) == 0 && t.ExpirationDays == nil && t.NoncurrentExpirationDays == nil &&
		len(t.NoncurrentTransitions) == 0 && (t.ExpiredObjectDeleteMarker == nil || !*t.ExpiredObjectDeleteMarker) {
		v.add(tp, "Lifecycle tier without an action",
			"the tier for prefix %q has no transitions, expiration_days, noncurrent_transitions, noncurrent_expiration_days or "+
				"expired_object_delete_marker; S3 rejects a rule without an action. Add one or remove the tier.", t.Prefix)
	}
}

// transitions checks one list of transitions (list is its attribute name;
// day, what and since word the messages) and returns the known ones.
func (v *lifecycleValidator) transitions(trs []Transition, tp Path, list, day, what, since string) []knownTransition {
	var seen []knownTransition
	var lastIA *knownTransition // the latest IA transition so far (by list order)
	for j, tr := range trs {
		trp := tp.At(list, j)
		k := knownTransition{idx: j, days: tr.Days}
		if tr.StorageClass != nil {
			if storageClassRank(*tr.StorageClass) == 0 {
				v.add(trp.At("storage_class"), "Invalid storage class",
					"%q is not a storage class lifecycle transitions accept; use %s.", *tr.StorageClass, strings.Join(TransitionStorageClasses(), ", "))
			} else {
				k.class = *tr.StorageClass
			}
		}
		if tr.Days != nil && *tr.Days < 0 {
			v.add(trp.At("days"), "Invalid transition days", "%d is negative; give a number of days.", *tr.Days)
			k.days = nil
		}
		if k.days != nil && IsInfrequentAccess(k.class) && *k.days < MinDaysBeforeInfrequentAccess {
			v.add(trp.At("days"), "Transition to infrequent access too early",
				"%s to %s must be at least %d days after %s (S3 rejects %d); set days to %d or more.",
				what, k.class, MinDaysBeforeInfrequentAccess, since, *k.days, MinDaysBeforeInfrequentAccess)
		}
		// Order against the previous known transitions.
		for _, prev := range seen {
			if prev.days != nil && k.days != nil && *k.days <= *prev.days {
				v.add(trp.At("days"), "Lifecycle transitions out of order",
					"%s %d is not after %s[%d] (%s %d); list %s in increasing days.", day, *k.days, list, prev.idx, day, *prev.days, list)
				break
			}
		}
		for _, prev := range seen {
			if prev.class != "" && k.class != "" && storageClassRank(k.class) <= storageClassRank(prev.class) {
				v.add(trp.At("storage_class"), "Lifecycle transitions out of order",
					"%s is not colder than %s (%s[%d]); each transition must move to a colder class, in the order %s.",
					k.class, prev.class, list, prev.idx, strings.Join(TransitionStorageClasses(), " → "))
				break
			}
		}
		if lastIA != nil && lastIA.days != nil && k.days != nil && k.class != "" &&
			*k.days > *lastIA.days && *k.days-*lastIA.days < MinDaysBeforeInfrequentAccess {
			kind := "transition"
			if isArchive(k.class) {
				kind = "archive transition"
			}
			v.add(trp.At("days"), "Transition too soon after infrequent access",
				"this %s to %s at %s %d is only %d days after the transition to %s at %s %d (%s[%d]); objects stay at least %d days in %s, so set days to %d or more.",
				kind, k.class, day, *k.days, *k.days-*lastIA.days, lastIA.class, day, *lastIA.days, list, lastIA.idx, MinDaysBeforeInfrequentAccess, lastIA.class, *lastIA.days+MinDaysBeforeInfrequentAccess)
		}
		if IsInfrequentAccess(k.class) {
			kk := k
			lastIA = &kk
		}
		seen = append(seen, k)
	}
	return seen
}

// expiration checks an expiration in days against the transitions before it.
func (v *lifecycleValidator) expiration(days *int64, seen []knownTransition, ep Path, list, what string) {
	if days == nil {
		return
	}
	if *days < 1 {
		v.add(ep, "Invalid expiration days", "%d is not a positive number of days.", *days)
		return
	}
	var last *knownTransition
	for idx := range seen {
		if seen[idx].days != nil && (last == nil || *seen[idx].days > *last.days) {
			last = &seen[idx]
		}
	}
	if last != nil && *days <= *last.days {
		v.add(ep, "Expiration before the last transition",
			"%s at day %d but %s[%d] moves them at day %d; expiration must come after the last transition (day %d or later), or remove the transition.",
			what, *days, list, last.idx, *last.days, *last.days+1)
	}
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
