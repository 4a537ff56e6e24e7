package resources_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/resources"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

const uploadBucketAddr = "filestore_upload_bucket.test"

// uploadBucketCode returns the S3 error code of err ("" when none).
func uploadBucketCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// uploadBucketCheckDestroy asks the server that every upload bucket in the
// state is gone.
func uploadBucketCheckDestroy(client func() *s3.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := client()
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "filestore_upload_bucket" {
				continue
			}
			_, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(rs.Primary.ID)})
			if err == nil {
				return fmt.Errorf("bucket %s still exists on the server", rs.Primary.ID)
			}
			var nf *s3types.NotFound
			if !errors.As(err, &nf) && uploadBucketCode(err) != "NoSuchBucket" {
				return fmt.Errorf("checking that bucket %s is gone: %w", rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// uploadBucketServer is a check that asks the server about bucket.
func uploadBucketServer(client func() *s3.Client, bucket string, check func(ctx context.Context, c *s3.Client) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if err := check(context.Background(), client()); err != nil {
			return fmt.Errorf("bucket %s on the server: %w", bucket, err)
		}
		return nil
	}
}

// uploadBucketExpectCORS checks the CORS rules (nil: none).
func uploadBucketExpectCORS(want []s3types.CORSRule) func(context.Context, *s3.Client, string) error {
	return func(ctx context.Context, c *s3.Client, bucket string) error {
		out, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String(bucket)})
		if want == nil {
			if err == nil && len(out.CORSRules) > 0 {
				return fmt.Errorf("want no CORS configuration, got %d rules", len(out.CORSRules))
			}
			if err != nil && uploadBucketCode(err) != "NoSuchCORSConfiguration" {
				return err
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("GetBucketCors: %w", err)
		}
		if len(out.CORSRules) != len(want) {
			return fmt.Errorf("want %d CORS rules, got %d", len(want), len(out.CORSRules))
		}
		for i, w := range want {
			g := out.CORSRules[i]
			if !sameStrings(g.AllowedOrigins, w.AllowedOrigins) || !sameStrings(g.AllowedMethods, w.AllowedMethods) ||
				!sameStrings(g.AllowedHeaders, w.AllowedHeaders) || !sameStrings(g.ExposeHeaders, w.ExposeHeaders) ||
				aws.ToInt32(g.MaxAgeSeconds) != aws.ToInt32(w.MaxAgeSeconds) {
				return fmt.Errorf("CORS rule %d: got %+v, want %+v", i, g, w)
			}
		}
		return nil
	}
}

