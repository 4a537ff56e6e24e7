package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// Guardrails FS018-FS024 inside `terraform plan` (runner 1), under OpenTofu
// (the default TF_ACC_TERRAFORM_PATH) and Terraform (make test-terraform).
//
// FS018, FS019 and FS021 relate a minter or a content object to the bucket
// it names: the provider remembers every bucket it plans in this process
// (guardrail.Buckets) and checks the minter with it. Two paths are measured:
//
//   - the bucket exists (no change): Terraform and OpenTofu plan it, then
//     read the data source / open the ephemeral resource that references it,
//     during plan: the error is a plan error;
//   - the bucket is created in the same run: the data source read waits for
//     apply (read_because_dependency_pending), where the apply walk re-plans
//     the bucket before the read: the error comes at apply, before minting.
//
// Tests of attributes another branch is adding skip until the schema has
// them (requireAttributes names the SPEC attribute and the branch).

// requireAttributes skips the test until the provider's schema of typ has
// the SPEC attributes (another branch is adding them).
func requireAttributes(t *testing.T, branch, typ string, attrs ...string) {
	t.Helper()
	acctest.SkipUnlessAcceptance(t)
	have := schemaAttributes(t, typ)
	for _, a := range attrs {
		if !have[a] {
			t.Skipf("waits on %s: %s.%s (SPEC) is not in this provider's schema yet", branch, typ, a)
		}
	}
}

func schemaAttributes(t *testing.T, typ string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	p := provider.New("test")()
	out := map[string]bool{}
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "filestore"}, &md)
		if md.TypeName != typ {
			continue
		}
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		for name := range s.Schema.Attributes {
			out[name] = true
		}
		return out
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "filestore"}, &md)
		if md.TypeName != typ {
			continue
		}
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		for name := range s.Schema.Attributes {
			out[name] = true
		}
		return out
	}
	t.Fatalf("no resource or data source %s", typ)
	return nil
}

func encryptedBucket(name string) string {
	return fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket                   = %q
  deny_unencrypted_uploads = true
}
`, name)
}

func presignedPut(kind, sse string) string {
	line := ""
	if sse != "" {
		line = fmt.Sprintf("  server_side_encryption = %q\n", sse)
	}
	return fmt.Sprintf(`
%s "filestore_presigned_url" "put" {
  bucket       = filestore_upload_bucket.test.bucket
  key          = "avatars/1.png"
  method       = "PUT"
  content_type = "image/png"
%s}
`, kind, line)
}

// guardrailError matches the error of a deny finding: the summary, then the
// detail's words (Terraform and OpenTofu wrap the detail at any space).
func guardrailError(summary string, detail ...string) *regexp.Regexp {
	parts := []string{regexp.QuoteMeta("Error: " + summary)}
	for _, d := range detail {
		words := strings.Fields(d)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		parts = append(parts, strings.Join(words, `\s+`))
	}
	return regexp.MustCompile("(?s)" + strings.Join(parts, ".*"))
}

var fs021 = guardrailError("Guardrail FS021 not met: Uploads carry the encryption the bucket requires",
	"server_side_encryption: bucket tf-acc-guard-", "denies uploads without server-side encryption, and this presigned PUT sends no x-amz-server-side-encryption header")

// FS021 at plan time: the bucket exists; the presigned PUT that names it is
// checked with the bucket the provider planned first.
func TestAccGuardrails_unencryptedPutToExistingBucketRefused(t *testing.T) {
	for _, kind := range []string{"data", "ephemeral"} {
		t.Run(kind, func(t *testing.T) {
			name := acctest.RandomName("tf-acc-guard-")
			tfresource.ParallelTest(t, tfresource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []tfresource.TestStep{
					{Config: encryptedBucket(name)},
					{
						Config:      encryptedBucket(name) + presignedPut(kind, ""),
						PlanOnly:    true,
						ExpectError: fs021,
					},
					// With the header the bucket requires, it plans and mints.
					{Config: encryptedBucket(name) + presignedPut(kind, "AES256")},
				},
			})
		})
	}
}

// FS021 in one run: the bucket is created by the same apply, the presigned
// PUT is read (or opened) after it; the error still comes before minting.
func TestAccGuardrails_unencryptedPutToNewBucketRefused(t *testing.T) {
	for _, kind := range []string{"data", "ephemeral"} {
		t.Run(kind, func(t *testing.T) {
			tfresource.ParallelTest(t, tfresource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []tfresource.TestStep{{
					Config:      encryptedBucket(acctest.RandomName("tf-acc-guard-")) + presignedPut(kind, ""),
					ExpectError: fs021,
				}},
			})
		})
	}
}

// FS021 for the other upload paths: a presigned POST and a content object
// without server_side_encryption are refused at plan time.
func TestAccGuardrails_unencryptedPostAndContentObjectRefused(t *testing.T) {
	name := acctest.RandomName("tf-acc-guard-")
	post := `
data "filestore_presigned_post" "form" {
  bucket     = filestore_upload_bucket.test.bucket
  key_prefix = "incoming/"
  max_size   = 1048576
}
`
	object := `
