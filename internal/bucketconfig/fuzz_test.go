package bucketconfig

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the validators and the policy reader. `go test` runs
// each on its seeds (and on testdata/fuzz/<Fuzz...>/, where crashers found
// by `make fuzz` are kept as regression seeds); `make fuzz` explores.

var fixedTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

var bucketNameShape = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// A name passes ValidateBucketName exactly when it follows S3's rules,
// stated here independently of the validator.
func FuzzValidateBucketName(f *testing.F) {
	for _, s := range []string{"acme-uploads", "a", "ab", "abc", "192.168.0.1", "a..b", "xn--abc", "my-bucket-s3alias",
		"UPPER", "bucket.", "-bucket", strings.Repeat("a", 63), strings.Repeat("a", 64), "a\x00b", "é-bucket", "b--x-s3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		errs := ValidateBucketName(name, Path{"bucket"})
		want := bucketNameShape.MatchString(name) && !strings.Contains(name, "..") && !ipAddressForm.MatchString(name)
		for _, p := range ReservedPrefixes() {
			want = want && !strings.HasPrefix(name, p)
		}
		for _, s := range ReservedSuffixes() {
			want = want && !strings.HasSuffix(name, s)
		}
		if want != (len(errs) == 0) {
			t.Fatalf("ValidateBucketName(%q) = %v, S3's rules say valid=%v", name, errs, want)
		}
		for _, e := range errs {
			if e.Path.String() != "bucket" || e.Summary == "" || !strings.Contains(e.Detail, "bucket") {
				t.Fatalf("error %+v: want the bucket attribute, a summary and a detail", e)
			}
		}
		// A generated name from a valid prefix is a valid name.
		if len(ValidateBucketPrefix(name, Path{"bucket_prefix"})) == 0 {
			gen, err := GenerateBucketName(name, fixedTime, strings.NewReader("\x00\x01\x02\x03\x04\x05"))
			if err != nil {
				t.Fatal(err)
			}
			if errs := ValidateBucketName(gen, Path{"bucket"}); len(errs) != 0 && !reservedSuffix(gen) && !ipAddressForm.MatchString(gen) {
				t.Fatalf("prefix %q passes but the generated name %q does not: %v", name, gen, errs)
			}
		}
	})
}

func reservedSuffix(s string) bool {
	for _, suf := range ReservedSuffixes() {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// ValidateLifecycle never panics, reports on paths inside lifecycle_tiers,
// and a tier it accepts survives the round trip through the S3 API shape.
func FuzzValidateLifecycle(f *testing.F) {
	f.Add("logs/", int64(30), uint8(0), int64(120), uint8(4), int64(365), int64(0), uint8(0b111))
	f.Add("tmp/", int64(0), uint8(9), int64(-1), uint8(0), int64(1), int64(-3), uint8(0b001))
	f.Add("", int64(10), uint8(0), int64(20), uint8(0), int64(15), int64(7), uint8(0b111))
	f.Add("a/", int64(30), uint8(3), int64(59), uint8(5), int64(60), int64(1), uint8(0b110))
	f.Fuzz(func(t *testing.T, prefix string, d1 int64, c1 uint8, d2 int64, c2 uint8, exp, noncurrent int64, mask uint8) {
		classes := append(TransitionStorageClasses(), "STANDARD", "glacier", "")
		class := func(c uint8) *string { s := classes[int(c)%len(classes)]; return &s }
		day := func(d int64) *int64 { d %= 100000; return &d }
		tier := LifecycleTier{Prefix: prefix}
		if mask&1 != 0 {
			tier.Transitions = append(tier.Transitions, Transition{Days: day(d1), StorageClass: class(c1)})
		}
		if mask&2 != 0 {
			tier.Transitions = append(tier.Transitions, Transition{Days: day(d2), StorageClass: class(c2)})
		}
		if mask&4 != 0 {
			tier.ExpirationDays = day(exp)
		}
		if mask&8 != 0 {
			tier.NoncurrentExpirationDays = day(noncurrent)
		}
		tiers := []LifecycleTier{tier}
		errs := ValidateLifecycle(tiers, Path{"lifecycle_tiers"})
		for _, e := range errs {
			if len(e.Path) < 2 || e.Path[0] != "lifecycle_tiers" || e.Path[1] != 0 || e.Detail == "" {
				t.Fatalf("error %+v is not on lifecycle_tiers[0]", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		back := LifecycleFromAPI(LifecycleToAPI(tiers, 7))
		if back.AbortDays != 7 || len(back.Unheld) != 0 || !reflect.DeepEqual(back.Tiers, tiers) {
			t.Fatalf("round trip through the API: %+v, want tiers %+v and abort 7", back, tiers)
		}
	})
}

// ValidateCORS flags exactly the methods S3 does not accept (exact case)
// and the repeated ones.
func FuzzValidateCORS(f *testing.F) {
	f.Add("PUT", "get", "PUT", int64(3600))
	f.Add("DELETE", "PATCH", "", int64(-1))
	f.Fuzz(func(t *testing.T, m1, m2, m3 string, maxAge int64) {
		// "" is a method unknown until apply (Partial): skipped.
		rule := CORSRule{AllowedMethods: []string{m1, m2, "", m3}, MaxAgeSeconds: &maxAge, Partial: true}
		errs := ValidateCORS([]CORSRule{rule}, Path{"cors_rules"})
		want := 0
		seen := map[string]bool{}
		for _, m := range []string{m1, m2, m3} {
			if m == "" {
				continue
			}
			ok := false
			for _, a := range CORSMethods() {
				ok = ok || a == m
			}
			if !ok || seen[m] {
				want++
			}
			seen[m] = true
		}
		if maxAge < 0 {
			want++
		}
		if len(errs) != want {
			t.Fatalf("ValidateCORS(%q, %q, %q, %d) = %d errors %v, want %d", m1, m2, m3, maxAge, len(errs), errs, want)
		}
	})
}

// The policy reader accepts any input without panicking; a document it
// reads is equivalent to itself, and the generated policy reads back as
// what it was built from (and builds again into the same document).
func FuzzAnalyzePolicy(f *testing.F) {
	gen := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "acme-uploads", DenyInsecureTransport: true, DenyUnencryptedUploads: true,
		CDNDistributionARNs: []string{"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}})
	f.Add(gen)
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["*"],"Condition":{"Bool":{"aws:SecureTransport":false}}}}`)
	f.Add(`{"Statement":[1,"x",null,{"Principal":{"AWS":[["*"]]}}]}`)
	f.Add(`[]`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, doc string) {
		facts, err := AnalyzePolicy(doc, "aws", "acme-uploads")
		if err != nil {
			return
		}
		if !PoliciesEquivalent(doc, doc) {
			t.Fatalf("a readable policy is not equivalent to itself: %q", doc)
		}
		if doc == gen && (!facts.DenyInsecureTransport || !facts.DenyUnencryptedUploads || len(facts.CDNDistributionARNs) != 1 ||
			!PoliciesEquivalent(BuildPolicy(facts), gen)) {
			t.Fatalf("the generated policy reads back as %+v", facts)
		}
	})
}
