# METADATA
# title: Settings check
# description: |
#   errors: every problem with the settings the rules read from
#   data.filestore (parameters, overrides, enforcement) and with the
#   parameters of the plan's provider block, as {setting, key, source,
#   message}. The Go engine refuses settings with errors before it checks
#   anything (the CLI exits 2, the provider reports the attribute); conftest
#   and HCP Terraform report them as deny results. A misspelt rule id or
#   parameter never switches a rule off silently.
package filestore.lib.settings

import data.filestore.lib.params

errors := (params.errors | _override_errors) | _enforcement_errors

_levels := {"deny", "warn", "off"}

_overrides := o if {
	o := data.filestore.overrides
	is_object(o)
} else := {}

_override_errors contains e if {
	some id, level in _overrides
	not id in params.rule_ids
	e := {
		"setting": "overrides", "key": id, "source": "data",
		"message": sprintf("override %s: there is no rule %s (the rules are %s)", [id, id, concat(", ", sort(params.rule_ids))]),
	}
}

_override_errors contains e if {
	some id, level in _overrides
	not level in _levels
	e := {
		"setting": "overrides", "key": id, "source": "data",
		"message": sprintf("override %s = %v: must be deny, warn or off", [id, level]),
	}
}

_enforcement_errors contains e if {
	level := data.filestore.enforcement
	not level in _levels
	e := {
		"setting": "enforcement", "key": "", "source": "data",
		"message": sprintf("enforcement %v: must be deny, warn or off", [level]),
	}
}