func sameStrings(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// uploadBucketExpectDefaults checks the AWS-mode defaults on the server:
// AES256, all four public access block flags, BucketOwnerEnforced, a policy
// denying insecure transport, the 7-day abort rule, versioning off.
func uploadBucketExpectDefaults(ctx context.Context, c *s3.Client, bucket string) error {
	if err := uploadBucketExpectEncryption(ctx, c, bucket, "AES256", "", false); err != nil {
		return err
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetPublicAccessBlock: %w", err)
	}
	if !bucketconfig.PublicAccessBlocked(pab.PublicAccessBlockConfiguration) {
		return fmt.Errorf("public access block not fully on: %+v", pab.PublicAccessBlockConfiguration)
	}
	if err := uploadBucketExpectOwnership(ctx, c, bucket, "BucketOwnerEnforced"); err != nil {
		return err
	}
	facts, err := uploadBucketPolicyFacts(ctx, c, bucket)
	if err != nil {
		return err
	}
	if !facts.DenyInsecureTransport || facts.DenyUnencryptedUploads || facts.CDNDistributionARNs != nil {
		return fmt.Errorf("policy: want only the insecure-transport denial, got %+v", facts)
	}
	if err := uploadBucketExpectLifecycle(ctx, c, bucket, nil, 7); err != nil {
		return err
	}
	return uploadBucketExpectVersioning(ctx, c, bucket, false)
}

func uploadBucketExpectEncryption(ctx context.Context, c *s3.Client, bucket, alg, key string, bucketKey bool) error {
	out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	if alg == "" {
		if err == nil {
			return fmt.Errorf("want no default encryption, got %+v", out.ServerSideEncryptionConfiguration)
		}
		if uploadBucketCode(err) != "ServerSideEncryptionConfigurationNotFoundError" {
			return err
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("GetBucketEncryption: %w", err)
	}
	e := bucketconfig.EncryptionFromAPI(out.ServerSideEncryptionConfiguration)
	if e == nil || e.AlgorithmOrDefault() != alg || aws.ToString(e.KMSKeyID) != key || aws.ToBool(e.BucketKeyEnabled) != bucketKey {
		return fmt.Errorf("encryption: got %+v, want %s key=%q bucket_key=%v", e, alg, key, bucketKey)
	}
	return nil
}

func uploadBucketExpectOwnership(ctx context.Context, c *s3.Client, bucket, want string) error {
	out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetBucketOwnershipControls: %w", err)
	}
	if len(out.OwnershipControls.Rules) != 1 || string(out.OwnershipControls.Rules[0].ObjectOwnership) != want {
		return fmt.Errorf("ownership: got %+v, want %s", out.OwnershipControls.Rules, want)
	}
	return nil
}

func uploadBucketPolicyFacts(ctx context.Context, c *s3.Client, bucket string) (bucketconfig.PolicyFacts, error) {
	out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if err != nil {
		if uploadBucketCode(err) == "NoSuchBucketPolicy" {
			return bucketconfig.PolicyFacts{}, nil
		}
		return bucketconfig.PolicyFacts{}, fmt.Errorf("GetBucketPolicy: %w", err)
	}
	return bucketconfig.AnalyzePolicy(aws.ToString(out.Policy), "aws", bucket)
}

func uploadBucketExpectLifecycle(ctx context.Context, c *s3.Client, bucket string, tiers []bucketconfig.LifecycleTier, abort int64) error {
	out, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	var rules []s3types.LifecycleRule
	if err != nil {
		if uploadBucketCode(err) != "NoSuchLifecycleConfiguration" {
			return fmt.Errorf("GetBucketLifecycleConfiguration: %w", err)
		}
	} else {
		rules = out.Rules
	}
	gotTiers, gotAbort := bucketconfig.LifecycleFromAPI(rules)
	if gotAbort != abort {
		return fmt.Errorf("abort-incomplete-multipart days: got %d, want %d", gotAbort, abort)
	}
	if fmt.Sprint(uploadBucketTiersString(gotTiers)) != fmt.Sprint(uploadBucketTiersString(tiers)) {
		return fmt.Errorf("lifecycle tiers: got %s, want %s", uploadBucketTiersString(gotTiers), uploadBucketTiersString(tiers))
	}
	return nil
}

func uploadBucketTiersString(tiers []bucketconfig.LifecycleTier) string {
	var b strings.Builder
	for _, t := range tiers {
		fmt.Fprintf(&b, "{prefix=%q", t.Prefix)
		for _, tr := range t.Transitions {
			fmt.Fprintf(&b, " %s@%d", aws.ToString(tr.StorageClass), aws.ToInt64(tr.Days))
		}
		if t.ExpirationDays != nil {
			fmt.Fprintf(&b, " expire@%d", *t.ExpirationDays)
		}
		if t.NoncurrentExpirationDays != nil {
			fmt.Fprintf(&b, " noncurrent@%d", *t.NoncurrentExpirationDays)
		}
		b.WriteString("}")
	}
	return b.String()
}

func uploadBucketExpectVersioning(ctx context.Context, c *s3.Client, bucket string, enabled bool) error {
	out, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetBucketVersioning: %w", err)
	}
	if bucketconfig.VersioningEnabled(out.Status) != enabled {
		return fmt.Errorf("versioning status %q, want enabled=%v", out.Status, enabled)
	}
	return nil
}

func uploadBucketExpectTags(ctx context.Context, c *s3.Client, bucket string, want map[string]string) error {
	out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	got := map[string]string{}
	if err != nil {
		if uploadBucketCode(err) != "NoSuchTagSet" {
			return fmt.Errorf("GetBucketTagging: %w", err)
		}
	} else {
		got = bucketconfig.TagsFromAPI(out.TagSet)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) && (len(got) != 0 || len(want) != 0) {
		return fmt.Errorf("tags: got %v, want %v", got, want)
	}
	return nil
}

func i64p(v int64) *int64 { return &v }
func sp(s string) *string { return &s }

// uploadBucketImportBlockStep imports the bucket with an import block: the
// plan must be a no-op import for the step's configuration.
func uploadBucketImportBlockStep(name string) resource.TestStep {
	return resource.TestStep{
		ResourceName:    uploadBucketAddr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithID,
		ImportStateId:   name,
	}
}

// uploadBucketErr turns a message into a regexp that tolerates the line
// wrapping of the CLI's diagnostics (any run of spaces may become a newline).
func uploadBucketErr(msg string) *regexp.Regexp {
	parts := strings.Fields(msg)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(strings.Join(parts, `\s+`))
}

func uploadBucketS3(t *testing.T) func() *s3.Client {
	return func() *s3.Client { return acctest.S3(t) }
}

