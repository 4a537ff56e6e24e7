# A build artifact, stored once at cas/<sha256[0:2]>/<sha256>. A new build
# with other bytes plans a new key (a replacement); an unchanged one is a no-op,
# and a stack that uploads the same bytes finds them already there
# (already_present = true) instead of uploading them again.
resource "filestore_content_object" "bundle" {
  bucket = filestore_upload_bucket.uploads.bucket
  source = "${path.module}/dist/app.tar.gz" # content_type detected: application/gzip
}

# Inline content. content and content_base64 have no file name, so the
# content type defaults to application/octet-stream: set it for text.
resource "filestore_content_object" "release_notes" {
  bucket       = filestore_upload_bucket.uploads.bucket
  content      = templatefile("${path.module}/notes.md.tftpl", { version = var.app_version })
  content_type = "text/markdown; charset=utf-8"
  key_prefix   = "notes"
  metadata     = { version = var.app_version }
}

# A large video: parts of 16 MiB, 8 at a time (at most 128 MiB of the file in
# memory), deleted from the bucket when the resource is destroyed.
resource "filestore_content_object" "intro" {
  bucket                = filestore_upload_bucket.uploads.bucket
  source                = "${path.module}/media/intro.mp4"
  key_prefix            = "media"
  cache_control         = "public, max-age=86400"
  multipart_part_size   = 16777216
  multipart_concurrency = 8
  retain_on_destroy     = false
}

# On a bucket that denies unencrypted uploads, every write carries the SSE
# header; an archive copy goes straight to infrequent access.
resource "filestore_content_object" "archive" {
  bucket                 = filestore_upload_bucket.uploads.bucket
  source                 = "${path.module}/dist/app.tar.gz"
  key_prefix             = "archive"
  server_side_encryption = "aws:kms"
  kms_key_id             = "alias/uploads"
  storage_class          = "STANDARD_IA"
}

# A second resource (in practice, often another stack) holding the same bytes
# shares the object. The first writer's headers win: whichever of the two
# stores the object owns its headers, the other adopts it as it is
# (owns_headers = false) and only warns that it would have chosen another
# Content-Type. After both have applied the plan is empty.
resource "filestore_content_object" "bundle_again" {
  bucket       = filestore_upload_bucket.uploads.bucket
  source       = "${path.module}/dist/app.tar.gz"
  content_type = "application/octet-stream"
}

# Other stacks can address the bundle without uploading it.
output "bundle_key" {
  value = filestore_content_object.bundle.key
}

output "bundle_key_elsewhere" {
  value = provider::filestore::content_key(filestore_content_object.bundle.sha256, "cas")
}
