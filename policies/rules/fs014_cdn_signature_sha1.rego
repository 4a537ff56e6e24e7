# METADATA
# title: CloudFront signatures use SHA-256
# description: |
#   CloudFront signed URLs and cookies are signed with SHA-256 rather than
#   SHA-1 (hash_algorithm = "SHA1"), whose collision resistance is broken.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html
#     description: Create a signed URL using a canned policy (Hash-Algorithm)
# custom:
#   id: FS014
#   severity: warn
#   remediation: Remove hash_algorithm (the default is SHA256) or set it to "SHA256".
package filestore.rules.fs014_cdn_signature_sha1

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.cdn_signatures
	a := doc.hash_algorithm
	a.known
	is_string(a.value)
	upper(a.value) == "SHA1"
	v := result.fail(doc, a, "the signature uses SHA1; use SHA256")
}
