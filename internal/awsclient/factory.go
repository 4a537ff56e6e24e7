// Package awsclient is the one place that turns the provider configuration into
// AWS SDK clients. Resources, data sources and the test bed never call
// config.LoadDefaultConfig themselves.
//
// Design notes:
//   - Building a Factory makes no network call and reads no file: the SDK
//     configuration is loaded on first use (sync.Once), so `terraform validate`
//     and provider configuration with values unknown until apply work offline.
//   - assume_role (assumerole.go): the base credentials (static keys, profile
//     or the default chain) sign one STS AssumeRole call, made when the first
//     request is signed, never at configuration; the returned temporary
//     credentials sign everything else and are cached (and refreshed before
//     they expire) for the life of the provider process. The STS client is
//     built from the same SDK configuration as S3 and CloudFront, so region,
//     retries, the CA bundle and the user agent apply to it too.
//   - S3 clients calculate request checksums only when an operation requires
//     one (RequestChecksumCalculation WhenRequired). The SDK default adds CRC32
//     trailers that S3-compatible stores reject, and a checksum baked into a
//     presigned URL would bind the URL to one body.
//   - Retries: the SDK standard retryer (throttling, 5xx, connection errors)
//     with max_retries, the client-side retry quota disabled (a long apply must
//     not run out of retry tokens), and OperationAborted (409, "a conflicting
//     conditional operation is in progress") added as retryable: it is
//     transient by definition. Errors that are only transient right after a
//     create (NoSuchBucket) are retried by the resource, not here, because a
//     refresh must see them at once.
package awsclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Compatibility modes.
const (
	CompatibilityAWS = "aws" // Amazon S3 itself (default)
	CompatibilityS3  = "s3"  // a generic S3-compatible store
	// CompatibilityR2 is Cloudflare R2: "s3" plus what Cloudflare documents
	// for R2's S3 API — region "auto", no POST Object, no SSE headers, and
	// whole-object checksums only as CRC-64/NVME.
	CompatibilityR2 = "r2"
)

// CompatibilityValues lists the accepted compatibility modes.
func CompatibilityValues() []string {
	return []string{CompatibilityAWS, CompatibilityS3, CompatibilityR2}
}

// R2Region is the region of every R2 bucket. R2 also accepts "us-east-1"
// and an empty region as aliases of it.
const R2Region = "auto"

// CheckR2Region refuses, with compatibility "r2", a region R2 does not
// answer to: R2 documents "auto", with "us-east-1" and "" as aliases.
func CheckR2Region(compatibility, region string) error {
	if compatibility != CompatibilityR2 {
		return nil
	}
	switch region {
	case "", R2Region, "us-east-1":
		return nil
	}
	return fmt.Errorf("region %q is not an R2 region: R2 buckets are in region \"auto\" (\"us-east-1\" is an alias). "+
		"Remove region or set it to \"auto\"; a jurisdiction (EU, FedRAMP) is chosen by the endpoint, not the region", region)
}

// DefaultMaxRetries is the number of retries when max_retries is not set.
const DefaultMaxRetries = 25

// Config is the provider configuration, already validated and with unknown
// values resolved.
type Config struct {
	Region             string
	Profile            string
	AccessKey          string
	SecretKey          string
	Token              string
	S3Endpoint         string
	CloudFrontEndpoint string
	STSEndpoint        string
	S3UsePathStyle     bool
	CABundlePath       string
	Compatibility      string
	// AssumeRole, when set, makes every client sign with the credentials of
	// that role (see assumerole.go).
	AssumeRole *AssumeRole
	// AssumeRoleUnknown is set when the provider block's assume_role is not
	// known yet (it depends on a resource not yet created): loading the
	// configuration then fails with an error that says so, instead of
	// silently signing with the base credentials.
	AssumeRoleUnknown bool
	// MaxRetries is the number of retries after the first attempt; nil means
	// DefaultMaxRetries.
	MaxRetries *int
	// MaxBackoff caps the delay between two retries (default 20s, the SDK's).
	MaxBackoff time.Duration
	// UserAgent is appended to the SDK user agent ("terraform-provider-filestore/1.2.3").
	UserAgent string
	// HTTPClient replaces the SDK HTTP client (tests and benchmarks only).
	HTTPClient aws.HTTPClient
}

