# METADATA
# title: CORS rules that allow PUT expose ETag
# description: |
#   A CORS rule allowing PUT lists ETag in expose_headers: a browser
#   uploading in parts (S3 multipart upload, as Uppy, Evaporate or the AWS
#   SDK in the browser do) must read each part's ETag to complete the
#   upload, and cannot without it. "*" counts as exposing it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html
#     description: CORS configuration (ExposeHeader)
# custom:
#   id: FS022
#   severity: warn
#   remediation: Add "ETag" to expose_headers on every CORS rule that allows PUT.
package filestore.rules.fs022_cors_expose_etag

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.cors.rules
	some m in r.methods
	upper(m.value) == "PUT"
	e := r.expose_headers
	e.known
	not _exposes_etag(e.value)
	v := result.fail(doc, e, sprintf("CORS rule %d allows PUT but does not expose ETag: a browser multipart upload cannot read the part ETags it needs to complete", [r.path[1]]))
}

_exposes_etag(headers) if {
	some h in headers
	is_string(h)
	lower(trim_space(h)) in {"etag", "*"}
}
