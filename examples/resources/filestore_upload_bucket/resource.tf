# A private bucket that browsers upload into directly (presigned PUT / POST),
# encrypted with a customer-managed KMS key, tiered down to colder storage as
# uploads age, and served through CloudFront with an origin access control.
# Every value below is checked at plan time; a bucket changed out of band
# shows as a diff on the next plan.
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
  ]
  # Abandoned browser uploads stop accruing charges after a week (0 disables).
  abort_incomplete_multipart_days = 7

  # CloudFront reads objects through an origin access control; use
  # bucket_regional_domain_name as the distribution's origin domain.
  cdn_read_access = {
    distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE1234"]
  }

  tags = { app = "media" } # merged with the provider's default_tags into tags_all
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
