# METADATA
# title: Bucket policy denies insecure transport
# description: |
#   The bucket policy denies every request made without TLS
#   (Condition Bool aws:SecureTransport = false, Effect Deny, any principal,
#   s3:*). Does not apply with compatibility = "s3".
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
#     description: Amazon S3 security best practices (enforce encryption of data in transit)
# custom:
#   id: FS003
#   severity: deny
#   remediation: |
#     Leave `deny_insecure_transport = true` (the default) on
#     filestore_upload_bucket, or add a statement to the aws_s3_bucket_policy:
#     Effect Deny, Principal "*", Action "s3:*", the bucket and its objects,
#     Condition Bool aws:SecureTransport = "false".
package filestore.rules.fs003_secure_transport

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.aws_rules == true
	doc.secure_transport.state == "present"
	a := doc.secure_transport.denies
	a.known
	a.value == false
	v := result.fail(doc, a, "the bucket policy does not deny requests without TLS (aws:SecureTransport = false)")
}

violations contains v if {
	some doc in normalize.buckets
	doc.aws_rules == true
	doc.secure_transport.state == "absent"
	v := result.fail_resource(doc, "the bucket has no policy denying requests without TLS (aws_s3_bucket_policy with aws:SecureTransport = false denied)")
}
