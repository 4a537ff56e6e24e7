// Package cli is the guardrail command line: `terraform-provider-filestore
// policy check|list|export`. It evaluates a saved plan (`terraform show
// -json`) with the same engine and rules the provider runs at plan time, and
// writes the embedded rules out for the stock runners (conftest, an HCP
// Terraform policy set).
//
// Flags are parsed by github.com/spf13/pflag: flags may come before or after
// the plan path, `--flag value` and `--flag=value` both work, and a
// Go-style single dash (`-format sarif`) is accepted for the long names.
// `-h` / `--help` print the command's help on stdout and exit 0.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/filestore/terraform-provider-filestore/internal/buildinfo"
)

// Exit codes.
const (
	ExitClean    = 0 // no finding at or above --fail-on
	ExitDeny     = 1 // findings at or above --fail-on (deny by default)
	ExitBadInput = 2 // unreadable input, bad flags, unknown rules or parameters, broken policies
)

const usage = `Usage:
  terraform-provider-filestore policy check [flags] plan.json|-
  terraform-provider-filestore policy list [flags]
  terraform-provider-filestore policy export [flags] DIR

  check   evaluate a saved plan (terraform show -json) against the guardrails
  list    print the rules
  export  write the embedded rules for conftest and HCP Terraform

Run "terraform-provider-filestore policy <command> -h" for a command's flags.
`

// command is one subcommand: its help text and its body.
type command struct {
	help string
	run  func(args []string, env *env) int
}

// env is what a command reads and writes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	info           buildinfo.Info
}

var commands = map[string]command{
	"check":  {checkHelp, runCheck},
	"list":   {listHelp, runList},
	"export": {exportHelp, runExport},
}

// Run runs `policy <args>` and returns the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, info buildinfo.Info) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, info: info}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitBadInput
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprint(stdout, c.help)
				return ExitClean
			}
		}
		fmt.Fprint(stdout, usage)
		return ExitClean
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "policy: unknown command %q\n\n%s", args[0], usage)
		return ExitBadInput
	}
	return c.run(args[1:], e)
}

// newFlags returns a flag set that reports errors instead of exiting and
// prints nothing itself.
func newFlags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	return fs
}

// parse parses args; done is true when the command must stop with code
// (help was asked for: printed on stdout, exit 0; or the flags are wrong).
func parse(fs *pflag.FlagSet, args []string, help string, e *env) (code int, done bool) {
	err := fs.Parse(singleDashLongFlags(fs, args))
	switch {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, help)
		return ExitClean, true
	case err != nil:
		return badUsage(e, fs.Name(), err, help), true
	}
	return 0, false
}

// singleDashLongFlags rewrites -name and -name=value to --name... for the
// flag set's long names, as Go's flag package (and this CLI's first
// versions) accept them. Arguments after "--" are left alone.
func singleDashLongFlags(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if name == "help" || fs.Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

func badUsage(e *env, cmd string, err error, help string) int {
	fmt.Fprintf(e.stderr, "%s: %v\n\n%s", cmd, err, help)
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
