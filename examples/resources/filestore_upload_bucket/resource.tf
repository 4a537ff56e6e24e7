# A private bucket that browsers upload into directly (presigned PUT / POST),
# encrypted with a customer-managed KMS key, tiered down to colder storage as
# uploads age, with object lock and server access logging for compliance.
# Every value below is checked at plan time; a bucket changed out of band
# shows as a diff on the next plan.
#
# Serving it through a CloudFront distribution defined in the same
# configuration? Grant the distribution with filestore_cdn_read_access (see
# that resource): the distribution needs bucket_regional_domain_name, so
# putting its ARN in this bucket's cdn_read_access would be a dependency
# cycle.
resource "filestore_upload_bucket" "uploads" {
  bucket        = "my-app-uploads" # or bucket_prefix = "my-app-uploads-"
  force_destroy = false            # true: destroy empties versions, delete markers and multipart uploads first
  versioning    = true

  # The browser app PUTs and POSTs straight to the bucket, and reads ETag
  # to complete multipart uploads.
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT", "POST", "GET"]
    allowed_headers = ["content-type", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]

  encryption = {
    algorithm          = "aws:kms"
    kms_key_id         = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    bucket_key_enabled = true
  }

  # The generated bucket policy (see policy_json): HTTPS only, and every
  # upload must declare aws:kms (presigned PUTs sign that header).
  deny_insecure_transport  = true
  deny_unencrypted_uploads = true
  block_public_access      = true
  object_ownership         = "BucketOwnerEnforced"

  lifecycle_tiers = [
    {
      prefix = "uploads/"
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 90, storage_class = "GLACIER" },
      ]
      expiration_days            = 365
      noncurrent_expiration_days = 30
    },
    { prefix = "tmp/", expiration_days = 1 },
    {
      # Raw camera uploads between 1 MiB and 5 GiB tagged class = raw:
      # current versions to Glacier Instant Retrieval, old versions to
      # Deep Archive, then gone.
      prefix                   = "uploads/"
      tags                     = { class = "raw" }
      object_size_greater_than = 1048576
      object_size_less_than    = 5368709120
      transitions              = [{ days = 1, storage_class = "GLACIER_IR" }]
      noncurrent_transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 90, storage_class = "DEEP_ARCHIVE" },
      ]
      noncurrent_expiration_days = 365
    },
    # Delete markers left alone once their last noncurrent version expired
    # (a tier of its own: S3 refuses it next to expiration_days or a tag filter).
    { prefix = "uploads/", expired_object_delete_marker = true },
  ]
  # Abandoned browser uploads stop accruing charges after a week (0 disables).
  abort_incomplete_multipart_days = 7
  # Small objects are worth transitioning too (AWS's default skips those under 128 KB).
  transition_default_minimum_object_size = "varies_by_storage_class"

  # Your own statements, merged after the generated ones (policy_json shows
  # the result). A Sid the provider generates is refused at plan time.
  policy_statements = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowPartnerReadShared"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::my-app-uploads/shared/*"
      },
      {
        Sid       = "DenyWritesOutsideVpce"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::my-app-uploads/internal/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }
      },
    ]
  })

  # Write once, read many: every new version is retained 30 days. Needs
  # versioning; cannot be removed once on (S3 cannot turn object lock off).
  object_lock = { mode = "GOVERNANCE", days = 30 }

  # Server access logs (checkov CKV_AWS_18) into a log bucket whose policy
  # lets logging.s3.amazonaws.com write.
  access_logging = { target_bucket = "my-app-logs", target_prefix = "s3/uploads/" }

  tags = { app = "media" } # merged with the provider's default_tags into tags_all
}

# cdn_read_access is for a distribution managed elsewhere (its ARN is a
# literal or comes from another stack): no cycle then.
resource "filestore_upload_bucket" "downloads" {
  bucket_prefix = "my-app-downloads-"
  cdn_read_access = {
    distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE1234"]
  }
}

output "uploads_origin_domain" {
  value = filestore_upload_bucket.uploads.bucket_regional_domain_name
}

# With a generic S3-compatible store (compatibility = "s3"), only what is set
# is sent: no policy, public access block, ownership controls or default
# encryption unless written here, so a store without them still works.
provider "filestore" {
  alias             = "minio"
  compatibility     = "s3"
  endpoints         = { s3 = "https://minio.internal.example.com:9000" }
  s3_use_path_style = true
}

resource "filestore_upload_bucket" "scratch" {
  provider      = filestore.minio
  bucket_prefix = "scratch-"
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT"]
  }]
  lifecycle_tiers = [{ prefix = "", expiration_days = 7 }]
}

# An upload pipeline: uploads land in quarantine/ (only the scanner reads
# there; unscanned objects expire after 7 days), S3 notifies a queue and
# EventBridge, and objects under uploads/ are readable only once tagged
# GuardDutyMalwareScanStatus = NO_THREATS_FOUND. See
# examples/upload-pipeline and the upload-pipeline guide.
resource "filestore_upload_bucket" "pipeline" {
  bucket = "my-app-pipeline"

  quarantine = {
    prefix                = "quarantine/"
    reader_principal_arns = ["arn:aws:iam::111122223333:role/scanner"]
    expiration_days       = 7 # 0 keeps them
  }

  scan_gate = {
    prefixes              = ["uploads/"] # default [""]: the whole bucket
    tag_key               = "GuardDutyMalwareScanStatus"
    clean_value           = "NO_THREATS_FOUND"
    exempt_principal_arns = ["arn:aws:iam::111122223333:role/scanner"]
  }

  notifications = {
    eventbridge = true # GuardDuty Malware Protection turns it on; say so here
    queues = [{
      arn    = "arn:aws:sqs:us-east-1:111122223333:uploads-scan"
      events = ["s3:ObjectCreated:*"]
      prefix = "quarantine/"
    }]
    # topics (SNS) and functions (Lambda) take the same shape.
  }
}
