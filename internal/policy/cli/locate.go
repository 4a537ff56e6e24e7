package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// locator finds the file and line declaring a resource, so SARIF results
// point at the configuration (GitHub code scanning shows the code there).
// It reads the root module's *.tf files in the source directory and, for
// resources in child modules, the module directories of local sources
// ("./modules/x"). Best effort: an address it cannot place has no location.
type locator struct {
	root   string
	plan   map[string]any
	blocks map[string]map[string]position // directory => "resource.type.name" => position
}

type position struct {
	file string
	line int
}

var blockPattern = regexp.MustCompile(`^\s*(resource|data|ephemeral)\s+"([^"]+)"\s+"([^"]+)"`)

var addressPattern = regexp.MustCompile(`module\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?\.`)

func newLocator(root string, plan map[string]any) *locator {
	return &locator{root: root, plan: plan, blocks: map[string]map[string]position{}}
}

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

// moduleDir follows the module calls' local sources from the root.
func (l *locator) moduleDir(modules []string) (string, bool) {
	dir := l.root
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
		f, err := os.Open(file)
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
				found[key] = position{file: filepath.ToSlash(file), line: n}
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
