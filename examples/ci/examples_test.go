// Tests of the CI examples and of the repository's own workflows: each
// parses as YAML, the GitHub Actions ones have the steps and permissions
// code scanning and the release need, and every `run:` script is valid bash.
// (`make lint` also runs actionlint over them.)
package ci_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The subset of the workflow syntax these files use; unknown keys are
// errors (a misspelt runs-on or working-directory would be ignored by a
// lenient parser).
type workflow struct {
	Name        string            `yaml:"name"`
	On          any               `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	Concurrency map[string]any    `yaml:"concurrency"`
	Jobs        map[string]job    `yaml:"jobs"`
}

type job struct {
	RunsOn      string            `yaml:"runs-on"`
	Timeout     int               `yaml:"timeout-minutes"`
	Permissions map[string]string `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	Defaults    struct {
		Run map[string]string `yaml:"run"`
	} `yaml:"defaults"`
	Steps []step `yaml:"steps"`
}

type step struct {
	ID         string            `yaml:"id"`
	Name       string            `yaml:"name"`
	Uses       string            `yaml:"uses"`
	Run        string            `yaml:"run"`
	If         string            `yaml:"if"`
	With       map[string]string `yaml:"with"`
	Env        map[string]string `yaml:"env"`
	WorkingDir string            `yaml:"working-directory"`
}

func load(t *testing.T, path string) workflow {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, path, raw)
}

func parse(t *testing.T, name string, raw []byte) workflow {
	t.Helper()
	var w workflow
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(w.Jobs) == 0 {
		t.Fatalf("%s: no jobs", name)
	}
	for id, j := range w.Jobs {
		if j.RunsOn == "" || len(j.Steps) == 0 {
			t.Errorf("%s: job %s has no runs-on or no steps", name, id)
		}
		for i, s := range j.Steps {
			if (s.Uses == "") == (s.Run == "") {
				t.Errorf("%s: job %s step %s: exactly one of uses and run", name, id, stepName(i, s))
			}
			if s.Run != "" {
				bashSyntax(t, name+" job "+id+" step "+stepName(i, s), s.Run)
			}
		}
	}
	return w
}

func stepName(i int, s step) string {
	if s.Name != "" {
		return s.Name
	}
	return fmt.Sprintf("#%d", i+1)
}

var expression = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

