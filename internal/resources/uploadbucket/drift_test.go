package uploadbucket_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// outOfBand changes the bucket out of band, failing the test on error.
func outOfBand(t *testing.T, what string, fn func(ctx context.Context, c *s3.Client) error) func() {
	return func() {
		if err := fn(context.Background(), acctest.S3(t)); err != nil {
			t.Fatalf("changing %s out of band: %v", what, err)
		}
	}
}

// TestAccUploadBucket_drift changes every part out of band, one step at a
// time: each refresh must see the change (an update is planned for an
// unchanged configuration) and the apply must restore the server.
func TestAccUploadBucket_drift(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	config := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = true
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT", "POST"]
  }]
  lifecycle_tiers = [{ prefix = "tmp/", expiration_days = 2 }]
  tags            = { app = "media" }
}
`, name)
	b := aws.String(name)
	wantCORS := []s3types.CORSRule{{AllowedOrigins: []string{"https://app.example.com"}, AllowedMethods: []string{"PUT", "POST"}}}
	step := func(what string, mutate func(ctx context.Context, c *s3.Client) error, restored func(ctx context.Context, c *s3.Client) error) resource.TestStep {
		return resource.TestStep{
			PreConfig:        outOfBand(t, what, mutate),
			Config:           config,
			ConfigPlanChecks: expectUpdate(),
			Check:            onServer(client, name, restored),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{Config: config},
			step("CORS", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketCors(ctx, &s3.DeleteBucketCorsInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error { return expectCORS(wantCORS)(ctx, c, name) }),
			step("tags", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &s3types.Tagging{
					TagSet: bucketconfig.TagsToAPI(map[string]string{"app": "changed", "extra": "1"})}})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return expectTags(ctx, c, name, map[string]string{"app": "media"})
			}),
			step("versioning", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
					VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
				return err
			}, func(ctx context.Context, c *s3.Client) error { return expectVersioning(ctx, c, name, true) }),
			step("public access block", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
				if err != nil || !bucketconfig.PublicAccessBlocked(out.PublicAccessBlockConfiguration) {
					return fmt.Errorf("public access block not restored: %w", err)
				}
				return nil
			}),
			step("encryption", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b,
					ServerSideEncryptionConfiguration: bucketconfig.EncryptionToAPI(bucketconfig.Encryption{Algorithm: sp("aws:kms"), KMSKeyID: sp(kmsKey)})})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return expectEncryption(ctx, c, name, "AES256", "", false)
			}),
			step("ownership", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b,
					OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipObjectWriter}}}})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return expectOwnership(ctx, c, name, "BucketOwnerEnforced")
			}),
			step("lifecycle", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return expectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{{Prefix: "tmp/", ExpirationDays: i64p(2)}}, 7)
			}),
			step("policy (a statement added)", func(ctx context.Context, c *s3.Client) error {
				out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
				if err != nil {
					return err
				}
				doc := strings.TrimSuffix(strings.TrimSpace(aws.ToString(out.Policy)), "]}") +
					fmt.Sprintf(`,{"Sid":"OutOfBand","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/forbidden/*"}]}`, name)
				_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(doc)})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
				if err != nil {
					return err
				}
				if strings.Contains(aws.ToString(out.Policy), "OutOfBand") {
					return fmt.Errorf("the out-of-band statement is still there: %s", aws.ToString(out.Policy))
				}
				facts, err := policyFacts(ctx, c, name)
				if err != nil || !facts.DenyInsecureTransport {
					return fmt.Errorf("generated statement missing: %+v %w", facts, err)
				}
				return nil
			}),
			step("policy (deleted)", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				facts, err := policyFacts(ctx, c, name)
				if err != nil || !facts.DenyInsecureTransport {
					return fmt.Errorf("policy not restored: %+v %w", facts, err)
				}
				return nil
			}),
		},
	})
}
