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

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
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
