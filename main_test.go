package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/buildinfo"
)

func TestCommands(t *testing.T) {
	info := buildinfo.Info{Version: "1.2.3", Commit: "abcdef0123456789", Date: "2026-01-02T03:04:05Z"}
	for _, tc := range []struct {
		args   []string
		ran    bool
		code   int
		stdout []string
		stderr string
	}{
		{nil, false, 0, nil, ""},
		{[]string{"-debug"}, false, 0, nil, ""},
		{[]string{"version"}, true, 0, []string{"terraform-provider-filestore 1.2.3", "commit: abcdef0123456789", "built:  2026-01-02T03:04:05Z", runtime.Version()}, ""},
		{[]string{"--version"}, true, 0, []string{"terraform-provider-filestore 1.2.3", runtime.Version()}, ""},
		{[]string{"-h"}, true, 0, []string{"policy check [flags] plan.json|-", "version"}, ""},
		{[]string{"--help"}, true, 0, []string{"policy export [flags] DIR"}, ""},
		{[]string{"policy", "check", "-h"}, true, 0, []string{"Usage: terraform-provider-filestore policy check"}, ""},
		{[]string{"polcy"}, true, 2, nil, `unknown command "polcy"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code, ran := runCommand(tc.args, info, strings.NewReader(""), &out, &errb)
			if ran != tc.ran || code != tc.code {
				t.Fatalf("ran %v exit %d, want ran %v exit %d; stderr %s", ran, code, tc.ran, tc.code, errb.String())
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out.String())
				}
			}
			if !strings.Contains(errb.String(), tc.stderr) || (tc.stderr == "" && errb.Len() > 0) {
				t.Errorf("stderr %q, want %q", errb.String(), tc.stderr)
			}
		})
	}
}
