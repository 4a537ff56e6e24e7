# The ephemeral form (Terraform 1.10+ / OpenTofu 1.11+): the URL is minted
# during the run and never written to the plan or the state. Here a
# provisioner seeds an object through it; nobody needs AWS credentials in the
# command's environment.
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
    command = "curl -sS --fail-with-body -X PUT -H 'Content-Type: application/json' --data-binary @feature-flags.json \"$UPLOAD_URL\""
    environment = {
      UPLOAD_URL = ephemeral.filestore_presigned_url.seed.url
    }
  }
}
