package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsimple"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/buildinfo"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
	"github.com/filestore/terraform-provider-filestore/policies"
)

func exportTo(t *testing.T, dir string, args ...string) {
	t.Helper()
	var out, errb bytes.Buffer
	info := buildinfo.Info{Version: "9.8.7", Commit: "0123456789abcdef0123"}
	if code := Run(append([]string{"export"}, append(args, dir)...), nil, &out, &errb, info); code != ExitClean {
		t.Fatalf("policy export: exit %d: %s", code, errb.String())
	}
}

// tool returns a pinned tool; tests that run one are acceptance-level (make
// testacc builds the tools first), like internal/policy's runner tests, so
// that make testunit builds nothing.
func tool(t *testing.T, name string) string {
	t.Helper()
	acctest.SkipUnlessAcceptance(t)
	p, err := testbed.Tool(name)
	if err != nil {
		t.Fatalf("%s is needed (built by scripts/tools.sh): %v", name, err)
	}
	return p
}

// TestExportLayout: the export holds every embedded file at the same path
// (the Rego byte for byte), policies.hcl and VERSION stamped with the
// version.
func TestExportLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "guardrails")
	exportTo(t, dir)
	want, err := embeddedFiles()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if wantAll := append(append([]string{}, want...), "VERSION"); !sameSet(got, wantAll) {
		t.Fatalf("exported files\n%v\nwant\n%v", got, wantAll)
	}
	for _, name := range want {
		if !strings.HasSuffix(name, ".rego") {
			continue
		}
		a, _ := policies.FS.ReadFile(name)
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the embedded file (%v)", name, err)
		}
	}
	for _, name := range []string{"VERSION", "policies.hcl"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if !strings.Contains(string(b), "terraform-provider-filestore 9.8.7 (commit 0123456789ab)") {
			t.Errorf("%s is not stamped with the version:\n%s", name, b)
		}
	}
}

