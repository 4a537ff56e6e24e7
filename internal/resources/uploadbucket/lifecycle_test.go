package uploadbucket_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

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
			return expectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{
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
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(30, 90, 365),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "lifecycle_tiers.0.transitions.1.storage_class", "GLACIER"),
					onServer(client, name, want(30, 90, 365)),
				),
			},
			importVerifyStep(name),
			importBlockStep(name),
			{
				Config:           config(60, 180, 400),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, want(60, 180, 400)),
			},
			{
				// Drift: the lifecycle configuration deleted out of band.
				PreConfig: func() {
					if _, err := client().DeleteBucketLifecycle(context.Background(), &s3.DeleteBucketLifecycleInput{Bucket: aws.String(name)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(60, 180, 400),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, want(60, 180, 400)),
			},
		},
	})
}
