package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type sarifLocation struct {
	URI       string
	BaseID    string
	StartLine int
}

// sarifLocations runs check --format sarif and returns each result's
// physical location.
func sarifLocations(t *testing.T, stdin string, args ...string) []sarifLocation {
	t.Helper()
	code, out, errOut := run(t, stdin, append([]string{"check", "--format", "sarif"}, args...)...)
	if code == ExitBadInput {
		t.Fatalf("exit 2: %s", errOut)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI    string `json:"uri"`
							BaseID string `json:"uriBaseId"`
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
	var locs []sarifLocation
	for _, r := range doc.Runs[0].Results {
		p := r.Locations[0].Physical
		locs = append(locs, sarifLocation{p.Artifact.URI, p.Artifact.BaseID, p.Region.StartLine})
	}
	if len(locs) == 0 {
		t.Fatal("no results")
	}
	return locs
}

// copyDir copies the Terraform configuration src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-R", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
}

// TestSARIFPathsFromRepositoryRoot: Terraform runs in infra/ of a
// repository; the report's artifact URIs must be relative to the repository
// root (where GitHub code scanning resolves them), whatever the current
// directory and --source-dir.
func TestSARIFPathsFromRepositoryRoot(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyDir(t, "../testdata/aws_upload_stack", filepath.Join(repo, "infra"))
	plan, err := filepath.Abs(awsPlan)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"infra/main.tf": true, "infra/modules/media/main.tf": true}
	for name, args := range map[string][]string{
		"git top-level found above --source-dir": {"--source-dir", filepath.Join(repo, "infra"), plan},
		"--repo-root given":                      {"--source-dir", filepath.Join(repo, "infra"), "--repo-root", repo, plan},
		"relative --source-dir":                  {"--source-dir", relPath(t, filepath.Join(repo, "infra")), plan},
	} {
		t.Run(name, func(t *testing.T) {
			seen := map[string]bool{}
			for _, l := range sarifLocations(t, "", args...) {
				if !want[l.URI] || l.BaseID != "%SRCROOT%" || l.StartLine < 1 {
					t.Errorf("location %+v: want infra/... relative to %%SRCROOT%% with a line", l)
				}
				seen[l.URI] = true
			}
			if len(seen) != len(want) {
				t.Errorf("files %v, want both %v", seen, want)
			}
		})
	}

	// A repository root below the files: they are outside it, so they are
	// named by absolute file URIs, never by a path climbing out of the root.
	t.Run("file outside the repository root", func(t *testing.T) {
		sub := filepath.Join(repo, "elsewhere")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, l := range sarifLocations(t, "", "--source-dir", filepath.Join(repo, "infra"), "--repo-root", sub, plan) {
			if !strings.HasPrefix(l.URI, "file:///") || l.BaseID != "" || strings.Contains(l.URI, "..") {
				t.Errorf("location %+v: want an absolute file URI without base id", l)
			}
		}
	})

	// The plan from stdin, resources not in the configuration: the source
	// directory is the location (GitHub needs one), relative to the root.
	t.Run("unplaced finding from stdin", func(t *testing.T) {
		raw, err := os.ReadFile(plan)
		if err != nil {
			t.Fatal(err)
		}
		empty := filepath.Join(repo, "empty")
		if err := os.Mkdir(empty, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, l := range sarifLocations(t, string(raw), "--source-dir", empty, "-") {
			if l.URI != "empty" || l.BaseID != "%SRCROOT%" {
				t.Errorf("location %+v: want the source directory", l)
			}
		}
	})
}

func relPath(t *testing.T, p string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	r, err := filepath.Rel(wd, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestGitTopLevel(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := gitTopLevel(deep); got != "" && strings.HasPrefix(got, root) {
		t.Fatalf("found %s without a .git", got)
	}
	// A worktree or submodule has a .git file.
	if err := os.WriteFile(filepath.Join(root, "a", ".git"), []byte("gitdir: /elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := gitTopLevel(deep); got != filepath.Join(root, "a") {
		t.Fatalf("gitTopLevel = %q, want %q", got, filepath.Join(root, "a"))
	}
}

func TestSARIFURIsAreEscaped(t *testing.T) {
	root := t.TempDir()
	l := &locator{repoRoot: root}
	uri, base := l.uri(filepath.Join(root, "my infra", "main#1.tf"))
	if uri != "my%20infra/main%231.tf" || base != "%SRCROOT%" {
		t.Fatalf("uri %q base %q", uri, base)
	}
}
