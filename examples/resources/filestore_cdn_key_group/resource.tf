# The keys CloudFront trusts to verify signed URLs and cookies for the
# download distribution, one logical name per key. Public keys are not
# secret: commit the .pub.pem files next to the configuration, e.g. from
#   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/2026-11.pem
#   openssl pkey -in secrets/2026-11.pem -pubout -out keys/2026-11.pub.pem
# and keep the private keys out of version control (secrets/ here, or your
# secret store).
#
# The hashicorp/tls provider can generate the key pair instead:
#   resource "tls_private_key" "current" {
#     algorithm   = "ECDSA"
#     ecdsa_curve = "P256"
#   }
#   public_keys = { "2026-11" = tls_private_key.current.public_key_pem }
# (the private key is then stored in the state).
resource "filestore_cdn_key_group" "signers" {
  name    = "uploads-signers"
  comment = "signs download URLs"
  public_keys = {
    "2026-11" = file("${path.module}/keys/2026-11.pub.pem")
    "2027-05" = file("${path.module}/keys/2027-05.pub.pem")
  }
}

# A distribution's cache behaviour trusts the group by id, e.g. with the
# hashicorp/aws provider:
#   trusted_key_groups = [filestore_cdn_key_group.signers.id]
output "key_group_id" {
  value = filestore_cdn_key_group.signers.id
}

# URLs are signed with one key of the group: its id is the key_pair_id.
# Ephemeral: neither the private key nor the URL is written to the plan or
# the state; ephemeral.filestore_cloudfront_signed_url.report.signed_url can
# feed a provisioner, a write-only argument or an ephemeral module output.
ephemeral "filestore_cloudfront_signed_url" "report" {
  url             = "https://d111111abcdef8.cloudfront.net/reports/2026-11.pdf"
  key_pair_id     = filestore_cdn_key_group.signers.public_key_ids["2026-11"]
  private_key_pem = file("${path.module}/secrets/2026-11.pem")
  expires_in      = "1h"
}
