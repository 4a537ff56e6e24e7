# Adopt an existing bucket by name. Every setting is read back (CORS,
# encryption, lifecycle, public access block, ownership, policy, versioning,
# tags); force_destroy is read as false. A configuration matching the bucket
# then plans no changes.
terraform import filestore_upload_bucket.uploads my-app-uploads
