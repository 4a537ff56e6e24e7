package bucketconfig

import (
	"strings"
	"testing"
)

const userDoc = `{"Version":"2012-10-17","Statement":[` +
	`{"Sid":"AllowPartner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/shared/*"},` +
	`{"Sid":"PinVpce","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`

func mustParse(t *testing.T, doc string) ParsedPolicy {
	t.Helper()
	p, err := ParsePolicy(doc)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// User statements are merged after the generated ones; grants come last;
// reading the result back splits it again.
func TestPolicyComposition(t *testing.T) {
	user := mustParse(t, userDoc).Statements
	grantDoc, err := SetCDNGrant("", "aws", "b", "CDNReadAccessE1", []string{"arn:aws:cloudfront::1:distribution/E1"})
	if err != nil {
		t.Fatal(err)
	}
	grants := mustParse(t, grantDoc).Statements
	o := PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true, Statements: user, Grants: grants}
	doc := BuildPolicy(o)
	p := mustParse(t, doc)
	var sids []string
	for _, s := range p.Statements {
		sids = append(sids, s.Sid())
	}
	if got := strings.Join(sids, ","); got != "DenyInsecureTransport,AllowPartner,PinVpce,CDNReadAccessE1" {
		t.Fatalf("statement order %s", got)
	}
	f, err := AnalyzePolicy(doc, "aws", "b", user...)
	if err != nil {
		t.Fatal(err)
	}
	if !f.DenyInsecureTransport || f.DenyUnencryptedUploads || len(f.CDNDistributionARNs) != 0 {
		t.Fatalf("settings %+v", f)
	}
	if !sameStatements(f.Statements, user) || !sameStatements(f.Grants, grants) {
		t.Fatalf("user %v grants %v", f.Statements, f.Grants)
	}
	if !PoliciesEquivalent(UserPolicy(f), userDoc) {
		t.Fatalf("user policy %s", UserPolicy(f))
	}
	// The grant is a filestore_cdn_read_access grant, not the bucket's own
	// cdn_read_access.
	if len(f.CDNDistributionARNs) != 0 {
		t.Fatal("grant counted as the bucket's cdn_read_access")
	}
}

// A user statement that a generator would also claim stays the user's when
// the state says it is; without that knowledge (import) the generator takes
// it.
func TestAnalyzePolicyExpectedUserStatements(t *testing.T) {
	tls := `{"Version":"2012-10-17","Statement":[{"Sid":"MyTLS","Effect":"Deny","Principal":"*","Action":"s3:*",` +
		`"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	user := mustParse(t, tls).Statements
	f, err := AnalyzePolicy(tls, "aws", "b", user...)
	if err != nil || f.DenyInsecureTransport || len(f.Statements) != 1 {
		t.Fatalf("expected user statement: %+v %v", f, err)
	}
	f, err = AnalyzePolicy(tls, "aws", "b")
	if err != nil || !f.DenyInsecureTransport || len(f.Statements) != 0 {
		t.Fatalf("import: %+v %v", f, err)
	}
	// Out of band: a statement nobody wrote is a user statement (drift).
	oob := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true, Statements: mustParse(t, userDoc).Statements[:1]})
	f, _ = AnalyzePolicy(oob, "aws", "b")
	if len(f.Statements) != 1 || f.Statements[0].Sid() != "AllowPartner" {
		t.Fatalf("out-of-band statement: %+v", f.Statements)
	}
	// An algorithm deny without the unencrypted deny is not the setting.
	alone := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyIncorrectEncryptionHeader","Effect":"Deny","Principal":"*","Action":"s3:PutObject",` +
		`"Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`
	f, _ = AnalyzePolicy(alone, "aws", "b")
	if f.DenyUnencryptedUploads || f.RequiredAlgorithm != "" || len(f.Statements) != 1 {
		t.Fatalf("algorithm deny alone: %+v", f)
	}
}

