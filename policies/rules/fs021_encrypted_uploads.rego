# METADATA
# title: Uploads carry the encryption the bucket requires
# description: |
#   An upload to a bucket that denies unencrypted uploads sends the
#   server-side encryption header the bucket requires: a
#   filestore_content_object, a presigned PUT or a presigned POST without
#   server_side_encryption (or with another algorithm than the bucket's
#   policy requires) is refused by S3 at upload time, long after the plan.
#
#   The bucket denies unencrypted uploads with deny_unencrypted_uploads =
#   true (which also requires the bucket's own algorithm, except on a
#   generic store with no `encryption`), or with a statement of
#   policy_statements or of an aws_s3_bucket's policy that denies
#   s3:PutObject to everyone on the s3:x-amz-server-side-encryption
#   condition alone. The upload is related to its bucket through its
#   `bucket` argument (a reference, else the bucket's known name).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html
#     description: Protecting data with server-side encryption (SSE-S3)
# custom:
#   id: FS021
#   severity: deny
#   remediation: |
#     Set server_side_encryption on the filestore_content_object, presigned
#     PUT or presigned POST to the bucket's algorithm ("AES256", or "aws:kms"
#     with kms_key_id).
package filestore.rules.fs021_encrypted_uploads

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	_uploads(doc)
	e := doc.target.upload_encryption
	e.denies_unencrypted.known
	e.denies_unencrypted.value == true
	a := doc.server_side_encryption
	a.known
	a.value == null
	v := result.fail(doc, a, sprintf("bucket %s denies uploads without server-side encryption, and this %s sends no x-amz-server-side-encryption header: S3 would refuse it; set server_side_encryption = %q", [_bucket(doc), _what(doc), _suggested(e)]))
}

violations contains v if {
	some doc in normalize.resources
	_uploads(doc)
	e := doc.target.upload_encryption
	e.denies_unencrypted.known
	e.denies_unencrypted.value == true
	a := doc.server_side_encryption
	a.known
	is_string(a.value)
	some r in e.required
	r.known
	not a.value in r.values
	v := result.fail(doc, a, sprintf("bucket %s accepts uploads encrypted with %s only, and this %s sends %q: S3 would refuse it", [_bucket(doc), concat(" or ", r.values), _what(doc), a.value]))
}

_uploads(doc) if doc.kind == "content_object"

_uploads(doc) if {
	doc.kind == "presign"
	doc.post
}

_uploads(doc) if {
	doc.kind == "presign"
	not doc.post
	doc.method.known
	upper(doc.method.value) == "PUT"
}

_what(doc) := "content object" if doc.kind == "content_object"

else := "presigned POST" if doc.post

else := "presigned PUT"

_suggested(e) := r.values[0] if {
	some r in e.required
	r.known
	count(r.values) > 0
	is_string(r.values[0])
} else := "AES256"

_bucket(doc) := doc.bucket.value if {
	doc.bucket.known
	is_string(doc.bucket.value)
} else := doc.target.address
