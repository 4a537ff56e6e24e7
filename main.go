// Command terraform-provider-filestore is the filestore Terraform / OpenTofu
// provider. Run by Terraform it serves the plugin protocol (v6); run by a
// person with a subcommand it is the guardrail CLI:
//
//	terraform-provider-filestore policy check plan.json
//	terraform-provider-filestore policy list
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/filestore/terraform-provider-filestore/internal/policy/cli"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "policy" {
		os.Exit(cli.Run(os.Args[2:], os.Stdin, os.Stdout, os.Stderr, version))
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/filestore/filestore",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
