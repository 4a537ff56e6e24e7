# Adopt an existing object by <bucket>/<key>. The key must be a content
# address (<prefix>/<sha256[0:2]>/<sha256>), from which sha256 and key_prefix
# are derived; size, etag and the headers are read from the object.
# retain_on_destroy is true and already_present true (nothing was uploaded).
# The configuration's source must have that SHA-256, or the plan replaces
# the object with a new key.
import {
  to = filestore_content_object.bundle
  id = "my-app-uploads/cas/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}