resource "filestore_content_object" "bundle" {
  bucket  = filestore_upload_bucket.test.bucket
  content = "hello"
}
`
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []tfresource.TestStep{
			{Config: encryptedBucket(name)},
			{
				Config:      encryptedBucket(name) + post,
				PlanOnly:    true,
				ExpectError: guardrailError("Guardrail FS021 not met", "this presigned POST sends no x-amz-server-side-encryption header"),
			},
			{
				Config:      encryptedBucket(name) + object,
				PlanOnly:    true,
				ExpectError: guardrailError("Guardrail FS021 not met", "this content object sends no x-amz-server-side-encryption header"),
			},
		},
	})
}

// The passing side of FS021 for POST and content objects needs their
// server_side_encryption (SPEC), which i8-uploads / i8-bucket add.
func TestAccGuardrails_encryptedPostAndContentObjectPlan(t *testing.T) {
	requireAttributes(t, "i8-uploads", "filestore_presigned_post", "server_side_encryption")
	requireAttributes(t, "i8-uploads (content object SSE)", "filestore_content_object", "server_side_encryption")
	name := acctest.RandomName("tf-acc-guard-")
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []tfresource.TestStep{
			{Config: encryptedBucket(name)},
			{Config: encryptedBucket(name) + `
data "filestore_presigned_post" "form" {
  bucket                 = filestore_upload_bucket.test.bucket
  key_prefix             = "incoming/"
  max_size               = 1048576
  server_side_encryption = "AES256"
}

resource "filestore_content_object" "bundle" {
  bucket                 = filestore_upload_bucket.test.bucket
  content                = "hello"
  server_side_encryption = "AES256"
  retain_on_destroy      = false
}
`},
		},
	})
}

// FS024: with compliance_tag, a tagged bucket without object lock is
// refused at plan time.
func TestAccGuardrails_complianceBucketNeedsObjectLock(t *testing.T) {
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []tfresource.TestStep{{
			Config: guardrailsProvider(`{ parameters = { compliance_tag = "retention" } }`) + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  tags   = { retention = "7y" }
}
`, acctest.RandomName("tf-acc-guard-")),
			PlanOnly:    true,
			ExpectError: guardrailError("Guardrail FS024 not met: Compliance buckets have object lock", `object_lock: the bucket is tagged "retention", which requires object lock`),
		}},
	})
}

// The passing side of FS024 needs object_lock (SPEC), which i8-bucket adds.
func TestAccGuardrails_complianceBucketWithObjectLockPlans(t *testing.T) {
	requireAttributes(t, "i8-bucket", "filestore_upload_bucket", "object_lock")
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []tfresource.TestStep{{
			Config: guardrailsProvider(`{ parameters = { compliance_tag = "retention" } }`) + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket      = %q
  versioning  = true
  object_lock = { mode = "GOVERNANCE", days = 1 }
  tags        = { retention = "7y" }
}
`, acctest.RandomName("tf-acc-guard-")),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}

// FS018: a presigned GET into the quarantine is refused at plan time (the
// bucket exists); one outside it plans. Needs quarantine (i9-pipeline).
func TestAccGuardrails_presignedGetIntoQuarantineRefused(t *testing.T) {
	requireAttributes(t, "i9-pipeline", "filestore_upload_bucket", "quarantine", "notifications")
	name := acctest.RandomName("tf-acc-guard-")
	bucket := quarantineBucket(name, false) // SeaweedFS has no notifications; FS020 only warns here
	get := func(key string) string {
		return fmt.Sprintf(`
data "filestore_presigned_url" "get" {
  bucket = filestore_upload_bucket.test.bucket
  key    = %q
}
`, key)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []tfresource.TestStep{
			{Config: bucket},
			{
				Config:      bucket + get("quarantine/report.pdf"),
				PlanOnly:    true,
				ExpectError: guardrailError("Guardrail FS018 not met: No read links into the quarantine", `key: a presigned GET of "quarantine/report.pdf" reads the quarantine`),
			},
			{Config: bucket + get("clean/report.pdf")},
		},
	})
}

// quarantineBucket has a quarantine, with (hook) or without a queue
// notification covering it.
func quarantineBucket(name string, hook bool) string {
	notifications := ""
	if hook {
		notifications = `
  notifications = {
    queues = [{
      arn    = "arn:aws:sqs:us-east-1:111122223333:uploads-scan"
      events = ["s3:ObjectCreated:*"]
      prefix = "quarantine/"
    }]
  }`
	}
	return fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  quarantine = {
    prefix                = "quarantine/"
    reader_principal_arns = ["arn:aws:iam::111122223333:role/scanner"]
  }%s
}
`, name, notifications)
}

// What a person sees in the plan output: warnings (the testing framework
// does not expose them), with OpenTofu and with Terraform when installed.
var devOverrides = struct {
	once sync.Once
	rc   string
	err  error
}{}