func sameSet(a, b []string) bool {
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

// TestExportReplacesAnEarlierExport: re-exporting over an earlier export
// removes rule files this version no longer has and keeps the user's own
// files (data.json with parameters); a non-empty directory that is not an
// export is refused unless --force.
func TestExportReplacesAnEarlierExport(t *testing.T) {
	dir := t.TempDir()
	exportTo(t, dir)
	stale := filepath.Join(dir, "rules", "fs999_renamed.rego")
	data := filepath.Join(dir, "data.json")
	for _, f := range []string{stale, data} {
		if err := os.WriteFile(f, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exportTo(t, dir)
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale rule file kept: %v", err)
	}
	if _, err := os.Stat(data); err != nil {
		t.Errorf("data.json removed: %v", err)
	}

	other := t.TempDir()
	mine := filepath.Join(other, "rules", "mine.rego")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("package mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "", "export", other)
	if code != ExitBadInput || !strings.Contains(errOut, "--force") {
		t.Fatalf("export into a foreign non-empty directory: exit %d, %s", code, errOut)
	}
	exportTo(t, other, "--force")
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("--force deleted the directory's own rule: %v", err)
	}
	if code, _, _ := run(t, "", "export"); code != ExitBadInput {
		t.Errorf("export without DIR: exit %d", code)
	}
}

// checkTexts returns the findings of `policy check` as the one-line texts
// the stock entry points print (filestore.lib.findings.text).
func checkTexts(t *testing.T, plan string, args ...string) (deny, warn []string) {
	t.Helper()
	code, out, errOut := run(t, "", append([]string{"check", "--format", "json", plan}, args...)...)
	if code == ExitBadInput {
		t.Fatalf("policy check: %s", errOut)
	}
	var doc jsonDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		s := fmt.Sprintf("%s %s %s", f.RuleID, f.Level, f.Address)
		if f.PathString != "" {
			s += " " + f.PathString
		}
		s += ": " + f.Message
		if f.Exemption != nil {
			s += fmt.Sprintf(" (exempted: %s)", *f.Exemption)
		}
		if f.Level == "deny" {
			deny = append(deny, s)
		} else {
			warn = append(warn, s)
		}
	}
	sort.Strings(deny)
	sort.Strings(warn)
	return deny, warn
}

func sameTexts(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s differ from policy check:\n--- got (%d) ---\n%s\n--- want (%d) ---\n%s", what, len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
}

var exportPlans = []string{awsPlan, "../testdata/plans/tofu_uploads.json", pipelinePlan}

// TestExportedRulesWithConftest: `conftest test plan.json -p DIR` over an
// export reports exactly what `policy check` reports.
func TestExportedRulesWithConftest(t *testing.T) {
	conftest := tool(t, "conftest")
	dir := t.TempDir()
	exportTo(t, dir)
	params := filepath.Join(t.TempDir(), "params.json")
	if err := os.WriteFile(params, []byte(`{"filestore": {"parameters": {"required_tags": "team,env"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, plan := range exportPlans {
		for name, extra := range map[string][]string{"defaults": nil, "parameters": {"--data", params}} {
			t.Run(filepath.Base(plan)+"/"+name, func(t *testing.T) {
				cmd := exec.Command(conftest, append([]string{"test", plan, "-p", dir, "-o", "json", "--no-color"}, extra...)...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				var exitErr *exec.ExitError
				if err != nil && !errors.As(err, &exitErr) {
					t.Fatal(err)
				}
				var results []struct {
					Warnings []struct{ Msg string } `json:"warnings"`
					Failures []struct{ Msg string } `json:"failures"`
				}
				if err := json.Unmarshal(out, &results); err != nil {
					t.Fatalf("conftest: %v\n%s\n%s", err, out, stderr.String())
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
				var args []string
				if name == "parameters" {
					args = []string{"--param", "required_tags=team,env"}
				}
				wantDeny, wantWarn := checkTexts(t, plan, args...)
				if len(wantDeny) == 0 {
					t.Fatal("the plan has no deny finding: nothing is compared")
				}
				sameTexts(t, "conftest failures", deny, wantDeny)
				sameTexts(t, "conftest warnings", warn, wantWarn)
			})
		}
	}
}

// policySet is the schema of an HCP Terraform OPA policies.hcl.
type policySet struct {
	Policies []struct {
		Name        string `hcl:"name,label"`
		Query       string `hcl:"query"`
		Enforcement string `hcl:"enforcement_level"`
		Description string `hcl:"description,optional"`
	} `hcl:"policy,block"`
}

// TestExportedRulesAsHCPPolicySet: the export is a complete HCP Terraform
// policy set. policies.hcl parses with the HCL parser and declares
// data.terraform.* queries at valid enforcement levels; evaluated as HCP
// Terraform does (`opa eval` in bundle mode over the directory, the plan as
// input.plan, parameters from a data.json at the root), each query returns
// an array equal to the deny (mandatory) or warn (advisory) findings of
// `policy check`.
func TestExportedRulesAsHCPPolicySet(t *testing.T) {
	opa := tool(t, "opa")
	dir := t.TempDir()
	exportTo(t, dir)
	var set policySet
	if err := hclsimple.DecodeFile(filepath.Join(dir, "policies.hcl"), nil, &set); err != nil {
		t.Fatalf("policies.hcl: %v", err)
	}
	levels := map[string]bool{}
	for _, p := range set.Policies {
		if !strings.HasPrefix(p.Query, "data.terraform.") {
			t.Errorf("policy %s: query %q is outside data.terraform", p.Name, p.Query)
		}
		if p.Enforcement != "mandatory" && p.Enforcement != "advisory" {
			t.Errorf("policy %s: enforcement_level %q", p.Name, p.Enforcement)
		}
		levels[p.Enforcement] = true
	}
	if !levels["mandatory"] || !levels["advisory"] {
		t.Fatalf("want a mandatory and an advisory policy, got %+v", set.Policies)
	}

	for _, withData := range []bool{false, true} {
		for _, plan := range exportPlans {
			t.Run(fmt.Sprintf("%s/data.json=%v", filepath.Base(plan), withData), func(t *testing.T) {
				var args []string
				data := filepath.Join(dir, "data.json")
				os.Remove(data)
				if withData {
					if err := os.WriteFile(data, []byte(`{"filestore": {"parameters": {"required_tags": "team,env"}}}`), 0o644); err != nil {
						t.Fatal(err)
					}
					args = []string{"--param", "required_tags=team,env"}
				}
				raw, err := os.ReadFile(plan)
				if err != nil {
					t.Fatal(err)
				}
				input := filepath.Join(t.TempDir(), "input.json")
				if err := os.WriteFile(input, []byte(fmt.Sprintf(`{"plan": %s, "run": {"id": "run-test"}}`, raw)), 0o644); err != nil {
					t.Fatal(err)
				}
				wantDeny, wantWarn := checkTexts(t, plan, args...)
				for _, p := range set.Policies {
					cmd := exec.Command(opa, "eval", "--format", "json", "-b", dir, "-i", input, p.Query)
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("opa eval -b %s: %v\n%s", p.Query, err, stderr.String())
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
						t.Fatalf("%s is not an array (HCP Terraform requires one)", p.Query)
					}
					want := wantDeny
					if p.Enforcement == "advisory" {
						want = wantWarn
					}
					sameTexts(t, p.Name, got, want)
				}
			})
		}
	}
}
