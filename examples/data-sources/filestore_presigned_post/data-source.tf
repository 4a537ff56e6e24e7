# A browser upload form: any key under uploads/user-42/, images only, at most
# 10 MiB. S3 enforces every condition (400 EntityTooLarge above max_size).
data "filestore_presigned_post" "avatar_form" {
  bucket              = "my-app-uploads"
  key_prefix          = "uploads/user-42/"
  content_type_prefix = "image/"
  min_size            = 1
  max_size            = 10 * 1024 * 1024
  expires_in          = "15m"
}

# Hand the form to the web app: POST multipart/form-data to `url` with every
# entry of `fields` (key = uploads/user-42/${filename}), a Content-Type field
# starting with image/, and the file last, named "file".
output "avatar_form" {
  value = {
    url    = data.filestore_presigned_post.avatar_form.url
    fields = data.filestore_presigned_post.avatar_form.fields
  }
  sensitive = true
}

# A bucket that denies unencrypted uploads (deny_unencrypted_uploads = true)
# refuses a POST without the SSE header. server_side_encryption puts the
# x-amz-server-side-encryption field into `fields` and an exact-match
# condition into the signed policy, so a form that drops or changes it is
# refused too. With aws:kms, kms_key_id pins the key the same way.
data "filestore_presigned_post" "encrypted_form" {
  bucket                 = "my-app-uploads"
  key_prefix             = "uploads/user-42/"
  content_type_prefix    = "image/"
  max_size               = 10 * 1024 * 1024
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
