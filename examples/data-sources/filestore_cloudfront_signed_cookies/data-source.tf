# The CloudFront public key id, e.g.
# filestore_cdn_key_group.signers.public_key_ids["2026-11"].
variable "cdn_key_pair_id" {
  type = string
}

# A data source's arguments are stored in the state: the private key and the
# cookies below end up there (sensitive, but readable by anyone who can read
# the state). A data source cannot take an ephemeral value, so this variable
# is an ordinary one. To keep the key out of the state, use the ephemeral
# resource filestore_cloudfront_signed_cookies instead.
variable "cdn_private_key_pem" {
  type      = string
  sensitive = true
}

# One set of cookies for every segment of an HLS stream.
data "filestore_cloudfront_signed_cookies" "stream" {
  url             = "https://media.example.com/live/channel-1/index.m3u8"
  resource        = "https://media.example.com/live/channel-1/*"
  key_pair_id     = var.cdn_key_pair_id
  private_key_pem = var.cdn_private_key_pem
  expires_in      = "6h"
  signing_window  = "1h"
}

# The application sets them on media.example.com (Secure; HttpOnly):
# CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id and
# CloudFront-Hash-Algorithm.
output "stream_cookies" {
  value     = data.filestore_cloudfront_signed_cookies.stream.cookies
  sensitive = true
}
