package cli

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/localfile"
)

// locator finds the file and line declaring a resource, so SARIF results
// point at the configuration (GitHub code scanning shows the code there).
// It reads the root module's *.tf files in the source directory and, for
// resources in child modules, the module directories of local sources
// ("./modules/x"). Best effort: an address it cannot place has no location.
//
// Paths in reports are relative to the repository root (GitHub code
// scanning resolves a result's artifact URI against the root of the
// repository, whichever directory Terraform ran in): --repo-root, else the
// nearest directory above the source directory holding .git, else the
// current directory. A file outside that root is named by an absolute
// file:// URI.
type locator struct {
	sourceDir string // absolute
	repoRoot  string // absolute
	plan      map[string]any
	blocks    map[string]map[string]position // directory => "resource.type.name" => position
}

type position struct {
	file string // absolute
	line int
}

var blockPattern = regexp.MustCompile(`^\s*(resource|data|ephemeral)\s+"([^"]+)"\s+"([^"]+)"`)

var addressPattern = regexp.MustCompile(`module\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?\.`)

func newLocator(sourceDir, repoRoot string, plan map[string]any) (*locator, error) {
	src, err := realAbs(sourceDir)
	if err != nil {
		return nil, fmt.Errorf("--source-dir %s: %w", sourceDir, err)
	}
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("--source-dir %s: not a directory", sourceDir)
	}
	root := repoRoot
	if root == "" {
		root = gitTopLevel(src)
	}
	if root == "" {
		root = "."
	}
	if root, err = realAbs(root); err != nil {
		return nil, fmt.Errorf("--repo-root %s: %w", repoRoot, err)
	}
	return &locator{sourceDir: src, repoRoot: root, plan: plan, blocks: map[string]map[string]position{}}, nil
}

// realAbs is the absolute path with symbolic links resolved (so that /tmp and
// /private/tmp, or a linked checkout, compare equal).
func realAbs(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(a); err == nil {
		return r, nil
	}
	return a, nil
}

// gitTopLevel returns the nearest directory at or above dir holding .git (a
// directory, or a file in a worktree or submodule), or "".
func gitTopLevel(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// locate returns the file (absolute) and line declaring the resource at
// address, or "" when it cannot be placed.
func (l *locator) locate(address string) (string, int) {
	if l == nil {
		return "", 0
	}
	rest := address
	var modules []string
	for {
		m := addressPattern.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			break
		}
		modules = append(modules, rest[m[2]:m[3]])
		rest = rest[m[1]:]
	}
	kind := "resource"
	if strings.HasPrefix(rest, "data.") {
		kind, rest = "data", strings.TrimPrefix(rest, "data.")
	}
	if i := strings.Index(rest, "["); i >= 0 {
		rest = rest[:i]
	}
	dir, ok := l.moduleDir(modules)
	if !ok {
		return "", 0
	}
	p, ok := l.scan(dir)[kind+"."+rest]
	if !ok {
		return "", 0
	}
	return p.file, p.line
}

// fallback is where a finding that cannot be placed is reported: the plan
// file, or the source directory when the plan came from standard input.
func (l *locator) fallback(planFile string) string {
	if planFile != "<stdin>" {
		if a, err := realAbs(planFile); err == nil {
			return a
		}
	}
	return l.sourceDir
}

// relative returns path relative to the repository root, slash-separated,
// and whether it lies inside the root; outside, the absolute slash path.
func (l *locator) relative(path string) (string, bool) {
	rel, err := filepath.Rel(l.repoRoot, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(path), false
	}
	return filepath.ToSlash(rel), true
}

// uri returns the SARIF artifact location of path: a percent-encoded
// reference relative to %SRCROOT% (the repository root), or an absolute
// file:// URI (no base id) for a file outside the repository.
func (l *locator) uri(path string) (uri, baseID string) {
	rel, inside := l.relative(path)
	if inside {
		return (&url.URL{Path: rel}).EscapedPath(), srcRoot
	}
	if !strings.HasPrefix(rel, "/") {
		rel = "/" + rel // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: rel}).String(), ""
}

// srcRoot is the SARIF uriBaseId of the repository root.
const srcRoot = "%SRCROOT%"

// moduleDir follows the module calls' local sources from the root.
func (l *locator) moduleDir(modules []string) (string, bool) {
	dir := l.sourceDir
	mod, _ := dig(l.plan, "configuration", "root_module").(map[string]any)
	for _, name := range modules {
		call, _ := dig(mod, "module_calls", name).(map[string]any)
		src, _ := call["source"].(string)
		if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
			return "", false
		}
		dir = filepath.Join(dir, src)
		mod, _ = call["module"].(map[string]any)
	}
	return dir, true
}

func (l *locator) scan(dir string) map[string]position {
	if b, ok := l.blocks[dir]; ok {
		return b
	}
	found := map[string]position{}
	l.blocks[dir] = found
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	for _, file := range files {
		// Never a FIFO, device or directory named *.tf: refused before it
		// is opened (a FIFO would block the check forever).
		f, err := localfile.Open(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for n := 1; sc.Scan(); n++ {
			m := blockPattern.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			key := m[1] + "." + m[2] + "." + m[3]
			if m[1] == "ephemeral" {
				key = "data." + m[2] + "." + m[3] // checked as data
			}
			if _, dup := found[key]; !dup {
				found[key] = position{file: file, line: n}
			}
		}
		f.Close()
	}
	return found
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
