package bucketconfig

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func yes() *bool { return aws.Bool(true) }

func TestValidateLifecycleFiltersAndNoncurrent(t *testing.T) {
	cases := []struct {
		name string
		tier LifecycleTier
		want map[string]string
	}{
		{name: "tags and sizes", tier: LifecycleTier{Prefix: "u/", Tags: map[string]string{"class": "raw"}, ObjectSizeGreaterThan: i64(0), ObjectSizeLessThan: i64(1 << 20), ExpirationDays: i64(7)}},
		{name: "less than equals greater than", tier: LifecycleTier{ObjectSizeGreaterThan: i64(100), ObjectSizeLessThan: i64(100), ExpirationDays: i64(7)},
			want: map[string]string{"lifecycle_tiers[0].object_size_less_than": "object_size_less_than must be greater than object_size_greater_than"}},
		{name: "less than below greater than", tier: LifecycleTier{ObjectSizeGreaterThan: i64(500), ObjectSizeLessThan: i64(100), ExpirationDays: i64(7)},
			want: map[string]string{"lifecycle_tiers[0].object_size_less_than": "no object is both"}},
		{name: "negative greater than", tier: LifecycleTier{ObjectSizeGreaterThan: i64(-1), ExpirationDays: i64(7)},
			want: map[string]string{"lifecycle_tiers[0].object_size_greater_than": "negative"}},
		{name: "zero less than", tier: LifecycleTier{ObjectSizeLessThan: i64(0), ExpirationDays: i64(7)},
			want: map[string]string{"lifecycle_tiers[0].object_size_less_than": "not a positive size"}},
		{name: "empty tag key", tier: LifecycleTier{Tags: map[string]string{"": "x"}, ExpirationDays: i64(7)},
			want: map[string]string{"lifecycle_tiers[0].tags": "tag key is empty"}},
		{name: "delete markers alone", tier: LifecycleTier{Prefix: "u/", ExpiredObjectDeleteMarker: yes()}},
		{name: "delete markers with expiration", tier: LifecycleTier{ExpirationDays: i64(30), ExpiredObjectDeleteMarker: yes()},
			want: map[string]string{"lifecycle_tiers[0].expired_object_delete_marker": "expired_object_delete_marker and expiration_days in one rule"}},
		{name: "delete markers with tags", tier: LifecycleTier{Tags: map[string]string{"a": "b"}, ExpiredObjectDeleteMarker: yes()},
			want: map[string]string{"lifecycle_tiers[0].expired_object_delete_marker": "filtered by tags or object size"}},
		{name: "noncurrent transitions in order", tier: LifecycleTier{NoncurrentTransitions: []Transition{tr(30, "STANDARD_IA"), tr(60, "GLACIER")}, NoncurrentExpirationDays: i64(90)}},
		{name: "noncurrent unknown class", tier: LifecycleTier{NoncurrentTransitions: []Transition{tr(30, "FROZEN")}},
			want: map[string]string{"lifecycle_tiers[0].noncurrent_transitions[0].storage_class": `"FROZEN" is not a storage class`}},
		{name: "noncurrent IA too early", tier: LifecycleTier{NoncurrentTransitions: []Transition{tr(7, "ONEZONE_IA")}},
			want: map[string]string{"lifecycle_tiers[0].noncurrent_transitions[0].days": "at least 30 days after the version becomes noncurrent"}},
		{name: "noncurrent out of order", tier: LifecycleTier{NoncurrentTransitions: []Transition{tr(90, "GLACIER"), tr(60, "DEEP_ARCHIVE")}},
			want: map[string]string{"lifecycle_tiers[0].noncurrent_transitions[1].days": "noncurrent day 60 is not after noncurrent_transitions[0]"}},
		{name: "noncurrent expiration before transition", tier: LifecycleTier{NoncurrentTransitions: []Transition{tr(60, "GLACIER")}, NoncurrentExpirationDays: i64(30)},
			want: map[string]string{"lifecycle_tiers[0].noncurrent_expiration_days": "noncurrent versions are deleted at day 30 but noncurrent_transitions[0] moves them at day 60"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range ValidateLifecycle([]LifecycleTier{c.tier}, Path{"lifecycle_tiers"}) {
				got[e.Path.String()] += e.Detail
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
			for p, sub := range c.want {
				if !strings.Contains(got[p], sub) {
					t.Errorf("at %s: want %q in %q", p, sub, got[p])
				}
			}
		})
	}
}

func TestLifecycleFiltersRoundTrip(t *testing.T) {
	tiers := []LifecycleTier{
		{Prefix: "u/", Tags: map[string]string{"class": "raw", "team": "a"}, ObjectSizeGreaterThan: i64(1024), ObjectSizeLessThan: i64(1 << 30),
			Transitions: []Transition{tr(30, "STANDARD_IA")}, NoncurrentTransitions: []Transition{tr(30, "GLACIER")}, NoncurrentExpirationDays: i64(60)},
		{Prefix: "u/", ExpiredObjectDeleteMarker: yes()},
		{Tags: map[string]string{"tmp": "1"}, ExpirationDays: i64(1)},
		{ObjectSizeGreaterThan: i64(5), ExpirationDays: i64(2)},
		{ObjectSizeLessThan: i64(5), ExpirationDays: i64(3)},
	}
	rules := LifecycleToAPI(tiers, 0)
	if f := rules[0].Filter; f.And == nil || aws.ToString(f.And.Prefix) != "u/" || len(f.And.Tags) != 2 || aws.ToInt64(f.And.ObjectSizeLessThan) != 1<<30 {
		t.Fatalf("and filter %+v", f)
	}
	if e := rules[1].Expiration; e == nil || !aws.ToBool(e.ExpiredObjectDeleteMarker) || e.Days != nil {
		t.Fatalf("delete marker expiration %+v", e)
	}
	if f := rules[2].Filter; f.Tag == nil || f.And != nil || aws.ToString(f.Tag.Key) != "tmp" {
		t.Fatalf("single tag filter %+v", f)
	}
	if f := rules[3].Filter; aws.ToInt64(f.ObjectSizeGreaterThan) != 5 || f.And != nil {
		t.Fatalf("single size filter %+v", f)
	}
	got := LifecycleFromAPI(rules)
	if len(got.Unheld) != 0 || !reflect.DeepEqual(got.Tiers, tiers) {
		t.Fatalf("round trip:\n got %+v\nwant %+v\nunheld %v", got.Tiers, tiers, got.Unheld)
	}
}

// What the schema cannot hold is named, never dropped silently; a dated
// transition shows as a transition without days.
func TestLifecycleFromAPIUnheld(t *testing.T) {
	date := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	rules := []s3types.LifecycleRule{
		{ID: aws.String("dated"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("old/")},
			Transitions: []s3types.Transition{{Date: &date, StorageClass: s3types.TransitionStorageClassGlacier}},
			Expiration:  &s3types.LifecycleExpiration{Date: &date}},
		{ID: aws.String("off"), Status: s3types.ExpirationStatusDisabled, Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(3)}},
		{ID: aws.String("newer"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("v/")},
			NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(10), NewerNoncurrentVersions: aws.Int32(3)}},
		{ID: aws.String("scoped-abort"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("up/")},
			AbortIncompleteMultipartUpload: &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(2)}},
	}
	got := LifecycleFromAPI(rules)
	all := strings.Join(got.Unheld, "\n")
	for _, want := range []string{
		`lifecycle rule "dated" moves objects to GLACIER on a date (2031-01-01)`,
		`lifecycle rule "dated" expires objects on a date (2031-01-01)`,
		`lifecycle rule "off" is disabled`,
		`lifecycle rule "newer" keeps the 3 newest noncurrent versions from expiring`,
		`lifecycle rule "scoped-abort" aborts incomplete multipart uploads after 2 days for part of the bucket only`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("want %q in\n%s", want, all)
		}
	}
	if len(got.Tiers) != 2 || got.Tiers[0].Transitions[0].Days != nil || aws.ToString(got.Tiers[0].Transitions[0].StorageClass) != "GLACIER" {
		t.Fatalf("tiers %+v", got.Tiers)
	}
	if got.AbortDays != 0 {
		t.Fatalf("a scoped abort is not the bucket-wide rule: %d", got.AbortDays)
	}
}
