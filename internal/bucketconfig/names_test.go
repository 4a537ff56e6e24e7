package bucketconfig

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestValidateBucketName(t *testing.T) {
	cases := []struct {
		name    string
		wantErr string // substring of the joined errors; "" means valid
	}{
		{"my-app-uploads", ""},
		{"abc", ""},
		{"a.b-c.123", ""},
		{strings.Repeat("a", 63), ""},
		{"192.168.5.4.example", ""}, // five parts: not an IP address
		{"ab", "is 2 characters long"},
		{strings.Repeat("a", 64), "is 64 characters long"},
		{"My-Bucket", "character 'M' at position 1 is not allowed"},
		{"my_bucket", "character '_' at position 3"},
		{"-bucket", "must begin and end with a lowercase letter or digit"},
		{"bucket-", "must begin and end"},
		{"bucket.", "must begin and end"},
		{"my..bucket", "two adjacent dots"},
		{"192.168.5.4", "IP address"},
		{"010.001.002.003", "IP address"},
		{"xn--bucket", `must not start with "xn--"`},
		{"sthree-bucket", `must not start with "sthree-"`},
		{"sthree-configurator", `must not start with "sthree-"`},
		{"amzn-s3-demo-bucket", `must not start with "amzn-s3-demo-"`},
		{"bucket-s3alias", `must not end with "-s3alias"`},
		{"bucket--ol-s3", `must not end with "--ol-s3"`},
		{"bucket.mrap", `must not end with ".mrap"`},
		{"bucket--x-s3", `must not end with "--x-s3"`},
		{"bucket--table-s3", `must not end with "--table-s3"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := ValidateBucketName(c.name, Path{"bucket"})
			joined := joinErrs(errs)
			if c.wantErr == "" {
				if len(errs) > 0 {
					t.Fatalf("want valid, got %s", joined)
				}
				return
			}
			if !strings.Contains(joined, c.wantErr) {
				t.Fatalf("want an error containing %q, got %q", c.wantErr, joined)
			}
			for _, e := range errs {
				if e.Path.String() != "bucket" || !strings.HasPrefix(e.Detail, "bucket: ") {
					t.Errorf("error not attached to bucket: %+v", e)
				}
			}
		})
	}
}

func TestValidateBucketPrefix(t *testing.T) {
	cases := []struct {
		prefix  string
		wantErr string
	}{
		{"my-app-", ""},
		{"uploads.", ""},
		{"a", ""},
		{strings.Repeat("a", 37), ""},
		{strings.Repeat("a", 38), "is 38 characters long; it must be 1 to 37"},
		{"", "is 0 characters long"},
		{"-app", "must begin with a lowercase letter or digit"},
		{"App-", "character 'A'"},
		{"a..b", "two adjacent dots"},
		{"xn--a", `"xn--"`},
		{"sthree-", `"sthree-"`},
		{"amzn-s3-demo-x", `"amzn-s3-demo-"`},
	}
	for _, c := range cases {
		t.Run(c.prefix, func(t *testing.T) {
			joined := joinErrs(ValidateBucketPrefix(c.prefix, Path{"bucket_prefix"}))
			if c.wantErr == "" && joined != "" {
				t.Fatalf("want valid, got %s", joined)
			}
			if c.wantErr != "" && !strings.Contains(joined, c.wantErr) {
				t.Fatalf("want %q, got %q", c.wantErr, joined)
			}
		})
	}
}

func TestGenerateBucketName(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 8, 7, 0, time.UTC)
	prefix := strings.Repeat("p", MaxBucketPrefixLength-1) + "-"
	name, err := GenerateBucketName(prefix, now, bytes.NewReader([]byte{0xde, 0xad, 0xbe, 0xef, 0x01, 0x02}))
	if err != nil {
		t.Fatal(err)
	}
	want := prefix + "20261127090807deadbeef0102"
	if name != want {
		t.Fatalf("got %q, want %q", name, want)
	}
	if len(name) != MaxBucketNameLength {
		t.Fatalf("a maximal prefix must give a 63-character name, got %d", len(name))
	}
	if errs := ValidateBucketName(name, Path{"bucket"}); len(errs) > 0 {
		t.Fatalf("generated name invalid: %s", joinErrs(errs))
	}
	a, _ := GenerateBucketName(DefaultBucketPrefix, now, nil)
	b, _ := GenerateBucketName(DefaultBucketPrefix, now, nil)
	if a == b {
		t.Fatalf("two generated names are equal: %s", a)
	}
}

func TestNamesAndDomains(t *testing.T) {
	if got := BucketARN(Partition("eu-west-1"), "b"); got != "arn:aws:s3:::b" {
		t.Error(got)
	}
	if got := BucketARN(Partition("cn-north-1"), "b"); got != "arn:aws-cn:s3:::b" {
		t.Error(got)
	}
	if got := Partition("us-gov-west-1"); got != "aws-us-gov" {
		t.Error(got)
	}
	if got := BucketDomainName("b", "us-east-1"); got != "b.s3.amazonaws.com" {
		t.Error(got)
	}
	if got := BucketRegionalDomainName("b", "eu-west-1"); got != "b.s3.eu-west-1.amazonaws.com" {
		t.Error(got)
	}
	if got := BucketRegionalDomainName("b", "cn-north-1"); got != "b.s3.cn-north-1.amazonaws.com.cn" {
		t.Error(got)
	}
	for lc, want := range map[string]string{"": "us-east-1", "EU": "eu-west-1", "ap-south-1": "ap-south-1"} {
		if got := RegionFromLocationConstraint(lc); got != want {
			t.Errorf("%q: got %q want %q", lc, got, want)
		}
	}
}

func TestPathString(t *testing.T) {
	p := Path{"lifecycle_tiers"}.At(0, "transitions", 1, "days")
	if got := p.String(); got != "lifecycle_tiers[0].transitions[1].days" {
		t.Fatal(got)
	}
	base := Path{"a"}
	_ = base.At("b")
	_ = base.At("c")
	if base.String() != "a" {
		t.Fatal("At modified its receiver")
	}
}

func joinErrs(errs []FieldError) string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}
