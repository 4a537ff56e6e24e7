package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHelp: -h, --help, -help and "help <command>" print the command's help
// on stdout and exit 0, for every command.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "policy check [flags] plan.json|-"},
		{[]string{"--help"}, "policy export [flags] DIR"},
		{[]string{"help"}, "policy list [flags]"},
		{[]string{"help", "check"}, "Usage: terraform-provider-filestore policy check"},
		{[]string{"check", "-h"}, "Usage: terraform-provider-filestore policy check"},
		{[]string{"check", "--help"}, "--fail-on deny|warn"},
		{[]string{"check", "-help"}, "--repo-root DIR"},
		{[]string{"check", awsPlan, "-h"}, "Usage: terraform-provider-filestore policy check"},
		{[]string{"list", "-h"}, "Usage: terraform-provider-filestore policy list"},
		{[]string{"list", "--help"}, "--format text|json"},
		{[]string{"export", "-h"}, "Usage: terraform-provider-filestore policy export"},
		{[]string{"export", "--help"}, "conftest test plan.json -p DIR"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, "", tc.args...)
			if code != ExitClean || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, out)
			}
		})
	}
	// Each command prints its own help, not another's.
	_, list, _ := run(t, "", "list", "-h")
	if strings.Contains(list, "--fail-on") || strings.Contains(list, "policy check [flags]") {
		t.Errorf("list -h prints check's help:\n%s", list)
	}
}

// TestFlagsAnyPosition: flags after the plan path, --flag=value and
// Go-style single-dash long flags give the same report as flags first.
func TestFlagsAnyPosition(t *testing.T) {
	_, want, _ := run(t, "", "check", "--format", "json", "--param", "max_abort_multipart_days=30", awsPlan)
	for _, args := range [][]string{
		{"check", awsPlan, "--format", "json", "--param", "max_abort_multipart_days=30"},
		{"check", "--format=json", awsPlan, "--param=max_abort_multipart_days=30"},
		{"check", "-format", "json", awsPlan, "-param", "max_abort_multipart_days=30"},
		{"check", "-format=json", "--param", "max_abort_multipart_days=30", "--", awsPlan},
	} {
		code, got, errOut := run(t, "", args...)
		if code != ExitDeny {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if got != want {
			t.Errorf("%v: report differs from flags-first", args)
		}
	}
	// A value with commas stays one value (required_tags=team,env).
	_, out, _ := run(t, "", "check", awsPlan, "--format", "json", "--param", "required_tags=team,env")
	if !strings.Contains(out, `"FS016"`) {
		t.Errorf("required_tags=team,env was not applied as one parameter")
	}
}

func TestFailOn(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.json")
	if err := os.WriteFile(clean, []byte(`{"format_version":"1.2","resource_changes":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	uploads := "../testdata/plans/tofu_uploads.json"
	// Every rule off except FS002, whose only finding in this plan is
	// exempted by the plan's provider block.
	var offExceptFS002 []string
	for _, id := range ruleIDs(t) {
		if id != "FS002" {
			offExceptFS002 = append(offExceptFS002, "--override", id+"=off")
		}
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"warnings only, default deny", []string{"check", "--enforcement", "warn", awsPlan}, ExitClean},
		{"warnings only, fail on warn", []string{"check", "--enforcement", "warn", "--fail-on", "warn", awsPlan}, ExitDeny},
		{"fail on warn after the path", []string{"check", "--enforcement", "warn", awsPlan, "--fail-on=warn"}, ExitDeny},
		{"deny findings, fail on deny", []string{"check", "--fail-on", "deny", awsPlan}, ExitDeny},
		{"clean plan, fail on warn", []string{"check", "--fail-on", "warn", clean}, ExitClean},
		{"only an exempted finding, fail on warn", append([]string{"check", "--fail-on", "warn", uploads}, offExceptFS002...), ExitClean},
		{"bad level", []string{"check", "--fail-on", "error", awsPlan}, ExitBadInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s\n%s", code, tc.code, errOut, out)
			}
			if tc.name == "only an exempted finding, fail on warn" && !strings.Contains(out, "(1 exempted)") {
				t.Fatalf("the plan no longer has exactly one exempted finding:\n%s", out)
			}
		})
	}
}

func ruleIDs(t *testing.T) []string {
	t.Helper()
	_, out, _ := run(t, "", "list", "--format", "json")
	var doc struct {
		Rules []struct {
			ID string `json:"id"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Rules) == 0 {
		t.Fatalf("policy list: %v", err)
	}
	var ids []string
	for _, r := range doc.Rules {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestTextEscapesControlCharacters: an address or an exemption reason
// carrying a newline (a for_each key can) must not forge report lines.
func TestTextEscapesControlCharacters(t *testing.T) {
	raw, err := os.ReadFile("../testdata/plans/tofu_generic_store.json")
	if err != nil {
		t.Fatal(err)
	}
	forged := "filestore_upload_bucket.media[\\\"a\\nDENY  FS001  forged.bucket\\u001b[2K\\u202e\\\"]"
	plan := strings.ReplaceAll(string(raw), `"address": "filestore_upload_bucket.media"`, `"address": "`+forged+`", "index": "x"`)
	if plan == string(raw) {
		t.Fatal("the plan fixture changed: no address to rewrite")
	}
	code, out, errOut := run(t, plan, "check", "--param", "exempt:FS005:media=ok\nWARN  FS000  forged too", "-")
	if code == ExitBadInput {
		t.Fatalf("exit 2: %s", errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if regexp.MustCompile(`^\s*(DENY|WARN)\s+FS00[01]\s+forged`).MatchString(line) {
			t.Errorf("forged line in the report: %q\n%s", line, out)
		}
		if strings.ContainsAny(line, "\x1b\u202e") {
			t.Errorf("raw control character in the report: %q", line)
		}
	}
	for _, want := range []string{`a\nDENY  FS001  forged.bucket\x1b[2K\u202e`, `exempted: ok\nWARN  FS000  forged too`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks the escaped %q:\n%s", want, out)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":             "plain",
		"tab\there":         `tab\there`,
		"crlf\r\n":          `crlf\r\n`,
		"bell\a":            `bell\a`,
		"nul\x00":           `nul\x00`,
		"esc\x1b[31m":       `esc\x1b[31m`,
		"del\x7f":           `del\x7f`,
		"c1\u0085":          `c1\u0085`,
		"ls\u2028ps\u2029":  `ls\u2028ps\u2029`,
		"bidi\u202eevil":    `bidi\u202eevil`,
		"zwsp\u200b":        `zwsp\u200b`,
		`back\slash`:        `back\slash`,
		"unicode ok: é 字 🙂": "unicode ok: é 字 🙂",
		"bad utf8 \xff":     `bad utf8 \ufffd`,
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}
