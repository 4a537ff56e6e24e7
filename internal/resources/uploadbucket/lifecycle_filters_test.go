package uploadbucket_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// TestAccUploadBucket_lifecycleFilters round-trips the lifecycle_tiers
// filters and actions beyond prefixes and expirations on kumo, which keeps
// And filters (prefix + tags + sizes), single-tag filters, noncurrent
// transitions and expired-delete-marker cleanup (SeaweedFS answers 501 to
// transitions). Import adopts them; a lifecycle rule changed out of band to
// something the schema cannot hold (a transition on a date) is drift.
func TestAccUploadBucket_lifecycleFilters(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	name := acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.Kumo) }
	config := func(lessThan int64) string {
		return acctest.ProviderBlockFor(testbed.Kumo, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = true
  lifecycle_tiers = [
    {
      prefix                   = "uploads/"
      tags                     = { class = "raw", team = "media" }
      object_size_greater_than = 1024
      object_size_less_than    = %d
      transitions              = [{ days = 30, storage_class = "STANDARD_IA" }]
      noncurrent_transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 60, storage_class = "GLACIER" },
      ]
      noncurrent_expiration_days = 90
    },
    { prefix = "uploads/", expired_object_delete_marker = true },
    { tags = { tmp = "1" }, expiration_days = 1 },
  ]
}
`, name, lessThan)
	}
	want := func(lessThan int64) func(ctx context.Context, c *s3.Client) error {
		return func(ctx context.Context, c *s3.Client) error {
			return expectLifecycle(ctx, c, name, []bucketconfig.LifecycleTier{
				{Prefix: "uploads/", Tags: map[string]string{"class": "raw", "team": "media"}, ObjectSizeGreaterThan: i64p(1024), ObjectSizeLessThan: i64p(lessThan),
					Transitions:              []bucketconfig.Transition{{Days: i64p(30), StorageClass: sp("STANDARD_IA")}},
					NoncurrentTransitions:    []bucketconfig.Transition{{Days: i64p(30), StorageClass: sp("STANDARD_IA")}, {Days: i64p(60), StorageClass: sp("GLACIER")}},
					NoncurrentExpirationDays: i64p(90)},
				{Prefix: "uploads/", ExpiredObjectDeleteMarker: aws.Bool(true)},
				{Tags: map[string]string{"tmp": "1"}, ExpirationDays: i64p(1)},
			}, 7)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(1 << 30),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "lifecycle_tiers.0.tags.team", "media"),
					resource.TestCheckResourceAttr(resourceAddr, "lifecycle_tiers.1.expired_object_delete_marker", "true"),
					onServer(client, name, want(1<<30)),
				),
			},
			importVerifyStep(name),
			importBlockStep(name),
			{
				// Only the size filter changed: one lifecycle write.
				Config:           config(1 << 20),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, want(1<<20)),
			},
			{
				// Out of band: the first tier's transition moved to a date.
				PreConfig: outOfBandFor(t, client, "a lifecycle transition", func(ctx context.Context, c *s3.Client) error {
					out, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(name)})
					if err != nil {
						return err
					}
					date := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
					rules := out.Rules
					rules[0].Transitions = []s3types.Transition{{Date: &date, StorageClass: s3types.TransitionStorageClassStandardIa}}
					_, err = c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(name),
						LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}})
					return err
				}),
				Config:           config(1 << 20),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, want(1<<20)),
			},
		},
	})
}

// TestUploadBucketReadNamesUnheldLifecycle: reading (as import does) a
// bucket whose lifecycle configuration holds what lifecycle_tiers cannot
// express names every such rule in a warning, never dropping it silently.
// The provider runs in-process against kumo, which stores these rules as
// given, so that the diagnostics themselves can be inspected.
func TestAccUploadBucket_readNamesUnheldLifecycle(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	c := acctest.S3For(t, testbed.Kumo)
	ctx := acctest.Context(t)
	name := acctest.BucketName()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(name)}) })
	date := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(name),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{
			{ID: aws.String("archive-2031"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("old/")},
				Transitions: []s3types.Transition{{Date: &date, StorageClass: s3types.TransitionStorageClassGlacier}}},
			{ID: aws.String("paused"), Status: s3types.ExpirationStatusDisabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("tmp/")},
				Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(1)}},
			{ID: aws.String("keep-three"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("v/")},
				NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(10), NewerNoncurrentVersions: aws.Int32(3)}},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	diags, state := readInProcess(t, testbed.Kumo, name)
	var warnings []string
	for _, d := range diags {
		warnings = append(warnings, d.Summary+": "+d.Detail)
	}
	all := strings.Join(warnings, "\n")
	for _, want := range []string{`lifecycle rule "archive-2031" moves objects to GLACIER on a date (2031-01-01)`,
		`lifecycle rule "paused" is disabled`, `lifecycle rule "keep-three" keeps the 3 newest noncurrent versions from expiring`} {
		if !strings.Contains(all, want) {
			t.Errorf("warning %q missing from:\n%s", want, all)
		}
	}
	// The dated transition shows (without days), so a plan shows it going.
	if !strings.Contains(state, `"storage_class":"GLACIER"`) {
		t.Errorf("the dated transition is not in the state: %s", state)
	}
}

// TestAccUploadBucket_readQuarantineRuleIsNotUnheld: the quarantine's own
// expiration rule, which the provider writes next to lifecycle_tiers, is
// read back as quarantine.expiration_days — never named in the warning about
// rules lifecycle_tiers cannot hold, never shown as a tier — while a rule the
// schema cannot hold in the same configuration still is. In-process against
// kumo (which stores both the policy and the rules as given), so that the
// diagnostics can be inspected.
func TestAccUploadBucket_readQuarantineRuleIsNotUnheld(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	c := acctest.S3For(t, testbed.Kumo)
	ctx := acctest.Context(t)
	name := acctest.BucketName()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(name)}) })
	q := bucketconfig.Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{"arn:aws:iam::111122223333:role/scanner"}, ExpirationDays: aws.Int64(5)}
	policy := bucketconfig.BuildPolicy(bucketconfig.PolicyOptions{Partition: "aws", Bucket: name, Quarantine: &q})
	if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(name), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	qrule, _ := bucketconfig.QuarantineLifecycleRule(q)
	date := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	rules := append(bucketconfig.LifecycleToAPI([]bucketconfig.LifecycleTier{{Prefix: "uploads/", ExpirationDays: aws.Int64(30)}}, 7), qrule,
		s3types.LifecycleRule{ID: aws.String("archive-2031"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("old/")},
			Transitions: []s3types.Transition{{Date: &date, StorageClass: s3types.TransitionStorageClassGlacier}}})
	if _, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(name),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}}); err != nil {
		t.Fatal(err)
	}
	diags, state := readInProcess(t, testbed.Kumo, name)
	var warnings []string
	for _, d := range diags {
		warnings = append(warnings, d.Summary+": "+d.Detail)
	}
	all := strings.Join(warnings, "\n")
	if !strings.Contains(all, `lifecycle rule "archive-2031" moves objects to GLACIER on a date`) {
		t.Errorf("the dated rule is not named:\n%s", all)
	}
	if strings.Contains(all, bucketconfig.QuarantineRuleID) {
		t.Errorf("the quarantine's own rule is named as unheld:\n%s", all)
	}
	var got struct {
		Quarantine struct {
			Prefix         string  `json:"prefix"`
			ExpirationDays float64 `json:"expiration_days"`
		} `json:"quarantine"`
		LifecycleTiers []struct {
			Prefix string `json:"prefix"`
		} `json:"lifecycle_tiers"`
	}
	if err := json.Unmarshal([]byte(state), &got); err != nil {
		t.Fatal(err)
	}
	if got.Quarantine.Prefix != "quarantine/" || got.Quarantine.ExpirationDays != 5 {
		t.Errorf("quarantine read back as %+v, want quarantine/ expiring after 5 days: %s", got.Quarantine, state)
	}
	for _, tier := range got.LifecycleTiers {
		if tier.Prefix == "quarantine/" {
			t.Errorf("the quarantine rule shows as a tier: %s", state)
		}
	}
	if len(got.LifecycleTiers) != 2 {
		t.Errorf("want the uploads/ tier and the dated old/ rule as tiers, got %s", state)
	}
}
