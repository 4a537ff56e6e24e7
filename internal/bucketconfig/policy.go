package bucketconfig

import "strings"

// The bucket policy of filestore_upload_bucket is composed of, in this order:
//
//  1. the generated statements: each comes from one policyGenerator (TLS
//     deny, unencrypted-upload deny, the bucket's own CloudFront grant, the
//     quarantine's and the scan gate's read denies),
//     listed in policyGenerators. A new generated statement is a new
//     generator in a file of its own and one entry in that list, plus the
//     setting it reads in PolicyOptions;
//  2. the user's policy_statements, as written;
//  3. the grants written by filestore_cdn_read_access (policy_cdn.go), kept
//     as found on the bucket.
//
// Reading a policy back (AnalyzePolicy) runs the other way: grants first,
// then the statements the user is known to have written, then each generator
// claims what it writes; whatever is left is a user (or out-of-band)
// statement, so it shows as a difference instead of disappearing.

// PolicyOptions are the settings that shape the bucket policy. AnalyzePolicy
// returns the same type: what an actual policy says about them.
type PolicyOptions struct {
	Partition string
	Bucket    string
	// ID is the policy's Id element ("": none); it comes from
	// policy_statements.
	ID string
	// DenyInsecureTransport denies every s3 action over plain HTTP
	// (aws:SecureTransport = false) on the bucket and its objects.
	DenyInsecureTransport bool
	// DenyUnencryptedUploads denies PutObject without the
	// x-amz-server-side-encryption header.
	DenyUnencryptedUploads bool
	// RequiredAlgorithm, with DenyUnencryptedUploads, also denies PutObject
	// declaring another algorithm than the bucket's ("" : any algorithm).
	RequiredAlgorithm string
	// CDNDistributionARNs lets these CloudFront distributions read objects
	// through an origin access control (service principal + AWS:SourceArn).
	CDNDistributionARNs []string
	// Quarantine, when set, denies reads under its prefix to everyone but its
	// readers (quarantine.go).
	Quarantine *Quarantine
	// ScanGate, when set, denies reads of objects not tagged clean under its
	// prefixes, and the scan tag to all but its exempt principals
	// (scangate.go).
	ScanGate *ScanGate
	// Statements are the user's statements (policy_statements), written
	// after the generated ones.
	Statements []Statement
	// Grants are statements written by filestore_cdn_read_access, kept as
	// they are, last.
	Grants []Statement
}

func (o PolicyOptions) bucketARN() string  { return BucketARN(o.partition(), o.Bucket) }
func (o PolicyOptions) objectsARN() string { return o.bucketARN() + "/*" }
func (o PolicyOptions) partition() string {
	if o.Partition == "" {
		return "aws"
	}
	return o.Partition
}

// policyGenerator writes the statements of one setting and recognizes them
// in a policy read back.
type policyGenerator struct {
	// sids are the statement ids it writes; policy_statements may not use
	// them, whether the setting is on or not.
	sids []string
	// build returns the statements o asks of it (none when it is off).
	build func(o PolicyOptions) []policyStatement
	// recognize looks at the statements nobody has claimed yet, claims those
	// it writes (whatever their Sid or formatting) and records in f the
	// setting they express.
	recognize func(f *PolicyOptions, st []Statement, claimed []bool)
}

// policyGenerators in the order their statements are written.
var policyGenerators = []policyGenerator{
	denyInsecureTransportGenerator,
	denyUnencryptedUploadsGenerator,
	cdnReadAccessGenerator,
	quarantineGenerator,
	scanGateGenerator,
}

// GeneratedSids lists every statement id the resource generates.
func GeneratedSids() []string {
	var out []string
	for _, g := range policyGenerators {
		out = append(out, g.sids...)
	}
	return out
}

// BuildPolicy returns the bucket policy for o as deterministic compact JSON,
// or "" when o asks for no statement (the bucket then has no policy).
func BuildPolicy(o PolicyOptions) string {
	var st []Statement
	for _, g := range policyGenerators {
		for _, s := range g.build(o) {
			st = append(st, newStatement(s))
		}
	}
	st = append(st, o.Statements...)
	st = append(st, o.Grants...)
	return writePolicy(o.ID, st)
}

// AnalyzePolicy splits the actual policy doc of bucket the way the resource
// manages it. expected are the user statements the state holds: a statement
// equal to one of them (Sid included) stays the user's even if a generator
// writes the same (a user's own TLS deny is not deny_insecure_transport).
func AnalyzePolicy(doc, partition, bucket string, expected ...Statement) (PolicyOptions, error) {
	f := PolicyOptions{Partition: partition, Bucket: bucket}
	p, err := ParsePolicy(doc)
	if err != nil {
		return f, err
	}
	f.ID = p.ID
	claimed := make([]bool, len(p.Statements))
	user := make([]bool, len(p.Statements))
	for i, s := range p.Statements {
		if f.isCDNReadAccessGrant(s) {
			claimed[i] = true
			f.Grants = append(f.Grants, s)
		}
	}
	used := make([]bool, len(expected))
	for i, s := range p.Statements {
		if claimed[i] {
			continue
		}
		for j, e := range expected {
			if !used[j] && s.Equivalent(e) {
				used[j], claimed[i], user[i] = true, true, true
				break
			}
		}
	}
	for _, g := range policyGenerators {
		g.recognize(&f, p.Statements, claimed)
	}
	for i, s := range p.Statements {
		if user[i] || !claimed[i] {
			f.Statements = append(f.Statements, s)
		}
	}
	return f, nil
}

// UserPolicy renders the user statements of o as a policy document (the
// value of policy_statements), "" when there are none.
func UserPolicy(o PolicyOptions) string { return renderPolicy(o.ID, o.Statements) }

// claimFirst claims the first unclaimed statement with the same effect as
// want (any Sid) and reports whether there was one.
func claimFirst(want policyStatement, st []Statement, claimed []bool) bool {
	w := newStatement(want)
	for i, s := range st {
		if !claimed[i] && s.sameEffect(w) {
			claimed[i] = true
			return true
		}
	}
	return false
}

func isGeneratedSid(sid string) bool {
	for _, s := range GeneratedSids() {
		if strings.EqualFold(s, sid) {
			return true
		}
	}
	return false
}
