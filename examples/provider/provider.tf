terraform {
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

# Amazon S3 and CloudFront: region and credentials as the AWS SDK resolves them
# (environment, shared profile, SSO, instance role).
provider "filestore" {
  region       = "us-east-1"
  default_tags = { team = "media" }

  # Guardrails run inside `terraform plan`: deny findings are plan errors.
  policy = {
    enforcement = "deny"
    overrides   = { FS006 = "warn" }
    parameters = {
      max_presign_seconds = "3600"
      required_tags       = "team"
    }
  }
}

# A generic S3-compatible store (MinIO, Ceph, SeaweedFS, versitygw):
# AWS-only features are applied only when set explicitly.
provider "filestore" {
  alias             = "minio"
  endpoints         = { s3 = "https://minio.internal.example:9000" }
  s3_use_path_style = true
  custom_ca_bundle  = "${path.module}/internal-ca.pem"
  compatibility     = "s3"
}

# Cloudflare R2: "s3" plus R2's documented limits (region auto, no presigned
# POST, no SSE headers, CRC-64/NVME whole-object checksums). Credentials are an
# R2 API token's access key id and secret.
provider "filestore" {
  alias         = "r2"
  compatibility = "r2"
  endpoints     = { s3 = "https://${var.cloudflare_account_id}.r2.cloudflarestorage.com" }
}

variable "cloudflare_account_id" {
  type = string
}
