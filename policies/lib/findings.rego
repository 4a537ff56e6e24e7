# METADATA
# title: Findings
# description: |
#   Collects the violations of every rule package under data.filestore.rules
#   (built-in and local ones) into findings, applies exemptions, enforcement
#   and per-rule overrides (data.filestore.enforcement, data.filestore.overrides)
#   and renders the one-line text every runner prints.
#
#   A rule package declares its METADATA at package scope (custom.id,
#   custom.severity, title), `meta := rego.metadata.chain()` and a set
#   `violations` of {resource, address, path, message}, each built with
#   data.filestore.lib.result.fail / fail_resource.
package filestore.lib.findings

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.plan

# all: every finding whose effective level is not "off".
all contains f if {
	some name
	some v in data.filestore.rules[name].violations
	meta := _meta(data.filestore.rules[name].meta)
	f := _finding(meta, v)
	f.level != "off"
}

deny contains f if {
	some f in all
	f.level == "deny"
}

warn contains f if {
	some f in all
	f.level == "warn"
}

# report is what the Go engine reads: findings, the number of resource
# instances checked, and the problems with the parameters the plan's
# provider block sets (the engine checks its own settings up front).
report := {"findings": all, "checked": normalize.checked, "errors": params.plan_errors}

_meta(chain) := [a |
	some e in chain
	a := e.annotations
	a.custom.id
][0]

_finding(meta, v) := {
	"rule_id": meta.custom.id,
	"title": meta.title,
	"severity": meta.custom.severity,
	"level": _at_most_warn_if_partial(_effective(meta.custom.id, meta.custom.severity, reason), v),
	"message": v.message,
	"resource": v.resource,
	"address": v.address,
	"path": v.path,
	"exemption": reason,
} if {
	reason := exemption(meta.custom.id, v)
}

_effective(id, severity, reason) := "warn" if {
	reason != null
	level(id, severity) != "off"
} else := level(id, severity)

# A violation decided on a partial view (result.partial) never denies.
_at_most_warn_if_partial(level, v) := "warn" if {
	level == "deny"
	v.partial == true
} else := level

# enforcement: "deny" (default), "warn" (every finding is a warning) or "off".
enforcement := e if {
	e := data.filestore.enforcement
	e in {"deny", "warn", "off"}
} else := "deny"

# level(id, severity): "off" under enforcement off; else the rule's override;
# else "warn" under enforcement warn; else the rule's own severity.
level(id, severity) := "off" if {
	id
	severity
	enforcement == "off"
} else := o if {
	o := data.filestore.overrides[id]
	o in {"deny", "warn", "off"}
} else := "warn" if {
	enforcement == "warn"
} else := severity

# exemption(id, v) is the written reason a resource is exempt from a rule, or
# null: a tag "filestore:exempt:<RULE>" on the bucket, or a parameter
# "exempt:<RULE>:<target>".
exemption(id, v) := reason if {
	reason := _tag_exemption(id, normalize.resources[v.resource])
} else := reason if {
	some e in params.exemptions
	e.rule_id == id
	e.target in _targets(v)
	reason := e.reason
} else := null

_tag_exemption(id, doc) := reason if {
	doc.tags.known
	reason := doc.tags.value[concat("", ["filestore:exempt:", id])]
	is_string(reason)
	trim_space(reason) != ""
}

_targets(v) := {t |
	some t in array.concat(
		[v.address, v.resource, _resource_address(v.address)],
		_names(object.get(normalize.resources, v.resource, {})),
	)
}

_resource_address(address) := a if {
	a := plan.resource_address(plan.instances[address])
} else := address

_names(doc) := [n |
	some k in ["name", "bucket"]
	a := doc[k]
	a.known
	n := a.value
	is_string(n)
]

# text renders a finding on one line:
# FS005 deny aws_s3_bucket_cors_configuration.c cors_rule[0].allowed_origins: <message>
text(f) := concat("", [
	f.rule_id, " ", f.level, " ", f.address, _path_suffix(f.path), ": ", f.message,
	_exemption_suffix(f.exemption),
])

_path_suffix([]) := ""

_path_suffix(p) := concat("", [" ", path_string(p)]) if count(p) > 0

_exemption_suffix(null) := ""

_exemption_suffix(r) := sprintf(" (exempted: %s)", [r]) if r != null

# path_string(["cors_rules", 0, "allowed_origins"]) == "cors_rules[0].allowed_origins"
path_string(p) := trim_prefix(concat("", [_step(s) | some s in p]), ".")

_step(s) := sprintf("[%d]", [s]) if is_number(s)

_step(s) := sprintf("[%q]", [s]) if {
	is_string(s)
	not regex.match(`^[A-Za-z_][A-Za-z0-9_-]*$`, s)
}

_step(s) := concat("", [".", s]) if {
	is_string(s)
	regex.match(`^[A-Za-z_][A-Za-z0-9_-]*$`, s)
}
