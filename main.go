// Command terraform-provider-filestore is the filestore Terraform / OpenTofu
// provider. Run by Terraform it serves the plugin protocol (v6); run by a
// person with a subcommand it is the guardrail CLI:
//
//	terraform-provider-filestore policy check plan.json
//	terraform-provider-filestore policy list
//	terraform-provider-filestore policy export DIR
//	terraform-provider-filestore version
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/filestore/terraform-provider-filestore/internal/buildinfo"
	"github.com/filestore/terraform-provider-filestore/internal/policy/cli"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// Set by the release build (.goreleaser.yml):
// -ldflags "-X main.version=1.2.3 -X main.commit=... -X main.date=...".
var (
	version = "dev"
	commit  = ""
	date    = ""
)

const usage = `terraform-provider-filestore: the filestore Terraform / OpenTofu provider.

Terraform and OpenTofu start this binary themselves (install it from the
registry or a mirror); run by hand it is the guardrail command line:

  terraform-provider-filestore policy check [flags] plan.json|-
  terraform-provider-filestore policy list [flags]
  terraform-provider-filestore policy export [flags] DIR
  terraform-provider-filestore version        (or --version)

"terraform-provider-filestore policy <command> -h" describes each command.
Provider flag: -debug  serve for a debugger (prints TF_REATTACH_PROVIDERS).
`

func main() {
	info := buildinfo.New(version, commit, date)
	if code, ran := runCommand(os.Args[1:], info, os.Stdin, os.Stdout, os.Stderr); ran {
		os.Exit(code)
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(info.Version), providerserver.ServeOpts{
		Address: "registry.terraform.io/filestore/filestore",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// runCommand runs a command-line subcommand; ran is false when the arguments
// are the provider's own (none, or -debug), which serve the plugin protocol.
func runCommand(args []string, info buildinfo.Info, stdin io.Reader, stdout, stderr io.Writer) (code int, ran bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch args[0] {
	case "policy":
		return cli.Run(args[1:], stdin, stdout, stderr, info), true
	case "version", "--version", "-version", "-v":
		fmt.Fprint(stdout, info.String())
		return 0, true
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0, true
	}
	if args[0] != "" && args[0][0] != '-' {
		fmt.Fprintf(stderr, "terraform-provider-filestore: unknown command %q\n\n%s", args[0], usage)
		return 2, true
	}
	return 0, false
}
