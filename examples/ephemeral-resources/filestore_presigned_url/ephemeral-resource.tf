# The ephemeral form (Terraform 1.10+ / OpenTofu 1.11+): the URL is minted
# during the run and never written to the plan or the state. Here a
# provisioner seeds an object through it whenever the file changes; the
# command needs no AWS credentials.
ephemeral "filestore_presigned_url" "seed" {
  bucket       = "my-app-uploads"
  key          = "config/feature-flags.json"
  method       = "PUT"
  content_type = "application/json"
  expires_in   = "5m"
}

resource "terraform_data" "seed_flags" {
  triggers_replace = [filesha256("${path.module}/feature-flags.json")]

  provisioner "local-exec" {
    # Relative paths in the command are relative to working_dir (by default
    # the directory Terraform runs in, not this module's).
    working_dir = path.module
    # The URL reaches curl on its standard input (-K -): on the command line
    # it would be visible to every user of the machine (ps).
    command = "printf 'url = \"%s\"\\n' \"$UPLOAD_URL\" | curl -sS --fail-with-body -K - -X PUT -H 'Content-Type: application/json' --data-binary @feature-flags.json"
    environment = {
      UPLOAD_URL = ephemeral.filestore_presigned_url.seed.url
    }
  }
}
