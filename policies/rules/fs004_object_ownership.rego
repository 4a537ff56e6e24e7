# METADATA
# title: Object ownership BucketOwnerEnforced
# description: |
#   ACLs are disabled: object ownership is BucketOwnerEnforced, so access is
#   governed by policies alone. Does not apply with compatibility = "s3".
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
#     description: Controlling ownership of objects and disabling ACLs
# custom:
#   id: FS004
#   severity: deny
#   remediation: |
#     Leave `object_ownership = "BucketOwnerEnforced"` (the default) on
#     filestore_upload_bucket, or add an aws_s3_bucket_ownership_controls with
#     rule { object_ownership = "BucketOwnerEnforced" }.
package filestore.rules.fs004_object_ownership

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.aws_rules == true
	doc.ownership.state == "present"
	a := doc.ownership.value
	a.known
	a.value != "BucketOwnerEnforced"
	v := result.fail(doc, a, sprintf("object ownership is %v: ACLs stay enabled; use BucketOwnerEnforced", [_shown(a.value)]))
}

violations contains v if {
	some doc in normalize.buckets
	doc.aws_rules == true
	doc.ownership.state == "absent"
	v := result.fail_resource(doc, "the bucket declares no object ownership controls (aws_s3_bucket_ownership_controls with BucketOwnerEnforced)")
}

_shown(null) := "unset"

_shown(x) := x if x != null
