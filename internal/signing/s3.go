package signing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// HTTP methods a presigned URL can be minted for.
const (
	MethodGet    = http.MethodGet
	MethodPut    = http.MethodPut
	MethodHead   = http.MethodHead
	MethodDelete = http.MethodDelete
)

// Methods lists the methods PresignURL accepts, default first.
func Methods() []string { return []string{MethodGet, MethodPut, MethodHead, MethodDelete} }

// ServerSideEncryptionValues lists the x-amz-server-side-encryption values a
// presigned PUT or POST can require: the bucket's encryption algorithms.
func ServerSideEncryptionValues() []string { return bucketconfig.EncryptionAlgorithms() }

// FieldError is a validation error about one input field; Field is the
// Terraform attribute name, so the framework glue can attach the error to the
// attribute path.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// AsFieldError returns the FieldError in err's chain, if any.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}

// URLRequest describes one presigned URL.
type URLRequest struct {
	Bucket string
	Key    string
	// Method is GET (default), PUT, HEAD or DELETE.
	Method string
	// ExpiresIn is the validity from SigningTime; 0 means
	// DefaultPresignExpiry. At most MaxPresignExpiry.
	ExpiresIn time.Duration
	// ContentType (PUT only) is signed: the upload must send exactly this
	// Content-Type header.
	ContentType string
	// DownloadFilename (GET only) is signed as response-content-disposition,
	// so S3 answers with Content-Disposition: attachment.
	DownloadFilename string
	// ServerSideEncryption (PUT only) is signed as the
	// x-amz-server-side-encryption header the upload must send.
	ServerSideEncryption string
	// SigningTime is the instant the URL is signed at (see SigningTime).
	SigningTime time.Time
}

// Validate checks the request without signing it. Errors are *FieldError
// naming the Terraform attribute.
func (r URLRequest) Validate() error {
	if r.Bucket == "" {
		return fieldErr("bucket", "the bucket name is empty")
	}
	if r.Key == "" {
		return fieldErr("key", "the object key is empty")
	}
	method := r.method()
	switch method {
	case MethodGet, MethodPut, MethodHead, MethodDelete:
	default:
		return fieldErr("method", "unsupported method %q: use one of GET, PUT, HEAD, DELETE", r.Method)
	}
	if err := checkPresignExpiry(r.ExpiresIn); err != nil {
		return err
	}
	if r.ContentType != "" && method != MethodPut {
		return fieldErr("content_type", "content_type is signed into PUT URLs only; a %s request has no body whose type could be signed", method)
	}
	if r.ServerSideEncryption != "" {
		if method != MethodPut {
			return fieldErr("server_side_encryption", "server_side_encryption is signed into PUT URLs only, not %s", method)
		}
		if err := ValidateSSE(r.ServerSideEncryption, ""); err != nil {
			return err
		}
	}
	if r.DownloadFilename != "" {
		if method != MethodGet {
			return fieldErr("download_filename", "download_filename sets the Content-Disposition of a download; it applies to GET URLs only, not %s", method)
		}
		if err := ValidateFilename(r.DownloadFilename); err != nil {
			return &FieldError{Field: "download_filename", Err: err}
		}
	}
	return nil
}

func (r URLRequest) method() string {
	if r.Method == "" {
		return MethodGet
	}
	return r.Method
}

