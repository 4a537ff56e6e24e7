# HCP Terraform / Terraform Enterprise OPA policy set: point a policy set
# (kind OPA, OPA version 1.x) at this directory. The Rego files here are the
# same rules the provider enforces at plan time and `policy check` runs in CI.
# Parameters: add a data.json to this directory holding
# {"filestore": {"parameters": {"required_tags": "team,env"}}}.

policy "filestore-guardrails" {
  query             = "data.terraform.policies.filestore.deny"
  enforcement_level = "mandatory"
  description       = "filestore guardrails FS001-FS024: deny-level findings block the run"
}

policy "filestore-guardrails-advisory" {
  query             = "data.terraform.policies.filestore_advisory.deny"
  enforcement_level = "advisory"
  description       = "filestore guardrails FS001-FS024: warn-level and exempted findings"
}
