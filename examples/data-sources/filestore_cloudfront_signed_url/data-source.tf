# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

# A data source's arguments are stored in the state: the private key and the
# signed URLs below end up there (sensitive, but readable by anyone who can read
# the state). A data source cannot take an ephemeral value, so this variable
# is an ordinary one. To keep the key out of the state, use the ephemeral
# resource filestore_cloudfront_signed_url instead.
variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
}

# A canned-policy URL (only the URL and an expiry): the shortest form.
data "filestore_cloudfront_signed_url" "intro" {
  url             = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "2h"
  signing_window  = "1h" # stable for an hour of re-plans, valid for at least one more
}

# A custom policy: a whole prefix, from one office network, starting at a
# fixed time. hash_algorithm defaults to SHA256.
data "filestore_cloudfront_signed_url" "course" {
  url             = "https://d111111abcdef8.cloudfront.net/courses/go-101/index.m3u8"
  resource        = "https://d111111abcdef8.cloudfront.net/courses/go-101/*"
  ip_range        = "192.0.2.0/24"
  starts_at       = "2026-12-01T09:00:00Z"
  expires_at      = "2026-12-01T17:00:00Z"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
}

output "intro_url" {
  value     = data.filestore_cloudfront_signed_url.intro.signed_url
  sensitive = true
}
