# Quickstart: a private upload bucket that browsers PUT into directly, a
# CloudFront key group for signed download URLs, and the URLs themselves.
#
# `make demo` runs this against the local test bed (SeaweedFS for S3, kumo for
# CloudFront); against AWS, configure credentials and a region as usual and
# pass cdn_base_url = "https://<your distribution domain>".
#
# The URLs come from the data-source forms so that the demo can print them as
# outputs: they (and the CloudFront signing key) are stored in the state.
# Configurations that need no output prefer the ephemeral forms.

terraform {
  required_version = ">= 1.10"
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

provider "filestore" {
  # Region, credentials, endpoints and CA bundle come from the environment
  # (AWS_REGION, AWS_ENDPOINT_URL_S3, AWS_CA_BUNDLE, ...).
  default_tags = { app = "quickstart" }
}

variable "app_origin" {
  description = "Origin of the web app that uploads directly to the bucket."
  type        = string
  default     = "http://localhost:3000"
}

variable "signing_public_key_file" {
  description = "PEM public key (ECDSA P-256 or RSA 2048) CloudFront verifies signed URLs with."
  type        = string
}

variable "signing_private_key_file" {
  description = "The matching private key, used to sign download URLs."
  type        = string
  sensitive   = true
}

variable "cdn_base_url" {
  description = "Base URL of the CloudFront distribution serving the bucket; empty until the distribution exists."
  type        = string
  default     = ""
}

variable "cdn_distribution_arn" {
  description = "ARN of that distribution: it gets read access to the bucket (origin access control). Empty: no grant."
  type        = string
  default     = ""
}

resource "filestore_upload_bucket" "uploads" {
  bucket_prefix = "quickstart-"
  force_destroy = true
  versioning    = true

  cors_rules = [{
    allowed_origins = [var.app_origin]
    allowed_methods = ["PUT", "POST", "GET"]
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]

  lifecycle_tiers = [
    { prefix = "tmp/", expiration_days = 1 },
    { prefix = "uploads/", expiration_days = 365, noncurrent_expiration_days = 30 },
  ]
  abort_incomplete_multipart_days = 7
}

# The distribution reads the bucket through an origin access control. The
# grant is its own resource, not the bucket's cdn_read_access: with
# hashicorp/aws managing the distribution in this configuration, the wiring is
#
#   resource "aws_cloudfront_distribution" "cdn" {
#     origin { domain_name = filestore_upload_bucket.uploads.bucket_regional_domain_name ... }
#     ...
#   }
#   resource "filestore_cdn_read_access" "cdn" {
#     bucket            = filestore_upload_bucket.uploads.bucket
#     distribution_arns = [aws_cloudfront_distribution.cdn.arn]
#   }
#
# bucket -> distribution -> grant, one apply, no cycle (the bucket name is
# generated). Here the distribution comes from outside, so its ARN is a
# variable. (make demo leaves it empty: kumo's distribution ids are not
# CloudFront ids, and kumo's edge reads kumo's own S3 anyway.)
resource "filestore_cdn_read_access" "cdn" {
  count             = var.cdn_distribution_arn == "" ? 0 : 1
  bucket            = filestore_upload_bucket.uploads.bucket
  distribution_arns = [var.cdn_distribution_arn]
}

resource "filestore_cdn_key_group" "signers" {
  name    = "${filestore_upload_bucket.uploads.bucket}-signers"
  comment = "signs quickstart download URLs"
  public_keys = {
    "current" = file(var.signing_public_key_file)
  }
}

# The browser PUTs here; the content type is part of the signature.
data "filestore_presigned_url" "upload" {
  bucket         = filestore_upload_bucket.uploads.bucket
  key            = "uploads/hello.txt"
  method         = "PUT"
  content_type   = "text/plain"
  expires_in     = "15m"
  signing_window = "5m"
}

data "filestore_presigned_url" "download" {
  bucket            = filestore_upload_bucket.uploads.bucket
  key               = "uploads/hello.txt"
  download_filename = "hello.txt"
  expires_in        = "15m"
  signing_window    = "5m"
}

data "filestore_cloudfront_signed_url" "download" {
  count           = var.cdn_base_url == "" ? 0 : 1
  url             = "${var.cdn_base_url}/uploads/hello.txt"
  key_pair_id     = filestore_cdn_key_group.signers.public_key_ids["current"]
  private_key_pem = file(var.signing_private_key_file)
  expires_in      = "1h"
  signing_window  = "10m"
}

output "bucket" {
  value = filestore_upload_bucket.uploads.bucket
}

output "key_group_id" {
  value = filestore_cdn_key_group.signers.id
}

output "upload_url" {
  value     = data.filestore_presigned_url.upload.url
  sensitive = true
}

output "upload_headers" {
  value = data.filestore_presigned_url.upload.headers
}

output "download_url" {
  value     = data.filestore_presigned_url.download.url
  sensitive = true
}

output "cdn_download_url" {
  value     = one(data.filestore_cloudfront_signed_url.download[*].signed_url)
  sensitive = true
}