// Factory builds AWS clients from one provider configuration. Safe for
// concurrent use; clients are built once and shared.
type Factory struct {
	cfg Config

	once   sync.Once
	awsCfg aws.Config
	err    error

	s3Once sync.Once
	s3     *s3.Client
	cfOnce sync.Once
	cf     *cloudfront.Client
}

// New returns a Factory for cfg. It makes no network call.
func New(cfg Config) *Factory {
	if cfg.Compatibility == "" {
		cfg.Compatibility = CompatibilityAWS
	}
	return &Factory{cfg: cfg}
}

// Compatibility returns "aws", "s3" or "r2".
func (f *Factory) Compatibility() string { return f.cfg.Compatibility }

// IsGenericS3 reports whether the target is an S3-compatible store rather
// than Amazon S3: compatibility "s3", and "r2" (which is "s3" plus R2's
// documented limits).
func (f *Factory) IsGenericS3() bool { return IsGenericS3(f.cfg.Compatibility) }

// IsR2 reports whether the target is Cloudflare R2 (compatibility "r2").
func (f *Factory) IsR2() bool { return f.cfg.Compatibility == CompatibilityR2 }

// IsGenericS3 reports whether a compatibility mode names an S3-compatible
// store rather than Amazon S3.
func IsGenericS3(compatibility string) bool {
	return compatibility == CompatibilityS3 || compatibility == CompatibilityR2
}

func (f *Factory) load(ctx context.Context) (aws.Config, error) {
	f.once.Do(func() {
		f.awsCfg, f.err = f.loadConfig(ctx)
	})
	return f.awsCfg, f.err
}

func (f *Factory) loadConfig(ctx context.Context) (aws.Config, error) {
	c := f.cfg
	maxRetries := DefaultMaxRetries
	if c.MaxRetries != nil {
		maxRetries = *c.MaxRetries
	}
	maxBackoff := c.MaxBackoff
	if maxBackoff <= 0 {
		maxBackoff = retry.DefaultMaxBackoff
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			r := retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxRetries + 1
				o.MaxBackoff = maxBackoff
				o.RateLimiter = ratelimit.None
			})
			return retry.AddWithErrorCodes(r, "OperationAborted")
		}),
		config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
		config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired),
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.AccessKey != "" || c.SecretKey != "" {
		if c.AccessKey == "" || c.SecretKey == "" {
			return aws.Config{}, errors.New("access_key and secret_key must be set together")
		}
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, c.Token)))
	}
	pem, err := readCABundle(c.CABundlePath)
	if err != nil {
		return aws.Config{}, err
	}
	if pem != nil {
		opts = append(opts, config.WithCustomCABundle(bytes.NewReader(pem)))
	}
	if c.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(c.HTTPClient))
	} else {
		// A buildable client: the SDK applies custom_ca_bundle / AWS_CA_BUNDLE
		// to it. No overall timeout: large uploads take as long as they take;
		// dial and TLS handshake timeouts are the SDK defaults.
		opts = append(opts, config.WithHTTPClient(awshttp.NewBuildableClient()))
	}
	if c.UserAgent != "" {
		opts = append(opts, config.WithAPIOptions([]func(*middleware.Stack) error{
			userAgent(c.UserAgent),
		}))
	}
	if c.AssumeRoleUnknown {
		return aws.Config{}, errors.New("assume_role in the provider block is not known until apply (it refers to a resource " +
			"not created yet): the provider cannot choose its credentials. Give assume_role values known at plan time")
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if err := CheckR2Region(c.Compatibility, c.Region); err != nil {
		return aws.Config{}, err
	}
	switch {
	case c.Compatibility == CompatibilityR2:
		// R2 signs every bucket in region "auto" and aliases us-east-1 and
		// the empty region to it; sign with the canonical one. An
		// AWS_REGION meant for AWS must not leak into R2 requests.
		awsCfg.Region = R2Region
	case awsCfg.Region == "" && c.Compatibility == CompatibilityS3:
		// Generic stores ignore the region but SigV4 needs one.
		awsCfg.Region = "us-east-1"
	case awsCfg.Region == "":
		return aws.Config{}, errors.New("no AWS region: set region in the provider block, AWS_REGION, or a profile's region")
	}
	if c.AssumeRole != nil {
		// After the region is settled: STS is called in the same region.
		awsCfg.Credentials = assumeRoleCredentials(awsCfg, *c.AssumeRole, c.STSEndpoint)
	}
	return awsCfg, nil
}

