# METADATA
# title: No wildcard allowed headers on a CORS write rule
# description: |
#   A CORS rule that allows PUT, POST or DELETE lists the request headers it
#   accepts instead of "*", so browsers cannot send arbitrary x-amz-* headers
#   (ACLs, storage classes, tagging) with an upload.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
#     description: CORSRule (AllowedHeaders)
# custom:
#   id: FS006
#   severity: warn
#   remediation: |
#     Replace "*" in allowed_headers with the headers the upload sends, e.g.
#     ["content-type", "content-md5", "x-amz-content-sha256", "x-amz-date",
#     "authorization"].
package filestore.rules.fs006_cors_wildcard_headers

import data.filestore.lib.cors
import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.cors.rules
	some h in r.headers
	h.value == "*"
	writes := cors.write_methods(r)
	count(writes) > 0
	v := result.fail(doc, result.at(r, ["allowed_headers"]), sprintf("CORS rule %d allows any request header (\"*\") on %s", [r.path[1], concat(", ", sort(writes))]))
}
