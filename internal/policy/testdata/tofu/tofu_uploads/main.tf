# A stack whose plan `policy check` reads in CI: the provider only warns at
# plan time (policy.enforcement = "warn"), so the saved plan carries every
# violation for the CI gate to report. The key pair under keys/ is a test
# fixture generated for these plans; it signs nothing real.

terraform {
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

provider "filestore" {
  region       = "us-east-1"
  access_key   = "AKIAIOSFODNN7EXAMPLE"
  secret_key   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  default_tags = { team = "media" }

  policy = {
    enforcement = "warn"
  }
}

resource "filestore_upload_bucket" "widget" {
  bucket = "acme-widget-uploads"

  cors_rules = [{
    allowed_origins = ["*"]
    allowed_methods = ["PUT", "GET"]
    allowed_headers = ["*"]
  }]

  block_public_access             = false
  abort_incomplete_multipart_days = 30

  lifecycle_tiers = [
    { prefix = "tmp/", noncurrent_expiration_days = 7 },
    {
      prefix          = "archive/"
      transitions     = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 90, storage_class = "GLACIER" }]
      expiration_days = 120
    },
  ]

  tags = {
    "filestore:exempt:FS002" = "Widget assets are public by design - reviewed in SEC-12"
  }
}

# A bucket whose name and CORS origin are unknown until apply: no rule may
# fire on them.
resource "terraform_data" "name" {
  input = "acme-later"
}

resource "filestore_upload_bucket" "deferred" {
  bucket = terraform_data.name.output
  cors_rules = [{
    allowed_origins = [terraform_data.name.output]
    allowed_methods = ["PUT"]
  }]
}

data "filestore_presigned_url" "upload" {
  bucket     = filestore_upload_bucket.widget.bucket
  key        = "avatars/1.png"
  method     = "PUT"
  expires_in = "2h"
}

data "filestore_presigned_post" "form" {
  bucket     = "acme-widget-uploads"
  key_prefix = "incoming/"
  expires_in = "10m"
}

# Read during apply (its bucket is unknown at plan time): a deferred read.
data "filestore_presigned_url" "later" {
  bucket = filestore_upload_bucket.deferred.bucket
  key    = "report.csv"
}

resource "filestore_cdn_key_group" "signers" {
  name = "acme-signers"
  public_keys = {
    "2026-11" = file("${path.module}/keys/signer.pub.pem")
  }
}

data "filestore_cloudfront_signed_url" "download" {
  url             = "https://d111111abcdef8.cloudfront.net/reports/q3.pdf"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = file("${path.module}/keys/signer.key.pem")
  expires_in      = "48h"
  hash_algorithm  = "SHA1"
}

module "regional" {
  source   = "./modules/regional"
  for_each = toset(["eu", "us"])
  name     = "acme-${each.key}-media"
}
