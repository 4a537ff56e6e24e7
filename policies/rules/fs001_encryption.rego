# METADATA
# title: Encryption at rest configured
# description: |
#   Every bucket declares server-side encryption, and a bucket carrying the tag
#   named by the require_kms_tag parameter uses aws:kms (or aws:kms:dsse).
#   With compatibility = "s3" the KMS part does not apply.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
#     description: Protecting data with server-side encryption
# custom:
#   id: FS001
#   severity: deny
#   parameters:
#     require_kms_tag: {type: string, default: ""}
#   remediation: |
#     Set `encryption` on filestore_upload_bucket, or add an
#     aws_s3_bucket_server_side_encryption_configuration for the aws_s3_bucket.
#     For buckets tagged with the require_kms_tag tag, use
#     `algorithm = "aws:kms"` with a `kms_key_id` (sse_algorithm = "aws:kms").
package filestore.rules.fs001_encryption

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result

meta := rego.metadata.chain()

_require_kms_tag := params.string(meta, "require_kms_tag")

violations contains v if {
	some doc in normalize.buckets
	doc.encryption.state == "absent"
	v := result.fail_resource(doc, "the bucket has no server-side encryption configuration; declare one (aws_s3_bucket_server_side_encryption_configuration) so encryption at rest does not depend on account defaults")
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.encryption.state == "present"
	a := doc.encryption.algorithm
	a.known
	a.value == null
	v := result.fail(doc, a, "the server-side encryption rule sets no default algorithm (apply_server_side_encryption_by_default.sse_algorithm)")
}

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	tag := _require_kms_tag
	tag != ""
	doc.aws_rules == true
	doc.tags.known
	is_object(doc.tags.value)
	tag in object.keys(doc.tags.value)
	doc.encryption.state == "present"
	a := doc.encryption.algorithm
	a.known
	a.value != null
	not a.value in {"aws:kms", "aws:kms:dsse"}
	v := result.fail(doc, a, sprintf("the bucket is tagged %q, which requires aws:kms encryption, but uses %v", [tag, a.value]))
}
