package bucketconfig

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestBuildPolicyGolden(t *testing.T) {
	got := BuildPolicy(PolicyOptions{
		Partition: "aws", Bucket: "my-app-uploads",
		DenyInsecureTransport: true, DenyUnencryptedUploads: true, RequiredAlgorithm: "aws:kms",
		CDNDistributionARNs: []string{"arn:aws:cloudfront::111122223333:distribution/E2B", "arn:aws:cloudfront::111122223333:distribution/E1A"},
	})
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::my-app-uploads","arn:aws:s3:::my-app-uploads/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
		`{"Sid":"DenyUnencryptedUploads","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::my-app-uploads/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}},` +
		`{"Sid":"DenyIncorrectEncryptionHeader","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::my-app-uploads/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}},` +
		`{"Sid":"AllowCloudFrontServicePrincipalReadOnly","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-uploads/*","Condition":{"StringEquals":{"AWS:SourceArn":["arn:aws:cloudfront::111122223333:distribution/E1A","arn:aws:cloudfront::111122223333:distribution/E2B"]}}}]}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	var v any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatal(err)
	}
	// Deterministic: the same settings give the same bytes.
	for i := 0; i < 20; i++ {
		again := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "my-app-uploads", DenyInsecureTransport: true, DenyUnencryptedUploads: true, RequiredAlgorithm: "aws:kms",
			CDNDistributionARNs: []string{"arn:aws:cloudfront::111122223333:distribution/E1A", "arn:aws:cloudfront::111122223333:distribution/E2B"}})
		if again != got {
			t.Fatal("not deterministic")
		}
	}
}

func TestBuildPolicyVariants(t *testing.T) {
	if got := BuildPolicy(PolicyOptions{Bucket: "b"}); got != "" {
		t.Fatalf("no statement means no policy, got %s", got)
	}
	only := BuildPolicy(PolicyOptions{Bucket: "b", DenyUnencryptedUploads: true})
	if strings.Contains(only, SidDenyIncorrectEncryption) || !strings.Contains(only, SidDenyUnencryptedUploads) {
		t.Fatalf("without a required algorithm only the Null statement: %s", only)
	}
	cn := BuildPolicy(PolicyOptions{Partition: "aws-cn", Bucket: "b", DenyInsecureTransport: true})
	if !strings.Contains(cn, "arn:aws-cn:s3:::b/*") {
		t.Fatal(cn)
	}
}

func TestAnalyzePolicy(t *testing.T) {
	arns := []string{"arn:aws:cloudfront::1:distribution/B", "arn:aws:cloudfront::1:distribution/A"}
	full := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true, DenyUnencryptedUploads: true, RequiredAlgorithm: "AES256", CDNDistributionARNs: arns})
	f, err := AnalyzePolicy(full, "aws", "b")
	if err != nil {
		t.Fatal(err)
	}
	if !f.DenyInsecureTransport || !f.DenyUnencryptedUploads || f.RequiredAlgorithm != "AES256" || len(f.Statements) != 0 || len(f.Grants) != 0 ||
		!reflect.DeepEqual(f.CDNDistributionARNs, []string{"arn:aws:cloudfront::1:distribution/A", "arn:aws:cloudfront::1:distribution/B"}) {
		t.Fatalf("got %+v", f)
	}
	// Read back, the settings regenerate the same document.
	if again := BuildPolicy(f); again != full {
		t.Fatalf("regenerated\n%s\nwant\n%s", again, full)
	}

	// The same statements as a server might store them: other Sids,
	// reformatted, "*" as {"AWS":"*"}, single values as lists, upper-case
	// action and condition key in another case.
	reformatted := `{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "x1", "Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["S3:*"],
	     "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"], "Condition": {"Bool": {"aws:securetransport": ["false"]}}},
	    {"Sid": "x2", "Effect": "Allow", "Principal": {"Service": ["cloudfront.amazonaws.com"]}, "Action": ["s3:GetObject"],
	     "Resource": ["arn:aws:s3:::b/*"], "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::1:distribution/A"}}}
	  ]}`
	f, err = AnalyzePolicy(reformatted, "aws", "b")
	if err != nil {
		t.Fatal(err)
	}
	if !f.DenyInsecureTransport || f.DenyUnencryptedUploads || !reflect.DeepEqual(f.CDNDistributionARNs, []string{"arn:aws:cloudfront::1:distribution/A"}) {
		t.Fatalf("reformatted: %+v", f)
	}

	// A weakened statement does not count: condition on another bucket,
	// missing object resource, different effect.
	for _, weak := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::other","arn:aws:s3:::other/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
	} {
		f, err := AnalyzePolicy(weak, "aws", "b")
		if err != nil || f.DenyInsecureTransport {
			t.Fatalf("weak statement counted: %s %v", weak, err)
		}
	}
	if f, err := AnalyzePolicy("", "aws", "b"); err != nil || f.DenyInsecureTransport || f.CDNDistributionARNs != nil {
		t.Fatalf("no policy: %+v %v", f, err)
	}
	if _, err := AnalyzePolicy("not json", "aws", "b"); err == nil {
		t.Fatal("invalid JSON must be an error")
	}
	// A single statement object (not a list) is accepted.
	single := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":true}}}}`
	if f, err := AnalyzePolicy(single, "aws", "b"); err != nil || !f.DenyUnencryptedUploads {
		t.Fatalf("single statement: %+v %v", f, err)
	}
}