func userAgent(ua string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Build.Add(middleware.BuildMiddlewareFunc("FilestoreUserAgent",
			func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				if req, ok := in.Request.(*smithyhttp.Request); ok {
					if cur := req.Header.Get("User-Agent"); cur != "" {
						req.Header.Set("User-Agent", cur+" "+ua)
					} else {
						req.Header.Set("User-Agent", ua)
					}
				}
				return next.HandleBuild(ctx, in)
			}), middleware.After)
	}
}

// AWSConfig returns the loaded SDK configuration (credentials, region).
func (f *Factory) AWSConfig(ctx context.Context) (aws.Config, error) { return f.load(ctx) }

// Region returns the resolved region, loading the configuration if needed.
func (f *Factory) Region(ctx context.Context) (string, error) {
	c, err := f.load(ctx)
	if err != nil {
		return "", err
	}
	return c.Region, nil
}

// S3 returns the shared S3 client.
func (f *Factory) S3(ctx context.Context) (*s3.Client, error) {
	awsCfg, err := f.load(ctx)
	if err != nil {
		return nil, err
	}
	f.s3Once.Do(func() {
		f.s3 = s3.NewFromConfig(awsCfg, f.S3Options)
	})
	if f.IsR2() && aws.ToString(f.s3.Options().BaseEndpoint) == "" {
		// Without an endpoint the SDK would send R2 requests to
		// s3.auto.amazonaws.com.
		return nil, errors.New("compatibility = \"r2\" needs the account's R2 endpoint: set endpoints.s3 = \"https://<ACCOUNT_ID>.r2.cloudflarestorage.com\" in the provider block, or AWS_ENDPOINT_URL_S3")
	}
	return f.s3, nil
}

// S3Options applies this configuration to S3 client options. Exposed so that
// presign clients and tests configure S3 exactly like the provider does.
func (f *Factory) S3Options(o *s3.Options) {
	if f.cfg.S3Endpoint != "" {
		o.BaseEndpoint = aws.String(f.cfg.S3Endpoint)
	}
	o.UsePathStyle = f.cfg.S3UsePathStyle
	o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
	o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	if f.IsGenericS3() {
		// Generic stores have no S3 Express One Zone session auth.
		o.DisableS3ExpressSessionAuth = aws.Bool(true)
	}
}

// CloudFront returns the shared CloudFront client. CloudFront is a global
// service signed in us-east-1 whatever the provider region.
func (f *Factory) CloudFront(ctx context.Context) (*cloudfront.Client, error) {
	awsCfg, err := f.load(ctx)
	if err != nil {
		return nil, err
	}
	f.cfOnce.Do(func() {
		f.cf = cloudfront.NewFromConfig(awsCfg, func(o *cloudfront.Options) {
			o.Region = "us-east-1"
			if f.cfg.CloudFrontEndpoint != "" {
				o.BaseEndpoint = aws.String(f.cfg.CloudFrontEndpoint)
			}
		})
	})
	return f.cf, nil
}

// S3EndpointDescription names the S3 endpoint in error messages: the
// configured endpoint, the AWS_ENDPOINT_URL_S3 one, or the regional AWS one.
func (f *Factory) S3EndpointDescription(ctx context.Context) string {
	if c, err := f.S3(ctx); err == nil {
		if ep := c.Options().BaseEndpoint; ep != nil && *ep != "" {
			return *ep
		}
		return fmt.Sprintf("https://s3.%s.amazonaws.com", c.Options().Region)
	}
	if f.cfg.S3Endpoint != "" {
		return f.cfg.S3Endpoint
	}
	return "Amazon S3"
}
