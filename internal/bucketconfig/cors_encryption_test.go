package bucketconfig

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// methods builds a rule allowing ss; "?" is a method unknown until apply.
func methods(ss ...string) CORSRule {
	r := CORSRule{}
	for _, s := range ss {
		if s == "?" {
			s, r.Partial = "", true
		}
		r.AllowedMethods = append(r.AllowedMethods, s)
	}
	return r
}

func TestValidateCORS(t *testing.T) {
	cases := []struct {
		name  string
		rules []CORSRule
		want  map[string]string
	}{
		{name: "empty method", rules: []CORSRule{{AllowedMethods: []string{""}}},
			want: map[string]string{"cors_rules[0].allowed_methods[0]": `"" is not a method`}},
		{name: "all methods", rules: []CORSRule{methods("GET", "PUT", "POST", "HEAD", "DELETE")}},
		{name: "unknown method skipped", rules: []CORSRule{methods("?", "PUT")}},
		{name: "PATCH", rules: []CORSRule{methods("GET"), methods("PUT", "PATCH")},
			want: map[string]string{"cors_rules[1].allowed_methods[1]": `"PATCH" is not a method S3 CORS rules accept; use GET, PUT, POST, HEAD, DELETE.`}},
		{name: "lower case", rules: []CORSRule{methods("put")},
			want: map[string]string{"cors_rules[0].allowed_methods[0]": "S3 requires upper case: PUT."}},
		{name: "duplicate", rules: []CORSRule{methods("GET", "GET")},
			want: map[string]string{"cors_rules[0].allowed_methods[1]": "listed twice"}},
		{name: "negative max age", rules: []CORSRule{{AllowedMethods: []string{"GET"}, MaxAgeSeconds: i64(-1)}},
			want: map[string]string{"cors_rules[0].max_age_seconds": "negative"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range ValidateCORS(c.rules, Path{"cors_rules"}) {
				got[e.Path.String()] += e.Detail
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
			for p, sub := range c.want {
				if !strings.Contains(got[p], sub) || !strings.HasPrefix(got[p], p+": ") {
					t.Errorf("at %s: want %q in %q", p, sub, got[p])
				}
			}
		})
	}
}

func TestCORSRoundTrip(t *testing.T) {
	rules := []CORSRule{
		{AllowedOrigins: []string{"https://app.example.com"}, AllowedMethods: []string{"PUT", "POST", "GET"},
			AllowedHeaders: []string{"content-type", "x-amz-*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: i64(3600)},
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}},
	}
	api := CORSToAPI(rules)
	if aws.ToInt32(api[0].MaxAgeSeconds) != 3600 || api[1].MaxAgeSeconds != nil {
		t.Fatalf("%+v", api)
	}
	if got := CORSFromAPI(api); !reflect.DeepEqual(got, rules) {
		t.Fatalf("round trip: %+v", got)
	}
	if CORSFromAPI(nil) != nil {
		t.Fatal("no rules must read back as nil")
	}
}

func TestValidateEncryption(t *testing.T) {
	b := func(v bool) *bool { return &v }
	cases := []struct {
		name string
		enc  Encryption
		want map[string]string
	}{
		{name: "AES256", enc: Encryption{Algorithm: str("AES256")}},
		{name: "kms with key and bucket key", enc: Encryption{Algorithm: str("aws:kms"), KMSKeyID: str("arn:aws:kms:us-east-1:111122223333:key/x"), BucketKeyEnabled: b(true)}},
		{name: "dsse with key", enc: Encryption{Algorithm: str("aws:kms:dsse"), KMSKeyID: str("k")}},
		{name: "unknown algorithm skips cross checks", enc: Encryption{KMSKeyID: str("k"), BucketKeyEnabled: b(true)}},
		{name: "bad algorithm", enc: Encryption{Algorithm: str("aes256")},
			want: map[string]string{"encryption.algorithm": `"aes256" is not an S3 server-side encryption algorithm; use AES256, aws:kms, aws:kms:dsse`}},
		{name: "key without kms", enc: Encryption{Algorithm: str("AES256"), KMSKeyID: str("k")},
			want: map[string]string{"encryption.kms_key_id": `a KMS key is set but the algorithm is "AES256"`}},
		{name: "bucket key with dsse", enc: Encryption{Algorithm: str("aws:kms:dsse"), BucketKeyEnabled: b(true)},
			want: map[string]string{"encryption.bucket_key_enabled": "S3 Bucket Keys apply to SSE-KMS"}},
		{name: "bucket key off with AES256", enc: Encryption{Algorithm: str("AES256"), BucketKeyEnabled: b(false)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range ValidateEncryption(c.enc, Path{"encryption"}) {
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

func TestEncryptionConversion(t *testing.T) {
	def := EncryptionToAPI(Encryption{})
	r := def.Rules[0]
	if r.ApplyServerSideEncryptionByDefault.SSEAlgorithm != s3types.ServerSideEncryptionAes256 || r.BucketKeyEnabled != nil ||
		r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID != nil {
		t.Fatalf("default: %+v", r)
	}
	kms := EncryptionToAPI(Encryption{Algorithm: str("aws:kms"), KMSKeyID: str("key-1"), BucketKeyEnabled: aws.Bool(true)})
	back := EncryptionFromAPI(kms)
	want := &Encryption{Algorithm: str("aws:kms"), KMSKeyID: str("key-1"), BucketKeyEnabled: aws.Bool(true)}
	if !reflect.DeepEqual(back, want) {
		t.Fatalf("round trip: %+v", back)
	}
	dsse := EncryptionToAPI(Encryption{Algorithm: str("aws:kms:dsse")}).Rules[0]
	if dsse.BucketKeyEnabled != nil || dsse.ApplyServerSideEncryptionByDefault.SSEAlgorithm != s3types.ServerSideEncryptionAwsKmsDsse {
		t.Fatalf("dsse: %+v", dsse)
	}
	if EncryptionFromAPI(nil) != nil || EncryptionFromAPI(&s3types.ServerSideEncryptionConfiguration{}) != nil {
		t.Fatal("no configuration must read back as nil")
	}
	aes := EncryptionFromAPI(def)
	if *aes.Algorithm != "AES256" || *aes.BucketKeyEnabled || aes.KMSKeyID != nil {
		t.Fatalf("%+v", aes)
	}
}

func TestAccessHelpers(t *testing.T) {
	if !PublicAccessBlocked(PublicAccessBlockAll()) {
		t.Fatal("all four flags")
	}
	partial := PublicAccessBlockAll()
	partial.RestrictPublicBuckets = aws.Bool(false)
	if PublicAccessBlocked(partial) || PublicAccessBlocked(nil) {
		t.Fatal("three flags or none is not blocked")
	}
	if !VersioningEnabled(VersioningStatus(true)) || VersioningEnabled(VersioningStatus(false)) || VersioningEnabled("") {
		t.Fatal("versioning status")
	}
	if ObjectOwnerships()[0] != OwnershipBucketOwnerEnforced {
		t.Fatal("the first ownership is the default")
	}
}