func TestPoliciesEquivalent(t *testing.T) {
	gen := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true, CDNDistributionARNs: []string{"arn:x"}})
	var doc map[string]any
	_ = json.Unmarshal([]byte(gen), &doc)
	st := doc["Statement"].([]any)
	doc["Statement"] = []any{st[1], st[0]} // reordered
	pretty, _ := json.MarshalIndent(doc, "", "    ")
	if !PoliciesEquivalent(gen, string(pretty)) {
		t.Fatal("reordered and indented must be equivalent")
	}
	if PoliciesEquivalent(gen, BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", DenyInsecureTransport: true})) {
		t.Fatal("a missing statement is a difference")
	}
	renamed := strings.Replace(gen, SidDenyInsecureTransport, "Other", 1)
	if PoliciesEquivalent(gen, renamed) {
		t.Fatal("a changed Sid is a difference")
	}
	if !PoliciesEquivalent("", "") || PoliciesEquivalent("", gen) || PoliciesEquivalent("{", gen) {
		t.Fatal("empty / invalid handling")
	}
}

func TestTags(t *testing.T) {
	defaults := map[string]string{"team": "media", "env": "prod"}
	merged := MergeTags(defaults, map[string]string{"app": "x", "env": "dev"})
	if !reflect.DeepEqual(merged, map[string]string{"team": "media", "env": "dev", "app": "x"}) {
		t.Fatalf("merge: %v", merged)
	}
	actual := map[string]string{"team": "media", "env": "dev", "app": "x", "oob": "1"}
	got := ResourceTags(actual, defaults, map[string]string{"app": "x", "env": "dev"})
	if !reflect.DeepEqual(got, map[string]string{"env": "dev", "app": "x", "oob": "1"}) {
		t.Fatalf("split: %v", got)
	}
	// A resource tag equal to the default stays the resource's when claimed.
	got = ResourceTags(map[string]string{"team": "media"}, defaults, map[string]string{"team": "media"})
	if !reflect.DeepEqual(got, map[string]string{"team": "media"}) {
		t.Fatalf("claimed: %v", got)
	}
	set := TagsToAPI(map[string]string{"b": "2", "a": "1"})
	if *set[0].Key != "a" || *set[1].Key != "b" {
		t.Fatal("tag set not sorted")
	}
	if !reflect.DeepEqual(TagsFromAPI(set), map[string]string{"a": "1", "b": "2"}) {
		t.Fatal("tags round trip")
	}
}
