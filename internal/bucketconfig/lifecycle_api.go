package bucketconfig

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

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
			Filter: tierFilter(t),
		}
		for _, tr := range t.Transitions {
			r.Transitions = append(r.Transitions, s3types.Transition{
				Days:         aws.Int32(int32(aws.ToInt64(tr.Days))),
				StorageClass: s3types.TransitionStorageClass(aws.ToString(tr.StorageClass)),
			})
		}
		switch {
		case t.ExpiredObjectDeleteMarker != nil && *t.ExpiredObjectDeleteMarker:
			r.Expiration = &s3types.LifecycleExpiration{ExpiredObjectDeleteMarker: aws.Bool(true)}
		case t.ExpirationDays != nil:
			r.Expiration = &s3types.LifecycleExpiration{Days: aws.Int32(int32(*t.ExpirationDays))}
		}
		for _, tr := range t.NoncurrentTransitions {
			r.NoncurrentVersionTransitions = append(r.NoncurrentVersionTransitions, s3types.NoncurrentVersionTransition{
				NoncurrentDays: aws.Int32(int32(aws.ToInt64(tr.Days))),
				StorageClass:   s3types.TransitionStorageClass(aws.ToString(tr.StorageClass)),
			})
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

// tierFilter is a tier's rule filter: a single predicate on its own (the
// prefix, "" included, when there is nothing else), several in an And.
func tierFilter(t LifecycleTier) *s3types.LifecycleRuleFilter {
	n := len(t.Tags)
	if t.Prefix != "" {
		n++
	}
	if t.ObjectSizeGreaterThan != nil {
		n++
	}
	if t.ObjectSizeLessThan != nil {
		n++
	}
	tags := TagsToAPI(t.Tags)
	switch {
	case n > 1:
		and := &s3types.LifecycleRuleAndOperator{Tags: tags, ObjectSizeGreaterThan: t.ObjectSizeGreaterThan, ObjectSizeLessThan: t.ObjectSizeLessThan}
		if t.Prefix != "" {
			and.Prefix = aws.String(t.Prefix)
		}
		return &s3types.LifecycleRuleFilter{And: and}
	case len(tags) == 1:
		return &s3types.LifecycleRuleFilter{Tag: &tags[0]}
	case t.ObjectSizeGreaterThan != nil:
		return &s3types.LifecycleRuleFilter{ObjectSizeGreaterThan: t.ObjectSizeGreaterThan}
	case t.ObjectSizeLessThan != nil:
		return &s3types.LifecycleRuleFilter{ObjectSizeLessThan: t.ObjectSizeLessThan}
	default:
		return &s3types.LifecycleRuleFilter{Prefix: aws.String(t.Prefix)}
	}
}

// readFilter reads a rule's filter into t.
func readFilter(r s3types.LifecycleRule, t *LifecycleTier) {
	f := r.Filter
	switch {
	case f == nil:
		// Rules written before filters existed carry the prefix on the rule.
		t.Prefix = aws.ToString(r.Prefix) //nolint:staticcheck // reading legacy rules is the point
	case f.And != nil:
		t.Prefix = aws.ToString(f.And.Prefix)
		if len(f.And.Tags) > 0 {
			t.Tags = TagsFromAPI(f.And.Tags)
		}
		t.ObjectSizeGreaterThan = f.And.ObjectSizeGreaterThan
		t.ObjectSizeLessThan = f.And.ObjectSizeLessThan
	default:
		t.Prefix = aws.ToString(f.Prefix)
		if f.Tag != nil {
			t.Tags = TagsFromAPI([]s3types.Tag{*f.Tag})
		}
		t.ObjectSizeGreaterThan = f.ObjectSizeGreaterThan
		t.ObjectSizeLessThan = f.ObjectSizeLessThan
	}
}

func ruleName(r s3types.LifecycleRule) string {
	if id := aws.ToString(r.ID); id != "" {
		return fmt.Sprintf("lifecycle rule %q", id)
	}
	return "a lifecycle rule without an id"
}

// LifecycleFromAPI reads lifecycle rules back as tiers and the bucket-wide
// abort-incomplete-multipart days (0: none). Tiers keep the order the rules
// were written in: when every tier rule carries this resource's ids they are
// sorted by id, otherwise the server's order is kept.
//
// What the schema cannot hold is never dropped silently: it is named in
// Unheld, and where the tier can show it, it shows (a transition on a date
// is a transition without days, so the plan shows it going away).
func LifecycleFromAPI(rules []s3types.LifecycleRule) Lifecycle {
	var l Lifecycle
	type indexed struct {
		tier LifecycleTier
		idx  int // -1: not one of ours
	}
	var out []indexed
	unheld := func(r s3types.LifecycleRule, format string, args ...any) {
		l.Unheld = append(l.Unheld, ruleName(r)+" "+fmt.Sprintf(format, args...))
	}
	for _, r := range rules {
		if r.Status != s3types.ExpirationStatusEnabled {
			unheld(r, "is disabled (lifecycle_tiers holds enabled rules only)")
			continue
		}
		var t LifecycleTier
		readFilter(r, &t)
		filtered := t.Prefix != "" || len(t.Tags) > 0 || t.ObjectSizeGreaterThan != nil || t.ObjectSizeLessThan != nil
		if a := r.AbortIncompleteMultipartUpload; a != nil {
			days := int64(aws.ToInt32(a.DaysAfterInitiation))
			switch {
			case filtered:
				unheld(r, "aborts incomplete multipart uploads after %d days for part of the bucket only (abort_incomplete_multipart_days is bucket-wide)", days)
			case l.AbortDays == 0:
				l.AbortDays = days
			case l.AbortDays != days:
				unheld(r, "aborts incomplete multipart uploads after %d days besides another bucket-wide rule with %d days", days, l.AbortDays)
			}
		}
		for _, tr := range r.Transitions {
			c := string(tr.StorageClass)
			if tr.Days == nil {
				unheld(r, "moves objects to %s on a date (%s); lifecycle_tiers counts days", c, dateOf(tr.Date))
				t.Transitions = append(t.Transitions, Transition{StorageClass: &c})
				continue
			}
			d := int64(*tr.Days)
			t.Transitions = append(t.Transitions, Transition{Days: &d, StorageClass: &c})
		}
		if e := r.Expiration; e != nil {
			switch {
			case e.Date != nil:
				unheld(r, "expires objects on a date (%s); lifecycle_tiers counts days", dateOf(e.Date))
			case e.Days != nil && *e.Days > 0:
				d := int64(*e.Days)
				t.ExpirationDays = &d
			}
			if aws.ToBool(e.ExpiredObjectDeleteMarker) {
				t.ExpiredObjectDeleteMarker = aws.Bool(true)
			}
		}
		for _, tr := range r.NoncurrentVersionTransitions {
			if tr.NewerNoncurrentVersions != nil {
				unheld(r, "keeps the %d newest noncurrent versions out of a transition (newer_noncurrent_versions is not in lifecycle_tiers)", *tr.NewerNoncurrentVersions)
			}
			d := int64(aws.ToInt32(tr.NoncurrentDays))
			c := string(tr.StorageClass)
			t.NoncurrentTransitions = append(t.NoncurrentTransitions, Transition{Days: &d, StorageClass: &c})
		}
		if e := r.NoncurrentVersionExpiration; e != nil {
			if e.NewerNoncurrentVersions != nil {
				unheld(r, "keeps the %d newest noncurrent versions from expiring (newer_noncurrent_versions is not in lifecycle_tiers)", *e.NewerNoncurrentVersions)
			}
			if e.NoncurrentDays != nil {
				d := int64(*e.NoncurrentDays)
				t.NoncurrentExpirationDays = &d
			}
		}
		hasAction := len(t.Transitions) > 0 || t.ExpirationDays != nil || t.NoncurrentExpirationDays != nil ||
			len(t.NoncurrentTransitions) > 0 || t.ExpiredObjectDeleteMarker != nil
		if !hasAction {
			continue // the bucket-wide abort rule (or a rule whose only content is named above)
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
		l.Tiers = append(l.Tiers, o.tier)
	}
	return l
}

func dateOf(t *time.Time) string {
	if t == nil {
		return "no date"
	}
	return t.UTC().Format("2006-01-02")
}
