package bucketconfig

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// CORSMethods are the HTTP methods an S3 CORS rule may allow.
func CORSMethods() []string { return []string{"GET", "PUT", "POST", "HEAD", "DELETE"} }

// CORSRule is one cors_rules element. For validation, Partial marks a rule
// with values unknown until apply: an unknown method is "" (and skipped), an
// unknown max age nil.
type CORSRule struct {
	AllowedOrigins []string
	AllowedMethods []string
	AllowedHeaders []string
	ExposeHeaders  []string
	MaxAgeSeconds  *int64
	Partial        bool
}

// ValidateCORS checks every rule's methods (a subset of CORSMethods, exact
// case, as S3 requires) and max age. p is the path of the cors_rules list.
func ValidateCORS(rules []CORSRule, p Path) []FieldError {
	var errs []FieldError
	allowed := map[string]bool{}
	for _, m := range CORSMethods() {
		allowed[m] = true
	}
	for i, r := range rules {
		seen := map[string]bool{}
		for j, m := range r.AllowedMethods {
			if m == "" && r.Partial {
				continue // unknown until apply
			}
			mp := p.At(i, "allowed_methods", j)
			switch {
			case !allowed[m]:
				hint := ""
				if allowed[strings.ToUpper(m)] {
					hint = " S3 requires upper case: " + strings.ToUpper(m) + "."
				}
				errs = append(errs, fieldErr(mp, "Invalid CORS method",
					"%s: %q is not a method S3 CORS rules accept; use %s.%s", mp, m, strings.Join(CORSMethods(), ", "), hint))
			case seen[m]:
				errs = append(errs, fieldErr(mp, "Duplicate CORS method", "%s: %q is listed twice.", mp, m))
			}
			seen[m] = true
		}
		if r.MaxAgeSeconds != nil && *r.MaxAgeSeconds < 0 {
			mp := p.At(i, "max_age_seconds")
			errs = append(errs, fieldErr(mp, "Invalid CORS max age", "%s: %d is negative; give the number of seconds browsers may cache the preflight answer.", mp, *r.MaxAgeSeconds))
		}
	}
	return errs
}

// CORSToAPI converts cors_rules to the S3 API shape.
func CORSToAPI(rules []CORSRule) []s3types.CORSRule {
	out := make([]s3types.CORSRule, 0, len(rules))
	for _, r := range rules {
		cr := s3types.CORSRule{
			AllowedOrigins: append([]string(nil), r.AllowedOrigins...),
			AllowedMethods: append([]string(nil), r.AllowedMethods...),
			AllowedHeaders: append([]string(nil), r.AllowedHeaders...),
			ExposeHeaders:  append([]string(nil), r.ExposeHeaders...),
		}
		if r.MaxAgeSeconds != nil {
			cr.MaxAgeSeconds = aws.Int32(int32(*r.MaxAgeSeconds))
		}
		out = append(out, cr)
	}
	return out
}

// CORSFromAPI converts the S3 API shape back; empty lists become nil (unset).
func CORSFromAPI(rules []s3types.CORSRule) []CORSRule {
	if len(rules) == 0 {
		return nil
	}
	out := make([]CORSRule, 0, len(rules))
	for _, r := range rules {
		cr := CORSRule{
			AllowedOrigins: nilIfEmpty(r.AllowedOrigins),
			AllowedMethods: nilIfEmpty(r.AllowedMethods),
			AllowedHeaders: nilIfEmpty(r.AllowedHeaders),
			ExposeHeaders:  nilIfEmpty(r.ExposeHeaders),
		}
		if r.MaxAgeSeconds != nil {
			v := int64(*r.MaxAgeSeconds)
			cr.MaxAgeSeconds = &v
		}
		out = append(out, cr)
	}
	return out
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return append([]string(nil), s...)
}