// bashSyntax checks a run: script with bash -n (GitHub expressions replaced
// by a word).
func bashSyntax(t *testing.T, where, script string) {
	t.Helper()
	cmd := exec.Command("bash", "-n")
	cmd.Stdin = strings.NewReader(expression.ReplaceAllString(script, "EXPR"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: bash -n: %v\n%s", where, err, out)
	}
}

// steps returns the steps of the only job.
func steps(t *testing.T, w workflow) (job, []step) {
	t.Helper()
	if len(w.Jobs) != 1 {
		t.Fatalf("want one job, got %d", len(w.Jobs))
	}
	for _, j := range w.Jobs {
		return j, j.Steps
	}
	return job{}, nil
}

// inOrder checks that each predicate matches a step, in this order (one
// step may satisfy several consecutive checks: plan && show -json).
func inOrder(t *testing.T, what string, ss []step, checks ...struct {
	name string
	ok   func(step) bool
}) {
	t.Helper()
	i := 0
	for _, c := range checks {
		for i < len(ss) && !c.ok(ss[i]) {
			i++
		}
		if i == len(ss) {
			t.Errorf("%s: no step %q (in order)", what, c.name)
			return
		}
	}
}

type check = struct {
	name string
	ok   func(step) bool
}

func uses(prefix string) check {
	return check{prefix, func(s step) bool { return strings.HasPrefix(s.Uses, prefix) }}
}

func runs(re string) check {
	p := regexp.MustCompile(re)
	return check{re, func(s step) bool { return p.MatchString(s.Run) }}
}

// installFromRelease downloads a release zip and checks it against the
// release's SHA256SUMS before use.
var installFromRelease = check{"install from a release, verified against SHA256SUMS", func(s step) bool {
	return strings.Contains(s.Run, "_SHA256SUMS") && strings.Contains(s.Run, "_linux_amd64.zip") &&
		regexp.MustCompile(`(?s)curl .*sha256sum --check --strict.*unzip `).MatchString(s.Run)
}}

// codeScanningSteps is what a workflow uploading guardrail findings to
// GitHub code scanning does.
var codeScanningSteps = []check{
	uses("actions/checkout@"),
	uses("hashicorp/setup-terraform@"),
	runs(`terraform init`),
	runs(`terraform plan .*-out=`),
	runs(`terraform show -json .*> *plan\.json`),
	installFromRelease,
	runs(`policy check --format sarif --output \S+\.sarif plan\.json`),
	uses("github/codeql-action/upload-sarif@v4"),
}

func checkCodeScanning(t *testing.T, name string, w workflow) {
	t.Helper()
	j, ss := steps(t, w)
	inOrder(t, name, ss, codeScanningSteps...)
	if j.Permissions["security-events"] != "write" {
		t.Errorf("%s: the job lacks permissions: security-events: write", name)
	}
	up := ss[len(ss)-1]
	if !strings.HasPrefix(up.Uses, "github/codeql-action/upload-sarif@v4") || up.With["category"] == "" || !strings.HasSuffix(up.With["sarif_file"], ".sarif") {
		t.Errorf("%s: the last step must upload the SARIF with a category: %+v", name, up)
	}
	if !strings.Contains(up.If, "!cancelled()") {
		t.Errorf("%s: the upload must run when policy check fails the job (if: !cancelled() ...): %q", name, up.If)
	}
	for _, s := range ss {
		if strings.HasPrefix(s.Uses, "hashicorp/setup-terraform@") && s.With["terraform_wrapper"] != "false" {
			t.Errorf("%s: setup-terraform's wrapper would corrupt show -json output", name)
		}
	}
}

func TestGitHubActionsExample(t *testing.T) {
	checkCodeScanning(t, "github-actions.yml", load(t, "github-actions.yml"))
}

func TestConftestExample(t *testing.T) {
	_, ss := steps(t, load(t, "conftest.yml"))
	inOrder(t, "conftest.yml", ss,
		uses("actions/checkout@"),
		runs(`(?s)terraform init.*terraform plan.*terraform show -json`),
		runs(`(?s)sha256sum --check.*policy export `),
		runs(`conftest test plan\.json -p `),
	)
}

func TestHCPPolicySetExample(t *testing.T) {
	_, ss := steps(t, load(t, "hcp-terraform-policy-set.yml"))
	inOrder(t, "hcp-terraform-policy-set.yml", ss,
		uses("actions/checkout@"),
		runs(`sha256sum --check`),
		runs(`policy export "\$POLICY_DIR"`),
	)
}

// TestGuideSnippet: the GitHub Actions snippet of the guardrails guide (the
// template and the generated page) is a valid job doing the same.
func TestGuideSnippet(t *testing.T) {
	for _, page := range []string{"../../templates/guides/guardrails.md.tmpl", "../../docs/guides/guardrails.md"} {
		raw, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		var snippet string
		for _, block := range strings.Split(string(raw), "```yaml\n")[1:] {
			block, _, _ = strings.Cut(block, "```")
			if strings.Contains(block, "upload-sarif") {
				snippet = block
			}
		}
		if snippet == "" {
			t.Fatalf("%s: no GitHub Actions snippet", page)
		}
		checkCodeScanning(t, page, parse(t, page, []byte(snippet)))
	}
}

func TestRepositoryWorkflows(t *testing.T) {
	root := "../.."
	test := load(t, filepath.Join(root, ".github/workflows/test.yml"))
	_, ss := steps(t, test)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "make test") {
		t.Fatal("the README no longer names make test")
	}
	inOrder(t, "test.yml", ss, uses("actions/checkout@"), uses("actions/setup-go@"), uses("hashicorp/setup-terraform@"), runs(`^make test\s*$`))

	rel := load(t, filepath.Join(root, ".github/workflows/release.yml"))
	if rel.Permissions["contents"] != "write" {
		t.Error("release.yml: needs contents: write to publish a release")
	}
	_, ss = steps(t, rel)
	inOrder(t, "release.yml", ss, uses("actions/checkout@"), uses("actions/setup-go@"), uses("crazy-max/ghaction-import-gpg@"), uses("goreleaser/goreleaser-action@"))
	tools, err := os.ReadFile(filepath.Join(root, "scripts/tools.sh"))
	if err != nil {
		t.Fatal(err)
	}
	pin := regexp.MustCompile(`GORELEASER_VERSION=(\S+)`).FindSubmatch(tools)
	for _, s := range ss {
		if strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@") {
			if pin == nil || s.With["version"] != string(pin[1]) {
				t.Errorf("release.yml runs goreleaser %q, scripts/tools.sh pins %s", s.With["version"], pin)
			}
			if !strings.Contains(s.With["args"], "release --clean") {
				t.Errorf("release.yml: goreleaser args %q", s.With["args"])
			}
		}
		if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["fetch-depth"] != "0" {
			t.Error("release.yml: goreleaser needs the tags (fetch-depth: 0)")
		}
	}
}
