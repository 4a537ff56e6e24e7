# METADATA
# title: Rule parameters
# description: |
#   Parameters come from the data document data.filestore.parameters (the
#   provider's policy.parameters, `policy check --param k=v`, a conftest
#   `--data` file, or a data.json in an HCP Terraform policy set), then from
#   the constant policy.parameters of the plan's filestore provider block,
#   and fall back to the defaults below. Values may be strings (as the provider's
#   map(string) gives them) or numbers.
package filestore.lib.params

import data.filestore.lib.values

defaults := {
	"max_presign_seconds": 3600,
	"max_cdn_signature_seconds": 86400,
	"max_abort_multipart_days": 7,
	"required_tags": "",
	"require_kms_tag": "",
	"compliance_tag": "",
}

# given: the parameters document (data.filestore.parameters) over the
# parameters the plan's default filestore provider block sets as constants
# (policy.parameters), so a CI check applies what the provider applied at
# plan time unless told otherwise.
given := object.union(_plan_parameters, _data_parameters)

_data_parameters := p if {
	p := data.filestore.parameters
	is_object(p)
} else := {}

_plan_parameters := p if {
	p := input.configuration.provider_config.filestore.expressions.policy.constant_value.parameters
	is_object(p)
} else := {}

param(name) := given[name] if {
	given[name] != null
} else := defaults[name]

max_presign_seconds := values.number(param("max_presign_seconds"))

max_cdn_signature_seconds := values.number(param("max_cdn_signature_seconds"))

max_abort_multipart_days := values.number(param("max_abort_multipart_days"))

# required_tags: "team, env" or ["team", "env"].
required_tags := {t |
	some raw in _list(param("required_tags"))
	t := trim_space(raw)
	t != ""
}

require_kms_tag := trim_space(param("require_kms_tag"))

compliance_tag := trim_space(param("compliance_tag"))

_list(v) := v if is_array(v)

_list(v) := split(v, ",") if is_string(v)

# exemptions: [{rule_id, target, reason}] from parameters named
# "exempt:<RULE>:<target>" (target: a resource address, an address without
# its count / for_each key, or a bucket / key group name).
exemptions := [e |
	some k, reason in given
	startswith(k, "exempt:")
	parts := split(k, ":")
	count(parts) >= 3
	e := {
		"rule_id": parts[1],
		"target": concat(":", array.slice(parts, 2, count(parts))),
		"reason": sprintf("%v", [reason]),
	}
]
