package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// quarantineBucket is a planned bucket with a quarantine and denied
// unencrypted uploads, whose own findings (FS005: CORS "*" with PUT) must
// never reach the check of a resource it is related to.
func quarantineBucket() guardrail.Resource {
	after := corsBucket([]any{"*"}, []any{"PUT"})
	after["quarantine"] = map[string]any{"prefix": "quarantine/", "reader_principal_arns": []any{}, "expiration_days": float64(7)}
	after["deny_unencrypted_uploads"] = true
	return guardrail.Resource{Mode: guardrail.ModeManaged, Type: "filestore_upload_bucket", Address: "filestore_upload_bucket", After: after}
}

// The provider relates a minter to the bucket it planned (Related): FS018,
// FS019 and FS021 decide, and only the minter's findings come back.
func TestEvaluateResource_relatedBucket(t *testing.T) {
	e := newEngine(t, guardrail.Settings{})
	bucket := quarantineBucket()
	for _, tc := range []struct {
		name    string
		typ     string
		after   map[string]any
		related bool
		want    string
	}{
		{"get into quarantine", "filestore_presigned_url", map[string]any{"bucket": "acme-uploads", "key": "quarantine/a.pdf", "method": "GET"}, true, "FS018:deny:key"},
		{"put outside quarantine, unencrypted", "filestore_presigned_url", map[string]any{"bucket": "acme-uploads", "key": "a.png", "method": "PUT", "content_type": "image/png"}, true, "FS019:warn:key FS021:deny:server_side_encryption"},
		{"put into quarantine, encrypted", "filestore_presigned_url", map[string]any{"bucket": "acme-uploads", "key": "quarantine/a.png", "method": "PUT", "content_type": "image/png", "server_side_encryption": "AES256"}, true, ""},
		{"post without sse", "filestore_presigned_post", map[string]any{"bucket": "acme-uploads", "key_prefix": "quarantine/", "max_size": float64(10)}, true, "FS021:deny:server_side_encryption"},
		{"bucket not seen", "filestore_presigned_url", map[string]any{"bucket": "acme-uploads", "key": "quarantine/a.pdf", "method": "GET"}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := guardrail.Resource{Mode: guardrail.ModeData, Type: tc.typ, Address: tc.typ, After: tc.after}
			if tc.related {
				in.Related = []guardrail.Resource{bucket}
			}
			fs, err := e.EvaluateResource(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if got := ruleIDs(fs); got != tc.want {
				t.Errorf("findings = %q, want %q", got, tc.want)
			}
			for _, f := range fs {
				if f.Address != "data."+tc.typ+".this" {
					t.Errorf("finding on %s, want only the checked resource's", f.Address)
				}
			}
		})
	}
}

// Inside the provider a GuardDuty plan cannot be seen: FS020 warns (and says
// why) where `policy check` over the plan denies.
func TestEvaluateResource_scanHookPartialView(t *testing.T) {
	e := newEngine(t, guardrail.Settings{})
	after := corsBucket([]any{"https://app.example.com"}, []any{"PUT"})
	after["quarantine"] = map[string]any{"prefix": "quarantine/"}
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: after})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ruleIDs(fs), "FS020:warn:quarantine.prefix"; got != want {
		t.Fatalf("findings = %q, want %q", got, want)
	}
	if !strings.Contains(fs[0].Message, "`policy check` over the saved plan decides") {
		t.Errorf("message does not say the view is partial: %s", fs[0].Message)
	}
	plan, _ := wrapResource(guardrail.Resource{Type: "filestore_upload_bucket", After: after})
	rep, err := e.EvaluatePlan(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ruleIDs(rep.Findings), "FS020:deny:quarantine.prefix"; got != want {
		t.Fatalf("over a plan: findings = %q, want %q", got, want)
	}
}
