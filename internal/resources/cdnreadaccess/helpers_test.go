package cdnreadaccess_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

const (
	grantAddr  = "filestore_cdn_read_access.test"
	bucketAddr = "filestore_upload_bucket.site"
)

// distributionStandIn is the stand-in for aws_cloudfront_distribution
// (hashicorp/aws cannot be installed here). Like the real resource it takes
// the bucket's bucket_regional_domain_name as its origin, so it depends on
// the bucket, and its ARN is known only after apply: terraform_data's id is
// a UUID generated at apply, and the ARN is built from it. That is exactly
// the shape that was a cycle when the grant lived on the bucket.
func distributionStandIn(name, bucketRef string) string {
	return fmt.Sprintf(`
resource "terraform_data" %[1]q {
  input = { origin_domain_name = %[2]s.bucket_regional_domain_name }
}

locals {
  %[1]s_arn = "arn:aws:cloudfront::111122223333:distribution/E${upper(replace(substr(terraform_data.%[1]s.id, 0, 13), "-", ""))}"
}
`, name, bucketRef)
}

func errCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// policyOf reads the bucket's policy from the server ("" when none).
func policyOf(ctx context.Context, c *s3.Client, bucket string) (string, error) {
	out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if errCode(err) == "NoSuchBucketPolicy" {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("GetBucketPolicy: %w", err)
	}
	return aws.ToString(out.Policy), nil
}

func attr(s *terraform.State, addr, key string) (string, error) {
	rs := s.RootModule().Resources[addr]
	if rs == nil {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.Attributes[key], nil
}

// checkGrant asks the server that the grant in the state at addr is in the
// policy of its bucket, granting exactly the ARN the state of arnAddr
// (terraform_data) derives, and that the policy also holds want (the
// bucket's own settings).
func checkGrant(client func() *s3.Client, addr string, arns func(*terraform.State) ([]string, error), check func(bucketconfig.PolicyOptions) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		bucket, err := attr(s, addr, "bucket")
		if err != nil {
			return err
		}
		sid, _ := attr(s, addr, "sid")
		want, err := arns(s)
		if err != nil {
			return err
		}
		doc, err := policyOf(context.Background(), client(), bucket)
		if err != nil {
			return err
		}
		g, err := bucketconfig.FindCDNGrant(doc, "aws", bucket, sid)
		if err != nil || !g.Found || strings.Join(g.DistributionARNs, ",") != strings.Join(want, ",") {
			return fmt.Errorf("grant %s on %s: %+v (want %v); policy %s: %w", sid, bucket, g, want, doc, err)
		}
		if check != nil {
			f, err := bucketconfig.AnalyzePolicy(doc, "aws", bucket)
			if err != nil {
				return err
			}
			return check(f)
		}
		return nil
	}
}

// standInARN is the ARN the stand-in distribution name yields in state s.
func standInARN(name string) func(*terraform.State) ([]string, error) {
	return func(s *terraform.State) ([]string, error) {
		id, err := attr(s, "terraform_data."+name, "id")
		if err != nil {
			return nil, err
		}
		return []string{"arn:aws:cloudfront::111122223333:distribution/E" + strings.ToUpper(strings.ReplaceAll(id[:13], "-", ""))}, nil
	}
}

// errMatch tolerates the CLI's line wrapping of diagnostics.
func errMatch(msg string) *regexp.Regexp {
	parts := strings.Fields(msg)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(strings.Join(parts, `\s+`))
}

func regexpOf(s string) *regexp.Regexp { return regexp.MustCompile(s) }
