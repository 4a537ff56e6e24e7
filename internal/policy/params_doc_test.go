package policy

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var paramRow = regexp.MustCompile("^\\| `([a-z_]+)` \\| ([^|]+) \\|")

// The parameters are declared once, in the rules' METADATA; the guide's
// table must list exactly those, with their defaults.
func TestGuideListsDeclaredParameters(t *testing.T) {
	got, ok := evalRego(t, "data.filestore.lib.params.declared")
	if !ok {
		t.Fatal("data.filestore.lib.params.declared is undefined")
	}
	declared := got.(map[string]any)
	src, err := os.ReadFile("../../templates/guides/guardrails.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	start := strings.Index(text, "## Parameters\n")
	if start < 0 {
		t.Fatal("the guide has no ## Parameters section")
	}
	listed := map[string]string{}
	for _, line := range strings.Split(text[start:], "\n")[1:] {
		if strings.HasPrefix(line, "## ") {
			break
		}
		if m := paramRow.FindStringSubmatch(line); m != nil {
			listed[m[1]] = strings.TrimSpace(m[2])
		}
	}
	var names []string
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		spec := declared[name].(map[string]any)
		cell, ok := listed[name]
		if !ok {
			t.Errorf("parameter %s (%v) is missing from the guide's table", name, spec["rule"])
			continue
		}
		delete(listed, name)
		def, has := spec["default"]
		switch {
		case !has:
		case def == "":
			if cell != "none" {
				t.Errorf("%s: the guide says default %s, the rule declares none", name, cell)
			}
		default:
			if cell != fmt.Sprintf("`%v`", def) {
				t.Errorf("%s: the guide says default %s, the rule declares %v", name, cell, def)
			}
		}
	}
	for name := range listed {
		t.Errorf("the guide lists %s, which no rule declares", name)
	}
}