func TestAccUploadBucket_basic(t *testing.T) {
	name := acctest.BucketName()
	client := uploadBucketS3(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(uploadBucketAddr, "id", name),
					resource.TestCheckResourceAttr(uploadBucketAddr, "arn", "arn:aws:s3:::"+name),
					uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
						return uploadBucketExpectDefaults(ctx, c, name)
					}),
				),
			},
			{
				ResourceName:            uploadBucketAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			uploadBucketImportBlockStep(name),
		},
	})
}

const (
	uploadBucketKMSKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	uploadBucketDistA  = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEA"
	uploadBucketDistB  = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEB"
)

func uploadBucketExpectUpdate() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(uploadBucketAddr, plancheck.ResourceActionUpdate),
	}}
}

// TestAccUploadBucket_update adds every part to a minimal bucket, changes
// each, then removes each, asking the server after every step.
func TestAccUploadBucket_update(t *testing.T) {
	name := acctest.BucketName()
	client := uploadBucketS3(t)
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
`, name, uploadBucketKMSKey, uploadBucketDistA)
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
`, name, uploadBucketDistA, uploadBucketDistB)

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: minimal,
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return uploadBucketExpectDefaults(ctx, c, name)
				}),
			},
			{
				// Every part added.
				Config:           full,
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("tags_all"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("media"), "app": knownvalue.StringExact("media")})),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("encryption").AtMapKey("algorithm"), knownvalue.StringExact("aws:kms")),
				},
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := uploadBucketExpectVersioning(ctx, c, name, true); err != nil {
						return err
					}
					if err := uploadBucketExpectCORS([]s3types.CORSRule{{
						AllowedOrigins: []string{"https://app.example.com"}, AllowedMethods: []string{"PUT", "POST", "GET"},
						AllowedHeaders: []string{"content-type", "x-amz-*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(3600),
					}})(ctx, c, name); err != nil {
						return err
					}
					if err := uploadBucketExpectEncryption(ctx, c, name, "aws:kms", uploadBucketKMSKey, true); err != nil {
						return err
					}
					facts, err := uploadBucketPolicyFacts(ctx, c, name)
					if err != nil {
						return err
					}
					if !facts.DenyInsecureTransport || !facts.DenyUnencryptedUploads || !sameStrings(facts.CDNDistributionARNs, []string{uploadBucketDistA}) {
						return fmt.Errorf("policy facts %+v", facts)
					}
					if err := uploadBucketExpectOwnership(ctx, c, name, "BucketOwnerPreferred"); err != nil {
						return err
					}
					if err := uploadBucketExpectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{
						{Prefix: "uploads/", ExpirationDays: i64p(365), NoncurrentExpirationDays: i64p(30)},
						{Prefix: "tmp/", ExpirationDays: i64p(1)},
					}, 3); err != nil {
						return err
					}
					return uploadBucketExpectTags(ctx, c, name, map[string]string{"team": "media", "app": "media"})
				}),
			},
			{
				ResourceName:            uploadBucketAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			uploadBucketImportBlockStep(name),
			{
				// Every part changed.
				Config:           changed,
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := uploadBucketExpectVersioning(ctx, c, name, false); err != nil {
						return err
					}
					if err := uploadBucketExpectCORS([]s3types.CORSRule{
						{AllowedOrigins: []string{"https://app.example.com", "https://admin.example.com"}, AllowedMethods: []string{"PUT"}},
						{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET", "HEAD"}, MaxAgeSeconds: aws.Int32(60)},
					})(ctx, c, name); err != nil {
						return err
					}
					if err := uploadBucketExpectEncryption(ctx, c, name, "AES256", "", false); err != nil {
						return err
					}
					facts, err := uploadBucketPolicyFacts(ctx, c, name)
					if err != nil {
						return err
					}
					if facts.DenyInsecureTransport || facts.DenyUnencryptedUploads || !sameStrings(facts.CDNDistributionARNs, []string{uploadBucketDistA, uploadBucketDistB}) {
						return fmt.Errorf("policy facts %+v", facts)
					}
					pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(name)})
					if err == nil && bucketconfig.PublicAccessBlocked(pab.PublicAccessBlockConfiguration) {
						return fmt.Errorf("public access block still on")
					}
					if err := uploadBucketExpectOwnership(ctx, c, name, "ObjectWriter"); err != nil {
						return err
					}
					if err := uploadBucketExpectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{{Prefix: "logs/", ExpirationDays: i64p(30)}}, 0); err != nil {
						return err
					}
					return uploadBucketExpectTags(ctx, c, name, map[string]string{"team": "media", "app": "media2", "env": "prod"})
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
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("policy_json"), knownvalue.Null()),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("cdn_read_access"), knownvalue.Null()),
				},
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)}); uploadBucketCode(err) != "NoSuchBucketPolicy" {
						return fmt.Errorf("want no bucket policy, got %w", err)
					}
					if _, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(name)}); uploadBucketCode(err) != "NoSuchLifecycleConfiguration" {
						return fmt.Errorf("want no lifecycle configuration, got %w", err)
					}
					return nil
				}),
			},
			{
				// Every part removed: back to the defaults.
				Config:           minimal,
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(uploadBucketAddr, "cors_rules"),
					resource.TestCheckNoResourceAttr(uploadBucketAddr, "tags_all.%"),
					uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
						if err := uploadBucketExpectCORS(nil)(ctx, c, name); err != nil {
							return err
						}
						if err := uploadBucketExpectTags(ctx, c, name, nil); err != nil {
							return err
						}
						return uploadBucketExpectDefaults(ctx, c, name)
					}),
				),
			},
		},
	})
}

