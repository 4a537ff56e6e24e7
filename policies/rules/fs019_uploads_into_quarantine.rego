# METADATA
# title: Uploads land in the quarantine
# description: |
#   A presigned PUT or POST on a bucket with a quarantine lands inside its
#   quarantine prefix: an upload elsewhere skips the scan the quarantine
#   exists for. For a POST, `key` when it is set, else `key_prefix` (the
#   starts-with condition) must start with the prefix.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/PresignedUrlUploadObject.html
#     description: Uploading objects with presigned URLs
# custom:
#   id: FS019
#   severity: warn
#   remediation: |
#     Start the presigned PUT's key, or the presigned POST's key / key_prefix,
#     with the bucket's quarantine.prefix (for example "quarantine/"); the
#     scanner moves clean objects out.
package filestore.rules.fs019_uploads_into_quarantine

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.presigns
	q := doc.target.quarantine
	q.state == "present"
	q.prefix.known
	is_string(q.prefix.value)
	q.prefix.value != ""
	a := _landing(doc)
	a.known
	is_string(a.value)
	not startswith(a.value, q.prefix.value)
	v := result.fail(doc, a, sprintf("uploads land under %q, outside the quarantine prefix %q of bucket %s: they skip the malware scan", [a.value, q.prefix.value, _bucket(doc)]))
}

# The attribute that says where the upload lands.
_landing(doc) := doc.key if {
	not doc.post
	doc.method.known
	upper(doc.method.value) == "PUT"
} else := doc.key if {
	doc.post
	doc.key.known
	doc.key.value != null
} else := doc.key_prefix if {
	doc.post
	doc.key.known
}

_bucket(doc) := doc.bucket.value if {
	doc.bucket.known
	is_string(doc.bucket.value)
} else := doc.target.address
