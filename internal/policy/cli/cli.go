// Package cli is the guardrail command line: `terraform-provider-filestore
// policy check|list`. It evaluates a saved plan (`terraform show -json`)
// with the same engine and rules the provider runs at plan time.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

// Exit codes.
const (
	ExitClean    = 0 // no deny-level finding
	ExitDeny     = 1 // at least one deny-level finding
	ExitBadInput = 2 // unreadable input, bad flags, broken policies
)

// Formats of `policy check`.
var Formats = []string{"text", "json", "sarif", "junit"}

const usage = `Usage:
  terraform-provider-filestore policy check [flags] plan.json|-
  terraform-provider-filestore policy list [--format text|json] [--policies dir]...

check evaluates a saved plan (terraform show -json tfplan > plan.json) against
the guardrails the provider enforces at plan time. Exit status: 0 no deny
finding, 1 deny findings, 2 unreadable input or broken policies.

Flags of check:
  --format text|json|sarif|junit   output format (default text)
  --param k=v                      rule parameter, repeatable
                                   (max_presign_seconds=3600, required_tags=team,env,
                                   exempt:FS005:<address or bucket name>=<reason>)
  --policies dir                   extra directory of Rego v1 rules, repeatable
  --allow-builtin name             let the rules call a withheld OPA builtin that
                                   reaches the network (http.send,
                                   net.lookup_ip_addr), repeatable
  --enforcement deny|warn|off      as the provider's policy.enforcement (default deny)
  --override FS006=deny            per-rule level, repeatable
  --output file                    write the report to file instead of stdout
  --source-dir dir                 Terraform configuration the plan came from, to
                                   locate resources in SARIF/JUnit (default .)
`

// Run runs `policy <args>` and returns the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, version string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitBadInput
	}
	switch args[0] {
	case "check":
		return runCheck(args[1:], stdin, stdout, stderr, version)
	case "list":
		return runList(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitClean
	default:
		fmt.Fprintf(stderr, "policy: unknown command %q\n\n%s", args[0], usage)
		return ExitBadInput
	}
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer, version string) int {
	fset := flag.NewFlagSet("policy check", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	format := fset.String("format", "text", "")
	output := fset.String("output", "", "")
	enforcement := fset.String("enforcement", guardrail.LevelDeny, "")
	sourceDir := fset.String("source-dir", ".", "")
	var params, dirs, overrides, builtins multiFlag
	fset.Var(&params, "param", "")
	fset.Var(&dirs, "policies", "")
	fset.Var(&overrides, "override", "")
	fset.Var(&builtins, "allow-builtin", "")
	if err := fset.Parse(args); err != nil {
		return badUsage(stderr, err)
	}
	if !contains(Formats, *format) {
		return badUsage(stderr, fmt.Errorf("--format %q: must be one of %s", *format, strings.Join(Formats, ", ")))
	}
	if fset.NArg() != 1 {
		return badUsage(stderr, errors.New("give exactly one plan file (or - for standard input)"))
	}
	settings := guardrail.Settings{Enforcement: *enforcement, Paths: dirs, AllowBuiltins: builtins, Parameters: map[string]string{}, Overrides: map[string]string{}}
	for _, p := range params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return badUsage(stderr, fmt.Errorf("--param %q: expected key=value", p))
		}
		settings.Parameters[strings.TrimSpace(k)] = v
	}
	for _, o := range overrides {
		k, v, ok := strings.Cut(o, "=")
		if !ok {
			return badUsage(stderr, fmt.Errorf("--override %q: expected RULE=deny|warn|off", o))
		}
		settings.Overrides[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}

	// Compile the policies while the plan is read.
	ctx := context.Background()
	type built struct {
		engine *policy.Engine
		err    error
	}
	compiled := make(chan built, 1)
	go func() {
		e, err := policy.New(ctx, settings)
		compiled <- built{e, err}
	}()

	planName := fset.Arg(0)
	var in io.Reader
	if planName == "-" {
		in = stdin
		planName = "<stdin>"
	} else {
		f, err := os.Open(planName)
		if err != nil {
			fmt.Fprintf(stderr, "policy check: cannot read the plan: %v\n", err)
			return ExitBadInput
		}
		defer f.Close()
		in = f
	}
	plan, err := policy.ParsePlan(in)
	if err != nil {
		fmt.Fprintf(stderr, "policy check: %s: %v\n", planName, err)
		return ExitBadInput
	}

	// Evaluating a large plan allocates far more than it keeps: collect
	// garbage less often (unless GOGC says otherwise), for a little memory.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}

	b := <-compiled
	if b.err != nil {
		fmt.Fprintf(stderr, "policy check: %v\n", b.err)
		return ExitBadInput
	}
	engine := b.engine
	rep, err := engine.EvaluatePlan(ctx, plan)
	if err != nil {
		fmt.Fprintf(stderr, "policy check: %v\n", err)
		return ExitBadInput
	}

	doc := &document{
		Version:  version,
		PlanFile: planName,
		Report:   rep,
		Rules:    engine.Rules(),
		Locator:  newLocator(*sourceDir, plan),
	}
	out := stdout
	if *output != "" {
		if err := os.MkdirAll(filepath.Dir(*output), 0o755); err != nil {
			fmt.Fprintf(stderr, "policy check: %v\n", err)
			return ExitBadInput
		}
		f, err := os.Create(*output)
		if err != nil {
			fmt.Fprintf(stderr, "policy check: %v\n", err)
			return ExitBadInput
		}
		defer f.Close()
		out = f
	}
	if err := render(out, *format, doc); err != nil {
		fmt.Fprintf(stderr, "policy check: writing the report: %v\n", err)
		return ExitBadInput
	}
	if *output != "" && *format != "text" {
		// Keep the CI log readable when the report goes to a file.
		_ = renderSummary(stderr, doc)
	}
	if rep.Deny() > 0 {
		return ExitDeny
	}
	return ExitClean
}

func runList(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("policy list", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	format := fset.String("format", "text", "")
	var dirs multiFlag
	fset.Var(&dirs, "policies", "")
	if err := fset.Parse(args); err != nil {
		return badUsage(stderr, err)
	}
	if *format != "text" && *format != "json" {
		return badUsage(stderr, fmt.Errorf("--format %q: list supports text and json", *format))
	}
	engine, err := policy.New(context.Background(), guardrail.Settings{Paths: dirs})
	if err != nil {
		fmt.Fprintf(stderr, "policy list: %v\n", err)
		return ExitBadInput
	}
	rules := engine.Rules()
	if *format == "json" {
		if err := writeJSON(stdout, map[string]any{"rules": rules}); err != nil {
			return ExitBadInput
		}
		return ExitClean
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	for _, r := range rules {
		fmt.Fprintf(stdout, "%-6s %-4s  %s\n", r.ID, r.Severity, r.Title)
	}
	return ExitClean
}

func badUsage(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "policy: %v\n\n%s", err, usage)
	return ExitBadInput
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
