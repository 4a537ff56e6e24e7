# The key filestore_content_object uses for a file's content, computed
# without uploading: cas/<sha256[0:2]>/<sha256>.
locals {
  bundle_key = provider::filestore::content_key(filesha256("${path.module}/dist/app.tar.gz"), "cas")
}

# Another stack can then hand out a download link for the shared object.
data "filestore_presigned_url" "bundle" {
  bucket = "my-app-artifacts"
  key    = local.bundle_key
}

output "bundle_key" {
  value = local.bundle_key # e.g. "cas/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}
