# METADATA
# title: Public access block fully on
# description: |
#   All four S3 Block Public Access flags (block_public_acls,
#   block_public_policy, ignore_public_acls, restrict_public_buckets) are on.
#   Does not apply with compatibility = "s3".
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#     description: Blocking public access to your Amazon S3 storage
# custom:
#   id: FS002
#   severity: deny
#   remediation: |
#     Leave `block_public_access = true` (the default) on filestore_upload_bucket,
#     or add an aws_s3_bucket_public_access_block with all four flags true.
#     Serve public content through CloudFront with signed URLs instead.
package filestore.rules.fs002_public_access_block

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.aws_rules == true
	doc.public_access_block.state == "present"
	some _, a in doc.public_access_block.flags
	a.known
	a.value == false
	off := sort([f |
		some f, b in doc.public_access_block.flags
		b.known
		b.value == false
		b.address == a.address
		b.path == a.path
	])
	v := result.fail(doc, a, sprintf("public access is not fully blocked: %s off", [concat(", ", off)]))
}

violations contains v if {
	some doc in normalize.buckets
	doc.aws_rules == true
	doc.public_access_block.state == "absent"
	v := result.fail_resource(doc, "the bucket has no public access block (aws_s3_bucket_public_access_block with all four flags true)")
}
