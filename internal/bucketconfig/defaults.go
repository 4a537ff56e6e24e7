package bucketconfig

// Defaults of filestore_upload_bucket with compatibility = "aws" (with "s3"
// an unset AWS-only attribute is not managed). The guardrails assume the
// same values when a plan shows an attribute unset: policies/lib/defaults.rego,
// checked against these by internal/policy/defaults_test.go.
const (
	DefaultAbortMultipartDays     = 7
	DefaultDenyInsecureTransport  = true
	DefaultDenyUnencryptedUploads = false
	DefaultBlockPublicAccess      = true
	DefaultObjectOwnership        = OwnershipBucketOwnerEnforced
	DefaultEncryptionAlgorithm    = AlgorithmAES256
)
