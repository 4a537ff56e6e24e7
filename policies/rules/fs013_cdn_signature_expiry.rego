# METADATA
# title: CloudFront signature expiry within max_cdn_signature_seconds
# description: |
#   CloudFront signed URLs and cookies expire within max_cdn_signature_seconds
#   (default 86400) of signing: they cannot be revoked short of removing the
#   key from the key group.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-urls.html
#     description: Use signed URLs
# custom:
#   id: FS013
#   severity: warn
#   parameters:
#     max_cdn_signature_seconds: {type: integer, default: 86400}
#   remediation: Lower expires_in, or set expires_at closer to now; mint again when needed.
package filestore.rules.fs013_cdn_signature_expiry

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result
import data.filestore.lib.values

meta := rego.metadata.chain()

_max_cdn_signature_seconds := params.integer(meta, "max_cdn_signature_seconds")

violations contains v if {
	some doc in normalize.cdn_signatures
	a := doc.expires_in
	a.known
	a.value != null
	seconds := values.duration_seconds(a.value)
	seconds > _max_cdn_signature_seconds
	v := result.fail(doc, a, sprintf("expires_in %v (%v s) exceeds max_cdn_signature_seconds (%v s)", [a.value, seconds, _max_cdn_signature_seconds]))
}

violations contains v if {
	some doc in normalize.cdn_signatures
	doc.expires_in.known
	doc.expires_in.value == null
	a := doc.expires_at
	a.known
	is_string(a.value)
	seconds := (time.parse_rfc3339_ns(a.value) - time.now_ns()) / 1000000000
	seconds > _max_cdn_signature_seconds
	v := result.fail(doc, a, sprintf("expires_at %s is %d s from now, more than max_cdn_signature_seconds (%v s)", [a.value, round(seconds), _max_cdn_signature_seconds]))
}
