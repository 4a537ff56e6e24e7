package bucketconfig

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Scan gate: objects under the prefixes are readable only once a scanner has
// tagged them clean. GuardDuty Malware Protection for S3 writes the default
// tag; a self-hosted scanner (clamd) can write the same one.
const (
	// SidDenyUnscannedRead denies reads of objects not tagged clean.
	SidDenyUnscannedRead = "DenyReadsUntilScannedClean"
	// SidDenyScanTagWrite denies setting the scan tag to everyone but the
	// exempt principals, so an uploader cannot mark its own object clean.
	SidDenyScanTagWrite = "DenyScanTagExceptScanner"
	// DefaultScanTagKey and DefaultScanCleanValue are GuardDuty's.
	DefaultScanTagKey     = "GuardDutyMalwareScanStatus"
	DefaultScanCleanValue = "NO_THREATS_FOUND"
)

// DefaultScanGatePrefixes is scan_gate.prefixes unset: the whole bucket.
func DefaultScanGatePrefixes() []string { return []string{""} }

// Object tag limits (S3: keys 1-128, values 0-256 Unicode characters; letters,
// digits, spaces and + - = . _ : / @).
const (
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
)

var tagChars = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// ScanGate is the scan_gate block. Nil pointers are unknown until apply;
// the *Unknown flags mark lists holding an unknown value.
type ScanGate struct {
	Prefixes            []string
	PrefixesUnknown     bool
	TagKey              *string
	CleanValue          *string
	ExemptPrincipalARNs []string
	ExemptUnknown       bool
}

func (g ScanGate) tagKey() string {
	if g.TagKey == nil {
		return DefaultScanTagKey
	}
	return *g.TagKey
}

func (g ScanGate) cleanValue() string {
	if g.CleanValue == nil {
		return DefaultScanCleanValue
	}
	return *g.CleanValue
}

// ValidateScanGate checks the block: at least one literal prefix, a valid
// tag key and value, IAM principal ARNs. p is the path of scan_gate.
func ValidateScanGate(g ScanGate, p Path) []FieldError {
	var errs []FieldError
	if !g.PrefixesUnknown {
		if len(g.Prefixes) == 0 {
			pp := p.At("prefixes")
			errs = append(errs, fieldErr(pp, "Scan gate without prefixes",
				"%s: an empty list gates nothing. List the prefixes to gate, [\"\"] for the whole bucket (the default), or remove scan_gate.", pp))
		}
		for i, pr := range g.Prefixes {
			errs = append(errs, validateGatePrefix(pr, p.At("prefixes", i))...)
		}
	}
	if g.TagKey != nil {
		kp := p.At("tag_key")
		if n := utf8.RuneCountInString(*g.TagKey); n < 1 || n > MaxTagKeyLength || !tagChars.MatchString(*g.TagKey) {
			errs = append(errs, fieldErr(kp, "Invalid scan tag key",
				"%s: %q is not an S3 object tag key (1 to %d characters: letters, digits, spaces and + - = . _ : / @).", kp, *g.TagKey, MaxTagKeyLength))
		}
	}
	if g.CleanValue != nil {
		vp := p.At("clean_value")
		if n := utf8.RuneCountInString(*g.CleanValue); n < 1 || n > MaxTagValueLength || !tagChars.MatchString(*g.CleanValue) {
			errs = append(errs, fieldErr(vp, "Invalid scan clean value",
				"%s: %q is not a usable S3 object tag value (1 to %d characters: letters, digits, spaces and + - = . _ : / @).", vp, *g.CleanValue, MaxTagValueLength))
		}
	}
	if !g.ExemptUnknown {
		errs = append(errs, validatePrincipalARNs(g.ExemptPrincipalARNs, p, "exempt_principal_arns")...)
	}
	return errs
}

