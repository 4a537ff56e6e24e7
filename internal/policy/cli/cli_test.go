package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/buildinfo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const awsPlan = "../testdata/plans/aws_upload_stack.json"

// repoRoot is the repository root from this package: report paths in the
// golden files are relative to it, as GitHub code scanning expects.
const repoRoot = "../../.."

// pipelinePlan is written by hand in the shape of `terraform show -json`:
// the upload pipeline (quarantine, scan gate, notifications, GuardDuty,
// CloudFront, encrypted uploads, logging, object lock) for FS018-FS024.
const pipelinePlan = "../testdata/plans/upload_pipeline.json"

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb, buildinfo.Info{Version: "test"})
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./internal/policy/cli -update to accept):\n--- got ---\n%s", file, got)
	}
}

// TestGolden runs every report format over the plans in testdata and
// compares with the golden files.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"aws_text", []string{"check", "--source-dir", "../testdata/aws_upload_stack", awsPlan}, ExitDeny},
		{"aws_json", []string{"check", "--format", "json", awsPlan}, ExitDeny},
		{"aws_sarif", []string{"check", "--format", "sarif", "--source-dir", "../testdata/aws_upload_stack", "--repo-root", repoRoot, awsPlan}, ExitDeny},
		{"aws_junit", []string{"check", "--format", "junit", "--source-dir", "../testdata/aws_upload_stack", "--repo-root", repoRoot, awsPlan}, ExitDeny},
		{"aws_params_text", []string{"check", "--param", "max_abort_multipart_days=30", "--param", "required_tags=team,env",
			"--param", "exempt:FS005:partner-dropbox=Partner portal uploads; reviewed in SEC-88", "--override", "FS017=off", awsPlan}, ExitDeny},
		{"aws_warn_text", []string{"check", "--enforcement", "warn", awsPlan}, ExitClean},
		{"upload_pipeline_text", []string{"check", pipelinePlan}, ExitDeny},
		{"upload_pipeline_json", []string{"check", "--format", "json", pipelinePlan}, ExitDeny},
		{"list_text", []string{"list"}, ExitClean},
		{"list_json", []string{"list", "--format", "json"}, ExitClean},
	}
	for _, p := range realPlans(t) {
		base := strings.TrimSuffix(filepath.Base(p), ".json")
		for _, f := range Formats {
			cases = append(cases, struct {
				name string
				args []string
				code int
			}{base + "_" + f, []string{"check", "--format", f, "--source-dir", filepath.Join("../testdata/tofu", base), "--repo-root", repoRoot, p}, -1})
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tc.args...)
			if tc.code >= 0 && code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if code == ExitBadInput {
				t.Fatalf("exit 2: %s", errOut)
			}
			golden(t, tc.name, out)
		})
	}
}