func checkPresignExpiry(d time.Duration) error {
	if d < 0 {
		return fieldErr("expires_in", "the expiry must be positive")
	}
	if d > MaxPresignExpiry {
		return fieldErr("expires_in", "%s is longer than SigV4 allows (%s, seven days)", d, MaxPresignExpiry)
	}
	if d%time.Second != 0 {
		return fieldErr("expires_in", "the expiry must be a whole number of seconds")
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// PresignedURL is a minted URL.
type PresignedURL struct {
	URL    string
	Method string
	// Headers are the headers the client must send with exactly these
	// values (signed headers other than Host).
	Headers     map[string]string
	SigningTime time.Time
	ExpiresAt   time.Time
}

// S3Presigner mints presigned URLs and POST policies with one S3 client's
// configuration (endpoint, path style, region, credentials). Safe for
// concurrent use.
type S3Presigner struct {
	pc *s3.PresignClient
}

// NewS3Presigner wraps an S3 client. Build the client through
// awsclient.Factory (or with the same options) so that endpoints, path style
// and checksum mode match the rest of the provider: in particular
// RequestChecksumCalculation must be WhenRequired, otherwise the SDK may bake
// a checksum of an empty body into PUT URLs.
func NewS3Presigner(client *s3.Client) *S3Presigner {
	return &S3Presigner{pc: s3.NewPresignClient(client)}
}

// atTime decorates the SDK's own SigV4 presigner and substitutes the signing
// time. The SDK would otherwise sign at sdk.NowTime(), a package-global clock
// that cannot differ between concurrent callers.
type atTime struct {
	inner s3.HTTPPresignerV4
	t     time.Time
}

func (a atTime) PresignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string, _ time.Time, optFns ...func(*v4.SignerOptions)) (string, http.Header, error) {
	return a.inner.PresignHTTP(ctx, creds, r, payloadHash, service, region, a.t, optFns...)
}

// PresignURL mints a presigned URL.
func (p *S3Presigner) PresignURL(ctx context.Context, r URLRequest) (PresignedURL, error) {
	if err := r.Validate(); err != nil {
		return PresignedURL{}, err
	}
	if r.SigningTime.IsZero() {
		return PresignedURL{}, errors.New("signing: no signing time")
	}
	expires := r.ExpiresIn
	if expires == 0 {
		expires = DefaultPresignExpiry
	}
	signAt := r.SigningTime.UTC()
	opt := func(o *s3.PresignOptions) {
		o.Expires = expires
		o.Presigner = atTime{inner: o.Presigner, t: signAt}
	}

	var (
		req *v4.PresignedHTTPRequest
		err error
	)
	bucket, key := aws.String(r.Bucket), aws.String(r.Key)
	switch r.method() {
	case MethodGet:
		in := &s3.GetObjectInput{Bucket: bucket, Key: key}
		if r.DownloadFilename != "" {
			cd, derr := AttachmentDisposition(r.DownloadFilename)
			if derr != nil {
				return PresignedURL{}, &FieldError{Field: "download_filename", Err: derr}
			}
			in.ResponseContentDisposition = aws.String(cd)
		}
		req, err = p.pc.PresignGetObject(ctx, in, opt)
	case MethodPut:
		in := &s3.PutObjectInput{Bucket: bucket, Key: key}
		if r.ContentType != "" {
			in.ContentType = aws.String(r.ContentType)
		}
		if r.ServerSideEncryption != "" {
			in.ServerSideEncryption = s3types.ServerSideEncryption(r.ServerSideEncryption)
		}
		req, err = p.pc.PresignPutObject(ctx, in, opt)
	case MethodHead:
		req, err = p.pc.PresignHeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key}, opt)
	case MethodDelete:
		req, err = p.pc.PresignDeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: key}, opt)
	}
	if err != nil {
		return PresignedURL{}, fmt.Errorf("presigning %s s3://%s/%s: %w", r.method(), r.Bucket, r.Key, err)
	}
	headers := make(map[string]string, len(req.SignedHeader))
	for k, v := range req.SignedHeader {
		if http.CanonicalHeaderKey(k) == "Host" || len(v) == 0 {
			continue
		}
		headers[http.CanonicalHeaderKey(k)] = v[0]
	}
	return PresignedURL{
		URL:         req.URL,
		Method:      req.Method,
		Headers:     headers,
		SigningTime: signAt,
		ExpiresAt:   signAt.Add(expires),
	}, nil
}