// uploadBucketMutate changes the bucket out of band, failing the test on error.
func uploadBucketMutate(t *testing.T, what string, fn func(ctx context.Context, c *s3.Client) error) func() {
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
	client := uploadBucketS3(t)
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
			PreConfig:        uploadBucketMutate(t, what, mutate),
			Config:           config,
			ConfigPlanChecks: uploadBucketExpectUpdate(),
			Check:            uploadBucketServer(client, name, restored),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{Config: config},
			step("CORS", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketCors(ctx, &s3.DeleteBucketCorsInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error { return uploadBucketExpectCORS(wantCORS)(ctx, c, name) }),
			step("tags", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &s3types.Tagging{
					TagSet: bucketconfig.TagsToAPI(map[string]string{"app": "changed", "extra": "1"})}})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return uploadBucketExpectTags(ctx, c, name, map[string]string{"app": "media"})
			}),
			step("versioning", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
					VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
				return err
			}, func(ctx context.Context, c *s3.Client) error { return uploadBucketExpectVersioning(ctx, c, name, true) }),
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
					ServerSideEncryptionConfiguration: bucketconfig.EncryptionToAPI(bucketconfig.Encryption{Algorithm: sp("aws:kms"), KMSKeyID: sp(uploadBucketKMSKey)})})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return uploadBucketExpectEncryption(ctx, c, name, "AES256", "", false)
			}),
			step("ownership", func(ctx context.Context, c *s3.Client) error {
				_, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b,
					OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipObjectWriter}}}})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return uploadBucketExpectOwnership(ctx, c, name, "BucketOwnerEnforced")
			}),
			step("lifecycle", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				return uploadBucketExpectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{{Prefix: "tmp/", ExpirationDays: i64p(2)}}, 7)
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
				facts, err := uploadBucketPolicyFacts(ctx, c, name)
				if err != nil || !facts.DenyInsecureTransport {
					return fmt.Errorf("generated statement missing: %+v %w", facts, err)
				}
				return nil
			}),
			step("policy (deleted)", func(ctx context.Context, c *s3.Client) error {
				_, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b})
				return err
			}, func(ctx context.Context, c *s3.Client) error {
				facts, err := uploadBucketPolicyFacts(ctx, c, name)
				if err != nil || !facts.DenyInsecureTransport {
					return fmt.Errorf("policy not restored: %+v %w", facts, err)
				}
				return nil
			}),
		},
	})
}

// TestAccUploadBucket_disappears deletes the bucket out of band: the refresh
// removes it from state and the plan creates it again.
func TestAccUploadBucket_disappears(t *testing.T) {
	name := acctest.BucketName()
	client := uploadBucketS3(t)
	config := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
}
`, name)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: uploadBucketMutate(t, "the bucket (deleting it)", func(ctx context.Context, c *s3.Client) error {
					_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
					return err
				}),
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(uploadBucketAddr, plancheck.ResourceActionCreate),
				}},
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return uploadBucketExpectDefaults(ctx, c, name)
				}),
			},
		},
	})
}

// uploadBucketFill writes two versions of one key, a deleted key (a delete
// marker over a version) and a pending multipart upload with one part.
func uploadBucketFill(t *testing.T, name string) func(ctx context.Context, c *s3.Client) error {
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
	client := uploadBucketS3(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %q
  versioning    = true
  force_destroy = true
}
`, name),
			Check: uploadBucketServer(client, name, uploadBucketFill(t, name)),
		}},
	})
}

