package signing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// MaxPostObjectSize is the largest object a browser-based POST upload may
// carry (S3: 5 GiB); content-length-range defaults its upper bound to it.
const MaxPostObjectSize int64 = 5 * 1024 * 1024 * 1024

// FilenamePlaceholder is S3's POST substitution: the key field
// "uploads/${filename}" stores the file under the name the browser sent.
const FilenamePlaceholder = "${filename}"

// PostRequest describes one browser-based POST upload policy.
type PostRequest struct {
	Bucket string
	// Key is the exact object key; KeyPrefix instead allows any key that
	// starts with it (exactly one of the two).
	Key       string
	KeyPrefix string
	// ContentType requires exactly this Content-Type form field;
	// ContentTypePrefix requires one starting with it (at most one of the
	// two).
	ContentType       string
	ContentTypePrefix string
	// MinSize / MaxSize bound the file size in bytes (content-length-range);
	// nil means unbounded on that side (0 and MaxPostObjectSize).
	MinSize *int64
	MaxSize *int64
	// ServerSideEncryption (AES256, aws:kms, aws:kms:dsse) is both a form
	// field and an exact-match policy condition, so the upload carries the
	// x-amz-server-side-encryption a bucket policy may require, and a form
	// without it (or with another value) is refused by the signed policy.
	// KMSKeyID, with a KMS algorithm only, is carried the same way as
	// x-amz-server-side-encryption-aws-kms-key-id.
	ServerSideEncryption string
	KMSKeyID             string
	// ExpiresIn is the validity from SigningTime; 0 means
	// DefaultPresignExpiry. At most MaxPresignExpiry.
	ExpiresIn   time.Duration
	SigningTime time.Time
}

// Validate checks the request without signing it. Errors are *FieldError.
func (r PostRequest) Validate() error {
	if r.Bucket == "" {
		return fieldErr("bucket", "the bucket name is empty")
	}
	switch {
	case r.Key != "" && r.KeyPrefix != "":
		return fieldErr("key_prefix", "set either key (one exact key) or key_prefix (any key starting with it), not both")
	case r.Key == "" && r.KeyPrefix == "":
		return fieldErr("key", "set key (one exact key) or key_prefix (any key starting with it)")
	}
	if r.ContentType != "" && r.ContentTypePrefix != "" {
		return fieldErr("content_type_prefix", "set either content_type or content_type_prefix, not both")
	}
	if err := checkPresignExpiry(r.ExpiresIn); err != nil {
		return err
	}
	if r.MinSize != nil && *r.MinSize < 0 {
		return fieldErr("min_size", "min_size must be zero or more bytes, got %d", *r.MinSize)
	}
	if r.MaxSize != nil {
		if *r.MaxSize < 1 {
			return fieldErr("max_size", "max_size must be at least 1 byte, got %d", *r.MaxSize)
		}
		if *r.MaxSize > MaxPostObjectSize {
			return fieldErr("max_size", "max_size %d is above the 5 GiB a POST upload can carry", *r.MaxSize)
		}
	}
	if r.MinSize != nil && *r.MinSize > MaxPostObjectSize {
		return fieldErr("min_size", "min_size %d is above the 5 GiB a POST upload can carry", *r.MinSize)
	}
	if r.MinSize != nil && r.MaxSize != nil && *r.MinSize > *r.MaxSize {
		return fieldErr("min_size", "min_size (%d) is greater than max_size (%d): no file could be uploaded", *r.MinSize, *r.MaxSize)
	}
	return ValidateSSE(r.ServerSideEncryption, r.KMSKeyID)
}

// Form fields (and policy condition keys) of a POST upload's encryption.
const (
	FieldServerSideEncryption = "x-amz-server-side-encryption"
	FieldKMSKeyID             = "x-amz-server-side-encryption-aws-kms-key-id"
)

// ValidateSSE checks a server-side encryption algorithm and KMS key id:
// the algorithm one of ServerSideEncryptionValues (or empty), the key id
// only with a KMS algorithm. Errors are *FieldError on
// server_side_encryption / kms_key_id.
func ValidateSSE(algorithm, kmsKeyID string) error {
	if algorithm != "" && !contains(ServerSideEncryptionValues(), algorithm) {
		return fieldErr("server_side_encryption", "unsupported value %q: use one of AES256, aws:kms, aws:kms:dsse", algorithm)
	}
	if kmsKeyID != "" && !bucketconfig.IsKMSAlgorithm(algorithm) {
		return fieldErr("kms_key_id", "kms_key_id needs server_side_encryption = \"aws:kms\" or \"aws:kms:dsse\"; with %s there is no KMS key to name", sseOrNone(algorithm))
	}
	return nil
}

