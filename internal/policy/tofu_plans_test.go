package policy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// TestTofuPlans produces real plans: it builds the provider, runs
// `tofu plan` + `tofu show -json` on every configuration under
// testdata/tofu/ through dev_overrides, and checks that the guardrails find
// in the fresh plan exactly what they find in the committed
// testdata/plans/<name>.json (which the golden and runner tests read).
// FILESTORE_UPDATE_PLANS=1 rewrites the committed plans.
func TestTofuPlans(t *testing.T) {
	tofu := tool(t, "tofu") // skips outside the acceptance pass
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-filestore"), ".")
	build.Dir = testbed.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "tofurc")
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/filestore/filestore" = %q
    "registry.terraform.io/filestore/filestore" = %q
  }
  direct {}
}
`, bin, bin)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "tofu", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no configurations under testdata/tofu: %v", err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			work := filepath.Join(t.TempDir(), name)
			if err := os.CopyFS(work, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			tf := func(args ...string) []byte {
				t.Helper()
				cmd := exec.Command(tofu, args...)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0",
					"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_PROFILE=")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("tofu %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
				}
				return out
			}
			tf("get", "-no-color")
			tf("plan", "-no-color", "-input=false", "-out=tfplan")
			raw := tf("show", "-json", "tfplan")
			fresh, err := policy.ParsePlan(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			committed := filepath.Join("testdata", "plans", name+".json")
			if os.Getenv("FILESTORE_UPDATE_PLANS") != "" {
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, raw, "", "  "); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(committed, append(pretty.Bytes(), '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			e := newEngine(t, guardrail.Settings{})
			got, err := e.EvaluatePlan(context.Background(), fresh)
			if err != nil {
				t.Fatal(err)
			}
			want, err := e.EvaluatePlan(context.Background(), loadPlan(t, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var g, w []string
			for _, f := range got.Findings {
				g = append(g, textOf(f))
			}
			for _, f := range want.Findings {
				w = append(w, textOf(f))
			}
			if len(w) == 0 {
				t.Fatalf("the committed plan %s has no findings; the fixture is meant to exercise the rules", committed)
			}
			sameList(t, "findings of a fresh plan vs "+committed, g, w)
		})
	}
}
