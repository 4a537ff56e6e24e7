package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

func newEngine(t testing.TB, s guardrail.Settings) *Engine {
	t.Helper()
	e, err := New(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func loadPlan(t testing.TB, name string) map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "plans", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParsePlan(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// corsBucket is a filestore_upload_bucket's planned value with one CORS rule.
func corsBucket(origins, methods []any) map[string]any {
	return map[string]any{
		"bucket": "acme-uploads",
		"cors_rules": []any{map[string]any{
			"allowed_origins": origins,
			"allowed_methods": methods,
			"allowed_headers": []any{"content-type"},
			"expose_headers":  []any{"ETag"},
		}},
		"access_logging":                  map[string]any{"target_bucket": "acme-logs", "target_prefix": "s3/"},
		"block_public_access":             true,
		"deny_insecure_transport":         true,
		"object_ownership":                "BucketOwnerEnforced",
		"abort_incomplete_multipart_days": float64(7),
		"tags":                            map[string]any{"team": "media"},
	}
}

func ruleIDs(fs []guardrail.Finding) string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID+":"+f.Level+":"+f.PathString())
	}
	return strings.Join(ids, " ")
}

func TestEvaluateResource_corsWildcardWrite(t *testing.T) {
	e := newEngine(t, guardrail.Settings{})
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{
		Type:  "filestore_upload_bucket",
		After: corsBucket([]any{"*"}, []any{"PUT", "GET"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ruleIDs(fs), "FS005:deny:cors_rules[0].allowed_origins"; got != want {
		t.Fatalf("findings = %q, want %q", got, want)
	}
	if fs[0].Title == "" || !strings.Contains(fs[0].Message, `"*"`) {
		t.Errorf("finding lacks title or message: %+v", fs[0])
	}
}

func TestEvaluateResource_cleanBucket(t *testing.T) {
	e := newEngine(t, guardrail.Settings{})
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{
		Type:  "filestore_upload_bucket",
		After: corsBucket([]any{"https://app.example.com"}, []any{"PUT"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Fatalf("findings on a compliant bucket: %s", ruleIDs(fs))
	}
}

func TestEvaluateResource_unknownNeverViolates(t *testing.T) {
	e := newEngine(t, guardrail.Settings{Parameters: map[string]string{"required_tags": "team,env", "require_kms_tag": "pii"}})
	after := corsBucket([]any{nil}, []any{"PUT"})
	after["tags"] = nil
	after["block_public_access"] = nil
	after["object_ownership"] = nil
	after["abort_incomplete_multipart_days"] = nil
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{
		Type:  "filestore_upload_bucket",
		After: after,
		AfterUnknown: map[string]any{
			"cors_rules":                      []any{map[string]any{"allowed_origins": []any{true}}},
			"tags":                            true,
			"block_public_access":             true,
			"object_ownership":                true,
			"abort_incomplete_multipart_days": true,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Fatalf("unknown values produced findings: %s", ruleIDs(fs))
	}
}

func TestEvaluateResource_compatibilityS3SkipsAWSOnlyRules(t *testing.T) {
	after := corsBucket([]any{"https://app.example.com"}, []any{"PUT"})
	after["block_public_access"] = false
	after["deny_insecure_transport"] = false
	after["object_ownership"] = "ObjectWriter"
	after["tags"] = map[string]any{"pii": "yes"}
	e := newEngine(t, guardrail.Settings{Parameters: map[string]string{"require_kms_tag": "pii"}})
	for compat, want := range map[string]string{
		"s3":  "",
		"aws": "FS001:deny:encryption FS002:deny:block_public_access FS003:deny:deny_insecure_transport FS004:deny:object_ownership",
	} {
		fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: after, Compatibility: compat})
		if err != nil {
			t.Fatal(err)
		}
		if got := ruleIDs(fs); got != want {
			t.Errorf("compatibility %s: findings = %q, want %q", compat, got, want)
		}
	}
}

func TestEvaluateResource_enforcementAndOverrides(t *testing.T) {
	after := corsBucket([]any{"*"}, []any{"PUT"})
	after["cors_rules"].([]any)[0].(map[string]any)["allowed_headers"] = []any{"*"}
	in := guardrail.Resource{Type: "filestore_upload_bucket", After: after}
	for _, tc := range []struct {
		name string
		s    guardrail.Settings
		want string
	}{
		{"default", guardrail.Settings{}, "FS005:deny:cors_rules[0].allowed_origins FS006:warn:cors_rules[0].allowed_headers"},
		{"warn", guardrail.Settings{Enforcement: "warn"}, "FS005:warn:cors_rules[0].allowed_origins FS006:warn:cors_rules[0].allowed_headers"},
		{"override off", guardrail.Settings{Overrides: map[string]string{"FS005": "off"}}, "FS006:warn:cors_rules[0].allowed_headers"},
		{"override deny", guardrail.Settings{Overrides: map[string]string{"FS006": "deny"}}, "FS005:deny:cors_rules[0].allowed_origins FS006:deny:cors_rules[0].allowed_headers"},
		{"warn with override", guardrail.Settings{Enforcement: "warn", Overrides: map[string]string{"FS005": "deny"}}, "FS005:deny:cors_rules[0].allowed_origins FS006:warn:cors_rules[0].allowed_headers"},
		{"off", guardrail.Settings{Enforcement: "off"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := newEngine(t, tc.s).EvaluateResource(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if got := ruleIDs(fs); got != tc.want {
				t.Errorf("findings = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEvaluateResource_exemptions(t *testing.T) {
	byTag := corsBucket([]any{"*"}, []any{"PUT"})
	byTag["tags"] = map[string]any{"filestore:exempt:FS005": "public upload widget, reviewed in SEC-142"}
	e := newEngine(t, guardrail.Settings{})
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: byTag})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Level != guardrail.LevelWarn || fs[0].Exemption != "public upload widget, reviewed in SEC-142" {
		t.Fatalf("tag exemption: %+v", fs)
	}

	byParam := newEngine(t, guardrail.Settings{Parameters: map[string]string{"exempt:FS005:acme-uploads": "partner portal (RISK-7)"}})
	fs, err = byParam.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: corsBucket([]any{"*"}, []any{"PUT"})})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Level != guardrail.LevelWarn || fs[0].Exemption != "partner portal (RISK-7)" {
		t.Fatalf("parameter exemption: %+v", fs)
	}

	// An exemption does not resurrect a rule turned off.
	off := newEngine(t, guardrail.Settings{Overrides: map[string]string{"FS005": "off"}})
	fs, err = off.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: byTag})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Fatalf("off rule reported: %+v", fs)
	}
}

func TestEvaluateResource_dataSources(t *testing.T) {
	e := newEngine(t, guardrail.Settings{Parameters: map[string]string{"max_presign_seconds": "900"}})
	for _, tc := range []struct {
		typ   string
		after map[string]any
		want  string
	}{
		{"filestore_presigned_url", map[string]any{"bucket": "b", "key": "k", "method": "PUT", "expires_in": "1h", "content_type": nil}, "FS010:deny:expires_in FS011:warn:content_type"},
		{"filestore_presigned_url", map[string]any{"bucket": "b", "key": "k", "method": nil, "expires_in": "15m"}, ""},
		{"filestore_presigned_post", map[string]any{"bucket": "b", "key": "k", "expires_in": "10m", "max_size": nil}, "FS012:deny:max_size"},
		{"filestore_cloudfront_signed_url", map[string]any{"url": "https://d/x", "expires_in": "48h", "hash_algorithm": "SHA1"}, "FS013:warn:expires_in FS014:warn:hash_algorithm"},
		{"filestore_cloudfront_signed_cookies", map[string]any{"url": "https://d/*", "expires_in": "1h", "hash_algorithm": nil}, ""},
	} {
		fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Mode: "data", Type: tc.typ, After: tc.after})
		if err != nil {
			t.Fatal(err)
		}
		if got := ruleIDs(fs); got != tc.want {
			t.Errorf("%s %v: findings = %q, want %q", tc.typ, tc.after, got, tc.want)
		}
	}
}

func TestEvaluatePlan_awsFixture(t *testing.T) {
	rep, err := newEngine(t, guardrail.Settings{}).EvaluatePlan(context.Background(), loadPlan(t, "aws_upload_stack.json"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deny() == 0 || rep.Warn() == 0 || rep.Checked == 0 {
		t.Fatalf("unexpected report: deny=%d warn=%d checked=%d", rep.Deny(), rep.Warn(), rep.Checked)
	}
	for _, f := range rep.Findings {
		if f.Address == "aws_s3_bucket.old" {
			t.Errorf("a deleted bucket was checked: %+v", f)
		}
	}
}

func TestNew_extraPaths(t *testing.T) {
	dir := t.TempDir()
	local := `# METADATA
# title: Buckets are named with the org prefix
# custom:
#   id: FS901
#   severity: deny
#   remediation: Start the bucket name with acme-.
package filestore.rules.fs901_bucket_prefix

import data.filestore.lib.normalize

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.buckets
	doc.name.known
	not startswith(doc.name.value, "acme-")
	v := {"resource": doc.address, "address": doc.name.address, "path": doc.name.path, "message": "bucket name lacks the acme- prefix"}
}
`
	if err := os.WriteFile(filepath.Join(dir, "fs901.rego"), []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, guardrail.Settings{Paths: []string{dir}})
	after := corsBucket([]any{"https://a.example.com"}, []any{"GET"})
	after["bucket"] = "other-uploads"
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: after})
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleIDs(fs); got != "FS901:deny:bucket" {
		t.Fatalf("local rule: findings = %q", got)
	}
	if rules := e.Rules(); rules[len(rules)-1].ID != "FS901" {
		t.Errorf("local rule not listed: %+v", rules[len(rules)-1])
	}

	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "broken.rego"), []byte("package filestore.rules.broken\n\nviolations contains v if {\n\tv := undefined_thing\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = New(context.Background(), guardrail.Settings{Paths: []string{bad}})
	if err == nil || !strings.Contains(err.Error(), "broken.rego:4") {
		t.Fatalf("a Rego error must name the file and line, got %v", err)
	}
}

func TestRules_builtins(t *testing.T) {
	rules := newEngine(t, guardrail.Settings{}).Rules()
	if len(rules) != 24 {
		t.Fatalf("%d built-in rules, want 24", len(rules))
	}
	for i, r := range rules {
		if want := "FS0" + twoDigits(i+1); r.ID != want {
			t.Errorf("rule %d is %s, want %s", i, r.ID, want)
		}
		if r.Title == "" || r.Description == "" || r.Remediation == "" || len(r.Related) == 0 {
			t.Errorf("%s: incomplete METADATA %+v", r.ID, r)
		}
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// The provider checks resources from concurrent goroutines (Terraform plans
// resources in parallel): one engine, shared prepared query.
func TestEvaluateResource_concurrent(t *testing.T) {
	e := newEngine(t, guardrail.Settings{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: corsBucket([]any{"*"}, []any{"PUT"})})
			if err == nil && (len(fs) != 1 || fs[0].RuleID != "FS005") {
				err = os.ErrInvalid
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestNew_compiledOncePerPaths(t *testing.T) {
	a := newEngine(t, guardrail.Settings{})
	b := newEngine(t, guardrail.Settings{Enforcement: "warn"})
	if a.compiled != b.compiled {
		t.Error("the built-in rules were compiled twice")
	}
}
