# The configuration behind ../plans/aws_upload_stack.json, a hand-written
# plan in the `terraform show -json` format (the hashicorp/aws provider cannot
# be installed in this build environment). Kept so that SARIF / JUnit reports
# can point at resource blocks, and so a reader sees what the plan models.

variable "signer_pem" {
  type = string
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  tags   = { team = "media" }
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    id     = "abort-multipart"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "tmp"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
  }

  rule {
    id     = "archive"
    status = "Enabled"
    filter {
      prefix = "archive/"
    }
    transition {
      days          = 10
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 60
      storage_class = "GLACIER"
    }
    expiration {
      days = 100
    }
  }
}

resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "acme-logs-${count.index}"
  tags   = { team = "platform" }
}

resource "aws_s3_bucket_versioning" "logs" {
  count  = 2
  bucket = aws_s3_bucket.logs[count.index].id
  versioning_configuration {
    status = "Enabled"
  }
}

module "media" {
  source   = "./modules/media"
  for_each = { eu = "eu-west-1" }
  name     = "acme-media"
  tags     = { team = "media" }
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket                  = module.media["eu"].bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "media" {
  bucket = module.media["eu"].bucket_id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# CORS for a bucket another stack owns.
resource "aws_s3_bucket_cors_configuration" "external" {
  bucket = "partner-dropbox"
  cors_rule {
    allowed_headers = ["content-type"]
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }
  cors_rule {
    allowed_headers = ["content-type"]
    allowed_methods = ["POST"]
    allowed_origins = ["https://*"]
  }
}

resource "aws_cloudfront_public_key" "signer" {
  comment     = "download signer"
  encoded_key = var.signer_pem
  name        = "acme-signer"
}

resource "aws_cloudfront_key_group" "signers" {
  comment = "signers"
  items   = [aws_cloudfront_public_key.signer.id]
  name    = "acme-signers"
}
