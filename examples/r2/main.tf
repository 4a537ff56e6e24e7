# Cloudflare R2: a private upload bucket that browsers PUT into through
# presigned URLs, and a content-addressed asset.
#
# Credentials: an R2 API token's access key id and secret, in
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or access_key / secret_key).

terraform {
  required_version = ">= 1.10"
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

variable "account_id" {
  description = "Cloudflare account id: the R2 endpoint is https://<account_id>.r2.cloudflarestorage.com."
  type        = string
}

variable "endpoint" {
  description = "Override of the R2 S3 endpoint (an EU jurisdiction bucket: https://<account_id>.eu.r2.cloudflarestorage.com)."
  type        = string
  default     = ""
}

variable "bucket" {
  description = "Bucket name."
  type        = string
  default     = "my-app-uploads"
}

variable "app_origin" {
  description = "Origin of the web app that uploads directly to the bucket."
  type        = string
  default     = "https://app.example.com"
}

provider "filestore" {
  # Region "auto" (us-east-1 is an alias), no POST Object, no SSE headers,
  # CRC-64/NVME checksums on whole-object uploads.
  compatibility = "r2"
  endpoints = {
    s3 = var.endpoint != "" ? var.endpoint : "https://${var.account_id}.r2.cloudflarestorage.com"
  }
}

# Only what R2 implements is set: CORS and lifecycle. R2 encrypts every
# object at rest itself and has no bucket policy, public access block,
# ownership controls, versioning or bucket tags; with compatibility = "r2"
# those are left alone unless set.
resource "filestore_upload_bucket" "uploads" {
  bucket        = var.bucket
  force_destroy = true

  cors_rules = [{
    allowed_origins = [var.app_origin]
    allowed_methods = ["PUT", "GET"]
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]

  lifecycle_tiers = [
    { prefix = "tmp/", expiration_days = 1 },
  ]
  abort_incomplete_multipart_days = 7
}

# Stored once at cas/<sha256[0:2]>/<sha256>. R2 has two storage classes:
# STANDARD and STANDARD_IA.
resource "filestore_content_object" "logo" {
  bucket        = filestore_upload_bucket.uploads.bucket
  content       = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>"
  content_type  = "image/svg+xml"
  storage_class = "STANDARD_IA"
}

# Browser uploads go through presigned PUT (R2 has no POST Object, so
# filestore_presigned_post is refused at plan time). The ephemeral form is
# never written to the plan or the state.
ephemeral "filestore_presigned_url" "upload" {
  bucket       = filestore_upload_bucket.uploads.bucket
  key          = "uploads/avatar.png"
  method       = "PUT"
  content_type = "image/png"
  expires_in   = "15m"
}

# A download link, as a data source so that it can be an output. The
# signing window keeps it stable across plans (no perpetual diff).
data "filestore_presigned_url" "logo" {
  bucket            = filestore_upload_bucket.uploads.bucket
  key               = filestore_content_object.logo.key
  download_filename = "logo.svg"
  expires_in        = "1h"
  signing_window    = "30m"
}

output "logo_key" {
  value = filestore_content_object.logo.key
}

output "logo_url" {
  value     = data.filestore_presigned_url.logo.url
  sensitive = true
}
