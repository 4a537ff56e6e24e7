# METADATA
# title: Temporary prefixes expire
# description: |
#   A lifecycle rule for a tmp/ or temp/ prefix (at any depth, e.g.
#   uploads/tmp/) expires its objects, itself or through an enabled rule for
#   an enclosing prefix.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
#     description: Expiring objects
# custom:
#   id: FS015
#   severity: warn
#   remediation: Set expiration_days on the tier (expiration { days = 1 } on the aws rule).
package filestore.rules.fs015_tmp_prefix_expiration

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.lifecycle.rules
	r.enabled.known
	r.enabled.value == true
	r.prefix.known
	is_string(r.prefix.value)
	regex.match(`(^|/)(tmp|temp)(/|$)`, lower(r.prefix.value))
	r.expiration_days.known
	r.expiration_days.value == null
	not _expired_by_enclosing(doc, r.prefix.value)
	not _undecided(doc, r.prefix.value)
	v := result.fail(doc, r.expiration_days, sprintf("objects under %q never expire", [r.prefix.value]))
}

_expired_by_enclosing(doc, prefix) if {
	some o in doc.lifecycle.rules
	o.enabled.known
	o.enabled.value == true
	o.prefix.known
	startswith(prefix, o.prefix.value)
	o.expiration_days.known
	o.expiration_days.value != null
}

# An enclosing rule whose prefix or expiration is unknown might expire them.
_undecided(doc, _) if {
	some o in doc.lifecycle.rules
	not o.prefix.known
}

_undecided(doc, prefix) if {
	some o in doc.lifecycle.rules
	o.prefix.known
	startswith(prefix, o.prefix.value)
	not o.expiration_days.known
}
