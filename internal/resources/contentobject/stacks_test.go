package contentobject_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// cli runs the built provider through the tofu (or terraform) CLI, one
// working directory and state per stack: the testing framework keeps one
// state per test and does not show warnings, and this test needs two
// stacks and the warning text.
type cli struct {
	tool string
	rc   string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	acctest.SkipUnlessAcceptance(t)
	tool := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tool == "" {
		var err error
		if tool, err = testbed.Tool("tofu"); err != nil {
			t.Fatal(err)
		}
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-filestore"), ".")
	build.Dir = testbed.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "tofurc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/filestore/filestore" = %q
    "registry.terraform.io/filestore/filestore" = %q
  }
  direct {}
}
`, bin, bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	return &cli{tool: tool, rc: rc}
}

// stack writes main.tf into a fresh directory.
func (c *cli) stack(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    filestore = { source = \"filestore/filestore\" }\n  }\n}\n\nprovider \"filestore\" {}\n" + body
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs the CLI in dir and returns its output, white space collapsed,
// and exit code.
func (c *cli) run(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(c.tool, append(args, "-no-color", "-input=false")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+c.rc, "TF_IN_AUTOMATION=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	// The CLI wraps long lines: compare with runs of white space as one.
	text := strings.Join(strings.Fields(out.String()), " ")
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return text, exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v\n%s", c.tool, args, err, out.String())
	}
	return text, 0
}

// TestAccContentObject_twoStacks: two stacks (two working directories, two
// states) hold the same bytes and disagree on the headers. Stack A stores
// the object; stack B adopts it, with a warning at apply and at every plan
// that names each header with the stored and the configured value. After
// both have applied, `plan -detailed-exitcode` of each stack finds nothing
// to change (exit 0), and the object keeps stack A's headers.
func TestAccContentObject_twoStacks(t *testing.T) {
	acctest.PreCheck(t)
	bucket := newBucket(t)
	c := newCLI(t)
	text := "two stacks " + acctest.RandomName("") + "\n"
	src, digest := writeFile(t, t.TempDir(), "notes.txt", 0, []byte(text))
	key := casKey("cas", digest)

	a := c.stack(t, fmt.Sprintf(`
resource "filestore_content_object" "notes" {
  bucket = %q
  source = %q
}
`, bucket, src))
	b := c.stack(t, fmt.Sprintf(`
resource "filestore_content_object" "notes" {
  bucket        = %q
  content       = %q
  cache_control = "no-cache"
}
`, bucket, text))

	if out, code := c.run(t, a, "apply", "-auto-approve"); code != 0 {
		t.Fatalf("stack A apply: exit %d\n%s", code, out)
	}
	out, code := c.run(t, b, "apply", "-auto-approve")
	if code != 0 {
		t.Fatalf("stack B apply: exit %d\n%s", code, out)
	}
	warning := []string{
		fmt.Sprintf("Warning: Content object s3://%s/%s keeps the headers it was stored with", bucket, key),
		`content_type: stored "text/plain; charset=utf-8", configured "application/octet-stream"`,
		`cache_control: stored "public, max-age=31536000, immutable", configured "no-cache"`,
	}
	for _, w := range warning {
		if !strings.Contains(out, w) {
			t.Errorf("stack B apply output lacks %q:\n%s", w, out)
		}
	}
	for name, dir := range map[string]string{"A": a, "B": b} {
		out, code := c.run(t, dir, "plan", "-detailed-exitcode")
		if code != 0 {
			t.Errorf("stack %s plan after both applied: exit %d, want 0 (no changes)\n%s", name, code, out)
		}
		if name == "B" {
			for _, w := range warning {
				if !strings.Contains(out, w) {
					t.Errorf("stack B plan lacks %q:\n%s", w, out)
				}
			}
		} else if strings.Contains(out, "keeps the headers") {
			t.Errorf("stack A (the owner) warns:\n%s", out)
		}
	}
	if err := storedHeaders(t, bucket, key, "text/plain; charset=utf-8", "public, max-age=31536000, immutable")(nil); err != nil {
		t.Error(err)
	}
	// retain_on_destroy (default true): destroying either stack leaves the
	// object for the other.
	for name, dir := range map[string]string{"B": b, "A": a} {
		if out, code := c.run(t, dir, "destroy", "-auto-approve"); code != 0 {
			t.Errorf("stack %s destroy: exit %d\n%s", name, code, out)
		}
	}
	if err := checkStored(t, bucket, key, digest, "text/plain; charset=utf-8")(nil); err != nil {
		t.Error(err)
	}
}