// devOverridesRC builds the provider from this tree once and returns a CLI
// configuration that installs it (dev_overrides).
func devOverridesRC(t *testing.T) string {
	t.Helper()
	devOverrides.once.Do(func() {
		dir, err := os.MkdirTemp("", "filestore-guard-plan-")
		if err != nil {
			devOverrides.err = err
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-filestore"), ".")
		build.Dir = testbed.RepoRoot()
		if out, err := build.CombinedOutput(); err != nil {
			devOverrides.err = fmt.Errorf("building the provider: %w\n%s", err, out)
			return
		}
		devOverrides.rc = filepath.Join(dir, "cli.rc")
		devOverrides.err = os.WriteFile(devOverrides.rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/filestore/filestore" = %q
    "registry.terraform.io/filestore/filestore" = %q
  }
  direct {}
}
`, dir, dir)), 0o644)
	})
	if devOverrides.err != nil {
		t.Fatal(devOverrides.err)
	}
	return devOverrides.rc
}

// tfRun writes cfg as dir/main.tf and runs `<binary> <args>` there with the
// provider built from this tree; it returns the output and whether the
// command succeeded.
func tfRun(t *testing.T, binary, dir, cfg string, args ...string) (string, bool) {
	t.Helper()
	rc := devOverridesRC(t)
	main := "terraform {\n  required_providers {\n    filestore = { source = \"filestore/filestore\" }\n  }\n}\n" + cfg
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, append(args, "-no-color", "-input=false")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err == nil
}

// planWith runs `<binary> plan` on cfg in a fresh directory.
func planWith(t *testing.T, binary, cfg string) (string, bool) {
	t.Helper()
	return tfRun(t, binary, t.TempDir(), cfg, "plan")
}

// binaries are OpenTofu and, when installed, Terraform.
func binaries(t *testing.T) map[string]string {
	t.Helper()
	acctest.SkipUnlessAcceptance(t)
	tofu, err := testbed.Tool("tofu")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"tofu": tofu}
	if tf, err := exec.LookPath("terraform"); err == nil {
		out["terraform"] = tf
	}
	return out
}

func expectOutput(t *testing.T, out string, ok bool, want []string, unwanted ...string) {
	t.Helper()
	if !ok {
		t.Fatalf("plan failed:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("plan output lacks %q:\n%s", w, out)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(flat, u) {
			t.Errorf("plan output has %q:\n%s", u, out)
		}
	}
}

// FS022 and FS023 are warnings on the bucket itself; FS023 says that the
// provider cannot see another bucket sending its logs here.
func TestAccGuardrails_corsETagAndAccessLoggingWarn(t *testing.T) {
	cfg := fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT"]
  }]
}
`, acctest.RandomName("tf-acc-guard-"))
	for name, bin := range binaries(t) {
		t.Run(name, func(t *testing.T) {
			out, ok := planWith(t, bin, cfg)
			expectOutput(t, out, ok, []string{
				"Warning: Guardrail FS022 not met: CORS rules that allow PUT expose ETag",
				"cors_rules[0].expose_headers: CORS rule 0 allows PUT but does not expose ETag",
				"Warning: Guardrail FS023 not met: Server access logging configured",
				"`policy check` over the saved plan decides",
				"Plan: 1 to add",
			})
		})
	}
}

// FS020 inside the provider: a quarantine without a notification covering
// it is a warning (a GuardDuty plan, another provider's resource, cannot be
// seen); with the queue it is silent. FS019: once the bucket exists, an
// ephemeral presigned PUT outside the quarantine warns at plan time (the
// bucket is applied first, with the tool itself: the testing framework does
// not show warnings). Needs quarantine and notifications (i9-pipeline).
func TestAccGuardrails_scanHookAndQuarantineUploadsWarn(t *testing.T) {
	requireAttributes(t, "i9-pipeline", "filestore_upload_bucket", "quarantine", "notifications")
	put := `
ephemeral "filestore_presigned_url" "put" {
  bucket       = filestore_upload_bucket.test.bucket
  key          = "avatars/1.png"
  method       = "PUT"
  content_type = "image/png"
}
`
	for name, bin := range binaries(t) {
		t.Run(name, func(t *testing.T) {
			out, ok := planWith(t, bin, quarantineBucket(acctest.RandomName("tf-acc-guard-"), true))
			expectOutput(t, out, ok, []string{"Plan: 1 to add"}, "FS020")

			dir := t.TempDir()
			bucket := quarantineBucket(acctest.RandomName("tf-acc-guard-"), false)
			out, ok = tfRun(t, bin, dir, bucket, "apply", "-auto-approve")
			expectOutput(t, out, ok, []string{
				"Warning: Guardrail FS020 not met: Quarantined and gated uploads have a scan hook",
				`quarantine.prefix: nothing scans uploads under the quarantine prefix "quarantine/"`,
				"`policy check` over the saved plan decides",
			})
			t.Cleanup(func() {
				if out, ok := tfRun(t, bin, dir, bucket, "destroy", "-auto-approve"); !ok {
					t.Errorf("destroy failed:\n%s", out)
				}
			})
			out, ok = tfRun(t, bin, dir, bucket+put, "plan")
			expectOutput(t, out, ok, []string{
				"Warning: Guardrail FS019 not met: Uploads land in the quarantine",
				`key: uploads land under "avatars/1.png", outside the quarantine prefix "quarantine/"`,
			})
		})
	}
}
