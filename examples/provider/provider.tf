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

# A generic S3-compatible store (MinIO, Ceph, R2, SeaweedFS, versitygw):
# AWS-only features are applied only when set explicitly.
provider "filestore" {
  alias             = "minio"
  endpoints         = { s3 = "https://minio.internal.example:9000" }
  s3_use_path_style = true
  custom_ca_bundle  = "${path.module}/internal-ca.pem"
  compatibility     = "s3"
}
