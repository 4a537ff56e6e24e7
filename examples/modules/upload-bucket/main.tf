# A private bucket that browsers upload into directly, for one web app:
# CORS for the app's origins, encryption at rest, TLS-only policy, public
# access blocked, lifecycle tiers, read access for CloudFront (without a
# dependency cycle), and the upload
# URLs themselves, minted as ephemeral values (never in plan or state).

locals {
  tiers = var.tiers != null ? var.tiers : [
    {
      prefix = var.upload_prefix
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 90, storage_class = "GLACIER_IR" },
      ]
      expiration_days            = null
      noncurrent_expiration_days = 30
    },
    { prefix = "tmp/", transitions = [], expiration_days = 1, noncurrent_expiration_days = null },
  ]
}

resource "filestore_upload_bucket" "this" {
  bucket        = var.name
  bucket_prefix = var.name_prefix
  force_destroy = var.force_destroy
  versioning    = var.versioning

  cors_rules = [{
    allowed_origins = var.app_origins
    # PUT: presigned URLs; POST: the browser form; GET/HEAD: reading back.
    allowed_methods = ["PUT", "POST", "GET", "HEAD"]
    # Content-Type is signed into PUT URLs; x-amz-* covers SSE and checksums.
    allowed_headers = ["content-type", "x-amz-*"]
    # Browser multipart uploads read the ETag of every part.
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]

  # Null leaves the provider's default (AES256 on AWS; unmanaged on a
  # generic S3 store).
  encryption = var.kms_key_arn == null ? null : {
    algorithm          = "aws:kms"
    kms_key_id         = var.kms_key_arn
    bucket_key_enabled = true
  }

  lifecycle_tiers = [for t in local.tiers : {
    prefix = t.prefix
    # The provider reads "no transitions" back as null: never send [].
    transitions                = length(t.transitions) > 0 ? t.transitions : null
    expiration_days            = t.expiration_days
    noncurrent_expiration_days = t.noncurrent_expiration_days
  }]

  tags = var.tags
}

# CloudFront's read grant lives outside the bucket resource, so a
# distribution created next to this module can use
# bucket_regional_domain_name as its origin and pass its ARN back in
# cdn_distribution_arns without a dependency cycle (bucket -> distribution
# -> grant). The bucket keeps the grant when it writes its own policy.
resource "filestore_cdn_read_access" "this" {
  count = length(var.cdn_distribution_arns) == 0 ? 0 : 1

  bucket            = filestore_upload_bucket.this.bucket
  distribution_arns = var.cdn_distribution_arns
}

# The browser form: any key under the upload prefix, at most
# max_upload_bytes, optionally only some content types.
ephemeral "filestore_presigned_post" "upload" {
  bucket              = filestore_upload_bucket.this.bucket
  key_prefix          = var.upload_prefix
  content_type_prefix = var.upload_content_type_prefix == "" ? null : var.upload_content_type_prefix
  max_size            = var.max_upload_bytes
  expires_in          = var.upload_expires_in
}

# One presigned PUT URL per entry of upload_urls.
ephemeral "filestore_presigned_url" "upload" {
  for_each = var.upload_urls

  bucket       = filestore_upload_bucket.this.bucket
  key          = each.value.key
  method       = "PUT"
  content_type = each.value.content_type
  expires_in   = var.upload_expires_in
}
