package policy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// The same rules through the stock tools: conftest (package main) and the
// HCP Terraform policy set (policies.hcl, input.plan) evaluated with the
// opa CLI must report exactly what the engine reports. These tests need the
// pinned opa, conftest and tofu (scripts/tools.sh): they are part of the
// acceptance pass (TF_ACC=1, make testacc), not of make testunit.

// tool skips the test outside the acceptance pass, and returns the path of
// a pinned tool.
func tool(t *testing.T, name string) string {
	t.Helper()
	acctest.SkipUnlessAcceptance(t)
	p, err := testbed.Tool(name)
	if err != nil {
		t.Fatalf("%s is needed (built by scripts/tools.sh): %v", name, err)
	}
	return p
}

func policiesDir() string { return filepath.Join(testbed.RepoRoot(), "policies") }

func planFiles(t *testing.T) []string {
	t.Helper()
	ps, err := filepath.Glob(filepath.Join("testdata", "plans", "*.json"))
	if err != nil || len(ps) == 0 {
		t.Fatalf("no plans in testdata/plans: %v", err)
	}
	return ps
}

func newEngine(t testing.TB, s guardrail.Settings) *policy.Engine {
	t.Helper()
	e, err := policy.New(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// loadPlan reads a plan of testdata/plans.
func loadPlan(t testing.TB, name string) map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "plans", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := policy.ParsePlan(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// textOf renders a finding exactly as filestore.lib.findings.text does.
func textOf(f guardrail.Finding) string {
	s := fmt.Sprintf("%s %s %s", f.RuleID, f.Level, f.Address)
	if p := f.PathString(); p != "" {
		s += " " + p
	}
	s += ": " + f.Message
	if f.Exemption != "" {
		s += fmt.Sprintf(" (exempted: %s)", f.Exemption)
	}
	return s
}

func engineTexts(t *testing.T, plan string, s guardrail.Settings) (deny, warn []string) {
	t.Helper()
	rep, err := newEngine(t, s).EvaluatePlan(context.Background(), loadPlan(t, filepath.Base(plan)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Level == guardrail.LevelDeny {
			deny = append(deny, textOf(f))
		} else {
			warn = append(warn, textOf(f))
		}
	}
	sort.Strings(deny)
	sort.Strings(warn)
	return deny, warn
}

func sorted(xs []string) []string {
	out := append([]string{}, xs...)
	sort.Strings(out)
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	got, want = sorted(got), sorted(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s differ:\n--- got (%d) ---\n%s\n--- want (%d, policy check) ---\n%s", what, len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
}

var conftestSettings = []struct {
	name string
	data map[string]any
	s    guardrail.Settings
}{
	{"defaults", nil, guardrail.Settings{}},
	{"parameters", map[string]any{"filestore": map[string]any{
		"parameters": map[string]any{"required_tags": "team,env", "max_abort_multipart_days": "30", "exempt:FS005:partner-dropbox": "partner portal", "compliance_tag": "team"},
		"overrides":  map[string]any{"FS017": "off", "FS006": "deny"},
	}}, guardrail.Settings{
		Parameters: map[string]string{"required_tags": "team,env", "max_abort_multipart_days": "30", "exempt:FS005:partner-dropbox": "partner portal", "compliance_tag": "team"},
		Overrides:  map[string]string{"FS017": "off", "FS006": "deny"},
	}},
}

func TestConftestAgreesWithEngine(t *testing.T) {
	conftest := tool(t, "conftest")
	for _, plan := range planFiles(t) {
		for _, cs := range conftestSettings {
			t.Run(filepath.Base(plan)+"/"+cs.name, func(t *testing.T) {
				args := []string{"test", plan, "-p", policiesDir(), "-o", "json", "--no-color"}
				if cs.data != nil {
					b, _ := json.Marshal(cs.data)
					f := filepath.Join(t.TempDir(), "params.json")
					if err := os.WriteFile(f, b, 0o644); err != nil {
						t.Fatal(err)
					}
					args = append(args, "--data", f)
				}
				out, err := exec.Command(conftest, args...).Output()
				if err != nil {
					var exitErr *exec.ExitError
					if !errors.As(err, &exitErr) {
						t.Fatal(err)
					}
				}
				var results []struct {
					Warnings []struct {
						Msg string `json:"msg"`
					} `json:"warnings"`
					Failures []struct {
						Msg string `json:"msg"`
					} `json:"failures"`
				}
				if err := json.Unmarshal(out, &results); err != nil {
					t.Fatalf("conftest output: %v\n%s", err, out)
				}
				var deny, warn []string
				for _, r := range results {
					for _, f := range r.Failures {
						deny = append(deny, f.Msg)
					}
					for _, w := range r.Warnings {
						warn = append(warn, w.Msg)
					}
				}
				wantDeny, wantWarn := engineTexts(t, plan, cs.s)
				if len(wantDeny)+len(wantWarn) == 0 {
					t.Log("plan without findings: agreement on the empty set")
				}
				sameList(t, "conftest deny", deny, wantDeny)
				sameList(t, "conftest warn", warn, wantWarn)
			})
		}
	}
}

var queryPattern = regexp.MustCompile(`(?m)^\s*query\s*=\s*"([^"]+)"`)
var levelPattern = regexp.MustCompile(`(?m)^\s*enforcement_level\s*=\s*"([^"]+)"`)

// TestPolicySetAgreesWithEngine evaluates every query of policies.hcl with
// `opa eval` over the HCP Terraform input ({"plan": ..., "run": ...}).
func TestPolicySetAgreesWithEngine(t *testing.T) {
	opa := tool(t, "opa")
	hcl, err := os.ReadFile(filepath.Join(policiesDir(), "policies.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	queries := queryPattern.FindAllStringSubmatch(string(hcl), -1)
	levels := levelPattern.FindAllStringSubmatch(string(hcl), -1)
	if len(queries) != 2 || len(levels) != 2 || levels[0][1] != "mandatory" || levels[1][1] != "advisory" {
		t.Fatalf("policies.hcl: want a mandatory and an advisory policy, got queries %v levels %v", queries, levels)
	}
	for _, plan := range planFiles(t) {
		t.Run(filepath.Base(plan), func(t *testing.T) {
			raw, err := os.ReadFile(plan)
			if err != nil {
				t.Fatal(err)
			}
			wrapped := filepath.Join(t.TempDir(), "input.json")
			in := fmt.Sprintf(`{"plan": %s, "run": {"id": "run-test", "workspace": {"name": "uploads"}}}`, raw)
			if err := os.WriteFile(wrapped, []byte(in), 0o644); err != nil {
				t.Fatal(err)
			}
			wantDeny, wantWarn := engineTexts(t, plan, guardrail.Settings{})
			for i, q := range queries {
				var stderr bytes.Buffer
				cmd := exec.Command(opa, "eval", "--format", "json", "-d", policiesDir(), "-i", wrapped, q[1])
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("opa eval %s: %v\n%s", q[1], err, stderr.String())
				}
				var res struct {
					Result []struct {
						Expressions []struct {
							Value []string `json:"value"`
						} `json:"expressions"`
					} `json:"result"`
				}
				if err := json.Unmarshal(out, &res); err != nil || len(res.Result) != 1 {
					t.Fatalf("opa eval output: %v\n%s", err, out)
				}
				got := res.Result[0].Expressions[0].Value
				if got == nil {
					t.Fatalf("%s is not an array (HCP Terraform requires one)", q[1])
				}
				want := wantDeny
				if levels[i][1] == "advisory" {
					want = wantWarn
				}
				sameList(t, q[1], got, want)
			}
		})
	}
}

// TestOPAChecks runs what scripts/opa-checks.sh runs: opa fmt, opa check
// --strict and opa test with coverage over 90%.
func TestOPAChecks(t *testing.T) {
	opa := tool(t, "opa")
	dir := policiesDir()
	if out, err := exec.Command(opa, "fmt", "--list", "--fail", dir).CombinedOutput(); err != nil {
		t.Errorf("opa fmt: files need formatting:\n%s", out)
	}
	if out, err := exec.Command(opa, "check", "--strict", dir).CombinedOutput(); err != nil {
		t.Errorf("opa check --strict:\n%s", out)
	}
	out, err := exec.Command(opa, "test", dir, "--coverage", "--format", "json").Output()
	if err != nil {
		t.Fatalf("opa test failed: %v\n%s", err, tail(out))
	}
	var cov struct {
		Coverage float64 `json:"coverage"`
	}
	if err := json.Unmarshal(out, &cov); err != nil {
		t.Fatal(err)
	}
	t.Logf("opa test coverage: %.1f%%", cov.Coverage)
	if cov.Coverage < 90 {
		t.Errorf("opa test coverage %.1f%% is under 90%%", cov.Coverage)
	}
}

func tail(b []byte) string {
	if len(b) > 4000 {
		return string(b[len(b)-4000:])
	}
	return string(b)
}