// TestAccUploadBucket_destroyNonEmpty: without force_destroy a non-empty
// bucket is not destroyed and the error says to set force_destroy; with it
// set, the destroy succeeds.
func TestAccUploadBucket_destroyNonEmpty(t *testing.T) {
	name := acctest.BucketName()
	client := uploadBucketS3(t)
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
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(false),
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String("keep.txt"), Body: strings.NewReader("x")})
					return err
				}),
			},
			{
				Config:      config(false),
				Destroy:     true,
				ExpectError: uploadBucketErr("is not empty (objects, object versions, delete markers or multipart uploads remain). Set force_destroy = true"),
			},
			{
				// Still there, object included.
				Config: config(true),
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					_, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(name), Key: aws.String("keep.txt")})
					return err
				}),
			},
		},
	})
}

// TestAccUploadBucket_denyInsecureTransport proves the generated policy on a
// server that enforces bucket policies: plain HTTP is denied, HTTPS works;
// with deny_unencrypted_uploads, a PutObject without the SSE header (or with
// another algorithm) is denied and one with the bucket's algorithm works.
func TestAccUploadBucket_denyInsecureTransport(t *testing.T) {
	srv := acctest.RequireServer(t, "seaweedfs")
	name := acctest.BucketName()
	client := uploadBucketS3(t)
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
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(false),
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if _, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(name)}); err != nil {
						return fmt.Errorf("HTTPS must work: %w", err)
					}
					if err := put(ctx, c, ""); err != nil {
						return fmt.Errorf("an upload without the SSE header must work over HTTPS: %w", err)
					}
					_, err := plain().ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(name)})
					if uploadBucketCode(err) != "AccessDenied" {
						return fmt.Errorf("plain HTTP must be AccessDenied, got %w", err)
					}
					if err := put(ctx, plain(), ""); uploadBucketCode(err) != "AccessDenied" {
						return fmt.Errorf("a plain-HTTP upload must be AccessDenied, got %w", err)
					}
					return nil
				}),
			},
			{
				Config: config(true),
				Check: uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := put(ctx, c, ""); uploadBucketCode(err) != "AccessDenied" {
						return fmt.Errorf("an upload without the SSE header must be AccessDenied, got %w", err)
					}
					if err := put(ctx, c, s3types.ServerSideEncryptionAes256); err != nil {
						return fmt.Errorf("an AES256 upload must work: %w", err)
					}
					// Without the DenyIncorrectEncryptionHeader statement SeaweedFS
					// answers aws:kms uploads with 500 (it has no KMS), so
					// AccessDenied here comes from the policy.
					if err := put(ctx, c, s3types.ServerSideEncryptionAwsKms); uploadBucketCode(err) != "AccessDenied" {
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

// TestAccUploadBucket_badInput: every input S3 would reject at apply is a
// plan-time error naming the attribute path; values unknown until apply are
// not flagged.
func TestAccUploadBucket_badInput(t *testing.T) {
	bucket := func(body string) string {
		return acctest.ProviderBlock() + "resource \"filestore_upload_bucket\" \"test\" {\n" + body + "\n}\n"
	}
	named := func(body string) string { return bucket("  bucket = \"tf-acc-bad-input\"\n" + body) }
	tier := func(transitions string, extra string) string {
		return named(fmt.Sprintf("  lifecycle_tiers = [{ prefix = \"uploads/\", transitions = [%s] %s }]", transitions, extra))
	}
	cases := []struct {
		config string
		want   string
	}{
		{bucket(`  bucket = "ab"`), `bucket: bucket name "ab" is 2 characters long`},
		{bucket(`  bucket = "My_Uploads"`), `bucket: bucket name "My_Uploads" is invalid: character 'M' at position 1`},
		{bucket(`  bucket = "-uploads"`), `bucket: bucket name "-uploads" must begin and end with a lowercase letter or digit`},
		{bucket(`  bucket = "my..uploads"`), `bucket: bucket name "my..uploads" must not contain two adjacent dots`},
		{bucket(`  bucket = "10.0.0.1"`), `bucket: bucket name "10.0.0.1" must not be formatted as an IP address`},
		{bucket(`  bucket = "xn--uploads"`), `bucket: bucket name "xn--uploads" must not start with "xn--"`},
		{bucket(`  bucket = "sthree-uploads"`), `must not start with "sthree-"`},
		{bucket(`  bucket = "amzn-s3-demo-uploads"`), `must not start with "amzn-s3-demo-"`},
		{bucket(`  bucket = "uploads-s3alias"`), `must not end with "-s3alias"`},
		{bucket(`  bucket = "uploads--ol-s3"`), `must not end with "--ol-s3"`},
		{bucket(`  bucket = "uploads.mrap"`), `must not end with ".mrap"`},
		{bucket(`  bucket = "uploads--x-s3"`), `must not end with "--x-s3"`},
		{bucket(`  bucket = "uploads--table-s3"`), `must not end with "--table-s3"`},
		{bucket(`  bucket_prefix = "` + strings.Repeat("a", 38) + `"`), `bucket_prefix: bucket prefix "` + strings.Repeat("a", 38) + `" is 38 characters long; it must be 1 to 37`},
		{bucket(`  bucket_prefix = "Uploads-"`), `bucket_prefix: bucket prefix "Uploads-" is invalid`},
		{bucket("  bucket = \"tf-acc-x\"\n  bucket_prefix = \"tf-acc-\""), `cannot be specified when`},
		{named(`  cors_rules = [{ allowed_origins = ["*"], allowed_methods = ["GET", "PATCH"] }]`),
			`cors_rules[0].allowed_methods[1]: "PATCH" is not a method S3 CORS rules accept; use GET, PUT, POST, HEAD, DELETE.`},
		{named(`  cors_rules = [{ allowed_origins = ["*"], allowed_methods = ["put"] }]`), `S3 requires upper case: PUT.`},
		{tier(`{ days = 30, storage_class = "COLD" }`, ""),
			`lifecycle_tiers[0].transitions[0].storage_class: "COLD" is not a storage class lifecycle transitions accept`},
		{tier(`{ days = 10, storage_class = "STANDARD_IA" }`, ""),
			`lifecycle_tiers[0].transitions[0].days: a transition to STANDARD_IA must be at least 30 days after creation`},
		{tier(`{ days = 29, storage_class = "ONEZONE_IA" }`, ""),
			`lifecycle_tiers[0].transitions[0].days: a transition to ONEZONE_IA must be at least 30 days`},
		{tier(`{ days = 30, storage_class = "STANDARD_IA" }, { days = 45, storage_class = "GLACIER" }`, ""),
			`lifecycle_tiers[0].transitions[1].days: this archive transition to GLACIER at day 45 is only 15 days after the transition to STANDARD_IA at day 30`},
		{tier(`{ days = 30, storage_class = "STANDARD_IA" }, { days = 40, storage_class = "GLACIER_IR" }`, ""),
			`lifecycle_tiers[0].transitions[1].days: this archive transition to GLACIER_IR`},
		{tier(`{ days = 90, storage_class = "GLACIER" }, { days = 60, storage_class = "DEEP_ARCHIVE" }`, ""),
			`lifecycle_tiers[0].transitions[1].days: day 60 is not after transitions[0] (day 90)`},
		{tier(`{ days = 30, storage_class = "GLACIER" }, { days = 120, storage_class = "STANDARD_IA" }`, ""),
			`lifecycle_tiers[0].transitions[1].storage_class: STANDARD_IA is not colder than GLACIER (transitions[0])`},
		{tier(`{ days = 30, storage_class = "STANDARD_IA" }, { days = 90, storage_class = "GLACIER" }`, ", expiration_days = 60"),
			`lifecycle_tiers[0].expiration_days: objects expire at day 60 but transitions[1] moves them at day 90`},
		{named(`  lifecycle_tiers = [{ prefix = "tmp/" }]`), `lifecycle_tiers[0]: the tier for prefix "tmp/" has no transitions`},
		{named(`  encryption = { kms_key_id = "` + uploadBucketKMSKey + `" }`),
			`encryption.kms_key_id: a KMS key is set but the algorithm is "AES256"`},
		{named(`  encryption = { algorithm = "aws:kms:dsse", bucket_key_enabled = true }`), `encryption.bucket_key_enabled: S3 Bucket Keys apply to SSE-KMS`},
		{named(`  encryption = { algorithm = "aes256" }`), `encryption.algorithm: "aes256" is not an S3 server-side encryption algorithm`},
		{named(`  object_ownership = "BucketOwner"`), `value must be one of`},
		{named(`  abort_incomplete_multipart_days = -1`), `abort_incomplete_multipart_days: -1 is negative`},
		{named(`  cdn_read_access = { distribution_arns = ["E2EXAMPLE"] }`), `must be a CloudFront distribution ARN`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: uploadBucketErr(c.want)})
	}
	// Unknown until apply: a day count computed from another bucket's
	// generated name is not validated (and not flagged) at plan time.
	steps = append(steps, resource.TestStep{
		Config: acctest.ProviderBlock() + `
resource "filestore_upload_bucket" "other" {
  bucket_prefix = "tf-acc-other-"
}
resource "filestore_upload_bucket" "test" {
  bucket = "tf-acc-unknown-days"
  lifecycle_tiers = [{
    prefix      = "uploads/"
    transitions = [{ days = length(filestore_upload_bucket.other.id) + 60, storage_class = "GLACIER" }]
  }]
  cors_rules = [{
    allowed_origins = ["https://${filestore_upload_bucket.other.id}.example.com"]
    allowed_methods = ["GET", upper(substr(filestore_upload_bucket.other.id, 0, 0))]
  }]
  encryption      = { algorithm = "aws:kms", kms_key_id = filestore_upload_bucket.other.arn }
  cdn_read_access = { distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/${upper(replace(filestore_upload_bucket.other.id, "-", ""))}"] }
  tags            = { owner = filestore_upload_bucket.other.id, app = "media" }
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectUnknownValue(uploadBucketAddr, tfjsonpath.New("tags_all")),
			plancheck.ExpectUnknownValue(uploadBucketAddr, tfjsonpath.New("policy_json")),
		}},
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}

// TestAccUploadBucket_prefix generates names from bucket_prefix, and from the
// default prefix when neither bucket nor bucket_prefix is set.
func TestAccUploadBucket_prefix(t *testing.T) {
	client := uploadBucketS3(t)
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
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + `
resource "filestore_upload_bucket" "test" {
  bucket_prefix = "tf-acc-pfx-"
}
resource "filestore_upload_bucket" "unnamed" {}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(uploadBucketAddr, tfjsonpath.New("bucket")),
				plancheck.ExpectUnknownValue(uploadBucketAddr, tfjsonpath.New("policy_json")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				exists(uploadBucketAddr, "tf-acc-pfx-"),
				exists("filestore_upload_bucket.unnamed", bucketconfig.DefaultBucketPrefix),
				resource.TestCheckResourceAttrPair(uploadBucketAddr, "id", uploadBucketAddr, "bucket"),
				resource.TestCheckResourceAttr(uploadBucketAddr, "bucket_prefix", "tf-acc-pfx-"),
			),
		}},
	})
}

