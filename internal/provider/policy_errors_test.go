package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// Each setting the engine refuses is reported on its own attribute.
func TestAddPolicyErrorPaths(t *testing.T) {
	var diags diag.Diagnostics
	addPolicyError(&diags, guardrail.SettingErrors{
		{Setting: guardrail.SettingParameters, Key: "max_presign_seconds", Message: "m1"},
		{Setting: guardrail.SettingOverrides, Key: "FS999", Message: "m2"},
		{Setting: guardrail.SettingEnforcement, Message: "m3"},
	})
	want := []path.Path{
		path.Root("policy").AtName("parameters").AtMapKey("max_presign_seconds"),
		path.Root("policy").AtName("overrides").AtMapKey("FS999"),
		path.Root("policy").AtName("enforcement"),
	}
	if len(diags) != len(want) {
		t.Fatalf("diagnostics: %v", diags)
	}
	for i, d := range diags {
		if p := d.(diag.DiagnosticWithPath).Path(); !p.Equal(want[i]) {
			t.Errorf("diagnostic %d on %s, want %s", i, p, want[i])
		}
	}
}
