package uploadbucket_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

func TestAccUploadBucket_basic(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "id", name),
					resource.TestCheckResourceAttr(resourceAddr, "arn", "arn:aws:s3:::"+name),
					onServer(client, name, func(ctx context.Context, c *s3.Client) error {
						return expectDefaults(ctx, c, name)
					}),
				),
			},
			importVerifyStep(name),
			importBlockStep(name),
		},
	})
}

// TestAccUploadBucket_update adds every part to a minimal bucket, changes
// each, then removes each, asking the server after every step.
func TestAccUploadBucket_update(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	minimal := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name)
	full := `
provider "filestore" {
  default_tags = { team = "media" }
  policy       = { enforcement = "warn" } # this step sets what the guardrails deny on purpose
}
` + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = true
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT", "POST", "GET"]
    allowed_headers = ["content-type", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }]
  encryption = {
    algorithm          = "aws:kms"
    kms_key_id         = %q
    bucket_key_enabled = true
  }
  deny_unencrypted_uploads = true
  object_ownership         = "BucketOwnerPreferred"
  lifecycle_tiers = [
    { prefix = "uploads/", expiration_days = 365, noncurrent_expiration_days = 30 },
    { prefix = "tmp/", expiration_days = 1 },
  ]
  abort_incomplete_multipart_days = 3
  cdn_read_access = { distribution_arns = [%q] }
  tags            = { app = "media" }
}
`, name, kmsKey, distA)
	changed := `
