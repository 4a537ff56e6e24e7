# METADATA
# title: HCP Terraform / Terraform Enterprise entry point (mandatory)
# description: |
#   Policy set query data.terraform.policies.filestore.deny (see
#   policies.hcl). HCP Terraform passes the plan as input.plan; the findings
#   are computed over it exactly as `policy check` does. Each entry is the
#   one-line text of a deny-level finding, or of a problem with the
#   settings (data.json parameters and overrides, the plan's provider-block
#   parameters).
package terraform.policies.filestore

import data.filestore.lib.findings
import data.filestore.lib.settings

deny contains msg if {
	fs := findings.deny with input as input.plan
	some f in fs
	msg := findings.text(f)
}

deny contains msg if {
	errs := settings.errors with input as input.plan
	some e in errs
	msg := concat("", ["filestore guardrail settings: ", e.message])
}
