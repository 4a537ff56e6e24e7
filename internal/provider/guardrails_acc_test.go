package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// The guardrails inside the provider, at plan time (runner 1). These tests
// only plan: the guardrails decide before anything is created or minted.

func guardrailsProvider(policy string) string {
	if policy == "" {
		return ""
	}
	return fmt.Sprintf("provider \"filestore\" {\n  policy = %s\n}\n", policy)
}

func guardrailsWildcardBucket(name string) string {
	return fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  cors_rules = [{
    allowed_origins = ["*"]
    allowed_methods = ["PUT", "GET"]
  }]
}
`, name)
}

func TestAccGuardrails_corsWildcardWriteDenied(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:   guardrailsWildcardBucket(acctest.RandomName("tf-acc-guard-")),
			PlanOnly: true,
			// The error names the rule and the attribute (the diagnostic
			// carries the attribute path; the text names it too, since
			// OpenTofu shows nested attribute paths as the whole block).
			ExpectError: regexp.MustCompile(`(?s)Error: Guardrail FS005 not met: No CORS write access from any origin.*cors_rules\[0\]\.allowed_origins: CORS rule 0 allows origin "\*" to PUT.*Guardrail FS005 \(deny\)`),
		}},
	})
}

func TestAccGuardrails_enforcementWarnPlans(t *testing.T) {
	name := acctest.RandomName("tf-acc-guard-")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:             guardrailsProvider(`{ enforcement = "warn" }`) + guardrailsWildcardBucket(name),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction("filestore_upload_bucket.test", plancheck.ResourceActionCreate)},
			},
		}},
	})
}

func TestAccGuardrails_overrideOffPlans(t *testing.T) {
	name := acctest.RandomName("tf-acc-guard-")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:             guardrailsProvider(`{ overrides = { FS005 = "off" } }`) + guardrailsWildcardBucket(name),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction("filestore_upload_bucket.test", plancheck.ResourceActionCreate)},
			},
		}},
	})
}

// The data source and the ephemeral resource are refused before minting.
func TestAccGuardrails_presignedURLOverMaxRefused(t *testing.T) {
	for _, kind := range []string{"data", "ephemeral"} {
		t.Run(kind, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{{
					Config: guardrailsProvider(`{ parameters = { max_presign_seconds = "1800" } }`) + fmt.Sprintf(`
%s "filestore_presigned_url" "test" {
  bucket     = "any-bucket"
  key        = "report.csv"
  expires_in = "1h"
}
`, kind),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)Error: Guardrail FS010 not met: Presigned URL / POST expiry within max_presign_seconds.*expires_in: expires_in 1h \(3600 s\) exceeds max_presign_seconds \(1800 s\)`),
				}},
			})
		})
	}
}

// A value unknown until apply never triggers a rule: the CORS origin (and
// the bucket name) come from terraform_data.output, so the wildcard is not
// known at plan time and the plan goes through under enforcement "deny".
func TestAccGuardrails_unknownValueNotAViolation(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "origin" {
  input = "*"
}

resource "terraform_data" "name" {
  input = %q
}

resource "filestore_upload_bucket" "test" {
  bucket = terraform_data.name.output
  cors_rules = [{
    allowed_origins = [terraform_data.origin.output]
    allowed_methods = ["PUT"]
  }]
}
`, acctest.RandomName("tf-acc-guard-")),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("filestore_upload_bucket.test",
						tfjsonpath.New("cors_rules").AtSliceIndex(0).AtMapKey("allowed_origins").AtSliceIndex(0)),
					plancheck.ExpectUnknownValue("filestore_upload_bucket.test", tfjsonpath.New("bucket")),
					plancheck.ExpectResourceAction("filestore_upload_bucket.test", plancheck.ResourceActionCreate),
				},
			},
		}},
	})
}

// TestAccGuardrails_planOutput runs `tofu plan` on the built provider and
// reads what a person sees: with enforcement "warn" a warning naming FS005
// and the attribute; with the override "off" nothing at all. (The testing
// framework does not expose warnings, hence the plain tofu run.)
func TestAccGuardrails_planOutput(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	tofu := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tofu == "" {
		var err error
		if tofu, err = testbed.Tool("tofu"); err != nil {
			t.Fatal(err)
		}
	}
	plan := func(t *testing.T, policy, bucket string) string {
		out, ok := planWith(t, tofu, guardrailsProvider(policy)+guardrailsWildcardBucket(bucket))
		if !ok {
			t.Fatalf("tofu plan failed:\n%s", out)
		}
		return out
	}
	t.Run("warn", func(t *testing.T) {
		out := plan(t, `{ enforcement = "warn" }`, acctest.RandomName("tf-acc-guard-"))
		for _, want := range []string{"Warning: Guardrail FS005 not met: No CORS write access from any origin", `cors_rules[0].allowed_origins: CORS rule 0 allows origin "*" to PUT`, "Plan: 1 to add"} {
			if !strings.Contains(out, want) {
				t.Errorf("plan output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("override off", func(t *testing.T) {
		out := plan(t, `{ overrides = { FS005 = "off" } }`, acctest.RandomName("tf-acc-guard-"))
		if strings.Contains(out, "FS005") || !strings.Contains(out, "Plan: 1 to add") {
			t.Errorf("with FS005 off the plan should say nothing about it:\n%s", out)
		}
	})
	t.Run("exemption", func(t *testing.T) {
		bucket := acctest.RandomName("tf-acc-guard-")
		out := plan(t, fmt.Sprintf(`{ parameters = { "exempt:FS005:%s" = "public upload widget, reviewed in SEC-12" } }`, bucket), bucket)
		for _, want := range []string{"Warning: Guardrail FS005 not met: No CORS write access from any origin", "Exempted: public upload widget, reviewed in SEC-12", "Plan: 1 to add"} {
			if !strings.Contains(out, want) {
				t.Errorf("plan output lacks %q:\n%s", want, out)
			}
		}
	})
}