func sseOrNone(algorithm string) string {
	if algorithm == "" {
		return "no server_side_encryption"
	}
	return fmt.Sprintf("%q", algorithm)
}

// Conditions returns the policy conditions beyond the ones the SDK always
// adds (algorithm, bucket, credential, date, security token and — unless a
// key condition is given — the exact key).
func (r PostRequest) Conditions() []any {
	var c []any
	if r.KeyPrefix != "" {
		c = append(c, []any{"starts-with", "$key", r.KeyPrefix})
	}
	switch {
	case r.ContentType != "":
		c = append(c, map[string]string{"Content-Type": r.ContentType})
	case r.ContentTypePrefix != "":
		c = append(c, []any{"starts-with", "$Content-Type", r.ContentTypePrefix})
	}
	if r.MinSize != nil || r.MaxSize != nil {
		lo, hi := int64(0), MaxPostObjectSize
		if r.MinSize != nil {
			lo = *r.MinSize
		}
		if r.MaxSize != nil {
			hi = *r.MaxSize
		}
		c = append(c, []any{"content-length-range", lo, hi})
	}
	for _, f := range r.sseFields() {
		c = append(c, map[string]string{f[0]: f[1]})
	}
	return c
}

// sseFields are the encryption form fields, in a fixed order.
func (r PostRequest) sseFields() [][2]string {
	var f [][2]string
	if r.ServerSideEncryption != "" {
		f = append(f, [2]string{FieldServerSideEncryption, r.ServerSideEncryption})
	}
	if r.KMSKeyID != "" {
		f = append(f, [2]string{FieldKMSKeyID, r.KMSKeyID})
	}
	return f
}

// PresignedPost is a minted POST policy: send a multipart/form-data POST to
// URL with Fields (plus any Content-Type the policy allows, when only a
// prefix was given) and the file as the last field, named "file".
type PresignedPost struct {
	URL         string
	Fields      map[string]string
	SigningTime time.Time
	ExpiresAt   time.Time
}

// postAtTime decorates the SDK's POST policy signer and substitutes the
// signing and expiration times (the SDK takes them from sdk.NowTime()).
type postAtTime struct {
	inner     s3.PresignPost
	signAt    time.Time
	expiresAt time.Time
}

func (p postAtTime) PresignPost(creds aws.Credentials, bucket, key, region, service string, _ time.Time, conditions []any, _ time.Time, optFns ...func(*v4.SignerOptions)) (map[string]string, error) {
	return p.inner.PresignPost(creds, bucket, key, region, service, p.signAt, conditions, p.expiresAt, optFns...)
}

// PresignPost mints a POST policy with the SDK's PresignPostObject.
func (p *S3Presigner) PresignPost(ctx context.Context, r PostRequest) (PresignedPost, error) {
	if err := r.Validate(); err != nil {
		return PresignedPost{}, err
	}
	if r.SigningTime.IsZero() {
		return PresignedPost{}, errors.New("signing: no signing time")
	}
	expires := r.ExpiresIn
	if expires == 0 {
		expires = DefaultPresignExpiry
	}
	signAt := r.SigningTime.UTC()
	expiresAt := signAt.Add(expires)
	key := r.Key
	if r.KeyPrefix != "" {
		// The form's key field; the policy only requires the prefix, so the
		// client may replace it with any key that starts with the prefix.
		key = r.KeyPrefix + FilenamePlaceholder
	}
	out, err := p.pc.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(r.Bucket), Key: aws.String(key)},
		func(o *s3.PresignPostOptions) {
			o.Expires = expires
			o.Conditions = r.Conditions()
			o.PostPresigner = postAtTime{inner: o.PostPresigner, signAt: signAt, expiresAt: expiresAt}
		})
	if err != nil {
		return PresignedPost{}, fmt.Errorf("presigning POST to s3://%s: %w", r.Bucket, err)
	}
	fields := make(map[string]string, len(out.Values)+1)
	for k, v := range out.Values {
		fields[k] = v
	}
	if r.ContentType != "" {
		fields["Content-Type"] = r.ContentType
	}
	for _, f := range r.sseFields() {
		fields[f[0]] = f[1]
	}
	return PresignedPost{URL: out.URL, Fields: fields, SigningTime: signAt, ExpiresAt: expiresAt}, nil
}
