# METADATA
# title: conftest entry point
# description: |
#   `conftest test plan.json -p policies` queries package main: deny for
#   deny-level findings, warn for warn-level ones (including exempted
#   findings, whose message quotes the reason). Each result carries msg (the
#   line `policy check` prints) and the finding's fields. Parameters,
#   enforcement and overrides come from a --data file:
#   {"filestore": {"parameters": {...}, "overrides": {...}}}.
package main

import data.filestore.lib.findings

deny contains result if {
	some f in findings.deny
	result := _result(f)
}

warn contains result if {
	some f in findings.warn
	result := _result(f)
}

_result(f) := object.union(f, {"msg": findings.text(f)})