// TestAccUploadBucket_lifecycleTransitions: SeaweedFS answers 501 to rules
// with transitions, so the tiers round-trip against kumo's S3, driven as a
// generic store (compatibility = "s3", only what is set is sent; kumo's
// ownership-controls and DeleteBucketCors defects are never exercised).
// kumo accepts invalid lifecycle configurations; plan-time validation is what
// protects users (see TestAccUploadBucket_badInput).
func TestAccUploadBucket_lifecycleTransitions(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	name := acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.Kumo) }
	config := func(iaDays, glacierDays, expire int) string {
		return acctest.ProviderBlockFor(testbed.Kumo, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  lifecycle_tiers = [
    {
      prefix = "uploads/"
      transitions = [
        { days = %d, storage_class = "STANDARD_IA" },
        { days = %d, storage_class = "GLACIER" },
      ]
      expiration_days            = %d
      noncurrent_expiration_days = 30
    },
    { prefix = "tmp/", expiration_days = 1 },
  ]
  abort_incomplete_multipart_days = 7
}
`, name, iaDays, glacierDays, expire)
	}
	want := func(iaDays, glacierDays, expire int64) func(ctx context.Context, c *s3.Client) error {
		return func(ctx context.Context, c *s3.Client) error {
			return uploadBucketExpectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{
				{Prefix: "uploads/", Transitions: []bucketconfig.Transition{
					{Days: i64p(iaDays), StorageClass: sp("STANDARD_IA")}, {Days: i64p(glacierDays), StorageClass: sp("GLACIER")},
				}, ExpirationDays: i64p(expire), NoncurrentExpirationDays: i64p(30)},
				{Prefix: "tmp/", ExpirationDays: i64p(1)},
			}, 7)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(30, 90, 365),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(uploadBucketAddr, "lifecycle_tiers.0.transitions.1.storage_class", "GLACIER"),
					uploadBucketServer(client, name, want(30, 90, 365)),
				),
			},
			{
				ResourceName:            uploadBucketAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			uploadBucketImportBlockStep(name),
			{
				Config:           config(60, 180, 400),
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				Check:            uploadBucketServer(client, name, want(60, 180, 400)),
			},
			{
				// Drift: the lifecycle configuration deleted out of band.
				PreConfig: func() {
					if _, err := client().DeleteBucketLifecycle(context.Background(), &s3.DeleteBucketLifecycleInput{Bucket: aws.String(name)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(60, 180, 400),
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				Check:            uploadBucketServer(client, name, want(60, 180, 400)),
			},
		},
	})
}

// TestAccUploadBucket_genericStore: with compatibility = "s3" against
// versitygw (which answers NotImplemented for encryption, lifecycle and the
// public access block), a bucket with CORS, versioning and tags works: no
// AWS-only setting and no default is sent.
func TestAccUploadBucket_genericStore(t *testing.T) {
	acctest.RequireServer(t, testbed.Versitygw)
	name := acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.Versitygw) }
	config := func(origin string, versioning bool, tag string) string {
		// versitygw cannot store lifecycle rules, so the abort-multipart
		// guardrail (FS007) cannot be met there.
		return acctest.ProviderBlockFor(testbed.Versitygw, "", `policy = { overrides = { FS007 = "off" } }`) + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = %v
  cors_rules = [{
    allowed_origins = [%q]
    allowed_methods = ["PUT", "POST"]
    allowed_headers = ["content-type"]
  }]
  tags = { app = %q }
}
`, name, versioning, origin, tag)
	}
	check := func(origin string, versioning bool, tag string) resource.TestCheckFunc {
		return uploadBucketServer(client, name, func(ctx context.Context, c *s3.Client) error {
			if err := uploadBucketExpectCORS([]s3types.CORSRule{{AllowedOrigins: []string{origin}, AllowedMethods: []string{"PUT", "POST"},
				AllowedHeaders: []string{"content-type"}}})(ctx, c, name); err != nil {
				return err
			}
			if err := uploadBucketExpectVersioning(ctx, c, name, versioning); err != nil {
				return err
			}
			if err := uploadBucketExpectTags(ctx, c, name, map[string]string{"app": tag}); err != nil {
				return err
			}
			// Nothing AWS-only was sent: no policy, no ownership change.
			if _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)}); uploadBucketCode(err) != "NoSuchBucketPolicy" {
				return fmt.Errorf("want no bucket policy, got %w", err)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             uploadBucketCheckDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config("https://app.example.com", true, "media"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("encryption"), knownvalue.Null()),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("block_public_access"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("deny_insecure_transport"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("abort_incomplete_multipart_days"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(uploadBucketAddr, tfjsonpath.New("policy_json"), knownvalue.Null()),
				},
				Check: check("https://app.example.com", true, "media"),
			},
			{
				ResourceName:            uploadBucketAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			uploadBucketImportBlockStep(name),
			{
				Config:           config("https://admin.example.com", false, "media2"),
				ConfigPlanChecks: uploadBucketExpectUpdate(),
				Check:            check("https://admin.example.com", false, "media2"),
			},
		},
	})
}

