# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true # OpenTofu 1.11+ / Terraform 1.10+: the key is not stored either
}

# Ephemeral: a smoke test fetches a private object through the CDN after each
# apply; neither the key nor the signed URL is written to the state.
ephemeral "filestore_cloudfront_signed_url" "smoke" {
  url             = "https://d111111abcdef8.cloudfront.net/healthcheck.txt"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "5m"
}

resource "terraform_data" "cdn_smoke_test" {
  triggers_replace = [var.cdn_key_pair_id]

  provisioner "local-exec" {
    command     = "curl -sS --fail -o /dev/null \"$SIGNED_URL\""
    environment = { SIGNED_URL = ephemeral.filestore_cloudfront_signed_url.smoke.signed_url }
  }
}
