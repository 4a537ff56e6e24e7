package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Settings the rules cannot use are bad input (exit 2) naming the setting,
// never a rule silently switched off; a local rule cannot reach the network
// unless --allow-builtin names the builtin.
func TestSettingErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.json")
	if err := os.WriteFile(clean, []byte(`{"format_version":"1.2","resource_changes":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "rules")
	if err := os.Mkdir(rules, 0o755); err != nil {
		t.Fatal(err)
	}
	send := "# METADATA\n# title: t\n# custom:\n#   id: FS950\n#   severity: deny\npackage filestore.rules.fs950\n\nmeta := rego.metadata.chain()\n\n" +
		"violations contains v if {\n\thttp.send({\"method\": \"GET\", \"url\": \"http://127.0.0.1:9/\"}).status_code == 200\n\tv := {}\n}\n"
	if err := os.WriteFile(filepath.Join(rules, "send.rego"), []byte(send), 0o644); err != nil {
		t.Fatal(err)
	}
	planWithParam := `{"format_version":"1.2","resource_changes":[],"configuration":{"provider_config":{"filestore":{"name":"filestore",` +
		`"expressions":{"policy":{"constant_value":{"parameters":{"max_abort_multipart_days":"a week"}}}}}}}}`
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"wrong type", []string{"check", "--param", "max_presign_seconds=abc", clean}, "", ExitBadInput, `parameter max_presign_seconds = "abc": must be a whole number`},
		{"wrong type cdn", []string{"check", "--param", "max_cdn_signature_seconds=1d", clean}, "", ExitBadInput, "max_cdn_signature_seconds"},
		{"unknown parameter", []string{"check", "--param", "max_presign_second=60", clean}, "", ExitBadInput, `unknown parameter "max_presign_second"`},
		{"unknown rule in override", []string{"check", "--override", "FS999=warn", clean}, "", ExitBadInput, "there is no rule FS999"},
		{"unknown rule in exemption", []string{"check", "--param", "exempt:FS999:b=reason", clean}, "", ExitBadInput, "there is no rule FS999"},
		{"exemption", []string{"check", "--param", "exempt:FS005:b=reviewed in SEC-9", clean}, "", ExitClean, ""},
		{"plan parameter", []string{"check", "-"}, planWithParam, ExitBadInput, "the plan's filestore provider block: parameter max_abort_multipart_days"},
		{"network builtin", []string{"check", "--policies", rules, clean}, "", ExitBadInput, "http.send is withheld"},
		{"network builtin allowed", []string{"check", "--policies", rules, "--allow-builtin", "http.send", clean}, "", ExitClean, ""},
		{"unknown builtin", []string{"check", "--allow-builtin", "opa.runtime", clean}, "", ExitBadInput, `allow builtin "opa.runtime"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want it to mention %q)", code, tc.code, errOut, tc.stderr)
			}
		})
	}
}
