# METADATA
# title: Rule parameters
# description: |
#   A rule declares its parameters in its package METADATA, one line each:
#
#     custom:
#       parameters:
#         max_presign_seconds: {type: integer, default: 3600}
#
#   Types: integer (a whole number greater than 0, as a number or a string
#   of digits), string (with an optional one_of list), list (names,
#   comma-separated or as an array). `declared` collects them from every rule
#   package under data.filestore.rules (built-in and local) plus the
#   library's own (compatibility); a rule reads its value with
#   integer(meta, name), string(meta, name) or list(meta, name), meta being
#   its rego.metadata.chain().
#
#   Values come from the data document data.filestore.parameters (the
#   provider's policy.parameters, `policy check --param k=v`, a conftest
#   `--data` file, or a data.json in an HCP Terraform policy set), then from
#   the constant policy.parameters of the plan's filestore provider block,
#   and fall back to the declared default. A name nobody declares, or a value
#   of the wrong type, is in `errors` (data.filestore.lib.settings), never a
#   rule silently switched off. Exemptions are parameters too:
#   "exempt:<rule id>:<target>" = "<reason>".
package filestore.lib.params

import data.filestore.lib.values

# The library's own parameters (not a rule's). compatibility decides the
# AWS-only rules over a plan whose provider block takes it from a variable.
library := {"compatibility": {"type": "string", "one_of": ["aws", "s3", "r2"]}}

# rule_metas: the package METADATA of every rule package that has an id.
rule_metas := [a |
	some name
	some e in data.filestore.rules[name].meta
	a := e.annotations
	a.custom.id
]

# rule_ids: the ids of every rule (built-in and local).
rule_ids := {a.custom.id | some a in rule_metas}

# declared: parameter name => {type, default, one_of?, rule}. Two rules may
# declare the same parameter only with the same type and default.
declared := object.union(library, {name: object.union(spec, {"rule": a.custom.id}) |
	some a in rule_metas
	some name, spec in object.get(a.custom, "parameters", {})
})

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

# value(meta, name): the given value when it is valid, else the default the
# rule declares (an invalid value is reported in errors; the rule keeps its
# default). meta is the calling rule's rego.metadata.chain(): reading the
# default there costs one lookup, where `declared` reads the metadata of
# every rule (and this runs on every check of every resource).
value(meta, name) := v if {
	v := given[name]
	v != null
	_valid(_spec(meta, name), v)
} else := _spec(meta, name).default

_spec(meta, name) := s if {
	some e in meta
	s := e.annotations.custom.parameters[name]
} else := declared[name]

# integer(meta, name) is a number; string(meta, name) a trimmed string;
# list(meta, name) a set of trimmed, non-empty strings.
integer(meta, name) := values.number(value(meta, name))

string(meta, name) := trim_space(value(meta, name))

list(meta, name) := {t |
	some raw in _list(value(meta, name))
	t := trim_space(raw)
	t != ""
}

_list(v) := v if is_array(v)

_list(v) := split(v, ",") if is_string(v)

_valid(spec, v) if {
	spec.type == "integer"
	_positive_integer(v)
}

_valid(spec, v) if {
	spec.type == "string"
	is_string(v)
	not spec.one_of
}

_valid(spec, v) if {
	spec.type == "string"
	v in spec.one_of
}

_valid(spec, v) if {
	spec.type == "list"
	is_string(v)
}

_valid(spec, v) if {
	spec.type == "list"
	is_array(v)
	every x in v {
		is_string(x)
	}
}

_positive_integer(v) if {
	is_number(v)
	floor(v) == v
	v > 0
}

_positive_integer(v) if {
	is_string(v)
	regex.match(`^\s*[0-9]+\s*$`, v)
	to_number(trim_space(v)) > 0
}

_expected := {
	"integer": "a whole number greater than 0",
	"string": "a string",
	"list": "a comma-separated string or a list of strings",
}

_expects(spec) := sprintf("one of %s", [concat(", ", spec.one_of)]) if spec.one_of

else := _expected[spec.type]

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

# errors: every problem with the given parameters, as {setting, key, source,
# message}; source is "data" (data.filestore.parameters) or "plan" (the
# plan's provider block). plan_errors: the plan's only (what a plan
# evaluation reports; data parameters are checked once, up front).
errors := _errors("data", _data_parameters) | _errors("plan", _plan_parameters)

plan_errors := _errors("plan", _plan_parameters)

_errors(source, ps) := {e |
	some name, v in ps
	msg := _problem(name, v)
	e := {"setting": "parameters", "key": name, "source": source, "message": msg}
}

_problem(name, _) := sprintf("unknown parameter %q: the parameters are %s, and exemptions exempt:<rule id>:<target>", [name, concat(", ", sort(object.keys(declared)))]) if {
	not startswith(name, "exempt:")
	not declared[name]
}

_problem(name, v) := sprintf("parameter %s = %s: must be %s", [name, _shown(v), _expects(declared[name])]) if {
	declared[name]
	v != null
	not _valid(declared[name], v)
}

_problem(name, _) := sprintf("exemption %q: write exempt:<rule id>:<target> (a resource address or a bucket / key group name)", [name]) if {
	parts := split(name, ":")
	parts[0] == "exempt"
	_bad_exemption_key(parts)
}

_problem(name, _) := sprintf("exemption %q: there is no rule %s (the rules are %s)", [name, parts[1], concat(", ", sort(rule_ids))]) if {
	parts := split(name, ":")
	parts[0] == "exempt"
	not _bad_exemption_key(parts)
	not parts[1] in rule_ids
}

_problem(name, v) := sprintf("exemption %q: the value must be the written reason for the exemption", [name]) if {
	startswith(name, "exempt:")
	not _reason(v)
}

_bad_exemption_key(parts) if count(parts) < 3

_bad_exemption_key(parts) if parts[1] == ""

_bad_exemption_key(parts) if concat(":", array.slice(parts, 2, count(parts))) == ""

_reason(v) if {
	is_string(v)
	trim_space(v) != ""
}

_shown(v) := sprintf("%q", [v]) if is_string(v)

else := sprintf("%v", [v])
