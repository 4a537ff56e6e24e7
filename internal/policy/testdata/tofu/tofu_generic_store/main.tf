# A generic S3-compatible store (compatibility = "s3"): the AWS-only rules
# (FS002-FS004, FS023, the KMS part of FS001) do not apply; the others do.

terraform {
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

provider "filestore" {
  region        = "us-east-1"
  access_key    = "minioadmin"
  secret_key    = "minioadmin"
  compatibility = "s3"
  endpoints = {
    s3 = "https://127.0.0.1:9000"
  }
  s3_use_path_style = true

  policy = {
    enforcement = "warn"
    parameters  = { require_kms_tag = "pii" }
  }
}

resource "filestore_upload_bucket" "media" {
  bucket                  = "media"
  block_public_access     = false
  deny_insecure_transport = false
  object_ownership        = "ObjectWriter"
  cors_rules = [{
    allowed_origins = ["*"]
    allowed_methods = ["POST"]
  }]
  tags = { pii = "yes" }
}
