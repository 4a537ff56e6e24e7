package bucketconfig

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// Bucket name limits (S3 general purpose buckets).
const (
	MinBucketNameLength = 3
	MaxBucketNameLength = 63
	// GeneratedSuffixLength is the length of the suffix appended to
	// bucket_prefix: a UTC timestamp (14 digits) and 12 random hex digits.
	GeneratedSuffixLength = 26
	// MaxBucketPrefixLength leaves room for the generated suffix.
	MaxBucketPrefixLength = MaxBucketNameLength - GeneratedSuffixLength
	// DefaultBucketPrefix is used when neither bucket nor bucket_prefix is set.
	DefaultBucketPrefix = "terraform-"
)

// ReservedPrefixes are bucket name prefixes S3 reserves.
func ReservedPrefixes() []string { return []string{"xn--", "sthree-", "amzn-s3-demo-"} }

// ReservedSuffixes are bucket name suffixes S3 reserves (access point
// aliases, Object Lambda, Multi-Region Access Points, directory and table
// buckets).
func ReservedSuffixes() []string {
	return []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
}

// ipAddressForm matches dotted-quad forms, including ones with leading zeros
// that net.ParseIP refuses but S3 still considers IP addresses.
var ipAddressForm = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`)

func isLowerAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }

func bucketChars(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLowerAlnum(c) && c != '-' && c != '.' {
			return fmt.Errorf("character %q at position %d is not allowed: use only lowercase letters, digits, hyphens (-) and dots (.)", c, i+1)
		}
	}
	return nil
}

// ValidateBucketName checks name against the S3 naming rules for general
// purpose buckets. p is the attribute path errors are reported on.
func ValidateBucketName(name string, p Path) []FieldError {
	const summary = "Invalid bucket name"
	var errs []FieldError
	add := func(format string, args ...any) {
		errs = append(errs, fieldErr(p, summary, "%s: bucket name %q "+format, append([]any{p.String(), name}, args...)...))
	}
	if n := len(name); n < MinBucketNameLength || n > MaxBucketNameLength {
		add("is %d characters long; S3 bucket names are %d to %d characters.", n, MinBucketNameLength, MaxBucketNameLength)
	}
	if err := bucketChars(name); err != nil {
		add("is invalid: %v.", err)
	}
	if name != "" && (!isLowerAlnum(name[0]) || !isLowerAlnum(name[len(name)-1])) {
		add("must begin and end with a lowercase letter or digit.")
	}
	if strings.Contains(name, "..") {
		add("must not contain two adjacent dots.")
	}
	if ipAddressForm.MatchString(name) {
		add("must not be formatted as an IP address.")
	}
	for _, pre := range ReservedPrefixes() {
		if strings.HasPrefix(name, pre) {
			add("must not start with %q (reserved by S3).", pre)
		}
	}
	for _, suf := range ReservedSuffixes() {
		if strings.HasSuffix(name, suf) {
			add("must not end with %q (reserved by S3).", suf)
		}
	}
	return errs
}

// ValidateBucketPrefix checks a bucket_prefix: the rules of a bucket name that
// apply to its beginning, at most MaxBucketPrefixLength characters so that the
// generated suffix fits.
func ValidateBucketPrefix(prefix string, p Path) []FieldError {
	const summary = "Invalid bucket prefix"
	var errs []FieldError
	add := func(format string, args ...any) {
		errs = append(errs, fieldErr(p, summary, "%s: bucket prefix %q "+format, append([]any{p.String(), prefix}, args...)...))
	}
	if n := len(prefix); n < 1 || n > MaxBucketPrefixLength {
		add("is %d characters long; it must be 1 to %d characters so that the %d-character generated suffix fits in a 63-character bucket name.",
			n, MaxBucketPrefixLength, GeneratedSuffixLength)
	}
	if err := bucketChars(prefix); err != nil {
		add("is invalid: %v.", err)
	}
	if prefix != "" && !isLowerAlnum(prefix[0]) {
		add("must begin with a lowercase letter or digit.")
	}
	if strings.Contains(prefix, "..") {
		add("must not contain two adjacent dots.")
	}
	for _, pre := range ReservedPrefixes() {
		// "xn-" followed by a generated digit cannot become "xn--", but a
		// prefix that already starts with the reserved one can.
		if strings.HasPrefix(prefix, pre) {
			add("must not start with %q (reserved by S3).", pre)
		}
	}
	return errs
}

// GenerateBucketName returns prefix followed by a UTC timestamp and random
// hex digits (GeneratedSuffixLength characters). rnd nil means crypto/rand.
func GenerateBucketName(prefix string, now time.Time, rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	b := make([]byte, 6)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", fmt.Errorf("generating a bucket name: %w", err)
	}
	return prefix + now.UTC().Format("20060102150405") + hex.EncodeToString(b), nil
}

// Partition returns the AWS partition of a region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	default:
		return "aws"
	}
}

// BucketARN returns arn:<partition>:s3:::<bucket>.
func BucketARN(partition, bucket string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", partition, bucket)
}

func dnsSuffix(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// BucketDomainName is the bucket's global virtual-hosted domain name
// (<bucket>.s3.amazonaws.com).
func BucketDomainName(bucket, region string) string {
	return fmt.Sprintf("%s.s3.%s", bucket, dnsSuffix(region))
}

// BucketRegionalDomainName is the regional virtual-hosted domain name
// (<bucket>.s3.<region>.amazonaws.com), the form CloudFront S3 origins use.
func BucketRegionalDomainName(bucket, region string) string {
	return fmt.Sprintf("%s.s3.%s.%s", bucket, region, dnsSuffix(region))
}

// RegionFromLocationConstraint maps GetBucketLocation's answer to a region:
// empty means us-east-1 and the legacy "EU" means eu-west-1.
func RegionFromLocationConstraint(lc string) string {
	switch lc {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	default:
		return lc
	}
}
