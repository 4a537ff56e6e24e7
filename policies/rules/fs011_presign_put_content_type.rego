# METADATA
# title: Presigned PUT signs the content type
# description: |
#   A presigned PUT URL without content_type lets its holder upload any
#   content type (text/html served from the bucket's domain, say); signing it
#   makes S3 reject any other Content-Type.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/PresignedUrlUploadObject.html
#     description: Uploading objects with presigned URLs
# custom:
#   id: FS011
#   severity: warn
#   remediation: Set content_type on the filestore_presigned_url with method = "PUT".
package filestore.rules.fs011_presign_put_content_type

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.presigns
	not doc.post
	doc.method.known
	is_string(doc.method.value)
	upper(doc.method.value) == "PUT"
	doc.content_type.known
	doc.content_type.value == null
	v := result.fail(doc, doc.content_type, "the presigned PUT does not sign a content_type: the holder may upload any content type")
}
