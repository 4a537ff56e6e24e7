# METADATA
# title: Provider defaults
# description: |
#   The values the provider gives an attribute the configuration leaves
#   unset, which the normalizer must assume when a plan shows null: the
#   upload bucket's secure defaults and the minting data sources' documented
#   defaults. Written once here for Rego; internal/policy/defaults_test.go
#   fails when one differs from the Go constant the provider applies
#   (internal/bucketconfig, internal/signing).
package filestore.lib.defaults

# filestore_upload_bucket (bucketconfig.Default*).
abort_incomplete_multipart_days := 7

block_public_access := true

deny_insecure_transport := true

object_ownership := "BucketOwnerEnforced"

encryption_algorithm := "AES256"

# scan_gate.prefixes unset: the whole bucket (bucketconfig.DefaultScanGatePrefixes).
scan_gate_prefixes := [""]

# filestore_presigned_url / _post (signing.DefaultPresignExpiry).
presign_expires_in := "15m"

# filestore_presigned_url (signing.MethodGet).
presign_url_method := "GET"

# filestore_cloudfront_signed_url / _cookies (signing.DefaultCloudFrontExpiry,
# signing.HashSHA256).
cdn_expires_in := "1h"

cdn_hash_algorithm := "SHA256"
