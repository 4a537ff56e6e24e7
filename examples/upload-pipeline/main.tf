# The upload pipeline: browsers upload into a quarantine prefix, S3 notifies
# a queue, a scanner (GuardDuty Malware Protection for S3, or a clamd worker)
# checks each object, clean objects are copied out of quarantine tagged
# clean, and only tagged-clean objects are readable (directly or through
# CloudFront). See README.md for the flow end to end.
#
# Needs the hashicorp/aws provider for the queues, IAM roles, GuardDuty and
# CloudFront; filestore owns the bucket, its policy, its notification
# configuration and the minted upload URLs.

terraform {
  required_version = ">= 1.10"
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.58" # aws_guardduty_malware_protection_plan
    }
  }
}

provider "filestore" {
  region = var.region
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "AWS region of the bucket, the queues and the GuardDuty plan."
  type        = string
  default     = "us-east-1"
}

variable "bucket_name" {
  description = <<-EOT
    Name of the upload bucket. A literal name (not bucket_prefix) lets the
    queue policies name the bucket before it exists: S3 checks that a queue
    accepts the bucket's messages when the notification configuration is
    written, so the queue policies must exist first.
  EOT
  type        = string
}

variable "app_origin" {
  description = "Origin of the web app that uploads directly to the bucket."
  type        = string
  default     = "https://app.example.com"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"

  quarantine_prefix = "quarantine/"
  clean_prefix      = "uploads/"
  derived_prefix    = "derived/"
}

# --- the bucket ---------------------------------------------------------

