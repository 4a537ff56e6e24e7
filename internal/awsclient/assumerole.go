package awsclient

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// Limits AWS STS documents for AssumeRole.
const (
	// MinAssumeRoleDuration and MaxAssumeRoleDuration bound DurationSeconds
	// (900 to 43200 seconds; the role's MaxSessionDuration may be lower).
	MinAssumeRoleDuration = 15 * time.Minute
	MaxAssumeRoleDuration = 12 * time.Hour
	// DefaultAssumeRoleDuration is what the SDK asks for when duration is
	// not set (stscreds.DefaultDuration; a unit test keeps them equal).
	DefaultAssumeRoleDuration = 15 * time.Minute
)

// AssumeRole is the provider's assume_role block: the credentials the
// provider signs with are those of an STS AssumeRole call made with the base
// credentials (static keys, profile or the default chain).
type AssumeRole struct {
	RoleARN     string
	SessionName string // empty: the SDK's aws-go-sdk-<timestamp>
	ExternalID  string
	// Duration of the session; 0 means DefaultAssumeRoleDuration.
	Duration          time.Duration
	Policy            string
	PolicyARNs        []string
	Tags              map[string]string
	TransitiveTagKeys []string
	SourceIdentity    string
}

var (
	roleARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]+$`) // 2 to 1224 characters: checked apart (RE2 repeats stop at 1000)
)

// ValidateRoleARN checks an IAM role ARN (arn:<partition>:iam::<account>:role/<path/name>).
func ValidateRoleARN(s string) error {
	if !roleARNPattern.MatchString(s) {
		return fmt.Errorf("%q is not an IAM role ARN: expected arn:aws:iam::<12-digit account>:role/<name>", s)
	}
	return nil
}

// ValidateSessionName checks a role session name as STS does: 2 to 64
// characters of letters, digits and _+=,.@-.
func ValidateSessionName(s string) error {
	if !sessionNamePattern.MatchString(s) {
		return fmt.Errorf("%q is not a valid role session name: 2 to 64 letters, digits and _+=,.@-", s)
	}
	return nil
}

// ValidateExternalID checks an external id as STS does: 2 to 1224
// characters of letters, digits and _+=,.@:/-.
func ValidateExternalID(s string) error {
	if len(s) < 2 || len(s) > 1224 || !externalIDPattern.MatchString(s) {
		return errors.New("not a valid external id: 2 to 1224 letters, digits and _+=,.@:/-")
	}
	return nil
}

// ParseAssumeRoleDuration parses a Go duration ("1h", "90m") and checks the
// range STS accepts: whole seconds, 15 minutes to 12 hours.
func ParseAssumeRoleDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"1h\" or \"90m\"", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("%q is not a whole number of seconds", s)
	}
	if d < MinAssumeRoleDuration || d > MaxAssumeRoleDuration {
		return 0, fmt.Errorf("%q is outside the range AWS STS allows for a role session: 15m to 12h "+
			"(and at most the role's maximum session duration)", s)
	}
	return d, nil
}

// assumeRoleCredentials returns a cached credentials provider that assumes
// ar.RoleARN with the credentials of base. The STS client is built from base
// like every other client (region, retryer, HTTP client with the CA bundle,
// user agent); its endpoint is stsEndpoint, else AWS_ENDPOINT_URL_STS (read
// by the SDK), else the regional STS endpoint. Nothing is called until the
// first request is signed.
func assumeRoleCredentials(base aws.Config, ar AssumeRole, stsEndpoint string) aws.CredentialsProvider {
	client := sts.NewFromConfig(base, func(o *sts.Options) {
		if stsEndpoint != "" {
			o.BaseEndpoint = aws.String(stsEndpoint)
		}
	})
	p := stscreds.NewAssumeRoleProvider(client, ar.RoleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = ar.SessionName
		o.Duration = ar.Duration
		if ar.ExternalID != "" {
			o.ExternalID = aws.String(ar.ExternalID)
		}
		if ar.Policy != "" {
			o.Policy = aws.String(ar.Policy)
		}
		for _, arn := range ar.PolicyARNs {
			o.PolicyARNs = append(o.PolicyARNs, ststypes.PolicyDescriptorType{Arn: aws.String(arn)})
		}
		keys := make([]string, 0, len(ar.Tags))
		for k := range ar.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			o.Tags = append(o.Tags, ststypes.Tag{Key: aws.String(k), Value: aws.String(ar.Tags[k])})
		}
		o.TransitiveTagKeys = ar.TransitiveTagKeys
		if ar.SourceIdentity != "" {
			o.SourceIdentity = aws.String(ar.SourceIdentity)
		}
	})
	return aws.NewCredentialsCache(namedAssumeRole{inner: p, roleARN: ar.RoleARN})
}

// namedAssumeRole prefixes AssumeRole failures with the role, so that an
// error on any S3 or CloudFront call says which credentials failed and where
// they are configured.
type namedAssumeRole struct {
	inner   aws.CredentialsProvider
	roleARN string
}

func (n namedAssumeRole) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := n.inner.Retrieve(ctx)
	if err != nil {
		return c, fmt.Errorf("assuming role %s (provider assume_role): %w", n.roleARN, err)
	}
	return c, nil
}
