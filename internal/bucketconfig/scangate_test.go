package bucketconfig

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestValidateScanGate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		g      ScanGate
		wantAt []string
	}{
		{"defaults", ScanGate{Prefixes: DefaultScanGatePrefixes()}, nil},
		{"valid", ScanGate{Prefixes: []string{"uploads/", "images/"}, TagKey: aws.String("scan:status"), CleanValue: aws.String("clean"), ExemptPrincipalARNs: []string{scannerRole}}, nil},
		{"unknown lists", ScanGate{PrefixesUnknown: true, ExemptUnknown: true, ExemptPrincipalARNs: []string{"x"}}, nil},
		{"no prefixes", ScanGate{Prefixes: []string{}}, []string{"scan_gate.prefixes"}},
		{"wildcard prefix", ScanGate{Prefixes: []string{"ok/", "a?/"}}, []string{"scan_gate.prefixes[1]"}},
		{"empty tag key", ScanGate{Prefixes: []string{""}, TagKey: aws.String("")}, []string{"scan_gate.tag_key"}},
		{"tag key too long", ScanGate{Prefixes: []string{""}, TagKey: aws.String(strings.Repeat("k", 129))}, []string{"scan_gate.tag_key"}},
		{"tag key bad char", ScanGate{Prefixes: []string{""}, TagKey: aws.String("scan#status")}, []string{"scan_gate.tag_key"}},
		{"empty clean value", ScanGate{Prefixes: []string{""}, CleanValue: aws.String("")}, []string{"scan_gate.clean_value"}},
		{"bad exempt", ScanGate{Prefixes: []string{""}, ExemptPrincipalARNs: []string{"role/scanner"}}, []string{"scan_gate.exempt_principal_arns[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := errPaths(ValidateScanGate(tc.g, Path{"scan_gate"}))
			if !reflect.DeepEqual(got, tc.wantAt) {
				t.Fatalf("paths = %v, want %v", got, tc.wantAt)
			}
		})
	}
}

func TestScanGateStatements(t *testing.T) {
	g := ScanGate{Prefixes: []string{"uploads/", "images/"}, ExemptPrincipalARNs: []string{scannerRole}}
	got := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", ScanGate: &g})
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyReadsUntilScannedClean","Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],` +
		`"Resource":["arn:aws:s3:::b/images/*","arn:aws:s3:::b/uploads/*"],` +
		`"Condition":{"StringNotEquals":{"s3:ExistingObjectTag/GuardDutyMalwareScanStatus":"NO_THREATS_FOUND"},"StringNotLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/scanner"]}}},` +
		`{"Sid":"DenyScanTagExceptScanner","Effect":"Deny","Principal":"*","Action":["s3:PutObject","s3:PutObjectTagging","s3:PutObjectVersionTagging"],` +
		`"Resource":["arn:aws:s3:::b/images/*","arn:aws:s3:::b/uploads/*"],` +
		`"Condition":{"Null":{"s3:RequestObjectTag/GuardDutyMalwareScanStatus":"false"},"StringNotLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/scanner"]}}}]}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// The default prefix [""] gates every object; no exempt principal: no
	// principal condition.
	got = BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", ScanGate: &ScanGate{Prefixes: DefaultScanGatePrefixes(), TagKey: aws.String("av"), CleanValue: aws.String("clean")}})
	if !strings.Contains(got, `"Resource":["arn:aws:s3:::b/*"]`) || strings.Contains(got, "PrincipalArn") || !strings.Contains(got, `"s3:ExistingObjectTag/av":"clean"`) {
		t.Fatal(got)
	}
}