// TestAccUploadBucket_genericStoreNotImplemented: setting encryption,
// lifecycle or the public access block explicitly against a store that does
// not implement it is an error naming the feature and the endpoint. The
// bucket, created first, stays in state (tainted) and is destroyed at the end.
func TestAccUploadBucket_genericStoreNotImplemented(t *testing.T) {
	srv := acctest.RequireServer(t, testbed.Versitygw)
	client := func() *s3.Client { return acctest.S3For(t, testbed.Versitygw) }
	cases := map[string]struct{ body, want string }{
		"encryption":          {`encryption = { algorithm = "AES256" }`, "default encryption not implemented by " + srv.S3Endpoint},
		"lifecycle":           {`lifecycle_tiers = [{ prefix = "tmp/", expiration_days = 1 }]`, "lifecycle configuration not implemented by " + srv.S3Endpoint},
		"abort":               {`abort_incomplete_multipart_days = 7`, "lifecycle configuration not implemented by " + srv.S3Endpoint},
		"block_public_access": {`block_public_access = true`, "public access block not implemented by " + srv.S3Endpoint},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			name := acctest.BucketName()
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				CheckDestroy:             uploadBucketCheckDestroy(client),
				Steps: []resource.TestStep{
					{
						Config: acctest.ProviderBlockFor(testbed.Versitygw, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  %s
}
`, name, c.body),
						ExpectError: uploadBucketErr(c.want),
					},
					{
						// The bucket exists on the server and is in state,
						// tainted: the next plan replaces it.
						PreConfig: func() {
							if _, err := client().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(name)}); err != nil {
								t.Fatalf("the bucket must exist after the failed create: %v", err)
							}
						},
						Config:             acctest.ProviderBlockFor(testbed.Versitygw, "") + fmt.Sprintf("resource \"filestore_upload_bucket\" \"test\" {\n  bucket = %q\n}\n", name),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(uploadBucketAddr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
					},
				},
			})
		})
	}
}

// TestUploadBucketSchema checks the schema is valid for the framework (runs
// without TF_ACC).
func TestUploadBucketSchema(t *testing.T) {
	ctx := context.Background()
	r := resources.NewUploadBucket()
	var resp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s has no description", name)
		}
	}
}

// TestAccUploadBucket_alreadyExists: creating a bucket whose name exists
// fails with a message that says what to do, and nothing is put in state.
func TestAccUploadBucket_alreadyExists(t *testing.T) {
	name := acctest.BucketName()
	client := uploadBucketS3(t)
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
