# METADATA
# title: HCP Terraform / Terraform Enterprise entry point (advisory)
# description: |
#   Policy set query data.terraform.policies.filestore_advisory.deny: the
#   warn-level findings (and exempted ones, with their reason), reported
#   without blocking the run.
package terraform.policies.filestore_advisory

import data.filestore.lib.findings

deny contains msg if {
	fs := findings.warn with input as input.plan
	some f in fs
	msg := findings.text(f)
}
