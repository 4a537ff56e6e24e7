package bucketconfig

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Server-side encryption algorithms.
const (
	AlgorithmAES256  = "AES256"
	AlgorithmKMS     = "aws:kms"
	AlgorithmKMSDSSE = "aws:kms:dsse"
)

// EncryptionAlgorithms lists the accepted encryption.algorithm values.
func EncryptionAlgorithms() []string {
	return []string{AlgorithmAES256, AlgorithmKMS, AlgorithmKMSDSSE}
}

// IsKMSAlgorithm reports whether the algorithm uses a KMS key.
func IsKMSAlgorithm(a string) bool { return a == AlgorithmKMS || a == AlgorithmKMSDSSE }

// Encryption is the default encryption of new objects. For validation a nil
// pointer is a value unknown until apply (the caller resolves an unset
// algorithm to AES256 first); for conversion nil means unset (AES256, no key,
// no bucket key).
type Encryption struct {
	Algorithm        *string
	KMSKeyID         *string
	BucketKeyEnabled *bool
}

// AlgorithmOrDefault returns the algorithm, AES256 when unset.
func (e Encryption) AlgorithmOrDefault() string {
	if e.Algorithm == nil || *e.Algorithm == "" {
		return AlgorithmAES256
	}
	return *e.Algorithm
}

// ValidateEncryption checks the algorithm, that kms_key_id comes with a KMS
// algorithm, and that a bucket key is only asked for with aws:kms (S3 Bucket
// Keys do not apply to SSE-S3 and are not supported for DSSE-KMS). p is the
// path of the encryption attribute.
func ValidateEncryption(e Encryption, p Path) []FieldError {
	var errs []FieldError
	if e.Algorithm != nil {
		ok := false
		for _, a := range EncryptionAlgorithms() {
			ok = ok || a == *e.Algorithm
		}
		if !ok {
			ap := p.At("algorithm")
			errs = append(errs, fieldErr(ap, "Invalid encryption algorithm",
				"%s: %q is not an S3 server-side encryption algorithm; use %s.", ap, *e.Algorithm, strings.Join(EncryptionAlgorithms(), ", ")))
			return errs
		}
	}
	if e.Algorithm == nil {
		// Unknown until apply: the cross-field rules cannot be decided yet.
		return errs
	}
	alg := *e.Algorithm
	if e.KMSKeyID != nil && *e.KMSKeyID != "" && !IsKMSAlgorithm(alg) {
		kp := p.At("kms_key_id")
		errs = append(errs, fieldErr(kp, "KMS key without a KMS algorithm",
			"%s: a KMS key is set but the algorithm is %q; set algorithm to %q or %q, or remove kms_key_id.", kp, alg, AlgorithmKMS, AlgorithmKMSDSSE))
	}
	if e.BucketKeyEnabled != nil && *e.BucketKeyEnabled && alg != AlgorithmKMS {
		bp := p.At("bucket_key_enabled")
		errs = append(errs, fieldErr(bp, "Bucket key needs aws:kms",
			"%s: S3 Bucket Keys apply to SSE-KMS (algorithm %q) only; they do nothing for %s and are not supported for %s. Set algorithm = %q or bucket_key_enabled = false.", bp, AlgorithmKMS, AlgorithmAES256, AlgorithmKMSDSSE, AlgorithmKMS))
	}
	return errs
}

// EncryptionToAPI converts the setting to the S3 API shape.
func EncryptionToAPI(e Encryption) *s3types.ServerSideEncryptionConfiguration {
	alg := e.AlgorithmOrDefault()
	def := &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryption(alg)}
	if IsKMSAlgorithm(alg) && e.KMSKeyID != nil && *e.KMSKeyID != "" {
		def.KMSMasterKeyID = aws.String(*e.KMSKeyID)
	}
	rule := s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: def}
	if alg == AlgorithmKMS {
		rule.BucketKeyEnabled = aws.Bool(e.BucketKeyEnabled != nil && *e.BucketKeyEnabled)
	}
	return &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{rule}}
}

// EncryptionFromAPI reads the first default-encryption rule back; nil when
// the bucket has none.
func EncryptionFromAPI(c *s3types.ServerSideEncryptionConfiguration) *Encryption {
	if c == nil {
		return nil
	}
	for _, r := range c.Rules {
		if r.ApplyServerSideEncryptionByDefault == nil {
			continue
		}
		alg := string(r.ApplyServerSideEncryptionByDefault.SSEAlgorithm)
		e := &Encryption{Algorithm: &alg, BucketKeyEnabled: aws.Bool(aws.ToBool(r.BucketKeyEnabled))}
		if k := aws.ToString(r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID); k != "" {
			e.KMSKeyID = &k
		}
		return e
	}
	return nil
}
