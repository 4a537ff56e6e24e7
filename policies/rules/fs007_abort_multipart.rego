# METADATA
# title: Incomplete multipart uploads are aborted
# description: |
#   An enabled lifecycle rule covering the whole bucket aborts incomplete
#   multipart uploads within max_abort_multipart_days (default 7): browser
#   uploads that die half-way otherwise accrue storage charges forever,
#   invisible in object listings.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
#     description: Configuring a lifecycle configuration to delete incomplete multipart uploads
# custom:
#   id: FS007
#   severity: deny
#   remediation: |
#     Keep `abort_incomplete_multipart_days` (default 7) on
#     filestore_upload_bucket, or add to the aws_s3_bucket_lifecycle_configuration
#     an enabled rule with an empty filter and
#     abort_incomplete_multipart_upload { days_after_initiation = 7 }.
package filestore.rules.fs007_abort_multipart

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.values

meta := rego.metadata.chain()

# An abort rule that covers the whole bucket and is enabled.
_covering(doc) := [a |
	some a in doc.lifecycle.aborts
	values.known_value(a.enabled, true)
	values.known_value(a.whole_bucket, true)
]

# An abort rule whose scope or state is not known yet: cannot decide.
_undecided(doc) if {
	some a in doc.lifecycle.aborts
	not a.enabled.known
}

_undecided(doc) if {
	some a in doc.lifecycle.aborts
	not a.whole_bucket.known
}

_undecided(doc) if {
	some a in _covering(doc)
	not a.days.known
}

_compliant(doc) if {
	some a in _covering(doc)
	values.number(a.days.value) <= params.max_abort_multipart_days
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.lifecycle.state == "present"
	not _undecided(doc)
	not _compliant(doc)
	some a in _covering(doc)
	v := {
		"resource": doc.address,
		"address": a.address,
		"path": a.path,
		"message": sprintf("incomplete multipart uploads are aborted after %v days; at most %v are allowed", [a.days.value, params.max_abort_multipart_days]),
	}
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.lifecycle.state == "present"
	not _undecided(doc)
	count(_covering(doc)) == 0
	v := {
		"resource": doc.address,
		"address": doc.lifecycle.address,
		"path": _no_rule_path(doc),
		"message": sprintf("no enabled lifecycle rule covering the whole bucket aborts incomplete multipart uploads (within %v days)", [params.max_abort_multipart_days]),
	}
}

violations contains v if {
	some doc in normalize.buckets
	doc.lifecycle.state == "absent"
	v := {
		"resource": doc.address,
		"address": doc.address,
		"path": [],
		"message": sprintf("the bucket has no lifecycle configuration aborting incomplete multipart uploads (within %v days)", [params.max_abort_multipart_days]),
	}
}

# filestore_upload_bucket: the attribute that disables it; aws: the rules.
_no_rule_path(doc) := ["abort_incomplete_multipart_days"] if {
	doc.type == "filestore_upload_bucket"
} else := doc.lifecycle.path
