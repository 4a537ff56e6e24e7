package uploadbucket_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// expectObjectLock checks the bucket's object lock: enabled, with the
// default retention mode and days / years (0: unset).
func expectObjectLock(ctx context.Context, c *s3.Client, bucket, mode string, days, years int32) error {
	out, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetObjectLockConfiguration: %w", err)
	}
	cfg := out.ObjectLockConfiguration
	if cfg == nil || cfg.ObjectLockEnabled != s3types.ObjectLockEnabledEnabled || cfg.Rule == nil || cfg.Rule.DefaultRetention == nil {
		return fmt.Errorf("object lock: %+v", cfg)
	}
	r := cfg.Rule.DefaultRetention
	if string(r.Mode) != mode || aws.ToInt32(r.Days) != days || aws.ToInt32(r.Years) != years {
		return fmt.Errorf("default retention: %s %d days %d years, want %s %d %d", r.Mode, aws.ToInt32(r.Days), aws.ToInt32(r.Years), mode, days, years)
	}
	return nil
}

// expectLogging checks server access logging (target "" : off).
func expectLogging(ctx context.Context, c *s3.Client, bucket, target, prefix string) error {
	out, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetBucketLogging: %w", err)
	}
	got, gotPrefix := "", ""
	if out.LoggingEnabled != nil {
		got, gotPrefix = aws.ToString(out.LoggingEnabled.TargetBucket), aws.ToString(out.LoggingEnabled.TargetPrefix)
	}
	if got != target || gotPrefix != prefix {
		return fmt.Errorf("logging to %q %q, want %q %q", got, gotPrefix, target, prefix)
	}
	return nil
}

// TestAccUploadBucket_complianceControls: object lock and server access
// logging round-trip on kumo (SeaweedFS answers 501 to PutBucketLogging):
// created with the bucket, imported, changed, restored after out-of-band
// changes; removing object_lock is refused at plan time (S3 cannot turn it
// off); removing access_logging turns logging off.
func TestAccUploadBucket_complianceControls(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	name, logs := acctest.BucketName(), acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.Kumo) }
	config := func(lock, logging string) string {
		return acctest.ProviderBlockFor(testbed.Kumo, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "logs" {
  bucket                          = %q
  abort_incomplete_multipart_days = 7
}

resource "filestore_upload_bucket" "test" {
  bucket                          = %q
  versioning                      = true
  abort_incomplete_multipart_days = 7
  %s
  %s
}
`, logs, name, lock, logging)
	}
	governance := `object_lock = { mode = "GOVERNANCE", days = 30 }`
	compliance := `object_lock = { mode = "COMPLIANCE", years = 1 }`
	logsTo := func(prefix string) string {
		return fmt.Sprintf(`access_logging = { target_bucket = filestore_upload_bucket.logs.bucket, target_prefix = %q }`, prefix)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(governance, logsTo("s3/uploads/")),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectObjectLock(ctx, c, name, "GOVERNANCE", 30, 0); err != nil {
						return err
					}
					return expectLogging(ctx, c, name, logs, "s3/uploads/")
				}),
			},
			importVerifyStep(name),
			importBlockStep(name),
			{
				Config:           config(compliance, logsTo("logs/")),
				ConfigPlanChecks: expectUpdate(),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectObjectLock(ctx, c, name, "COMPLIANCE", 0, 1); err != nil {
						return err
					}
					return expectLogging(ctx, c, name, logs, "logs/")
				}),
			},
			{
				// Out of band: retention shortened, logging turned off.
				PreConfig: outOfBandFor(t, client, "object lock and logging", func(ctx context.Context, c *s3.Client) error {
					if _, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(name),
						ObjectLockConfiguration: &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled,
							Rule: &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{Mode: s3types.ObjectLockRetentionModeGovernance, Days: aws.Int32(1)}}}}); err != nil {
						return err
					}
					_, err := c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String(name), BucketLoggingStatus: &s3types.BucketLoggingStatus{}})
					return err
				}),
				Config:           config(compliance, logsTo("logs/")),
				ConfigPlanChecks: expectUpdate(),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectObjectLock(ctx, c, name, "COMPLIANCE", 0, 1); err != nil {
						return err
					}
					return expectLogging(ctx, c, name, logs, "logs/")
				}),
			},
			{
				Config:      config("", logsTo("logs/")),
				PlanOnly:    true,
				ExpectError: errMatch("Object lock cannot be removed"),
			},
			{
				Config:           config(compliance, ""),
				ConfigPlanChecks: expectUpdate(),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return expectLogging(ctx, c, name, "", "")
				}),
			},
		},
	})
}

// TestAccUploadBucket_objectLockOnExistingBucket: object lock added to a
// bucket that was created without it is an in-place update (S3 enables it
// on a versioned bucket), proven against SeaweedFS with compatibility
// "aws".
func TestAccUploadBucket_objectLockOnExistingBucket(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	config := func(lock string) string {
		return acctest.ProviderBlock() + fmt.Sprintf("resource \"filestore_upload_bucket\" \"test\" {\n  bucket     = %q\n  versioning = true\n  %s\n}\n", name, lock)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{Config: config("")},
			{
				Config: config(`object_lock = { mode = "GOVERNANCE", days = 7 }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				}},
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					return expectObjectLock(ctx, c, name, "GOVERNANCE", 7, 0)
				}),
			},
		},
	})
}

// TestAccUploadBucket_seaweedFSNotImplemented: SeaweedFS answers 501 to
// PutBucketLogging and to lifecycle rules with (noncurrent) transitions; with
// compatibility "aws" each is an error naming the feature and the endpoint.
func TestAccUploadBucket_seaweedFSNotImplemented(t *testing.T) {
	srv := acctest.RequireServer(t, testbed.SeaweedFS)
	client := s3Client(t)
	cases := map[string]struct{ body, want string }{
		"access_logging": {`access_logging = { target_bucket = "tf-acc-logs" }`, "server access logging not implemented by " + srv.S3Endpoint},
		"noncurrent_transitions": {`versioning = true
  lifecycle_tiers = [{ prefix = "a/", noncurrent_transitions = [{ days = 30, storage_class = "GLACIER" }] }]`,
			"lifecycle configuration not implemented by " + srv.S3Endpoint},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			name := acctest.BucketName()
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				CheckDestroy:             checkDestroy(client),
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderBlock() + fmt.Sprintf("resource \"filestore_upload_bucket\" \"test\" {\n  bucket = %q\n  %s\n}\n", name, c.body),
					ExpectError: errMatch(c.want),
				}},
			})
		})
	}
}
