// Package policies embeds the guardrail Rego rules so that the provider and
// the `policy` CLI carry them in the binary. The same files are what
// `conftest test -p policies`, `opa test policies` and the HCP Terraform
// policy set (policies.hcl) read from disk.
package policies

import "embed"

// FS holds every Rego file (rules, library, runner entry points, tests) and
// policies.hcl.
//
//go:embed *.hcl lib/*.rego rules/*.rego conftest/*.rego terraform/*.rego
var FS embed.FS
