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
#   parameters:
#     max_abort_multipart_days: {type: integer, default: 7}
#   remediation: |
#     Keep `abort_incomplete_multipart_days` (default 7) on
#     filestore_upload_bucket, or add to the aws_s3_bucket_lifecycle_configuration
#     an enabled rule with an empty filter and
#     abort_incomplete_multipart_upload { days_after_initiation = 7 }.
package filestore.rules.fs007_abort_multipart

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result
import data.filestore.lib.values

meta := rego.metadata.chain()

_max_abort_multipart_days := params.integer(meta, "max_abort_multipart_days")

# _covering(aborts): the abort rules that are enabled and cover the whole
# bucket, defined only when the rule can decide: every abort rule's state and
# scope is known, and so are the days of the covering ones. (One call per
# bucket, shared by the bodies below.)
_covering(aborts) := covering if {
	every a in aborts {
		a.enabled.known
		a.whole_bucket.known
	}
	covering := [a |
		some a in aborts
		a.enabled.value == true
		a.whole_bucket.value == true
	]
	every a in covering {
		a.days.known
	}
}

_compliant(covering) if {
	some a in covering
	values.number(a.days.value) <= _max_abort_multipart_days
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.lifecycle.state == "present"
	covering := _covering(doc.lifecycle.aborts)
	not _compliant(covering)
	some a in covering
	v := result.fail(doc, a, sprintf("incomplete multipart uploads are aborted after %v days; at most %v are allowed", [a.days.value, _max_abort_multipart_days]))
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.lifecycle.state == "present"
	count(_covering(doc.lifecycle.aborts)) == 0
	v := result.fail(doc, _no_rule_at(doc), sprintf("no enabled lifecycle rule covering the whole bucket aborts incomplete multipart uploads (within %v days)", [_max_abort_multipart_days]))
}

violations contains v if {
	some doc in normalize.buckets
	doc.lifecycle.state == "absent"
	v := result.fail_resource(doc, sprintf("the bucket has no lifecycle configuration aborting incomplete multipart uploads (within %v days)", [_max_abort_multipart_days]))
}

# filestore_upload_bucket: the attribute that disables it; aws: the rules.
_no_rule_at(doc) := {"address": doc.lifecycle.address, "path": ["abort_incomplete_multipart_days"]} if {
	doc.type == "filestore_upload_bucket"
} else := doc.lifecycle
