# Rotating the CloudFront signing key without downtime, in three applies.
# See docs/guides/key-rotation.md for the walk-through; each step only
# changes the two variables below (in rotation.auto.tfvars, say).
#
# No private key is written to the plan or the state: the key pairs are made
# outside Terraform (openssl), only the public halves are committed under
# keys/, and the private key is read by an ephemeral resource alone.

terraform {
  required_version = ">= 1.10" # ephemeral resources; OpenTofu 1.11+
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

provider "filestore" {}

variable "trusted_keys" {
  description = "Logical names of the keys CloudFront trusts; keys/<name>.pub.pem is each one's public key."
  type        = list(string)
  default     = ["2026-11"]
}

variable "signing_key" {
  description = "The logical name of the key URLs are signed with; secrets/<name>.pem (kept out of version control) is its private key."
  type        = string
  default     = "2026-11"

  validation {
    condition     = contains(var.trusted_keys, var.signing_key)
    error_message = "Sign only with a key the group trusts: add it to trusted_keys (and apply) first."
  }
}

variable "distribution_domain" {
  description = "Domain name of the distribution whose cache behaviour trusts the key group (d111111abcdef8.cloudfront.net, say); null until it exists. Set, every change of signer is smoke-tested."
  type        = string
  default     = null
}

resource "filestore_cdn_key_group" "signers" {
  name    = "downloads-signers"
  comment = "signs download URLs"
  public_keys = {
    for name in var.trusted_keys : name => file("${path.module}/keys/${name}.pub.pem")
  }
}

# The signer: switching signing_key switches key_pair_id and private key
# together. Ephemeral: neither the private key nor the URL is stored.
ephemeral "filestore_cloudfront_signed_url" "smoke" {
  count           = var.distribution_domain == null ? 0 : 1
  url             = "https://${var.distribution_domain}/healthcheck.txt"
  key_pair_id     = filestore_cdn_key_group.signers.public_key_ids[var.signing_key]
  private_key_pem = file("${path.module}/secrets/${var.signing_key}.pem")
  expires_in      = "5m"
}

# After every change of the signer, fetch an object through the CDN with a
# URL signed by the new key: the apply fails if CloudFront does not accept it.
resource "terraform_data" "signer_smoke_test" {
  count            = var.distribution_domain == null ? 0 : 1
  triggers_replace = [filestore_cdn_key_group.signers.public_key_ids[var.signing_key]]

  provisioner "local-exec" {
    # On standard input (-K -), the URL stays off the command line (ps).
    command     = "printf 'url = \"%s\"\\n' \"$SIGNED_URL\" | curl -sS --fail -o /dev/null -K -"
    environment = { SIGNED_URL = ephemeral.filestore_cloudfront_signed_url.smoke[0].signed_url }
  }
}

output "key_group_id" {
  description = "Put this id in the distribution's trusted key groups."
  value       = filestore_cdn_key_group.signers.id
}

# Not secret: the applications that sign URLs at request time read the
# current key pair id here (their private key comes from the secret store).
output "signing_key_pair_id" {
  description = "The CloudFront public key id to sign with (Key-Pair-Id)."
  value       = filestore_cdn_key_group.signers.public_key_ids[var.signing_key]
}

output "public_key_ids" {
  description = "Logical name => CloudFront public key id."
  value       = filestore_cdn_key_group.signers.public_key_ids
}
