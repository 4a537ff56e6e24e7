# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform 1.10+ / OpenTofu 1.11+: never in the plan or the state
}

# Ephemeral cookies for a check of a members-only site behind CloudFront,
# run when the check is first created and again whenever the signing key
# changes; nothing is stored in the plan or the state.
ephemeral "filestore_cloudfront_signed_cookies" "members" {
  url             = "https://members.example.com/"
  resource        = "https://members.example.com/*"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "10m"
}

resource "terraform_data" "members_smoke_test" {
  triggers_replace = [var.cdn_key_pair_id]

  provisioner "local-exec" {
    # The cookies reach curl on its standard input (-K -), not on the command
    # line, where every user of the machine could read them (ps).
    command = "printf '%s\\n' \"$CURL_CONFIG\" | curl -sS --fail -o /dev/null -K -"
    environment = {
      CURL_CONFIG = join("\n", [
        "url = \"https://members.example.com/index.html\"",
        "header = \"Cookie: ${join("; ", [for name, value in ephemeral.filestore_cloudfront_signed_cookies.members.cookies : "${name}=${value}"])}\"",
      ])
    }
  }
}
