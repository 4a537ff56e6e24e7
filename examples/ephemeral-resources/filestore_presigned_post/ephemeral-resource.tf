# Ephemeral: the policy and its signature never reach the plan or the state.
# A provisioner uploads a build artefact through the form, exactly as a
# browser would, whenever the artefact changes. The bucket denies unencrypted
# uploads, so the form carries the SSE field the signed policy requires.
ephemeral "filestore_presigned_post" "artefact" {
  bucket                 = "my-app-uploads"
  key                    = "builds/app-1.4.2.tar.gz"
  content_type           = "application/gzip"
  max_size               = 200 * 1024 * 1024
  expires_in             = "10m"
  server_side_encryption = "AES256"
}

resource "terraform_data" "publish" {
  triggers_replace = [filesha256("${path.module}/dist/app-1.4.2.tar.gz")]

  provisioner "local-exec" {
    working_dir = path.module
    # The URL and the signed form fields reach curl as a config file on its
    # standard input (-K -), never as command-line arguments: arguments are
    # visible to every user of the machine (ps, /proc/<pid>/cmdline) and may
    # land in logs. printf is a shell builtin, so it starts no process either.
    # form-string sends each value literally (-F would treat ';' and '<' in a
    # value as instructions); the file goes last, as S3 requires.
    command = "printf '%s\\n' \"$CURL_CONFIG\" | curl -sS --fail-with-body -K - -F 'file=@dist/app-1.4.2.tar.gz'"
    environment = {
      CURL_CONFIG = join("\n", concat(
        ["url = \"${ephemeral.filestore_presigned_post.artefact.url}\""],
        [for k, v in ephemeral.filestore_presigned_post.artefact.fields :
        "form-string = \"${k}=${replace(replace(v, "\\", "\\\\"), "\"", "\\\"")}\""],
      ))
    }
  }
}
