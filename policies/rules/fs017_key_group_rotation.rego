# METADATA
# title: Key group has rotation headroom
# description: |
#   A CloudFront key group holds at least two public keys, so the next key can
#   be published before the current one is retired; with one key, rotating it
#   invalidates every URL and cookie in flight.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html
#     description: Specify signers that can create signed URLs and signed cookies (rotating keys)
# custom:
#   id: FS017
#   severity: warn
#   remediation: Add the next key to public_keys (items) ahead of the rotation.
package filestore.rules.fs017_key_group_rotation

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.key_groups
	a := doc.key_count
	a.known
	a.value == 1
	v := result.fail(doc, a, "the key group holds a single key: rotating it breaks every signed URL and cookie in flight")
}
