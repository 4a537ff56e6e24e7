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
)

// TestAccUploadBucket_denyInsecureTransport proves the generated policy on a
// server that enforces bucket policies: plain HTTP is denied, HTTPS works;
// with deny_unencrypted_uploads, a PutObject without the SSE header (or with
// another algorithm) is denied and one with the bucket's algorithm works.
func TestAccUploadBucket_denyInsecureTransport(t *testing.T) {
	srv := acctest.RequireServer(t, "seaweedfs")
	name := acctest.BucketName()
	client := s3Client(t)
	plain := func() *s3.Client {
		return s3.NewFromConfig(acctest.Env().AWSConfig(), func(o *s3.Options) {
			o.BaseEndpoint = aws.String(srv.S3HTTPEndpoint)
			o.UsePathStyle = true
			o.RetryMaxAttempts = 1
		})
	}
	config := func(denyUnencrypted bool) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket                   = %q
  deny_unencrypted_uploads = %v
}
`, name, denyUnencrypted)
	}
	put := func(ctx context.Context, c *s3.Client, sse s3types.ServerSideEncryption) error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String("f.txt"),
			Body: strings.NewReader("x"), ServerSideEncryption: sse})
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(false),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if _, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(name)}); err != nil {
						return fmt.Errorf("HTTPS must work: %w", err)
					}
					if err := put(ctx, c, ""); err != nil {
						return fmt.Errorf("an upload without the SSE header must work over HTTPS: %w", err)
					}
					_, err := plain().ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(name)})
					if errCode(err) != "AccessDenied" {
						return fmt.Errorf("plain HTTP must be AccessDenied, got %w", err)
					}
					if err := put(ctx, plain(), ""); errCode(err) != "AccessDenied" {
						return fmt.Errorf("a plain-HTTP upload must be AccessDenied, got %w", err)
					}
					return nil
				}),
			},
			{
				Config: config(true),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := put(ctx, c, ""); errCode(err) != "AccessDenied" {
						return fmt.Errorf("an upload without the SSE header must be AccessDenied, got %w", err)
					}
					if err := put(ctx, c, s3types.ServerSideEncryptionAes256); err != nil {
						return fmt.Errorf("an AES256 upload must work: %w", err)
					}
					// Without the DenyIncorrectEncryptionHeader statement SeaweedFS
					// answers aws:kms uploads with 500 (it has no KMS), so
					// AccessDenied here comes from the policy.
					if err := put(ctx, c, s3types.ServerSideEncryptionAwsKms); errCode(err) != "AccessDenied" {
						return fmt.Errorf("an upload naming another algorithm must be AccessDenied, got %w", err)
					}
					return nil
				}),
			},
			{
				// Objects left behind: let the final destroy remove them.
				Config: strings.Replace(config(true), "deny_unencrypted_uploads", "force_destroy = true\n  deny_unencrypted_uploads", 1),
			},
		},
	})
}
