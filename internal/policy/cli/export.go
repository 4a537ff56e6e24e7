package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/filestore/terraform-provider-filestore/policies"
)

const exportHelp = `Usage: terraform-provider-filestore policy export [flags] DIR

Writes the guardrail rules embedded in this binary to DIR, laid out like the
repository's policies/ directory, so CI needs no source checkout:

  conftest test plan.json -p DIR            (package main: deny and warn)
  an HCP Terraform / Terraform Enterprise OPA policy set pointed at DIR
                                            (DIR/policies.hcl)
  opa test DIR                              (the rules' own tests)

DIR/VERSION records the version that wrote them. DIR must be empty or hold an
earlier export, which is replaced (rule files it no longer has are removed;
other files, such as a data.json with parameters, are kept).

Flags:
  --force      write into a non-empty DIR that holds no earlier export
  -h, --help   this help
`

// stampFile marks a directory written by policy export.
const stampFile = "VERSION"

func runExport(args []string, e *env) int {
	var force bool
	fs := newFlags("policy export")
	fs.BoolVar(&force, "force", false, "")
	if code, done := parse(fs, args, exportHelp, e); done {
		return code
	}
	if fs.NArg() != 1 {
		return badUsage(e, "policy export", errors.New("give exactly one directory"), exportHelp)
	}
	dir := fs.Arg(0)
	n, err := export(dir, e.info.Stamp(), force)
	if err != nil {
		fmt.Fprintf(e.stderr, "policy export: %v\n", err)
		return ExitBadInput
	}
	fmt.Fprintf(e.stderr, "policy export: wrote %d files of %s to %s\n", n, e.info.Stamp(), dir)
	return ExitClean
}

// export writes the embedded policies to dir and returns the number of files
// written.
func export(dir, stamp string, force bool) (int, error) {
	files, err := embeddedFiles()
	if err != nil {
		return 0, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	_, statErr := os.Stat(filepath.Join(dir, stampFile))
	earlier := statErr == nil
	if len(entries) > 0 && !earlier && !force {
		return 0, fmt.Errorf("%s is not empty and holds no earlier export (no %s file); pass --force to write into it anyway", dir, stampFile)
	}
	if earlier {
		if err := removeStale(dir, files); err != nil {
			return 0, err
		}
	}
	for _, name := range files {
		b, err := policies.FS.ReadFile(name)
		if err != nil {
			return 0, err
		}
		if name == "policies.hcl" {
			b = append([]byte(fmt.Sprintf("# Written by %s (policy export).\n# Re-export to update; local changes are overwritten.\n\n", stamp)), b...)
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), b); err != nil {
			return 0, err
		}
	}
	stampText := stamp + "\nWritten by `terraform-provider-filestore policy export`: the guardrail rules this version enforces.\n"
	if err := writeFile(filepath.Join(dir, stampFile), []byte(stampText)); err != nil {
		return 0, err
	}
	return len(files) + 1, nil
}

// embeddedFiles lists the embedded policy files, slash-separated, sorted.
func embeddedFiles() ([]string, error) {
	var files []string
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	sort.Strings(files)
	return files, err
}

// removeStale deletes the .rego files of an earlier export that this version
// no longer has (a renamed rule would otherwise keep firing), in the
// directories the export owns. Only called over an earlier export: with
// --force into another directory nothing is deleted.
func removeStale(dir string, files []string) error {
	owned := map[string]bool{}
	keep := map[string]bool{}
	for _, f := range files {
		keep[f] = true
		if i := strings.IndexByte(f, '/'); i > 0 {
			owned[f[:i]] = true
		}
	}
	for sub := range owned {
		matches, err := filepath.Glob(filepath.Join(dir, sub, "*.rego"))
		if err != nil {
			return err
		}
		for _, m := range matches {
			rel := sub + "/" + filepath.Base(m)
			if !keep[rel] {
				if err := os.Remove(m); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
