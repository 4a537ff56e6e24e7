# Adopt a key group by its id. The logical name of each key in public_keys is
# its CloudFront public key name, except for keys this resource created
# (named <group name>--<logical name>--<fingerprint>), whose logical name is
# recovered: a group created by this provider imports with the same
# public_keys it was created with.
import {
  to = filestore_cdn_key_group.signers
  id = "5e2a7f0c-1b3d-4c8e-9f6a-2d4b8c0e1a37"
}
