package bucketconfig

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
)

// Read gates: quarantine and scan_gate each add a Deny statement on object
// reads under some prefixes, with principals excepted. This file holds what
// they share.

// readActions are the object reads a gate denies: GetObject, and
// GetObjectVersion, without which `GET ?versionId=` would read around the
// gate on a versioned bucket.
var readActions = []string{"s3:GetObject", "s3:GetObjectVersion"}

// principalARNKey is the condition key of the calling principal's ARN (the
// role, not the session, for assumed roles).
const principalARNKey = "aws:PrincipalArn"

// exemptOperator compares aws:PrincipalArn with the excepted principals.
// AWS documents string operators for ARN keys as well as ARN operators;
// StringNotLike takes the same wildcards as ArnNotLike and is the one every
// local server that enforces policies evaluates (SeaweedFS accepts
// ArnNotLike but never applies it). A request without a principal ARN
// (anonymous, or a service principal such as CloudFront's) does not match,
// so it is denied.
const exemptOperator = "StringNotLike"

// principalARN matches an IAM / STS principal ARN (wildcards allowed, as
// StringNotLike takes them): arn:<partition>:iam::<account>:role/name,
// :user/name, :root; arn:<partition>:sts::<account>:assumed-role/...
var principalARN = regexp.MustCompile(`^arn:(?:aws(?:-[a-z0-9]+)*|\*):(?:iam|sts)::(?:[0-9]{12}|[0-9*?]+):[^\s]+$`)

func validatePrincipalARNs(arns []string, p Path, attr string) []FieldError {
	var errs []FieldError
	for i, a := range arns {
		ap := p.At(attr, i)
		switch {
		case a == "*" || strings.Trim(a, "*?") == "":
			errs = append(errs, fieldErr(ap, "Principal pattern matches everyone",
				"%s: %q matches every principal, which switches the deny off; list the IAM roles or users by ARN.", ap, a))
		case !principalARN.MatchString(a):
			errs = append(errs, fieldErr(ap, "Invalid principal ARN",
				"%s: %q is not an IAM principal ARN; expected arn:<partition>:iam::<account-id>:role/<name> (or :user/<name>, :root), for example \"arn:aws:iam::111122223333:role/scanner\".", ap, a))
		}
	}
	return errs
}

// validateGatePrefix rejects key prefixes a bucket policy's Resource would
// not read literally: `*` and `?` are wildcards there and `${` starts a
// policy variable.
func validateGatePrefix(prefix string, p Path) []FieldError {
	if strings.ContainsAny(prefix, "*?") || strings.Contains(prefix, "${") {
		return []FieldError{fieldErr(p, "Prefix not usable in a bucket policy",
			"%s: %q contains `*`, `?` or `${`, which a bucket policy's Resource reads as a wildcard or a policy variable, so the deny would cover other keys. Use a literal prefix.", p, prefix)}
	}
	if len(prefix) > MaxKeyFilterLength {
		return []FieldError{fieldErr(p, "Prefix too long", "%s is %d bytes; object keys are at most %d bytes.", p, len(prefix), MaxKeyFilterLength)}
	}
	return nil
}

// prefixesOverlap reports whether some key starts with both prefixes.
func prefixesOverlap(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }

// objectsUnder is the Resource ARN of the objects under prefix.
func objectsUnder(partition, bucket, prefix string) string {
	return BucketARN(partition, bucket) + "/" + prefix + "*"
}

// prefixOfResource is the inverse of objectsUnder ("" and false when res is
// not such an ARN).
func prefixOfResource(partition, bucket, res string) (string, bool) {
	base := BucketARN(partition, bucket) + "/"
	if !strings.HasPrefix(res, base) || !strings.HasSuffix(res, "*") {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(res, base), "*"), true
}

// exceptCondition adds the principal exception to a Deny's condition (none
// when nobody is excepted).
func exceptCondition(cond map[string]map[string]any, principals []string) map[string]map[string]any {
	if len(principals) == 0 {
		return cond
	}
	arns := slices.Clone(principals)
	slices.Sort(arns)
	arns = slices.Compact(arns)
	cond[exemptOperator] = map[string]any{principalARNKey: arns}
	return cond
}

// readGate reports whether s has the shape a read gate with sid writes:
// Deny for everyone on the read actions, under prefixes of o's bucket.
func (o PolicyOptions) readGate(s Statement, sid string) (prefixes []string, ok bool) {
	c := s.canon
	if c.Sid != sid || c.Effect != "Deny" || len(c.NotPrincipal) > 0 || len(c.NotAction) > 0 || len(c.NotResource) > 0 || len(c.Other) > 0 ||
		len(c.Principal) != 1 || strings.Join(c.Principal["AWS"], ",") != "*" ||
		!slices.Equal(c.Action, lowerSorted(readActions)) || len(c.Resource) == 0 {
		return nil, false
	}
	for _, r := range c.Resource {
		pr, ok := prefixOfResource(o.partition(), o.Bucket, r)
		if !ok {
			return nil, false
		}
		prefixes = append(prefixes, pr)
	}
	return prefixes, true
}

// exceptedPrincipals reads the principal exception back (nil: none), and
// reports false when the condition holds anything else than the operators
// in want plus the exception.
func exceptedPrincipals(s Statement, want ...string) ([]string, bool) {
	c := s.canon
	ops := 0
	for _, w := range want {
		if _, ok := c.Condition[w]; ok {
			ops++
		}
	}
	var arns []string
	if m, ok := c.Condition[exemptOperator]; ok {
		key := strings.ToLower(principalARNKey)
		if len(m) != 1 || m[key] == nil {
			return nil, false
		}
		arns = m[key]
		ops++
	}
	return arns, ops == len(c.Condition)
}

func lowerSorted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	slices.Sort(out)
	return out
}

// rawCondition returns one operator's block of s as the document writes
// it (keys in their original case: tag keys are case-sensitive even though
// condition keys are not), or nil.
func rawCondition(s Statement, operator string) map[string]any {
	var raw map[string]any
	if json.Unmarshal(s.raw, &raw) != nil {
		return nil
	}
	cond, _ := raw["Condition"].(map[string]any)
	for op, block := range cond {
		if strings.EqualFold(op, operator) {
			m, _ := block.(map[string]any)
			return m
		}
	}
	return nil
}
