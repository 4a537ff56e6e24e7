variable "name" {
  type = string
}

variable "tags" {
  type = map(string)
}

variable "bucket_id_override" {
  type    = string
  default = null
}

# An existing bucket (no-op in the plan). The tag exempts it from FS003: the
# CDN stack owns its bucket policy.
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags = merge(var.tags, {
    "filestore:exempt:FS003" = "CloudFront OAC only; policy managed by the CDN stack"
  })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = coalesce(var.bucket_id_override, aws_s3_bucket.this.id)
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    id     = "abort"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 30
    }
  }
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}
