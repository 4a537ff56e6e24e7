package contentobject_test

import (
	"fmt"
	"regexp"
	"testing"

	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// storedEncryption asks the server for the object's SSE algorithm and
// storage class ("" is STANDARD).
func storedEncryption(t *testing.T, bucket, key string, sse s3types.ServerSideEncryption, class s3types.StorageClass) resource.TestCheckFunc {
	return func(*terraform.State) error {
		head, err := headObject(t, bucket, key)
		if err != nil {
			return err
		}
		got := head.StorageClass
		if got == "" {
			got = s3types.StorageClassStandard
		}
		if head.ServerSideEncryption != sse || got != class {
			return fmt.Errorf("stored with SSE %q, class %q; want %q, %q", head.ServerSideEncryption, got, sse, class)
		}
		return nil
	}
}

// TestAccContentObject_denyUnencryptedBucket: on a bucket whose policy
// denies unencrypted uploads (SeaweedFS enforces it on PUT and copy), a
// content object without server_side_encryption is refused — with advice —
// and one with the bucket's algorithm is stored encrypted; an in-place
// header or storage class change (a server-side copy, also a write)
// carries the SSE header too.
//
// Multipart uploads on such a bucket are asserted against AWS only:
// SeaweedFS evaluates the deny on CompleteMultipartUpload, which carries no
// SSE header (the header belongs to CreateMultipartUpload), and refuses it;
// AWS takes the encryption from CreateMultipartUpload. Locally the
// multipart path's SSE header is proven on a bucket without the policy
// (TestAccContentObject_encryptedMultipart).
func TestAccContentObject_denyUnencryptedBucket(t *testing.T) {
	name := acctest.BucketName()
	text := "encrypted at rest " + acctest.RandomName("") + "\n"
	key := casKey("cas", sha256Hex([]byte(text)))
	addr := "filestore_content_object.x"
	// Guardrail FS021 refuses the object without server_side_encryption at
	// plan time (internal/provider/guardrails_pipeline_acc_test.go); lowered
	// to a warning here so that the server's refusal, and the provider's
	// advice when the guardrails are off, are proven.
	bucketBlock := `provider "filestore" {
  policy = { overrides = { FS021 = "warn" } }
}
` + fmt.Sprintf(`
resource "filestore_upload_bucket" "b" {
  bucket                   = %q
  force_destroy            = true
  deny_unencrypted_uploads = true
}
`, name)
	object := func(extra string) string {
		return bucketBlock + fmt.Sprintf(`
resource "filestore_content_object" "x" {
  bucket  = filestore_upload_bucket.b.bucket
  content = %q
%s}
`, text, extra)
	}
	steps := []resource.TestStep{
		{Config: bucketBlock},
		{
			Config:      object(""),
			ExpectError: regexp.MustCompile(`(?s)AccessDenied.*no\s+x-amz-server-side-encryption\s+header.*set\s+server_side_encryption\s+to\s+the\s+bucket's\s+algorithm`),
		},
		{
			Config: object("  server_side_encryption = \"AES256\"\n  storage_class = \"STANDARD_IA\"\n"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_side_encryption"), knownvalue.StringExact("AES256")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("storage_class"), knownvalue.StringExact("STANDARD_IA")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("owns_headers"), knownvalue.Bool(true)),
			},
			Check: storedEncryption(t, name, key, s3types.ServerSideEncryptionAes256, s3types.StorageClassStandardIa),
		},
		{
			// In place: a copy onto itself, which the policy also judges.
			Config: object("  server_side_encryption = \"AES256\"\n  storage_class = \"STANDARD\"\n  cache_control = \"no-cache\"\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeTestCheckFunc(
				storedEncryption(t, name, key, s3types.ServerSideEncryptionAes256, s3types.StorageClassStandard),
				storedHeaders(t, name, key, "application/octet-stream", "no-cache"),
			),
		},
	}
	if acctest.IsAWS() {
		src, digest := writeFile(t, t.TempDir(), "big.bin", 6*mib, nil)
		steps = append(steps, resource.TestStep{
			Config: object("  server_side_encryption = \"AES256\"\n  storage_class = \"STANDARD\"\n  cache_control = \"no-cache\"\n") + fmt.Sprintf(`
resource "filestore_content_object" "big" {
  bucket                 = filestore_upload_bucket.b.bucket
  source                 = %q
  multipart_threshold    = 5242880
  multipart_part_size    = 5242880
  server_side_encryption = "AES256"
}
`, src),
			Check: storedEncryption(t, name, casKey("cas", digest), s3types.ServerSideEncryptionAes256, s3types.StorageClassStandard),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}

// TestAccContentObject_encryptedMultipart: a multipart upload requests the
// encryption and the storage class on CreateMultipartUpload; the object is
// stored with both.
func TestAccContentObject_encryptedMultipart(t *testing.T) {
	bucket := newBucket(t)
	src, digest := writeFile(t, t.TempDir(), "big.bin", 6*mib, nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "big" {
  bucket                 = %q
  source                 = %q
  multipart_threshold    = 5242880
  multipart_part_size    = 5242880
  server_side_encryption = "AES256"
  storage_class          = "STANDARD_IA"
}
`, bucket, src),
			Check: resource.ComposeTestCheckFunc(
				checkStored(t, bucket, casKey("cas", digest), digest, ""),
				storedEncryption(t, bucket, casKey("cas", digest), s3types.ServerSideEncryptionAes256, s3types.StorageClassStandardIa),
			),
		}},
	})
}

// Plan-time errors for encryption and storage class, with the attribute.
func TestAccContentObject_encryptionPlanErrors(t *testing.T) {
	cases := []struct{ extra, want string }{
		{`kms_key_id = "alias/uploads"`, `(?s)Invalid Attribute Combination.*kms_key_id`},
		{"server_side_encryption = \"AES256\"\n  kms_key_id = \"alias/uploads\"", `(?s)kms_key_id needs a KMS server_side_encryption.*kms_key_id = "alias/uploads"`},
		{`server_side_encryption = "aws:fsx"`, `(?s)server_side_encryption = "aws:fsx".*value must be one of`},
		{`storage_class = "GLACIER_FLEXIBLE"`, `(?s)storage_class = "GLACIER_FLEXIBLE".*value must be one of`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "x" {
  bucket  = "tf-acc-plan-errors"
  content = "x"
  %s
}
`, c.extra),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}