func TestScanGateFromPolicy(t *testing.T) {
	g := ScanGate{Prefixes: []string{"images/", "uploads/"}, TagKey: aws.String("GuardDutyMalwareScanStatus"), CleanValue: aws.String("NO_THREATS_FOUND"), ExemptPrincipalARNs: []string{scannerRole}}
	doc := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", ScanGate: &g})
	f, err := AnalyzePolicy(doc, "aws", "b")
	if err != nil || f.ScanGate == nil || !reflect.DeepEqual(*f.ScanGate, g) || len(f.Statements) != 0 {
		t.Fatalf("%v\n%+v\n%+v", err, f, g)
	}
	// The tag key keeps its case even though condition keys are
	// case-insensitive (tag keys are not).
	lowerOp := strings.Replace(doc, `"s3:ExistingObjectTag/GuardDutyMalwareScanStatus"`, `"S3:existingObjectTag/GuardDutyMalwareScanStatus"`, 1)
	if f, _ := AnalyzePolicy(lowerOp, "aws", "b"); f.ScanGate == nil || aws.ToString(f.ScanGate.TagKey) != "GuardDutyMalwareScanStatus" {
		t.Fatalf("%+v", f)
	}
	for name, d := range map[string]string{
		"other tag op":   strings.Replace(doc, `"StringNotEquals":{"s3:ExistingObjectTag`, `"StringEquals":{"s3:ExistingObjectTag`, 1),
		"two tag values": strings.Replace(doc, `"NO_THREATS_FOUND"`, `["NO_THREATS_FOUND","OK"]`, 1),
	} {
		if f, _ := AnalyzePolicy(d, "aws", "b"); f.ScanGate != nil || len(f.Statements) != 2 {
			t.Errorf("%s: read as a gate: %+v", name, f)
		}
	}
	// The tag-write deny changed out of band: the gate is still read, the
	// changed statement stays a statement of its own (a difference).
	changed := strings.Replace(doc, `"s3:PutObjectVersionTagging"`, `"s3:DeleteObjectTagging"`, 1)
	if f, _ := AnalyzePolicy(changed, "aws", "b"); f.ScanGate == nil || len(f.Statements) != 1 {
		t.Fatalf("%+v", f)
	}
}

func TestReadGateWarnings(t *testing.T) {
	q := Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{scannerRole, "arn:aws:iam::111122223333:role/auditor"}}
	g := ScanGate{Prefixes: DefaultScanGatePrefixes(), ExemptPrincipalARNs: []string{scannerRole}}
	w := ReadGateWarnings(q, g, Path{"quarantine"}, Path{"scan_gate"})
	if got := errPaths(w); !reflect.DeepEqual(got, []string{"quarantine.reader_principal_arns[1]"}) {
		t.Fatal(got)
	}
	g.Prefixes = []string{"uploads/"}
	if w := ReadGateWarnings(q, g, Path{"quarantine"}, Path{"scan_gate"}); len(w) > 0 {
		t.Fatal("a gate that does not cover the quarantine cannot block its readers")
	}
}

// TestReadGatesCompose: a bucket with quarantine, a scan gate, the other
// generated statements and user statements gets one policy with unique
// Sids, and reading it back gives each part its own.
func TestReadGatesCompose(t *testing.T) {
	q := Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{scannerRole}}
	g := ScanGate{Prefixes: []string{""}, TagKey: aws.String(DefaultScanTagKey), CleanValue: aws.String(DefaultScanCleanValue), ExemptPrincipalARNs: []string{scannerRole}}
	user, errs := ValidatePolicyStatements(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowPartnerRead","Effect":"Allow",`+
		`"Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/uploads/*"}]}`, Path{"policy_statements"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	o := PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true, DenyUnencryptedUploads: true, RequiredAlgorithm: "AES256",
		CDNDistributionARNs: []string{"arn:aws:cloudfront::111122223333:distribution/E1"}, Quarantine: &q, ScanGate: &g, Statements: user.Statements}
	doc := BuildPolicy(o)
	p, err := ParsePolicy(doc)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range p.Statements {
		if seen[s.Sid()] {
			t.Fatalf("duplicate Sid %s in %s", s.Sid(), doc)
		}
		seen[s.Sid()] = true
	}
	if len(p.Statements) != 8 {
		t.Fatalf("%d statements: %s", len(p.Statements), doc)
	}
	f, err := AnalyzePolicy(doc, "aws", "b", user.Statements...)
	if err != nil || !f.DenyInsecureTransport || !f.DenyUnencryptedUploads || len(f.CDNDistributionARNs) != 1 ||
		f.Quarantine == nil || f.ScanGate == nil || !reflect.DeepEqual(*f.ScanGate, g) || len(f.Statements) != 1 || f.Statements[0].Sid() != "AllowPartnerRead" {
		t.Fatalf("%+v %v", f, err)
	}
	// A user statement may not take a gate's Sid.
	for _, sid := range []string{SidDenyQuarantineRead, SidDenyUnscannedRead, SidDenyScanTagWrite} {
		_, errs := ValidatePolicyStatements(`{"Statement":[{"Sid":"`+sid+`","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`, Path{"policy_statements"})
		if len(errs) != 1 || !strings.Contains(errs[0].Detail, "generates a statement with this Sid") {
			t.Errorf("%s: %v", sid, errs)
		}
	}
}
