# Adopt an existing bucket by name. Every setting is read back (CORS,
# encryption, lifecycle, public access block, ownership, policy, versioning,
# tags) and force_destroy is read as false, so `terraform plan` shows exactly
# what applying this configuration would change on the bucket; a
# configuration that matches it plans only the import.
import {
  to = filestore_upload_bucket.uploads
  id = "my-app-uploads"
}