// ReadGateWarnings are the combinations of quarantine and scan_gate that
// work as written but probably not as meant: a quarantine reader that is
// not exempt from a gate covering the quarantine prefix cannot read what it
// is there to scan (untagged objects). qp and gp are the blocks' paths.
func ReadGateWarnings(q Quarantine, g ScanGate, qp, gp Path) []FieldError {
	if q.Prefix == nil || q.ReadersUnknown || g.PrefixesUnknown || g.ExemptUnknown {
		return nil
	}
	covered := slices.ContainsFunc(g.Prefixes, func(pr string) bool { return prefixesOverlap(pr, *q.Prefix) })
	if !covered {
		return nil
	}
	var out []FieldError
	for i, r := range q.ReaderPrincipalARNs {
		if slices.Contains(g.ExemptPrincipalARNs, r) {
			continue
		}
		rp := qp.At("reader_principal_arns", i)
		out = append(out, fieldErr(rp, "Quarantine reader blocked by the scan gate",
			"%s: %q may read the quarantine, but %s covers quarantine.prefix %q and does not exempt it, so it can read only objects already tagged clean. "+
				"If it is the scanner, add it to %s too.", rp, r, gp.At("prefixes"), *q.Prefix, gp.At("exempt_principal_arns")))
	}
	return out
}

func (g ScanGate) resources(partition, bucket string) []string {
	out := make([]string, 0, len(g.Prefixes))
	for _, pr := range g.Prefixes {
		out = append(out, objectsUnder(partition, bucket, pr))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// scanGateGenerator writes two statements: reads denied unless
// s3:ExistingObjectTag/<tag_key> equals clean_value (an untagged object has
// no such tag, so it is denied too), and the scan tag writable only by the
// exempt principals — on upload (PutObject with x-amz-tagging) as with
// PutObjectTagging — as AWS advises for GuardDuty's tag. It recognizes them
// by Sid.
var scanGateGenerator = policyGenerator{
	sids: []string{SidDenyUnscannedRead, SidDenyScanTagWrite},
	build: func(o PolicyOptions) []policyStatement {
		if o.ScanGate == nil {
			return nil
		}
		return o.scanGateStatements(*o.ScanGate)
	},
	recognize: func(f *PolicyOptions, st []Statement, claimed []bool) {
		for i, s := range st {
			if claimed[i] {
				continue
			}
			g, ok := f.scanGateOf(s)
			if !ok {
				continue
			}
			claimed[i] = true
			f.ScanGate = &g
			// The tag-write statement belongs to the gate only as this
			// package writes it for that gate; anything else stays a user
			// statement (and the difference shows).
			claimFirst(f.scanGateStatements(g)[1], st, claimed)
			return
		}
	},
}

// scanTagWriteActions set object tags: on upload and afterwards.
var scanTagWriteActions = []string{"s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"}

func (o PolicyOptions) scanGateStatements(g ScanGate) []policyStatement {
	res := g.resources(o.partition(), o.Bucket)
	read := policyStatement{
		Sid: SidDenyUnscannedRead, Effect: "Deny", Principal: "*", Action: readActions, Resource: res,
		Condition: exceptCondition(map[string]map[string]any{
			"StringNotEquals": {"s3:ExistingObjectTag/" + g.tagKey(): g.cleanValue()},
		}, g.ExemptPrincipalARNs),
	}
	tag := policyStatement{
		Sid: SidDenyScanTagWrite, Effect: "Deny", Principal: "*", Action: scanTagWriteActions, Resource: res,
		Condition: exceptCondition(map[string]map[string]any{
			"Null": {"s3:RequestObjectTag/" + g.tagKey(): "false"},
		}, g.ExemptPrincipalARNs),
	}
	return []policyStatement{read, tag}
}

// scanGateOf reads a gate back from its read statement.
func (o PolicyOptions) scanGateOf(s Statement) (g ScanGate, ok bool) {
	if g.Prefixes, ok = o.readGate(s, SidDenyUnscannedRead); !ok {
		return ScanGate{}, false
	}
	cond := rawCondition(s, "StringNotEquals")
	if len(cond) != 1 {
		return ScanGate{}, false
	}
	for k, v := range cond {
		key, found := cutPrefixFold(k, "s3:ExistingObjectTag/")
		vals := stringList(v, false)
		if !found || len(vals) != 1 {
			return ScanGate{}, false
		}
		g.TagKey, g.CleanValue = aws.String(key), aws.String(vals[0])
	}
	if g.ExemptPrincipalARNs, ok = exceptedPrincipals(s, "StringNotEquals"); !ok {
		return ScanGate{}, false
	}
	return g, true
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
