# The bucket name is the import ID.
terraform import filestore_upload_bucket.uploads my-app-uploads
