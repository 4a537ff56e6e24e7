# METADATA
# title: No expiration before the minimum billable duration
# description: |
#   Objects are not expired sooner after their last transition than the
#   storage class bills anyway (STANDARD_IA / ONEZONE_IA 30 days, GLACIER_IR /
#   GLACIER 90, DEEP_ARCHIVE 180): deleting earlier still pays for the
#   minimum, so the transition costs more than it saves.
# related_resources:
#   - ref: https://aws.amazon.com/s3/pricing/
#     description: Amazon S3 pricing (minimum storage duration charges)
# custom:
#   id: FS009
#   severity: warn
#   remediation: |
#     Expire later (last transition day + the class minimum), transition
#     later, or drop the transition for data that is deleted soon anyway.
package filestore.rules.fs009_early_expiration

import data.filestore.lib.lifecycle
import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.lifecycle.rules
	e := r.expiration_days
	e.known
	is_number(e.value)
	before := [t | some t in lifecycle.known_transitions(r); t.days < e.value]
	count(before) > 0
	last_day := max({t.days | some t in before})
	some last in before
	last.days == last_day
	minimum := lifecycle.minimum_days[last.class]
	e.value - last.days < minimum
	v := result.fail(doc, e, sprintf("objects expire %v days after moving to %s, whose minimum billable duration is %v days", [e.value - last.days, last.class, minimum]))
}
