# Adopt an existing object by <bucket>/<key>; the key must be a content
# address (<prefix>/<sha256[0:2]>/<sha256>), from which sha256 and key_prefix
# are derived. Size, etag and the headers are read from the object;
# retain_on_destroy is true and already_present true (nothing was uploaded).
terraform import filestore_content_object.bundle my-app-uploads/cas/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