resource "filestore_upload_bucket" "uploads" {
  bucket     = var.bucket_name
  versioning = true

  cors_rules = [{
    allowed_origins = [var.app_origin]
    allowed_methods = ["PUT", "POST"]
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]

  # Uploads land here; only the scanner and the promoter may read them, and
  # whatever is never scanned and promoted expires after 7 days.
  quarantine = {
    prefix = local.quarantine_prefix
    reader_principal_arns = [
      aws_iam_role.guardduty_malware.arn,
      aws_iam_role.promoter.arn,
    ]
    expiration_days = 7
  }

  # Objects under uploads/ are readable only when tagged clean; only the
  # promoter may set that tag (it copies objects out of quarantine once the
  # scanner found them clean).
  scan_gate = {
    prefixes              = [local.clean_prefix]
    tag_key               = "GuardDutyMalwareScanStatus"
    clean_value           = "NO_THREATS_FOUND"
    exempt_principal_arns = [aws_iam_role.promoter.arn]
  }

  notifications = {
    # GuardDuty Malware Protection for S3 receives uploads through
    # EventBridge and turns this on itself; the bucket owns its whole
    # notification configuration, so say so here or the next apply would
    # turn it off again.
    eventbridge = true
    queues = [
      # A self-hosted scanner (clamd) consumes every upload.
      { arn = aws_sqs_queue.scan.arn, events = ["s3:ObjectCreated:*"], prefix = local.quarantine_prefix },
      # The thumbnailer hears about images the promoter copied out.
      { arn = aws_sqs_queue.thumbnails.arn, events = ["s3:ObjectCreated:Copy"], prefix = "${local.clean_prefix}images/" },
    ]
  }

  lifecycle_tiers = [
    { prefix = local.clean_prefix, transitions = [{ days = 30, storage_class = "STANDARD_IA" }], noncurrent_expiration_days = 30 },
    # Thumbnails can be rebuilt from the originals: cheap storage, expired.
    { prefix = local.derived_prefix, transitions = [{ days = 30, storage_class = "ONEZONE_IA" }], expiration_days = 180 },
  ]

  # The queue policies must exist before S3 is told to notify the queues.
  depends_on = [aws_sqs_queue_policy.scan, aws_sqs_queue_policy.thumbnails]
}

# --- browser uploads, into the quarantine only --------------------------

# A presigned PUT for one object: the browser sends the signed content type.
data "filestore_presigned_url" "upload" {
  bucket       = filestore_upload_bucket.uploads.bucket
  key          = "${local.quarantine_prefix}avatars/user-42.png"
  method       = "PUT"
  content_type = "image/png"
  expires_in   = "15m"
}

# A presigned POST for an HTML form: any key under the user's quarantine
# folder, images only, at most 10 MiB.
data "filestore_presigned_post" "form" {
  bucket              = filestore_upload_bucket.uploads.bucket
  key_prefix          = "${local.quarantine_prefix}users/42/"
  content_type_prefix = "image/"
  max_size            = 10485760
  expires_in          = "15m"
}

output "upload_url" {
  value     = data.filestore_presigned_url.upload.url
  sensitive = true
}

output "upload_form" {
  value = {
    url    = data.filestore_presigned_post.form.url
    fields = data.filestore_presigned_post.form.fields
  }
  sensitive = true
}

# --- queues -------------------------------------------------------------

resource "aws_sqs_queue" "scan" {
  name                       = "${var.bucket_name}-scan"
  visibility_timeout_seconds = 300
}

resource "aws_sqs_queue" "thumbnails" {
  name                       = "${var.bucket_name}-thumbnails"
  visibility_timeout_seconds = 120
}

data "aws_iam_policy_document" "s3_to_queue" {
  for_each = {
    scan       = aws_sqs_queue.scan.arn
    thumbnails = aws_sqs_queue.thumbnails.arn
  }
  statement {
    sid       = "AllowS3Notifications"
    actions   = ["sqs:SendMessage"]
    resources = [each.value]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "scan" {
  queue_url = aws_sqs_queue.scan.id
  policy    = data.aws_iam_policy_document.s3_to_queue["scan"].json
}

resource "aws_sqs_queue_policy" "thumbnails" {
  queue_url = aws_sqs_queue.thumbnails.id
  policy    = data.aws_iam_policy_document.s3_to_queue["thumbnails"].json
}

# --- GuardDuty Malware Protection for S3 ---------------------------------

data "aws_iam_policy_document" "guardduty_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["malware-protection-plan.guardduty.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "guardduty_malware" {
  name               = "${var.bucket_name}-guardduty-malware"
  assume_role_policy = data.aws_iam_policy_document.guardduty_trust.json
}

# The permissions the GuardDuty User Guide lists for a protected bucket
# ("Create or update IAM role policy"); add kms:GenerateDataKey and
# kms:Decrypt on the key when the bucket uses SSE-KMS.
data "aws_iam_policy_document" "guardduty_malware" {
  statement {
    sid       = "AllowManagedRuleToSendS3EventsToGuardDuty"
    actions   = ["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"]
    resources = ["arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"]
    condition {
      test     = "StringLike"
      variable = "events:ManagedBy"
      values   = ["malware-protection-plan.guardduty.amazonaws.com"]
    }
  }
  statement {
    sid       = "AllowGuardDutyToMonitorEventBridgeManagedRule"
    actions   = ["events:DescribeRule", "events:ListTargetsByRule"]
    resources = ["arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"]
  }
  statement {
    sid       = "AllowPostScanTag"
    actions   = ["s3:PutObjectTagging", "s3:GetObjectTagging", "s3:PutObjectVersionTagging", "s3:GetObjectVersionTagging"]
    resources = ["${local.bucket_arn}/*"]
  }
  statement {
    sid       = "AllowEnableS3EventBridgeEvents"
    actions   = ["s3:PutBucketNotification", "s3:GetBucketNotification"]
    resources = [local.bucket_arn]
  }
  statement {
    sid       = "AllowPutValidationObject"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/malware-protection-resource-validation-object"]
  }
  statement {
    sid       = "AllowCheckBucketOwnership"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
  }
  statement {
    sid       = "AllowMalwareScan"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${local.bucket_arn}/*"]
  }
}

resource "aws_iam_role_policy" "guardduty_malware" {
  role   = aws_iam_role.guardduty_malware.id
  policy = data.aws_iam_policy_document.guardduty_malware.json
}

resource "aws_guardduty_malware_protection_plan" "uploads" {
  role = aws_iam_role.guardduty_malware.arn

  protected_resource {
    s3_bucket {
      bucket_name     = filestore_upload_bucket.uploads.bucket
      object_prefixes = [local.quarantine_prefix]
    }
  }

  actions {
    tagging {
      status = "ENABLED" # GuardDutyMalwareScanStatus = NO_THREATS_FOUND, THREATS_FOUND, ...
    }
  }

  depends_on = [aws_iam_role_policy.guardduty_malware]
}

# --- the promoter: copies clean objects out of quarantine ---------------

# Assumed by whatever runs the promoter (a Lambda on the GuardDuty scan
# result event, or the clamd worker consuming the scan queue). It may read
# the quarantine and is the only principal that may set the clean tag under
# uploads/.
data "aws_iam_policy_document" "promoter_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "promoter" {
  name               = "${var.bucket_name}-promoter"
  assume_role_policy = data.aws_iam_policy_document.promoter_trust.json
}

data "aws_iam_policy_document" "promoter" {
  statement {
    sid       = "ReadQuarantine"
    actions   = ["s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"]
    resources = ["${local.bucket_arn}/${local.quarantine_prefix}*"]
  }
  statement {
    sid       = "WriteClean"
    actions   = ["s3:PutObject", "s3:PutObjectTagging"]
    resources = ["${local.bucket_arn}/${local.clean_prefix}*"]
  }
  statement {
    sid       = "ConsumeScanQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.scan.arn]
  }
}

resource "aws_iam_role_policy" "promoter" {
  role   = aws_iam_role.promoter.id
  policy = data.aws_iam_policy_document.promoter.json
}

# --- the read path: CloudFront serves clean objects only -----------------

resource "aws_cloudfront_origin_access_control" "uploads" {
  name                              = "${var.bucket_name}-oac"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "downloads" {
  enabled = true
  comment = "clean uploads of ${var.bucket_name}"

  origin {
    origin_id                = "uploads"
    domain_name              = filestore_upload_bucket.uploads.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.uploads.id
  }

  default_cache_behavior {
    target_origin_id       = "uploads"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# The distribution's read grant lives outside the bucket resource, so the
# distribution can take bucket_regional_domain_name from the bucket without
# a dependency cycle. The scan gate still applies: CloudFront reads only
# objects tagged clean, and nothing in quarantine.
resource "filestore_cdn_read_access" "downloads" {
  bucket            = filestore_upload_bucket.uploads.bucket
  distribution_arns = [aws_cloudfront_distribution.downloads.arn]
}

output "download_base_url" {
  value = "https://${aws_cloudfront_distribution.downloads.domain_name}/${local.clean_prefix}"
}
