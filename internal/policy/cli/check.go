package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

// Formats of `policy check`.
var Formats = []string{"text", "json", "sarif", "junit"}

// Values of --fail-on.
var failOnLevels = []string{guardrail.LevelDeny, guardrail.LevelWarn}

const checkHelp = `Usage: terraform-provider-filestore policy check [flags] plan.json|-

Evaluates a saved plan against the guardrails the provider enforces at plan
time. Make the plan with
  terraform plan -out plan.bin && terraform show -json plan.bin > plan.json
or pass - to read it from standard input. Flags may come before or after the
plan path.

Exit status: 0 clean, 1 findings at or above --fail-on, 2 unreadable input,
bad flags, an unknown rule id or parameter, a parameter value of the wrong
type (from --param or the plan's provider block), or broken policies.

Flags:
  --format text|json|sarif|junit   output format (default text)
  --output FILE                    write the report to FILE instead of stdout
                                   (a one-line summary still goes to stderr)
  --fail-on deny|warn              exit 1 on deny findings (default), or on any
                                   finding that is not exempted (warn)
  --param KEY=VALUE                rule parameter, repeatable: max_presign_seconds=3600,
                                   required_tags=team,env,
                                   exempt:FS005:<address or bucket name>=<reason>
  --override RULE=deny|warn|off    per-rule level, repeatable (FS006=deny)
  --enforcement deny|warn|off      as the provider's policy.enforcement (default deny)
  --policies DIR                   extra directory of Rego v1 rules, repeatable
  --allow-builtin NAME             let the rules call a withheld OPA builtin that
                                   reaches the network (http.send,
                                   net.lookup_ip_addr), repeatable
  --source-dir DIR                 the Terraform configuration the plan came from,
                                   to point SARIF / JUnit results at its files (default .)
  --repo-root DIR                  repository root that SARIF / JUnit paths are relative
                                   to, as GitHub code scanning expects (default: the git
                                   top-level above --source-dir, else the current directory)
  -h, --help                       this help
`

type checkFlags struct {
	format, output, enforcement, failOn string
	sourceDir, repoRoot                 string
	params, dirs, overrides, builtins   []string
}

func runCheck(args []string, e *env) int {
	var f checkFlags
	fs := newFlags("policy check")
	fs.StringVar(&f.format, "format", "text", "")
	fs.StringVar(&f.output, "output", "", "")
	fs.StringVar(&f.failOn, "fail-on", guardrail.LevelDeny, "")
	fs.StringArrayVar(&f.params, "param", nil, "")
	fs.StringArrayVar(&f.overrides, "override", nil, "")
	fs.StringVar(&f.enforcement, "enforcement", guardrail.LevelDeny, "")
	fs.StringArrayVar(&f.dirs, "policies", nil, "")
	fs.StringArrayVar(&f.builtins, "allow-builtin", nil, "")
	fs.StringVar(&f.sourceDir, "source-dir", ".", "")
	fs.StringVar(&f.repoRoot, "repo-root", "", "")
	if code, done := parse(fs, args, checkHelp, e); done {
		return code
	}
	bad := func(err error) int { return badUsage(e, "policy check", err, checkHelp) }
	if !contains(Formats, f.format) {
		return bad(fmt.Errorf("--format %q: must be one of %s", f.format, strings.Join(Formats, ", ")))
	}
	if !contains(failOnLevels, f.failOn) {
		return bad(fmt.Errorf("--fail-on %q: must be deny or warn", f.failOn))
	}
	if fs.NArg() != 1 {
		return bad(errors.New("give exactly one plan file (or - for standard input)"))
	}
	settings, err := f.settings()
	if err != nil {
		return bad(err)
	}

	// Compile the policies while the plan is read.
	ctx := context.Background()
	type built struct {
		engine *policy.Engine
		err    error
	}
	compiled := make(chan built, 1)
	go func() {
		eng, err := policy.New(ctx, settings)
		compiled <- built{eng, err}
	}()

	planName := fs.Arg(0)
	plan, err := readPlan(planName, e.stdin)
	if planName == "-" {
		planName = "<stdin>"
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "policy check: %s: %v\n", planName, err)
		return ExitBadInput
	}

	// Evaluating a large plan allocates far more than it keeps: collect
	// garbage less often (unless GOGC says otherwise), for a little memory.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}

	b := <-compiled
	// Settings the rules cannot use (an unknown rule id or parameter, a
	// value of the wrong type) are a guardrail.SettingErrors from the engine:
	// bad input, like a broken local rule.
	if b.err != nil {
		fmt.Fprintf(e.stderr, "policy check: %v\n", b.err)
		return ExitBadInput
	}
	rep, err := b.engine.EvaluatePlan(ctx, plan)
	if err != nil {
		fmt.Fprintf(e.stderr, "policy check: %v\n", err)
		return ExitBadInput
	}

	loc, err := newLocator(f.sourceDir, f.repoRoot, plan)
	if err != nil {
		fmt.Fprintf(e.stderr, "policy check: %v\n", err)
		return ExitBadInput
	}
	doc := &document{
		Version:  e.info.Version,
		PlanFile: planName,
		Report:   rep,
		Rules:    b.engine.Rules(),
		Locator:  loc,
	}
	if err := writeReport(f, doc, e); err != nil {
		fmt.Fprintf(e.stderr, "policy check: %v\n", err)
		return ExitBadInput
	}
	if failing(rep, f.failOn) > 0 {
		return ExitDeny
	}
	return ExitClean
}

// settings turns the flags into engine settings.
func (f *checkFlags) settings() (guardrail.Settings, error) {
	s := guardrail.Settings{Enforcement: f.enforcement, Paths: f.dirs, AllowBuiltins: f.builtins, Parameters: map[string]string{}, Overrides: map[string]string{}}
	for _, p := range f.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return s, fmt.Errorf("--param %q: expected key=value", p)
		}
		s.Parameters[strings.TrimSpace(k)] = v
	}
	for _, o := range f.overrides {
		k, v, ok := strings.Cut(o, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return s, fmt.Errorf("--override %q: expected RULE=deny|warn|off", o)
		}
		s.Overrides[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return s, nil
}

// failing counts the findings that fail the check at --fail-on: deny
// findings, or with warn every finding that is not exempted.
func failing(rep *policy.Report, failOn string) int {
	n := 0
	for _, f := range rep.Findings {
		switch {
		case f.Level == guardrail.LevelDeny:
			n++
		case failOn == guardrail.LevelWarn && f.Exemption == "":
			n++
		}
	}
	return n
}

// readPlan reads the plan from a file or, for "-", from stdin.
func readPlan(name string, stdin io.Reader) (map[string]any, error) {
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("cannot read the plan: %w", err)
		}
		defer f.Close()
		in = f
	}
	return policy.ParsePlan(in)
}

// writeReport renders the report to --output or stdout.
func writeReport(f checkFlags, doc *document, e *env) error {
	if f.output == "" {
		return render(e.stdout, f.format, doc)
	}
	if err := os.MkdirAll(filepath.Dir(f.output), 0o755); err != nil {
		return err
	}
	out, err := os.Create(f.output)
	if err != nil {
		return err
	}
	if err := render(out, f.format, doc); err != nil {
		out.Close()
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	// Keep the CI log readable when the report goes to a file.
	return renderSummary(e.stderr, doc)
}
