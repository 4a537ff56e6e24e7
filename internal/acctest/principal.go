package acctest

import (
	"context"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// assumedRole matches an STS assumed-role session ARN; aws:PrincipalArn of
// such a session is its role's ARN.
var assumedRole = regexp.MustCompile(`^arn:([^:]+):sts::([0-9]+):assumed-role/([^/]+)/.+$`)

// CallerPrincipalARN returns the aws:PrincipalArn of the credentials the
// tests run with, from STS GetCallerIdentity: AWS's STS, or locally
// SeaweedFS's (it answers GetCallerIdentity on its S3 port).
func CallerPrincipalARN(t *testing.T) string {
	t.Helper()
	SkipUnlessAcceptance(t)
	var c *sts.Client
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c = sts.NewFromConfig(cfg)
	} else {
		srv := RequireServer(t, testbed.SeaweedFS)
		c = sts.NewFromConfig(env.AWSConfig(), func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.S3Endpoint) })
	}
	out, err := c.GetCallerIdentity(Context(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	arn := aws.ToString(out.Arn)
	if m := assumedRole.FindStringSubmatch(arn); m != nil {
		return "arn:" + m[1] + ":iam::" + m[2] + ":role/" + m[3]
	}
	return arn
}
