package cdnreadaccess_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// TestAccCDNReadAccess_oneApply wires bucket -> distribution -> grant by
// reference, with bucket_prefix, in one apply: the cycle the bucket's own
// cdn_read_access had is gone. The bucket keeps the grant when it rewrites
// its policy, the grant is imported, re-created when removed out of band,
// corrected when changed out of band, and destroying it removes only its
// statement.
func TestAccCDNReadAccess_oneApply(t *testing.T) {
	client := func() *s3.Client { return acctest.S3(t) }
	var bucket string
	remember := func(s *terraform.State) error {
		var err error
		bucket, err = attr(s, bucketAddr, "bucket")
		return err
	}
	config := func(denyUnencrypted bool, withGrant bool) string {
		c := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "site" {
  bucket_prefix            = "tf-acc-cdn-"
  deny_unencrypted_uploads = %v
}
`, denyUnencrypted) + distributionStandIn("distribution", "filestore_upload_bucket.site")
		if withGrant {
			c += `
resource "filestore_cdn_read_access" "test" {
  bucket            = filestore_upload_bucket.site.bucket
  distribution_arns = [local.distribution_arn]
}
`
		}
		return c
	}
	withSettings := func(deny bool) func(bucketconfig.PolicyOptions) error {
		return func(f bucketconfig.PolicyOptions) error {
			if !f.DenyInsecureTransport || f.DenyUnencryptedUploads != deny || len(f.CDNDistributionARNs) != 0 || len(f.Statements) != 0 {
				return fmt.Errorf("the bucket's own statements: %+v", f)
			}
			return nil
		}
	}
	outOfBand := func(what string, edit func(doc string) string) func() {
		return func() {
			ctx := context.Background()
			doc, err := policyOf(ctx, client(), bucket)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := client().PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(edit(doc))}); err != nil {
				t.Fatalf("changing %s out of band: %v", what, err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// One apply; the refresh and plan after it are empty (the
				// test framework checks), so the bucket does not see the
				// grant as drift.
				Config: config(false, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(bucketAddr, tfjsonpath.New("bucket")),
					plancheck.ExpectUnknownValue(grantAddr, tfjsonpath.New("sid")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(remember,
					checkGrant(client, grantAddr, standInARN("distribution"), withSettings(false)),
					resource.TestMatchResourceAttr(grantAddr, "sid", regexpOf(`^CDNReadAccessE[0-9A-F]{12}$`))),
			},
			{
				// The bucket rewrites its policy and keeps the grant.
				Config:           config(true, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionUpdate)}},
				Check:            checkGrant(client, grantAddr, standInARN("distribution"), withSettings(true)),
			},
			{
				ResourceName:      grantAddr,
				ImportState:       true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) { return attr(s, grantAddr, "id") },
				ImportStateVerify: true,
			},
			{
				// By bucket alone: it has exactly one grant.
				ResourceName:      grantAddr,
				ImportState:       true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) { return attr(s, bucketAddr, "bucket") },
				ImportStateVerify: true,
			},
			{
				// Removed out of band: planned again.
				PreConfig: outOfBand("the grant (removing it)", func(doc string) string {
					f, _ := bucketconfig.AnalyzePolicy(doc, "aws", bucket)
					out, _ := bucketconfig.RemoveCDNGrant(doc, f.Grants[0].Sid())
					return out
				}),
				Config:           config(true, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(grantAddr, plancheck.ResourceActionCreate)}},
				Check:            checkGrant(client, grantAddr, standInARN("distribution"), withSettings(true)),
			},
			{
				// Changed out of band (another distribution): corrected in place.
				PreConfig: outOfBand("the grant's distributions", func(doc string) string {
					return strings.Replace(doc, "arn:aws:cloudfront::111122223333:distribution/E", "arn:aws:cloudfront::999999999999:distribution/E", 1)
				}),
				Config:           config(true, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(grantAddr, plancheck.ResourceActionUpdate)}},
				Check:            checkGrant(client, grantAddr, standInARN("distribution"), withSettings(true)),
			},
			{
				// Destroyed: only its statement leaves the policy.
				Config: config(true, false),
				Check: func(s *terraform.State) error {
					doc, err := policyOf(context.Background(), client(), bucket)
					if err != nil {
						return err
					}
					f, err := bucketconfig.AnalyzePolicy(doc, "aws", bucket)
					if err != nil || len(f.Grants) != 0 {
						return fmt.Errorf("grant left behind: %s: %w", doc, err)
					}
					return withSettings(true)(f)
				},
			},
		},
	})
}

// TestAccCDNReadAccess_twoOnOneBucket: two grants on one bucket, written
// concurrently by one apply, both land (the read-modify-write is locked);
// destroying one leaves the other.
func TestAccCDNReadAccess_twoOnOneBucket(t *testing.T) {
	client := func() *s3.Client { return acctest.S3(t) }
	name := acctest.BucketName()
	grant := func(n string) string {
		return fmt.Sprintf(`
resource "filestore_cdn_read_access" %[1]q {
  bucket            = filestore_upload_bucket.site.bucket
  distribution_arns = [local.%[1]s_arn]
}
`, n)
	}
	config := func(grants ...string) string {
		c := acctest.ProviderBlock() + fmt.Sprintf("resource \"filestore_upload_bucket\" \"site\" {\n  bucket = %q\n}\n", name) +
			distributionStandIn("one", "filestore_upload_bucket.site") + distributionStandIn("two", "filestore_upload_bucket.site")
		for _, g := range grants {
			c += grant(g)
		}
		return c
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config("one", "two"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkGrant(client, "filestore_cdn_read_access.one", standInARN("one"), nil),
					checkGrant(client, "filestore_cdn_read_access.two", standInARN("two"), nil),
				),
			},
			{
				Config: config("two"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkGrant(client, "filestore_cdn_read_access.two", standInARN("two"), func(f bucketconfig.PolicyOptions) error {
						if len(f.Grants) != 1 || !f.DenyInsecureTransport {
							return fmt.Errorf("want the bucket's statements and one grant: %+v", f)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccCDNReadAccess_bothRefused: filestore_cdn_read_access and the
// bucket's cdn_read_access on one bucket are refused with an error naming
// both: at apply when the grant is new (the bucket's planned configuration
// is not visible to it: the same plan may be moving the distributions from
// the bucket to the grant, which works), at plan time on the bucket's side
// once the grant exists.
func TestAccCDNReadAccess_bothRefused(t *testing.T) {
	const distA = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEA"
	name := acctest.BucketName()
	bucket := func(withAttr bool) string {
		attr := ""
		if withAttr {
			attr = fmt.Sprintf("  cdn_read_access = { distribution_arns = [%q] }\n", distA)
		}
		return fmt.Sprintf("resource \"filestore_upload_bucket\" \"site\" {\n  bucket = %q\n%s}\n", name, attr)
	}
	grant := `
resource "filestore_cdn_read_access" "test" {
  bucket            = filestore_upload_bucket.site.bucket
  distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEB"]
}
`
	bothAtApply := fmt.Sprintf(`
resource "filestore_upload_bucket" "site" {
  bucket_prefix   = "tf-acc-both-"
  cdn_read_access = { distribution_arns = [%q] }
}
`, distA) + grant
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderBlock() + bothAtApply,
				ExpectError: errMatch("filestore_cdn_read_access and cdn_read_access cannot both grant on one bucket"),
			},
			{Config: acctest.ProviderBlock() + bucket(true)},
			{
				// The bucket grants already and keeps its cdn_read_access.
				Config:      acctest.ProviderBlock() + bucket(true) + grant,
				ExpectError: errMatch("filestore_cdn_read_access and cdn_read_access cannot both grant on one bucket"),
			},
			{
				// Moving the distributions from the bucket to the grant in
				// one apply works.
				Config: acctest.ProviderBlock() + bucket(false) + grant,
				Check: func(s *terraform.State) error {
					doc, err := policyOf(context.Background(), acctest.S3(t), name)
					if err != nil {
						return err
					}
					f, err := bucketconfig.AnalyzePolicy(doc, "aws", name)
					if err != nil || len(f.Grants) != 1 || len(f.CDNDistributionARNs) != 0 {
						return fmt.Errorf("want only the grant: %s: %w", doc, err)
					}
					return nil
				},
			},
			// The plan refreshes the bucket first (the test framework's
			// plan-only step also plans with -refresh=false, so refresh here).
			{RefreshState: true},
			{
				// A grant exists: the bucket's cdn_read_access is refused at plan time.
				Config:      acctest.ProviderBlock() + bucket(true) + grant,
				PlanOnly:    true,
				ExpectError: errMatch("filestore_upload_bucket's cdn_read_access and filestore_cdn_read_access (statement CDNReadAccessE2EXAMPLEB) both grant"),
			},
		},
	})
}
