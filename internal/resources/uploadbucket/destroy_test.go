package uploadbucket_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// TestAccUploadBucket_disappears deletes the bucket out of band: the refresh
// removes it from state and the plan creates it again.
func TestAccUploadBucket_disappears(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	config := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: outOfBand(t, "the bucket (deleting it)", func(ctx context.Context, c *s3.Client) error {
					_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
					return err
				}),
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				}},
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return expectDefaults(ctx, c, name)
				}),
			},
		},
	})
}

// fillBucket writes two versions of one key, a deleted key (a delete
// marker over a version) and a pending multipart upload with one part.
func fillBucket(t *testing.T, name string) func(ctx context.Context, c *s3.Client) error {
	return func(ctx context.Context, c *s3.Client) error {
		b := aws.String(name)
		for _, body := range []string{"v1", "v2"} {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("doc.txt"), Body: strings.NewReader(body)}); err != nil {
				return fmt.Errorf("PutObject: %w", err)
			}
		}
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("gone.txt"), Body: strings.NewReader("x")}); err != nil {
			return fmt.Errorf("PutObject: %w", err)
		}
		if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: aws.String("gone.txt")}); err != nil {
			return fmt.Errorf("DeleteObject: %w", err)
		}
		mp, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("big.bin")})
		if err != nil {
			return fmt.Errorf("CreateMultipartUpload: %w", err)
		}
		if _, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: aws.String("big.bin"), UploadId: mp.UploadId,
			PartNumber: aws.Int32(1), Body: strings.NewReader(strings.Repeat("p", 1024))}); err != nil {
			return fmt.Errorf("UploadPart: %w", err)
		}
		// The server holds what force_destroy must remove.
		vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: b})
		if err != nil {
			return fmt.Errorf("ListObjectVersions: %w", err)
		}
		if len(vs.Versions) < 3 || len(vs.DeleteMarkers) < 1 {
			return fmt.Errorf("want 3 versions and a delete marker, got %d versions and %d delete markers", len(vs.Versions), len(vs.DeleteMarkers))
		}
		ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: b})
		if err != nil {
			return fmt.Errorf("ListMultipartUploads: %w", err)
		}
		if len(ups.Uploads) != 1 {
			return fmt.Errorf("want 1 pending multipart upload, got %d", len(ups.Uploads))
		}
		return nil
	}
}

// TestAccUploadBucket_forceDestroy destroys a versioned bucket holding object
// versions, a delete marker and a pending multipart upload; CheckDestroy asks
// the server that the bucket is gone.
func TestAccUploadBucket_forceDestroy(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %q
  versioning    = true
  force_destroy = true
}
`, name),
			Check: onServer(client, name, fillBucket(t, name)),
		}},
	})
}

// TestAccUploadBucket_destroyNonEmpty: without force_destroy a non-empty
// bucket is not destroyed and the error says to set force_destroy; with it
// set, the destroy succeeds.
func TestAccUploadBucket_destroyNonEmpty(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	config := func(force bool) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %q
  force_destroy = %v
}
`, name, force)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(false),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String("keep.txt"), Body: strings.NewReader("x")})
					return err
				}),
			},
			{
				Config:      config(false),
				Destroy:     true,
				ExpectError: errMatch("is not empty (objects, object versions, delete markers or multipart uploads remain). Set force_destroy = true"),
			},
			{
				// Still there, object included.
				Config: config(true),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					_, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(name), Key: aws.String("keep.txt")})
					return err
				}),
			},
		},
	})
}
