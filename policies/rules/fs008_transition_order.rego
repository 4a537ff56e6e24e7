# METADATA
# title: Lifecycle transitions respect storage-class minimums and order
# description: |
#   Transitions to STANDARD_IA / ONEZONE_IA come at day 30 or later; a
#   GLACIER_IR / GLACIER / DEEP_ARCHIVE transition comes at least 30 days after
#   an infrequent-access one; transitions follow the storage-class order
#   (STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER,
#   DEEP_ARCHIVE) with increasing days; expiration comes after the last
#   transition. S3 rejects such configurations at apply time.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
#     description: Transitioning objects using Amazon S3 Lifecycle
# custom:
#   id: FS008
#   severity: deny
#   remediation: |
#     Order the transitions by storage class with increasing days, keep IA
#     transitions at day 30 or later and Glacier ones 30 days after them, and
#     expire objects after the last transition.
package filestore.rules.fs008_transition_order

import data.filestore.lib.lifecycle
import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

# [bucket, lifecycle rule, its known transitions] (the bucket as {address},
# not the whole document: members are compared and hashed; the transitions
# once per rule).
_rules := [[{"address": doc.address}, r, lifecycle.known_transitions(r)] |
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.lifecycle.rules
]

violations contains v if {
	some [doc, _, ts] in _rules
	some t in ts
	t.class in lifecycle.infrequent_access
	t.days < 30
	v := result.fail(doc, t, sprintf("transition to %s on day %v: objects must stay 30 days in STANDARD first", [t.class, t.days]))
}

violations contains v if {
	some [doc, _, ts] in _rules
	some ia in ts
	ia.class in lifecycle.infrequent_access
	some g in ts
	g.class in lifecycle.glacier
	g.days > ia.days
	g.days - ia.days < 30
	v := result.fail(doc, g, sprintf("transition to %s on day %v is only %v days after the transition to %s: at least 30 are required", [g.class, g.days, g.days - ia.days, ia.class]))
}

violations contains v if {
	some [doc, _, ts] in _rules
	some a in ts
	some b in ts
	lifecycle.rank[a.class] < lifecycle.rank[b.class]
	a.days >= b.days
	v := result.fail(doc, b, sprintf("transition to %s on day %v does not come after the transition to %s on day %v", [b.class, b.days, a.class, a.days]))
}

violations contains v if {
	some [doc, r, ts] in _rules
	e := r.expiration_days
	e.known
	is_number(e.value)
	count(ts) > 0
	last := max({t.days | some t in ts})
	e.value <= last
	v := result.fail(doc, e, sprintf("expiration on day %v does not come after the last transition (day %v)", [e.value, last]))
}
