# A bucket served through a CloudFront distribution defined in the same
# configuration, with a generated bucket name, in one apply:
#
#   filestore_upload_bucket  ->  aws_cloudfront_distribution  ->  filestore_cdn_read_access
#   (bucket_regional_domain_name)      (arn)
#
# No cycle: the grant lives outside the bucket resource, which keeps it when
# it writes its own policy.
resource "filestore_upload_bucket" "site" {
  bucket_prefix = "my-site-"
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "my-site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id                = "bucket"
    domain_name              = filestore_upload_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }
  default_cache_behavior {
    target_origin_id       = "bucket"
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

resource "filestore_cdn_read_access" "site" {
  bucket            = filestore_upload_bucket.site.bucket
  distribution_arns = [aws_cloudfront_distribution.site.arn]
}