// realPlans are the plans produced by OpenTofu from testdata/tofu/*.
func realPlans(t *testing.T) []string {
	t.Helper()
	ps, err := filepath.Glob("../testdata/plans/tofu_*.json")
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.json", `{"format_version":"1.2","terraform_version":"1.10.5","planned_values":{"root_module":{}},"resource_changes":[],"configuration":{"root_module":{}}}`)
	brokenRego := filepath.Join(dir, "rules")
	if err := os.Mkdir(brokenRego, 0o755); err != nil {
		t.Fatal(err)
	}
	write("rules/bad.rego", "package filestore.rules.bad\n\nviolations contains v if {\n")
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"clean plan", []string{"check", clean}, "", ExitClean, ""},
		{"deny findings", []string{"check", awsPlan}, "", ExitDeny, ""},
		{"stdin", []string{"check", "-"}, `{"format_version":"1.2","resource_changes":[]}`, ExitClean, ""},
		{"missing file", []string{"check", filepath.Join(dir, "nope.json")}, "", ExitBadInput, "cannot read the plan"},
		{"not json", []string{"check", write("bad.json", "Plan: 1 to add")}, "", ExitBadInput, "not JSON"},
		{"empty", []string{"check", "-"}, "", ExitBadInput, "empty"},
		{"array", []string{"check", "-"}, "[]", ExitBadInput, "expected a JSON object"},
		{"state", []string{"check", write("state.json", `{"format_version":"1.0","values":{"root_module":{}}}`)}, "", ExitBadInput, "this is a state"},
		{"two documents", []string{"check", "-"}, `{"format_version":"1.2"} {}`, ExitBadInput, "more than one JSON document"},
		{"hcp input", []string{"check", "-"}, `{"plan":{"format_version":"1.2","resource_changes":[]},"run":{}}`, ExitClean, ""},
		{"no plan argument", []string{"check"}, "", ExitBadInput, "exactly one plan"},
		{"bad format", []string{"check", "--format", "xml", clean}, "", ExitBadInput, "--format"},
		{"bad param", []string{"check", "--param", "novalue", clean}, "", ExitBadInput, "key=value"},
		{"bad override", []string{"check", "--override", "FS005", clean}, "", ExitBadInput, "RULE=deny"},
		{"bad override level", []string{"check", "--override", "FS005=loud", clean}, "", ExitBadInput, "must be deny, warn or off"},
		{"bad enforcement", []string{"check", "--enforcement", "loud", clean}, "", ExitBadInput, "enforcement"},
		{"broken policies", []string{"check", "--policies", brokenRego, clean}, "", ExitBadInput, "bad.rego"},
		{"missing policies", []string{"check", "--policies", filepath.Join(dir, "none"), clean}, "", ExitBadInput, "policy directory"},
		{"unknown command", []string{"verify"}, "", ExitBadInput, "unknown command"},
		{"no command", nil, "", ExitBadInput, "Usage"},
		{"help", []string{"help"}, "", ExitClean, ""},
		{"list bad format", []string{"list", "--format", "sarif"}, "", ExitBadInput, "list supports"},
		{"enforcement off", []string{"check", "--enforcement", "off", awsPlan}, "", ExitClean, ""},
		{"missing source dir", []string{"check", "--source-dir", filepath.Join(dir, "nope"), clean}, "", ExitBadInput, "--source-dir"},
		{"source dir is a file", []string{"check", "--source-dir", clean, clean}, "", ExitBadInput, "not a directory"},
		{"list with an argument", []string{"list", "extra"}, "", ExitBadInput, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.stderr)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
				t.Errorf("stack trace on stderr: %s", errOut)
			}
		})
	}
}

func TestOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "reports", "guardrails.sarif")
	code, stdout, stderr := run(t, "", "check", "--format", "sarif", "--output", out, awsPlan)
	if code != ExitDeny || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "resources checked") {
		t.Errorf("summary missing from stderr: %q", stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !json.Valid(b) {
		t.Fatalf("report file: %v", err)
	}
}

// TestSARIFShape checks what GitHub code scanning requires of an upload:
// version 2.1.0, a driver with rules (id, shortDescription, fullDescription,
// help, defaultConfiguration.level), results with ruleId, level, message
// and a physical location.
func TestSARIFShape(t *testing.T) {
	_, out, _ := run(t, "", "check", "--format", "sarif", "--source-dir", "../testdata/aws_upload_stack", awsPlan)
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						Help             map[string]string `json:"help"`
						Default          struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("version %q, %d runs", doc.Version, len(doc.Runs))
	}
	run := doc.Runs[0]
	if len(run.Tool.Driver.Rules) != 24 {
		t.Fatalf("%d rules", len(run.Tool.Driver.Rules))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription["text"] == "" || r.FullDescription["text"] == "" || r.Help["text"] == "" || r.Help["markdown"] == "" {
			t.Errorf("rule %s lacks descriptions or help", r.ID)
		}
		if r.Default.Level != "error" && r.Default.Level != "warning" {
			t.Errorf("rule %s level %q", r.ID, r.Default.Level)
		}
	}
	located := 0
	for _, res := range run.Results {
		if res.RuleID == "" || res.Message["text"] == "" || (res.Level != "error" && res.Level != "warning") {
			t.Errorf("incomplete result %+v", res)
		}
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
		}
		if len(res.Locations) != 1 || res.Locations[0].Physical.Artifact.URI == "" || res.Locations[0].Physical.Region.StartLine < 1 {
			t.Errorf("result without a physical location: %+v", res)
		}
		if strings.HasSuffix(res.Locations[0].Physical.Artifact.URI, ".tf") {
			located++
		}
	}
	if located != len(run.Results) {
		t.Errorf("%d of %d results located in .tf files", located, len(run.Results))
	}
}

func TestJUnitShape(t *testing.T) {
	_, out, _ := run(t, "", "check", "--format", "junit", awsPlan)
	var suites junitSuites
	if err := xml.Unmarshal([]byte(out), &suites); err != nil {
		t.Fatal(err)
	}
	if len(suites.Suites) != 24 || suites.Failures == 0 || suites.Skipped != 1 {
		t.Fatalf("suites=%d failures=%d skipped=%d", len(suites.Suites), suites.Failures, suites.Skipped)
	}
}
