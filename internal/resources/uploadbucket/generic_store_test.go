package uploadbucket_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

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
		return onServer(client, name, func(ctx context.Context, c *s3.Client) error {
			if err := expectCORS([]s3types.CORSRule{{AllowedOrigins: []string{origin}, AllowedMethods: []string{"PUT", "POST"},
				AllowedHeaders: []string{"content-type"}}})(ctx, c, name); err != nil {
				return err
			}
			if err := expectVersioning(ctx, c, name, versioning); err != nil {
				return err
			}
			if err := expectTags(ctx, c, name, map[string]string{"app": tag}); err != nil {
				return err
			}
			// Nothing AWS-only was sent: no policy, no ownership change.
			if _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)}); errCode(err) != "NoSuchBucketPolicy" {
				return fmt.Errorf("want no bucket policy, got %w", err)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config("https://app.example.com", true, "media"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("encryption"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("block_public_access"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("deny_insecure_transport"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("abort_incomplete_multipart_days"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("policy_json"), knownvalue.Null()),
				},
				Check: check("https://app.example.com", true, "media"),
			},
			importVerifyStep(name),
			importBlockStep(name),
			{
				Config:           config("https://admin.example.com", false, "media2"),
				ConfigPlanChecks: expectUpdate(),
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
				CheckDestroy:             checkDestroy(client),
				Steps: []resource.TestStep{
					{
						Config: acctest.ProviderBlockFor(testbed.Versitygw, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  %s
}
`, name, c.body),
						ExpectError: errMatch(c.want),
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
							plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
					},
				},
			})
		})
	}
}