provider "filestore" {
  default_tags = { team = "media", env = "test" }
  policy       = { enforcement = "warn" }
}
` + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = false
  cors_rules = [
    {
      allowed_origins = ["https://app.example.com", "https://admin.example.com"]
      allowed_methods = ["PUT"]
    },
    {
      allowed_origins = ["*"]
      allowed_methods = ["GET", "HEAD"]
      max_age_seconds = 60
    },
  ]
  encryption                      = { algorithm = "AES256" }
  deny_insecure_transport         = false
  deny_unencrypted_uploads        = false
  block_public_access             = false
  object_ownership                = "ObjectWriter"
  lifecycle_tiers                 = [{ prefix = "logs/", expiration_days = 30 }]
  abort_incomplete_multipart_days = 0
  cdn_read_access = { distribution_arns = [%q, %q] }
  tags            = { app = "media2", env = "prod" }
}
`, name, distA, distB)

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: minimal,
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return expectDefaults(ctx, c, name)
				}),
			},
			{
				// Every part added.
				Config:           full,
				ConfigPlanChecks: expectUpdate(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("tags_all"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("media"), "app": knownvalue.StringExact("media")})),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("encryption").AtMapKey("algorithm"), knownvalue.StringExact("aws:kms")),
				},
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectVersioning(ctx, c, name, true); err != nil {
						return err
					}
					if err := expectCORS([]s3types.CORSRule{{
						AllowedOrigins: []string{"https://app.example.com"}, AllowedMethods: []string{"PUT", "POST", "GET"},
						AllowedHeaders: []string{"content-type", "x-amz-*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(3600),
					}})(ctx, c, name); err != nil {
						return err
					}
					if err := expectEncryption(ctx, c, name, "aws:kms", kmsKey, true); err != nil {
						return err
					}
					facts, err := policyFacts(ctx, c, name)
					if err != nil {
						return err
					}
					if !facts.DenyInsecureTransport || !facts.DenyUnencryptedUploads || !sameStrings(facts.CDNDistributionARNs, []string{distA}) {
						return fmt.Errorf("policy facts %+v", facts)
					}
					if err := expectOwnership(ctx, c, name, "BucketOwnerPreferred"); err != nil {
						return err
					}
					if err := expectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{
						{Prefix: "uploads/", ExpirationDays: i64p(365), NoncurrentExpirationDays: i64p(30)},
						{Prefix: "tmp/", ExpirationDays: i64p(1)},
					}, 3); err != nil {
						return err
					}
					return expectTags(ctx, c, name, map[string]string{"team": "media", "app": "media"})
				}),
			},
			importVerifyStep(name),
			importBlockStep(name),
			{
				// Every part changed.
				Config:           changed,
				ConfigPlanChecks: expectUpdate(),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectVersioning(ctx, c, name, false); err != nil {
						return err
					}
					if err := expectCORS([]s3types.CORSRule{
						{AllowedOrigins: []string{"https://app.example.com", "https://admin.example.com"}, AllowedMethods: []string{"PUT"}},
						{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET", "HEAD"}, MaxAgeSeconds: aws.Int32(60)},
					})(ctx, c, name); err != nil {
						return err
					}
					if err := expectEncryption(ctx, c, name, "AES256", "", false); err != nil {
						return err
					}
					facts, err := policyFacts(ctx, c, name)
					if err != nil {
						return err
					}
					if facts.DenyInsecureTransport || facts.DenyUnencryptedUploads || !sameStrings(facts.CDNDistributionARNs, []string{distA, distB}) {
						return fmt.Errorf("policy facts %+v", facts)
					}
					pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(name)})
					if err == nil && bucketconfig.PublicAccessBlocked(pab.PublicAccessBlockConfiguration) {
						return fmt.Errorf("public access block still on")
					}
					if err := expectOwnership(ctx, c, name, "ObjectWriter"); err != nil {
						return err
					}
					if err := expectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{{Prefix: "logs/", ExpirationDays: i64p(30)}}, 0); err != nil {
						return err
					}
					return expectTags(ctx, c, name, map[string]string{"team": "media", "app": "media2", "env": "prod"})
				}),
			},
			{
				// Nothing left for the policy or the lifecycle configuration:
				// both are deleted from the bucket.
				Config: `
provider "filestore" {
  policy = { enforcement = "warn" }
}
` + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket                          = %q
  deny_insecure_transport         = false
  abort_incomplete_multipart_days = 0
}
`, name),
				ConfigPlanChecks: expectUpdate(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("policy_json"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("cdn_read_access"), knownvalue.Null()),
				},
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)}); errCode(err) != "NoSuchBucketPolicy" {
						return fmt.Errorf("want no bucket policy, got %w", err)
					}
					if _, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(name)}); errCode(err) != "NoSuchLifecycleConfiguration" {
						return fmt.Errorf("want no lifecycle configuration, got %w", err)
					}
					return nil
				}),
			},
			{
				// Every part removed: back to the defaults.
				Config:           minimal,
				ConfigPlanChecks: expectUpdate(),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(resourceAddr, "cors_rules"),
					resource.TestCheckNoResourceAttr(resourceAddr, "tags_all.%"),
					onServer(client, name, func(ctx context.Context, c *s3.Client) error {
						if err := expectCORS(nil)(ctx, c, name); err != nil {
							return err
						}
						if err := expectTags(ctx, c, name, nil); err != nil {
							return err
						}
						return expectDefaults(ctx, c, name)
					}),
				),
			},
		},
	})
}

// TestAccUploadBucket_prefix generates names from bucket_prefix, and from the
// default prefix when neither bucket nor bucket_prefix is set.
func TestAccUploadBucket_prefix(t *testing.T) {
	client := s3Client(t)
	exists := func(addr, prefix string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			rs := s.RootModule().Resources[addr]
			if rs == nil {
				return fmt.Errorf("%s not in state", addr)
			}
			id := rs.Primary.ID
			if !strings.HasPrefix(id, prefix) || len(id) != len(prefix)+bucketconfig.GeneratedSuffixLength {
				return fmt.Errorf("%s: name %q does not start with %q plus a %d-character suffix", addr, id, prefix, bucketconfig.GeneratedSuffixLength)
			}
			_, err := client().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(id)})
			return err
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + `
resource "filestore_upload_bucket" "test" {
  bucket_prefix = "tf-acc-pfx-"
}
resource "filestore_upload_bucket" "unnamed" {}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("bucket")),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("policy_json")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				exists(resourceAddr, "tf-acc-pfx-"),
				exists("filestore_upload_bucket.unnamed", bucketconfig.DefaultBucketPrefix),
				resource.TestCheckResourceAttrPair(resourceAddr, "id", resourceAddr, "bucket"),
				resource.TestCheckResourceAttr(resourceAddr, "bucket_prefix", "tf-acc-pfx-"),
			),
		}},
	})
}

// TestAccUploadBucket_alreadyExists: creating a bucket whose name exists
// fails with a message that says what to do, and nothing is put in state.
func TestAccUploadBucket_alreadyExists(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	ctx := context.Background()
	if _, err := client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = client().DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(name)})
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		// The bucket was never the resource's: the final destroy leaves it.
		CheckDestroy: func(*terraform.State) error {
			_, err := client().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(name)})
			return err
		},
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name),
			ExpectError: regexp.MustCompile(`already\s+exists\s+and\s+is\s+yours.\s+To\s+manage\s+it\s+with\s+this\s+resource,\s+import\s+it|is\s+taken\s+\(bucket\s+names\s+are\s+global`),
		}},
	})
}
