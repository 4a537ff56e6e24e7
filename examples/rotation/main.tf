# Rotating the CloudFront signing key without downtime, in three applies.
# See README.md for the walk-through; each step only changes the two
# variables below (in rotation.auto.tfvars, say).

terraform {
  required_version = ">= 1.10"
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
  description = "The logical name of the key URLs are signed with; secrets/<name>.pem is its private key."
  type        = string
  default     = "2026-11"

  validation {
    condition     = contains(var.trusted_keys, var.signing_key)
    error_message = "Sign only with a key the group trusts: add it to trusted_keys (and apply) first."
  }
}

variable "distribution_domain" {
  description = "Domain name of the distribution whose cache behaviour trusts the key group."
  type        = string
  default     = "d111111abcdef8.cloudfront.net"
}

resource "filestore_cdn_key_group" "signers" {
  name    = "downloads-signers"
  comment = "signs download URLs"
  public_keys = {
    for name in var.trusted_keys : name => file("${path.module}/keys/${name}.pub.pem")
  }
}

# The signer: switching signing_key switches key_pair_id and private key together.
data "filestore_cloudfront_signed_url" "latest_report" {
  url             = "https://${var.distribution_domain}/reports/latest.pdf"
  key_pair_id     = filestore_cdn_key_group.signers.public_key_ids[var.signing_key]
  private_key_pem = file("${path.module}/secrets/${var.signing_key}.pem")
  expires_in      = "1h"
  signing_window  = "15m"
}

output "key_group_id" {
  description = "Put this id in the distribution's trusted key groups."
  value       = filestore_cdn_key_group.signers.id
}

output "public_key_ids" {
  description = "Logical name => CloudFront public key id."
  value       = filestore_cdn_key_group.signers.public_key_ids
}

output "latest_report_url" {
  value     = data.filestore_cloudfront_signed_url.latest_report.signed_url
  sensitive = true
}
