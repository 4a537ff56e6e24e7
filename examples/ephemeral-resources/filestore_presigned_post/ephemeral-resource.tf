# Ephemeral: the policy and its signature never reach the plan or the state.
# A provisioner uploads a build artefact through the form, exactly as a
# browser would. The bucket denies unencrypted uploads, so the form carries
# the SSE field the signed policy requires.
ephemeral "filestore_presigned_post" "artefact" {
  bucket                 = "my-app-uploads"
  key                    = "builds/app-1.4.2.tar.gz"
  content_type           = "application/gzip"
  max_size               = 200 * 1024 * 1024
  expires_in             = "10m"
  server_side_encryption = "AES256"
}

resource "terraform_data" "publish" {
  provisioner "local-exec" {
    command = join(" ", concat(
      ["curl -sS --fail-with-body"],
      [for k, v in ephemeral.filestore_presigned_post.artefact.fields : "-F '${k}=${v}'"],
      ["-F file=@dist/app-1.4.2.tar.gz", "\"$POST_URL\""],
    ))
    environment = {
      POST_URL = ephemeral.filestore_presigned_post.artefact.url
    }
  }
}
