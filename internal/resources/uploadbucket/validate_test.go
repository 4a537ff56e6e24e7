package uploadbucket_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/resources/uploadbucket"
)

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
		{named(`  encryption = { kms_key_id = "` + kmsKey + `" }`),
			`encryption.kms_key_id: a KMS key is set but the algorithm is "AES256"`},
		{named(`  encryption = { algorithm = "aws:kms:dsse", bucket_key_enabled = true }`), `encryption.bucket_key_enabled: S3 Bucket Keys apply to SSE-KMS`},
		{named(`  encryption = { algorithm = "aes256" }`), `encryption.algorithm: "aes256" is not an S3 server-side encryption algorithm`},
		{named(`  object_ownership = "BucketOwner"`), `value must be one of`},
		{named(`  abort_incomplete_multipart_days = -1`), `abort_incomplete_multipart_days: -1 is negative`},
		{named(`  cdn_read_access = { distribution_arns = ["E2EXAMPLE"] }`), `must be a CloudFront distribution ARN`},
		// policy_statements: Sids the provider writes, duplicates, malformed statements.
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*" }] })`),
			`policy_statements: statement 0 (Sid "DenyInsecureTransport"): the provider generates a statement with this Sid`},
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "AllowCloudFrontServicePrincipalReadOnly", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] })`),
			`the provider generates a statement with this Sid`},
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "CDNReadAccessMine", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] })`),
			`Sids starting with "CDNReadAccess" are written by filestore_cdn_read_access`},
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "A", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }, { Sid = "A", Effect = "Deny", Principal = "*", Action = "s3:PutObject", Resource = "*" }] })`),
			`statement 1 (Sid "A") has the same Sid as statement 0`},
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })`),
			`statement 0: a bucket policy statement needs exactly one of Principal and NotPrincipal`},
		// lifecycle_tiers: filters, noncurrent transitions, delete markers.
		{named(`  lifecycle_tiers = [{ prefix = "a/", object_size_greater_than = 1000, object_size_less_than = 1000, expiration_days = 1 }]`),
			`lifecycle_tiers[0].object_size_less_than: objects smaller than 1000 bytes and larger than 1000 bytes`},
		{named(`  lifecycle_tiers = [{ prefix = "a/", noncurrent_transitions = [{ days = 30, storage_class = "COLD" }] }]`),
			`lifecycle_tiers[0].noncurrent_transitions[0].storage_class: "COLD" is not a storage class`},
		{named(`  lifecycle_tiers = [{ prefix = "a/", noncurrent_transitions = [{ days = 10, storage_class = "STANDARD_IA" }] }]`),
			`lifecycle_tiers[0].noncurrent_transitions[0].days: a noncurrent transition to STANDARD_IA must be at least 30 days after the version becomes noncurrent`},
		{named(`  lifecycle_tiers = [{ prefix = "a/", expiration_days = 30, expired_object_delete_marker = true }]`),
			`lifecycle_tiers[0].expired_object_delete_marker: S3 refuses expired_object_delete_marker and expiration_days in one rule`},
		{named(`  lifecycle_tiers = [{ prefix = "a/", tags = { a = "b" }, expired_object_delete_marker = true }]`),
			`lifecycle_tiers[0].expired_object_delete_marker: S3 refuses expired_object_delete_marker in a rule filtered by tags or object size`},
		{named(`  transition_default_minimum_object_size = "128K"`), `value must be one of`},
		{named("  transition_default_minimum_object_size = \"varies_by_storage_class\"\n  abort_incomplete_multipart_days = 0"),
			`transition_default_minimum_object_size is part of the bucket's lifecycle configuration, and this bucket would have none`},
		// object_lock and access_logging.
		{named(`  object_lock = { mode = "GOVERNANCE", days = 30 }`), `object_lock: S3 locks object versions, so object lock needs versioning = true`},
		{named("  versioning = true\n  object_lock = { mode = \"governance\", days = 30 }"), `object_lock.mode: "governance" is not an object lock mode`},
		{named("  versioning = true\n  object_lock = { mode = \"COMPLIANCE\", days = 30, years = 1 }"), `object_lock: set days or years, not both`},
		{named("  versioning = true\n  object_lock = { mode = \"COMPLIANCE\" }"), `object_lock: set days or years: the default retention period`},
		{named("  versioning = true\n  object_lock = { mode = \"COMPLIANCE\", years = 200 }"), `object_lock.years: 200 is not between 1 and 100 years`},
		{named(`  access_logging = { target_bucket = "Logs_Bucket" }`), `access_logging.target_bucket: bucket name "Logs_Bucket" is invalid`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: errMatch(c.want)})
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
			plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("tags_all")),
			plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("policy_json")),
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

// TestUploadBucketSchema checks the schema is valid for the framework (runs
// without TF_ACC).
func TestUploadBucketSchema(t *testing.T) {
	ctx := context.Background()
	r := uploadbucket.New()
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
