# METADATA
# title: No CORS write access from any origin
# description: |
#   No CORS rule allows the origin "*" (or "http://*" / "https://*") together
#   with PUT, POST or DELETE: any web page could then write to the bucket
#   from its visitors' browsers with their presigned requests.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
#     description: Using cross-origin resource sharing (CORS)
# custom:
#   id: FS005
#   severity: deny
#   remediation: |
#     List the application's origins in allowed_origins
#     (["https://app.example.com"]) on every rule that allows PUT, POST or
#     DELETE; keep "*" only on read-only (GET/HEAD) rules.
package filestore.rules.fs005_cors_wildcard_write

import data.filestore.lib.cors
import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some r in doc.cors.rules
	some o in r.origins
	cors.wildcard_origin(o.value)
	writes := cors.write_methods(r)
	count(writes) > 0
	v := result.fail(doc, result.at(r, ["allowed_origins"]), sprintf("CORS rule %d allows origin %q to %s", [r.path[1], o.value, concat(", ", sort(writes))]))
}
