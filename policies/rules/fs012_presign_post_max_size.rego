# METADATA
# title: Presigned POST limits the upload size
# description: |
#   A presigned POST policy without a content-length-range lets its holder
#   upload objects of any size (up to 5 GB each) until it expires.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
#     description: Creating a POST policy (content-length-range)
# custom:
#   id: FS012
#   severity: deny
#   remediation: Set max_size (bytes) on the filestore_presigned_post.
package filestore.rules.fs012_presign_post_max_size

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.presigns
	doc.post
	doc.max_size.known
	doc.max_size.value == null
	v := result.fail(doc, doc.max_size, "the presigned POST sets no max_size: uploads of any size are accepted")
}
