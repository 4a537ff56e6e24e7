# METADATA
# title: Presigned URL / POST expiry within max_presign_seconds
# description: |
#   filestore_presigned_url and filestore_presigned_post expire within
#   max_presign_seconds (default 3600): a leaked upload or download link is
#   usable by anyone until it expires.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
#     description: Sharing objects with presigned URLs (expiration)
# custom:
#   id: FS010
#   severity: deny
#   parameters:
#     max_presign_seconds: {type: integer, default: 3600}
#   remediation: |
#     Lower expires_in (e.g. "15m") and mint a fresh URL when needed; use
#     signing_window to keep plans stable.
package filestore.rules.fs010_presign_expiry

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result
import data.filestore.lib.values

meta := rego.metadata.chain()

_max_presign_seconds := params.integer(meta, "max_presign_seconds")

violations contains v if {
	some doc in normalize.presigns
	a := doc.expires_in
	a.known
	a.value != null
	seconds := values.duration_seconds(a.value)
	seconds > _max_presign_seconds
	v := result.fail(doc, a, sprintf("expires_in %v (%v s) exceeds max_presign_seconds (%v s)", [a.value, seconds, _max_presign_seconds]))
}
