# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

# An ephemeral variable (Terraform 1.10+ / OpenTofu 1.11+): set it with
# TF_VAR_cdn_private_key_pem or -var; it is written neither to the plan nor
# to the state. An ephemeral resource reading a secret store works too.
variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Ephemeral: a smoke test fetches a private object through the CDN whenever
# the signing key changes (a rotation); neither the key nor the signed URL is
# written to the plan or the state.
ephemeral "filestore_cloudfront_signed_url" "smoke" {
  url             = "https://d111111abcdef8.cloudfront.net/healthcheck.txt"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "5m"
}

resource "terraform_data" "cdn_smoke_test" {
  # Replaced, and so run again, only when the key pair id changes.
  triggers_replace = [var.cdn_key_pair_id]

  provisioner "local-exec" {
    # The signed URL reaches curl on its standard input (-K -), not on the
    # command line, where every user of the machine could read it (ps).
    command     = "printf 'url = \"%s\"\\n' \"$SIGNED_URL\" | curl -sS --fail -o /dev/null -K -"
    environment = { SIGNED_URL = ephemeral.filestore_cloudfront_signed_url.smoke.signed_url }
  }
}
