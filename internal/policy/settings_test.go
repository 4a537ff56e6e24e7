package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// settingErrors returns New's SettingErrors, failing the test on any other
// outcome.
func settingErrors(t *testing.T, s guardrail.Settings) guardrail.SettingErrors {
	t.Helper()
	_, err := New(context.Background(), s)
	var errs guardrail.SettingErrors
	if !errors.As(err, &errs) {
		t.Fatalf("New(%+v): want SettingErrors, got %v", s, err)
	}
	return errs
}

// A parameter of the wrong type used to switch its rule off without a word
// (max_presign_seconds=abc disabled FS010). Each is now an error naming it.
func TestNew_wrongTypedParameters(t *testing.T) {
	cases := map[string]string{
		"max_presign_seconds":       "abc",
		"max_abort_multipart_days":  "7d",
		"max_cdn_signature_seconds": "-5",
		"compatibility":             "gcs",
	}
	for name, value := range cases {
		t.Run(name, func(t *testing.T) {
			errs := settingErrors(t, guardrail.Settings{Parameters: map[string]string{name: value}})
			if len(errs) != 1 {
				t.Fatalf("errors = %v", errs)
			}
			e := errs[0]
			if e.Setting != guardrail.SettingParameters || e.Key != name || e.Source != guardrail.SourceSettings ||
				!strings.Contains(e.Message, name) || !strings.Contains(e.Message, "must be") {
				t.Errorf("error = %+v", e)
			}
		})
	}
}

func TestNew_unknownSettings(t *testing.T) {
	errs := settingErrors(t, guardrail.Settings{
		Parameters:  map[string]string{"max_presign_second": "60", "exempt:FS099:b": "reviewed"},
		Overrides:   map[string]string{"FS999": "warn", "FS006": "loud"},
		Enforcement: "block",
	})
	want := map[string]bool{
		"parameters/max_presign_second": true, "parameters/exempt:FS099:b": true,
		"overrides/FS999": true, "overrides/FS006": true, "enforcement/": true,
	}
	for _, e := range errs {
		if !want[e.Setting+"/"+e.Key] {
			t.Errorf("unexpected error %+v", e)
		}
		delete(want, e.Setting+"/"+e.Key)
	}
	for k := range want {
		t.Errorf("no error for %s", k)
	}
	if msg := errs.Error(); !strings.Contains(msg, `unknown parameter "max_presign_second"`) || !strings.Contains(msg, "max_presign_seconds") {
		t.Errorf("the message should name the parameter and list the known ones: %s", msg)
	}
}

func TestNew_validSettings(t *testing.T) {
	newEngine(t, guardrail.Settings{
		Enforcement: "warn",
		Overrides:   map[string]string{"FS006": "deny", "FS017": "off"},
		Parameters: map[string]string{
			"max_presign_seconds": "900", "max_abort_multipart_days": " 30 ", "max_cdn_signature_seconds": "7200",
			"required_tags": "team, env", "require_kms_tag": "pii", "compatibility": "s3",
			"exempt:FS005:module.media.aws_s3_bucket.public": "static site, reviewed in SEC-9",
		},
	})
}

// A plan whose provider block carries a bad parameter is refused when it is
// evaluated (the CLI exits 2), naming the parameter and where it comes from.
func TestEvaluatePlan_planParametersChecked(t *testing.T) {
	plan := map[string]any{
		"format_version":   "1.2",
		"resource_changes": []any{},
		"configuration": map[string]any{"provider_config": map[string]any{"filestore": map[string]any{
			"name": "filestore",
			"expressions": map[string]any{"policy": map[string]any{"constant_value": map[string]any{
				"parameters": map[string]any{"max_presign_seconds": "soon"},
			}}},
		}}},
	}
	_, err := newEngine(t, guardrail.Settings{}).EvaluatePlan(context.Background(), plan)
	var errs guardrail.SettingErrors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Source != guardrail.SourcePlan || errs[0].Key != "max_presign_seconds" {
		t.Fatalf("want the plan's parameter refused, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "the plan's filestore provider block: parameter max_presign_seconds") {
		t.Errorf("message: %v", err)
	}
}

// A local rule declares its parameters in its METADATA like a built-in one:
// they are then known, typed and defaulted.
func TestNew_localRuleParameters(t *testing.T) {
	dir := t.TempDir()
	local := `# METADATA
# title: Bucket names carry the organisation prefix
# custom:
#   id: FS902
#   severity: deny
#   parameters:
#     bucket_prefix: {type: string, default: "acme-"}
package filestore.rules.fs902_bucket_prefix

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result

meta := rego.metadata.chain()

_prefix := params.string(meta, "bucket_prefix")

violations contains v if {
	some doc in normalize.buckets
	doc.name.known
	not startswith(doc.name.value, _prefix)
	v := result.fail(doc, doc.name, sprintf("the bucket name lacks the %s prefix", [_prefix]))
}
`
	if err := os.WriteFile(filepath.Join(dir, "fs902.rego"), []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	after := corsBucket([]any{"https://a.example.com"}, []any{"GET"})
	for prefix, want := range map[string]string{"": "", "acme-": "", "initech-": "FS902:deny:bucket"} {
		s := guardrail.Settings{Paths: []string{dir}}
		if prefix != "" {
			s.Parameters = map[string]string{"bucket_prefix": prefix}
		}
		fs, err := newEngine(t, s).EvaluateResource(context.Background(), guardrail.Resource{Type: "filestore_upload_bucket", After: after})
		if err != nil {
			t.Fatal(err)
		}
		if got := ruleIDs(fs); got != want {
			t.Errorf("bucket_prefix %q: findings %q, want %q", prefix, got, want)
		}
	}
	errs := settingErrors(t, guardrail.Settings{Paths: []string{dir}, Parameters: map[string]string{"bucket_prefixes": "x"}})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "bucket_prefix,") {
		t.Errorf("the local parameter should be listed among the known ones: %v", errs)
	}
}

// A plan evaluated in shares reports a bad plan parameter once.
func TestEvaluatePlan_planParametersOnceWhenSharded(t *testing.T) {
	plan := bigPlan(t, "aws_upload_stack.json", shardMin)
	cfg := plan["configuration"].(map[string]any)
	pc, _ := cfg["provider_config"].(map[string]any)
	if pc == nil {
		pc = map[string]any{}
		cfg["provider_config"] = pc
	}
	pc["filestore"] = map[string]any{"name": "filestore", "expressions": map[string]any{"policy": map[string]any{
		"constant_value": map[string]any{"parameters": map[string]any{"bogus_parameter": "team"}},
	}}}
	e := newEngine(t, guardrail.Settings{})
	v, err := PlanValue(plan)
	if err != nil {
		t.Fatal(err)
	}
	if e.shards(v) == nil {
		t.Skip("one core: plans are not split")
	}
	_, err = e.EvaluatePlanValue(context.Background(), v)
	var errs guardrail.SettingErrors
	if !errors.As(err, &errs) || len(errs) != 1 || strings.Count(err.Error(), "bogus_parameter") != 1 {
		t.Fatalf("want one error naming bogus_parameter, got %v", err)
	}
}
