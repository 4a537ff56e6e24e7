package bucketconfig

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func i64(v int64) *int64   { return &v }
func str(s string) *string { return &s }
func tr(days int64, class string) Transition {
	return Transition{Days: i64(days), StorageClass: str(class)}
}

func TestValidateLifecycle(t *testing.T) {
	cases := []struct {
		name  string
		tiers []LifecycleTier
		// want maps an error path to a substring of its detail; empty: valid.
		want map[string]string
	}{
		{name: "spec example", tiers: []LifecycleTier{
			{Prefix: "uploads/", Transitions: []Transition{tr(30, "STANDARD_IA"), tr(90, "GLACIER")}, ExpirationDays: i64(365), NoncurrentExpirationDays: i64(30)},
			{Prefix: "tmp/", ExpirationDays: i64(1)},
		}},
		{name: "every class in order", tiers: []LifecycleTier{{Transitions: []Transition{
			tr(30, "STANDARD_IA"), tr(60, "INTELLIGENT_TIERING"), tr(90, "ONEZONE_IA"), tr(120, "GLACIER_IR"), tr(150, "GLACIER"), tr(180, "DEEP_ARCHIVE")}}}},
		{name: "glacier at day 0", tiers: []LifecycleTier{{Transitions: []Transition{tr(0, "GLACIER")}}}},
		{name: "unknown storage class", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "COLD")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[0].storage_class": `"COLD" is not a storage class`}},
		{name: "lowercase storage class", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "glacier")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[0].storage_class": `"glacier" is not a storage class`}},
		{name: "standard_ia before 30", tiers: []LifecycleTier{{Transitions: []Transition{tr(29, "STANDARD_IA")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[0].days": "at least 30 days after creation"}},
		{name: "onezone_ia before 30", tiers: []LifecycleTier{{Prefix: "a/"}, {Transitions: []Transition{tr(10, "ONEZONE_IA")}}},
			want: map[string]string{
				"lifecycle_tiers[0]":                     "has no transitions, expiration_days, noncurrent_transitions, noncurrent_expiration_days or expired_object_delete_marker",
				"lifecycle_tiers[1].transitions[0].days": "transition to ONEZONE_IA must be at least 30 days"}},
		{name: "glacier less than 30 days after IA", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "STANDARD_IA"), tr(59, "GLACIER")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].days": "only 29 days after the transition to STANDARD_IA at day 30"}},
		{name: "glacier_ir less than 30 days after IA", tiers: []LifecycleTier{{Transitions: []Transition{tr(40, "ONEZONE_IA"), tr(45, "GLACIER_IR")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].days": "to GLACIER_IR at day 45 is only 5 days"}},
		{name: "deep archive less than 30 days after IA", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "STANDARD_IA"), tr(31, "DEEP_ARCHIVE")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].days": "set days to 60 or more"}},
		{name: "glacier exactly 30 days after IA", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "STANDARD_IA"), tr(60, "GLACIER")}}}},
		{name: "days out of order", tiers: []LifecycleTier{{Transitions: []Transition{tr(90, "STANDARD_IA"), tr(60, "GLACIER")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].days": "day 60 is not after transitions[0] (day 90)"}},
		{name: "equal days", tiers: []LifecycleTier{{Transitions: []Transition{tr(90, "GLACIER_IR"), tr(90, "GLACIER")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].days": "day 90 is not after"}},
		{name: "classes out of order", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "GLACIER"), tr(120, "STANDARD_IA")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].storage_class": "STANDARD_IA is not colder than GLACIER (transitions[0])"}},
		{name: "same class twice", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "GLACIER"), tr(120, "GLACIER")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[1].storage_class": "GLACIER is not colder than GLACIER"}},
		{name: "expiration before last transition", tiers: []LifecycleTier{{Transitions: []Transition{tr(30, "STANDARD_IA"), tr(90, "GLACIER")}, ExpirationDays: i64(60)}},
			want: map[string]string{"lifecycle_tiers[0].expiration_days": "objects expire at day 60 but transitions[1] moves them at day 90"}},
		{name: "expiration at last transition", tiers: []LifecycleTier{{Transitions: []Transition{tr(90, "GLACIER")}, ExpirationDays: i64(90)}},
			want: map[string]string{"lifecycle_tiers[0].expiration_days": "day 91 or later"}},
		{name: "zero expiration", tiers: []LifecycleTier{{ExpirationDays: i64(0)}},
			want: map[string]string{"lifecycle_tiers[0].expiration_days": "not a positive number"}},
		{name: "negative noncurrent", tiers: []LifecycleTier{{NoncurrentExpirationDays: i64(-1)}},
			want: map[string]string{"lifecycle_tiers[0].noncurrent_expiration_days": "not a positive number"}},
		{name: "negative transition days", tiers: []LifecycleTier{{Transitions: []Transition{tr(-5, "GLACIER")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[0].days": "is negative"}},
		{name: "unknown values are skipped", tiers: []LifecycleTier{{
			Transitions: []Transition{{Days: nil, StorageClass: str("STANDARD_IA")}, {Days: i64(10), StorageClass: nil}},
			Partial:     true,
		}}},
		{name: "unknown middle day still orders known ones", tiers: []LifecycleTier{{Transitions: []Transition{
			tr(100, "STANDARD_IA"), {Days: nil, StorageClass: str("GLACIER_IR")}, tr(50, "DEEP_ARCHIVE")}}},
			want: map[string]string{"lifecycle_tiers[0].transitions[2].days": "day 50 is not after transitions[0] (day 100)"}},
		{name: "partial tier without actions is not flagged", tiers: []LifecycleTier{{Prefix: "x/", Partial: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range ValidateLifecycle(c.tiers, Path{"lifecycle_tiers"}) {
				if !strings.HasPrefix(e.Detail, e.Path.String()+": ") {
					t.Errorf("detail does not start with the path: %q", e.Detail)
				}
				got[e.Path.String()] += e.Detail + "\n"
			}
			if len(got) != len(c.want) {
				t.Fatalf("got errors %v, want paths %v", got, c.want)
			}
			for p, sub := range c.want {
				if !strings.Contains(got[p], sub) {
					t.Errorf("at %s: want %q in %q", p, sub, got[p])
				}
			}
		})
	}
}

func TestValidateAbortMultipartDays(t *testing.T) {
	if errs := ValidateAbortMultipartDays(0, Path{"abort_incomplete_multipart_days"}); len(errs) != 0 {
		t.Fatal("0 disables the rule and is valid")
	}
	if errs := ValidateAbortMultipartDays(7, nil); len(errs) != 0 {
		t.Fatal(errs)
	}
	errs := ValidateAbortMultipartDays(-1, Path{"abort_incomplete_multipart_days"})
	if len(errs) != 1 || errs[0].Path.String() != "abort_incomplete_multipart_days" {
		t.Fatal(errs)
	}
}

func TestLifecycleRoundTrip(t *testing.T) {
	tiers := []LifecycleTier{
		{Prefix: "uploads/", Transitions: []Transition{tr(30, "STANDARD_IA"), tr(90, "GLACIER")}, ExpirationDays: i64(365), NoncurrentExpirationDays: i64(30)},
		{Prefix: "tmp/", ExpirationDays: i64(1)},
		{Prefix: "", NoncurrentExpirationDays: i64(5)},
	}
	rules := LifecycleToAPI(tiers, 7)
	if len(rules) != 4 {
		t.Fatalf("want 3 tiers + the abort rule, got %d rules", len(rules))
	}
	abort := rules[3]
	if aws.ToString(abort.ID) != AbortMultipartRuleID || aws.ToInt32(abort.AbortIncompleteMultipartUpload.DaysAfterInitiation) != 7 ||
		aws.ToString(abort.Filter.Prefix) != "" || abort.Status != s3types.ExpirationStatusEnabled {
		t.Fatalf("abort rule: %+v", abort)
	}
	if aws.ToString(rules[0].ID) != "tier-0" || rules[0].Transitions[1].StorageClass != s3types.TransitionStorageClassGlacier {
		t.Fatalf("tier rule: %+v", rules[0])
	}
	// Servers may return rules in another order; our ids restore it.
	shuffled := []s3types.LifecycleRule{rules[2], rules[3], rules[0], rules[1]}
	got := LifecycleFromAPI(shuffled)
	gotTiers, gotAbort := got.Tiers, got.AbortDays
	if gotAbort != 7 {
		t.Fatalf("abort days %d", gotAbort)
	}
	if !reflect.DeepEqual(gotTiers, tiers) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", gotTiers, tiers)
	}
	if r := LifecycleToAPI(nil, 0); r != nil {
		t.Fatalf("no tiers and no abort rule means no configuration, got %+v", r)
	}
	onlyL := LifecycleFromAPI(LifecycleToAPI(nil, 3))
	only, days := onlyL.Tiers, onlyL.AbortDays
	if only != nil || days != 3 {
		t.Fatalf("abort-only: %+v %d", only, days)
	}
}

func TestLifecycleFromAPIForeignRules(t *testing.T) {
	rules := []s3types.LifecycleRule{
		{ID: aws.String("zzz"), Status: s3types.ExpirationStatusEnabled, Prefix: aws.String("legacy/"),
			Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(10)}},
		{ID: aws.String("off"), Status: s3types.ExpirationStatusDisabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("x/")},
			Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(3)}},
		{ID: aws.String("and"), Status: s3types.ExpirationStatusEnabled,
			Filter:                         &s3types.LifecycleRuleFilter{And: &s3types.LifecycleRuleAndOperator{Prefix: aws.String("a/")}},
			Transitions:                    []s3types.Transition{{Days: aws.Int32(30), StorageClass: s3types.TransitionStorageClassStandardIa}},
			AbortIncompleteMultipartUpload: &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(2)}},
	}
	read := LifecycleFromAPI(rules)
	tiers, abort := read.Tiers, read.AbortDays
	if abort != 0 {
		t.Fatalf("an abort action on a prefix is not the bucket-wide rule, got %d", abort)
	}
	want := []LifecycleTier{
		{Prefix: "legacy/", ExpirationDays: i64(10)},
		{Prefix: "a/", Transitions: []Transition{tr(30, "STANDARD_IA")}},
	}
	if !reflect.DeepEqual(tiers, want) {
		t.Fatalf("got %+v", tiers)
	}
}
