# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Ephemeral cookies for a post-deploy check of a members-only site behind
# CloudFront; nothing is stored in the plan or the state.
ephemeral "filestore_cloudfront_signed_cookies" "members" {
  url             = "https://members.example.com/"
  resource        = "https://members.example.com/*"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "10m"
}

resource "terraform_data" "members_smoke_test" {
  provisioner "local-exec" {
    command = "curl -sS --fail -o /dev/null -H \"Cookie: $COOKIES\" https://members.example.com/index.html"
    environment = {
      COOKIES = join("; ", [for name, value in ephemeral.filestore_cloudfront_signed_cookies.members.cookies : "${name}=${value}"])
    }
  }
}