func TestValidatePolicyStatements(t *testing.T) {
	p := Path{"policy_statements"}
	if _, errs := ValidatePolicyStatements(userDoc, p); len(errs) != 0 {
		t.Fatalf("valid document: %v", errs)
	}
	cases := map[string]string{
		`not json`: `not a JSON policy document`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`:                                                         `statement 0 (Sid "DenyInsecureTransport"): the provider generates a statement with this Sid`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"AllowCloudFrontServicePrincipalReadOnly","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`:                                      `the provider generates a statement with this Sid`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"CDNReadAccessX","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`:                                                               `written by filestore_cdn_read_access`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`: `statement 1 (Sid "A") has the same Sid as statement 0`,
		`{"Version":"2008-10-17","Statement":[]}`: `Version "2008-10-17"`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Principal":"*","Action":"s3:*","Resource":"*"}]}`:                      `Effect must be "Allow" or "Deny"`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`:                                       `exactly one of Principal and NotPrincipal`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}`: `exactly one of Action and NotAction`,
		`{"Version":"2012-10-17","Policy":{},"Statement":[]}`:                                                                            `Policy is not one of them`,
	}
	for doc, want := range cases {
		_, errs := ValidatePolicyStatements(doc, p)
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Error(), want)
		}
		if !found {
			t.Errorf("%s: want an error containing %q, got %v", doc, want, errs)
		}
	}
}

// The user statements render as jsonencode would write them, so that an
// imported policy_statements equals the configuration's text.
func TestUserPolicyRendersLikeJSONEncode(t *testing.T) {
	doc := `{"Version": "2012-10-17", "Statement": [ {"Sid":"A", "Resource":"arn:aws:s3:::b/*", "Principal":"*", "Effect":"Allow", "Action":["s3:GetObject"]} ]}`
	f, err := AnalyzePolicy(doc, "aws", "b")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::b/*","Sid":"A"}],"Version":"2012-10-17"}`
	if got := UserPolicy(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestCDNGrants(t *testing.T) {
	a := "arn:aws:cloudfront::111122223333:distribution/E2B"
	b := "arn:aws:cloudfront::111122223333:distribution/E1A"
	if sid := CDNReadAccessSid([]string{a, b}); sid != "CDNReadAccessE1A" {
		t.Fatalf("sid %s", sid)
	}
	base := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true})
	doc, err := SetCDNGrant(base, "aws", "b", "CDNReadAccessE1A", []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	g, err := FindCDNGrant(doc, "aws", "b", "CDNReadAccessE1A")
	if err != nil || !g.Found || strings.Join(g.DistributionARNs, ",") != b+","+a {
		t.Fatalf("find: %+v %v", g, err)
	}
	// Replaced in place, not duplicated; the other statements untouched.
	doc2, _ := SetCDNGrant(doc, "aws", "b", "CDNReadAccessE1A", []string{a})
	if n := strings.Count(doc2, "CDNReadAccessE1A"); n != 1 || !strings.Contains(doc2, SidDenyInsecureTransport) {
		t.Fatalf("replace: %s", doc2)
	}
	sids, _ := CDNGrantSids(doc2, "aws", "b")
	if strings.Join(sids, ",") != "CDNReadAccessE1A" {
		t.Fatalf("grant sids %v", sids)
	}
	// A second resource's grant beside it.
	doc3, _ := SetCDNGrant(doc2, "aws", "b", "CDNReadAccessE9", []string{"arn:aws:cloudfront::1:distribution/E9"})
	sids, _ = CDNGrantSids(doc3, "aws", "b")
	if strings.Join(sids, ",") != "CDNReadAccessE1A,CDNReadAccessE9" {
		t.Fatalf("two grants %v", sids)
	}
	removed, _ := RemoveCDNGrant(doc3, "CDNReadAccessE1A")
	if strings.Contains(removed, "CDNReadAccessE1A") || !strings.Contains(removed, "CDNReadAccessE9") {
		t.Fatalf("remove: %s", removed)
	}
	if empty, _ := RemoveCDNGrant(`{"Version":"2012-10-17","Statement":[]}`, "x"); empty != "" {
		t.Fatalf("nothing left is no policy: %q", empty)
	}
	// A statement with the Sid changed out of band is found but not a grant.
	tampered := strings.Replace(doc2, `"s3:GetObject"`, `"s3:*"`, 1)
	if g, _ := FindCDNGrant(tampered, "aws", "b", "CDNReadAccessE1A"); !g.Found || g.DistributionARNs != nil {
		t.Fatalf("tampered: %+v", g)
	}
	// The bucket's own statement is told apart from the grants.
	own := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", CDNDistributionARNs: []string{a}})
	if has, _ := HasBucketCDNStatement(own, "aws", "b"); !has {
		t.Fatal("bucket statement not found")
	}
	if has, _ := HasBucketCDNStatement(doc2, "aws", "b"); has {
		t.Fatal("a grant is not the bucket's statement")
	}
	if _, err := SetCDNGrant(base, "aws", "b", "Other", []string{a}); err == nil {
		t.Fatal("a grant Sid must carry the prefix")
	}
}
