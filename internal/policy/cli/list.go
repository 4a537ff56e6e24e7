package cli

import (
	"context"
	"fmt"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

const listHelp = `Usage: terraform-provider-filestore policy list [flags]

Prints the guardrail rules: id, default level and title (text), or every
METADATA field (json).

Flags:
  --format text|json   output format (default text)
  --policies DIR       extra directory of Rego v1 rules, repeatable
  -h, --help           this help
`

func runList(args []string, e *env) int {
	var format string
	var dirs []string
	fs := newFlags("policy list")
	fs.StringVar(&format, "format", "text", "")
	fs.StringArrayVar(&dirs, "policies", nil, "")
	if code, done := parse(fs, args, listHelp, e); done {
		return code
	}
	if format != "text" && format != "json" {
		return badUsage(e, "policy list", fmt.Errorf("--format %q: list supports text and json", format), listHelp)
	}
	if fs.NArg() != 0 {
		return badUsage(e, "policy list", fmt.Errorf("unexpected argument %q", fs.Arg(0)), listHelp)
	}
	engine, err := policy.New(context.Background(), guardrail.Settings{Paths: dirs})
	if err != nil {
		fmt.Fprintf(e.stderr, "policy list: %v\n", err)
		return ExitBadInput
	}
	rules := engine.Rules() // sorted by id
	if format == "json" {
		if err := writeJSON(e.stdout, map[string]any{"rules": rules}); err != nil {
			return ExitBadInput
		}
		return ExitClean
	}
	for _, r := range rules {
		fmt.Fprintf(e.stdout, "%-6s %-4s  %s\n", escape(r.ID), r.Severity, escape(r.Title))
	}
	return ExitClean
}
