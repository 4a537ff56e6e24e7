# METADATA
# title: conftest entry point
# description: |
#   `conftest test plan.json -p policies` queries package main: deny for
#   deny-level findings, warn for warn-level ones (including exempted
#   findings, whose message quotes the reason). Each result carries msg (the
#   line `policy check` prints) and the finding's fields. Parameters,
#   enforcement and overrides come from a --data file:
#   {"filestore": {"parameters": {...}, "overrides": {...}}}. A problem with
#   those settings (an unknown parameter or rule id, a value of the wrong
#   type) is a deny result too: a misspelt setting never passes silently.
package main

import data.filestore.lib.findings
import data.filestore.lib.settings

deny contains result if {
	some f in findings.deny
	result := _result(f)
}

deny contains result if {
	some e in settings.errors
	result := object.union(e, {"msg": concat("", ["filestore guardrail settings: ", e.message])})
}

warn contains result if {
	some f in findings.warn
	result := _result(f)
}

_result(f) := object.union(f, {"msg": findings.text(f)})
