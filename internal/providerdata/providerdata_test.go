package providerdata

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

type fakeGuard struct {
	findings []guardrail.Finding
	err      error
	got      guardrail.Resource
}

func (g *fakeGuard) EvaluateResource(_ context.Context, in guardrail.Resource) ([]guardrail.Finding, error) {
	g.got = in
	return g.findings, g.err
}

func TestCheckGuardrailsMapsFindingsToDiagnostics(t *testing.T) {
	g := &fakeGuard{findings: []guardrail.Finding{
		{RuleID: "FS005", Level: "deny", Title: "No CORS write access from any origin", Message: "CORS rule 0 allows origin \"*\" to PUT", Path: []any{"cors_rules", 0, "allowed_origins"}},
		{RuleID: "FS006", Level: "warn", Title: "No wildcard allowed headers on a CORS write rule", Message: "m6", Path: []any{"cors_rules", float64(0), "allowed_headers"}},
		{RuleID: "FS016", Level: "warn", Title: "Required tags present", Message: "m16", Exemption: "legacy bucket, SEC-1"},
	}}
	d := &Data{Guard: g}
	var diags diag.Diagnostics
	ok := d.CheckGuardrails(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket"}, &diags)
	if ok {
		t.Fatal("a deny finding must stop the caller")
	}
	if len(diags) != 3 || diags.ErrorsCount() != 1 || diags.WarningsCount() != 2 {
		t.Fatalf("diagnostics = %v", diags)
	}
	deny := diags.Errors()[0].(diag.DiagnosticWithPath)
	if want := path.Root("cors_rules").AtListIndex(0).AtName("allowed_origins"); !deny.Path().Equal(want) {
		t.Errorf("deny path = %s, want %s", deny.Path(), want)
	}
	if got := deny.Summary(); got != "Guardrail FS005 not met: No CORS write access from any origin" {
		t.Errorf("summary = %q", got)
	}
	// The detail names the attribute too: Terraform may point the
	// diagnostic at the enclosing block.
	if !strings.HasPrefix(deny.Detail(), `cors_rules[0].allowed_origins: CORS rule 0 allows`) {
		t.Errorf("deny detail does not start with the attribute path: %q", deny.Detail())
	}
	if !strings.Contains(deny.Detail(), `policy.overrides = { FS005 = "warn" }`) {
		t.Errorf("deny detail lacks the override advice: %q", deny.Detail())
	}
	warns := diags.Warnings()
	if w := warns[0].(diag.DiagnosticWithPath); !w.Path().Equal(path.Root("cors_rules").AtListIndex(0).AtName("allowed_headers")) ||
		!strings.Contains(w.Detail(), `FS006 = "off"`) {
		t.Errorf("warn finding: path %s detail %q", w.Path(), w.Detail())
	}
	if w := warns[1]; !strings.Contains(w.Detail(), "Exempted: legacy bucket, SEC-1") {
		t.Errorf("exempted finding detail = %q", w.Detail())
	}
}

func TestCheckGuardrailsWarningsOnlyProceed(t *testing.T) {
	d := &Data{Guard: &fakeGuard{findings: []guardrail.Finding{{RuleID: "FS011", Level: "warn", Title: "t", Message: "m"}}}}
	var diags diag.Diagnostics
	if !d.CheckGuardrails(context.Background(), guardrail.Resource{}, &diags) || diags.WarningsCount() != 1 {
		t.Fatalf("ok must be true with only warnings: %v", diags)
	}
}

func TestCheckGuardrailsEngineError(t *testing.T) {
	d := &Data{Guard: &fakeGuard{err: errors.New("boom")}}
	var diags diag.Diagnostics
	if d.CheckGuardrails(context.Background(), guardrail.Resource{Type: "x"}, &diags) || !diags.HasError() {
		t.Fatal("an evaluation error must stop the caller with an error")
	}
}

func TestNoGuardProceeds(t *testing.T) {
	var diags diag.Diagnostics
	var d *Data
	if !d.CheckGuardrails(context.Background(), guardrail.Resource{}, &diags) || len(diags) != 0 {
		t.Fatal("no guard: proceed silently")
	}
}

func object(attrs map[string]tftypes.Value) tftypes.Value {
	types := map[string]tftypes.Type{}
	for k, v := range attrs {
		types[k] = v.Type()
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, attrs)
}

// A planned bucket is remembered; a minter naming it is checked with it.
func TestCheckPlannedRelatesTheBucket(t *testing.T) {
	g := &fakeGuard{}
	d := &Data{Guard: g, Buckets: guardrail.NewBuckets()}
	var diags diag.Diagnostics
	bucket := object(map[string]tftypes.Value{
		"bucket":                   tftypes.NewValue(tftypes.String, "uploads"),
		"deny_unencrypted_uploads": tftypes.NewValue(tftypes.Bool, true),
	})
	d.CheckPlanned(context.Background(), guardrail.ModeManaged, "filestore_upload_bucket", bucket, &diags)
	if len(g.got.Related) != 0 {
		t.Fatalf("a bucket relates to nothing: %+v", g.got.Related)
	}
	url := object(map[string]tftypes.Value{
		"bucket": tftypes.NewValue(tftypes.String, "uploads"),
		"key":    tftypes.NewValue(tftypes.String, "a.png"),
	})
	d.CheckPlanned(context.Background(), guardrail.ModeData, "filestore_presigned_url", url, &diags)
	if len(g.got.Related) != 1 || g.got.Related[0].After["deny_unencrypted_uploads"] != true {
		t.Fatalf("the presigned URL is checked without its bucket: %+v", g.got.Related)
	}
	other := object(map[string]tftypes.Value{"bucket": tftypes.NewValue(tftypes.String, "elsewhere")})
	d.CheckPlanned(context.Background(), guardrail.ModeData, "filestore_presigned_url", other, &diags)
	if len(g.got.Related) != 0 || diags.HasError() {
		t.Fatalf("a bucket never planned here is not related: %+v %v", g.got.Related, diags)
	}
}
