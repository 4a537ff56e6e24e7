# METADATA
# title: Compliance buckets have object lock
# description: |
#   A bucket carrying the tag named by the compliance_tag parameter (any
#   value; default none: the rule is off) has object lock (filestore's
#   object_lock; for an aws_s3_bucket, object_lock_enabled, the inline
#   object_lock_configuration or an aws_s3_bucket_object_lock_configuration),
#   so its object versions cannot be deleted or overwritten during their
#   retention (a compliance archive, a legal hold).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#     description: Locking objects with Object Lock
# custom:
#   id: FS024
#   severity: deny
#   parameters:
#     compliance_tag: {type: string, default: ""}
#   remediation: |
#     Set object_lock = { mode = "COMPLIANCE", days = <retention> } (with
#     versioning = true) on filestore_upload_bucket, or object_lock_enabled =
#     true with an aws_s3_bucket_object_lock_configuration on the
#     aws_s3_bucket.
package filestore.rules.fs024_compliance_object_lock

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result

meta := rego.metadata.chain()

_compliance_tag := params.string(meta, "compliance_tag")

violations contains v if {
	tag := _compliance_tag
	tag != ""
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.tags.known
	is_object(doc.tags.value)
	tag in object.keys(doc.tags.value)
	doc.object_lock.state == "absent"
	v := result.fail(doc, doc.object_lock, sprintf("the bucket is tagged %q, which requires object lock, but has none: its object versions can be deleted or overwritten", [tag]))
}
