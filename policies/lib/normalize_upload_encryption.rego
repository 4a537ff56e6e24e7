# What a bucket requires of uploads: the server-side encryption header
# (FS021).
#
# Part of package filestore.lib.normalize (see normalize.rego). Bucket
# document part upload_encryption:
#
#   {state, address, path,
#    denies_unencrypted: {known, value},   # a PutObject without the header is refused
#    required: [{known, address, path, values}]}   # the header must be one of values
#
# filestore_upload_bucket: deny_unencrypted_uploads (the generated policy
# then also requires the bucket's own algorithm, except on a generic store
# whose `encryption` is unset: see internal/resources' policy options), and
# the statements of policy_statements. aws_s3_bucket: its bucket policy
# (sibling or inline), read by policy_upload_encryption.
package filestore.lib.normalize

import data.filestore.lib.defaults
import data.filestore.lib.plan
import data.filestore.lib.values

_fs_upload_encryption(b) := {
	"state": "present", "address": b.address, "path": ["deny_unencrypted_uploads"],
	"denies_unencrypted": _any_true([deny, stmts.denies]),
	"required": array.concat(_fs_required_algorithm(b, deny), stmts.required),
} if {
	deny := values.with_default(values.attr(b, ["deny_unencrypted_uploads"]), false)
	stmts := _statements_encryption(b, ["policy_statements"])
}

# The generated DenyIncorrectEncryptionHeader statement: the bucket's
# algorithm, unless the bucket does not deny unencrypted uploads, or is on a
# generic store with `encryption` unset (any algorithm is then accepted).
_fs_required_algorithm(b, deny) := [] if {
	deny.known
	deny.value != true
} else := [] if {
	object.get(_aws_rules, plan.compatibility(b), null) == false
	not b.after_unknown.encryption
	object.get(b.after, "encryption", null) == null
} else := [{"known": false}] if {
	not deny.known
} else := [{"known": false}] if {
	object.get(_aws_rules, plan.compatibility(b), null) == null
	object.get(b.after, "encryption", null) == null
} else := [{"known": alg.known, "address": alg.address, "path": alg.path, "values": [alg.value]}] if {
	alg := _fs_algorithm(b)
}

_fs_algorithm(b) := {"address": b.address, "path": ["encryption"], "known": false, "value": null} if {
	b.after_unknown.encryption == true
} else := values.with_default(values.attr(b, ["encryption", "algorithm"]), defaults.encryption_algorithm)

# _statements_encryption(i, path): what the policy JSON at path requires,
# as {denies: {known, value}, required}; an unknown or null document
# requires nothing it can show.
_statements_encryption(i, path) := {"denies": {"known": false, "value": null}, "required": []} if {
	values.unknown(i.after_unknown, path)
} else := {
	"denies": {"known": true, "value": e.denies_unencrypted},
	"required": [{"known": true, "address": i.address, "path": path, "values": vs} | some vs in e.required],
} if {
	e := policy_upload_encryption(object.get(i.after, path, null))
}

# _any_true(attrs): known true when one is known true; known false when all
# are known false; unknown otherwise.
_any_true(attrs) := {"known": true, "value": true} if {
	some a in attrs
	a.known
	a.value == true
} else := {"known": true, "value": false} if {
	every a in attrs {
		a.known
	}
} else := {"known": false, "value": null}

_aws_upload_encryption(b) := _policy_upload_encryption(s) if {
	s := _sibling(b, "aws_s3_bucket_policy")
} else := _policy_upload_encryption(b) if {
	_inline_state(b, "policy") == "present"
} else := {"state": "unknown"} if {
	_inline_state(b, "policy") == "unknown"
} else := {"state": "unknown"} if {
	_absent(b, "aws_s3_bucket_policy").state == "unknown"
} else := {
	"state": "present", "address": b.address, "path": [],
	"denies_unencrypted": {"known": true, "value": false},
	"required": [],
}

_policy_upload_encryption(i) := {
	"state": "present", "address": i.address, "path": ["policy"],
	"denies_unencrypted": e.denies,
	"required": e.required,
} if {
	e := _statements_encryption(i, ["policy"])
}
