package provider_test

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/clock"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
	"github.com/filestore/terraform-provider-filestore/internal/r2fake"
)

// TestAccExampleR2 applies examples/r2 (without its terraform block, whose
// source address the test harness provides itself) against a stand-in that
// answers as Cloudflare documents R2's S3 API (internal/r2fake): no R2
// account is reachable from here. It proves the example plans, applies,
// converges (an empty second plan) and destroys with compatibility = "r2",
// and checks on the stand-in what R2 would hold.
func TestAccExampleR2(t *testing.T) {
	acctest.LocalOnly(t, "uses an in-process R2 stand-in")
	raw, err := os.ReadFile("../../examples/r2/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	hcl := regexp.MustCompile(`(?s)terraform \{.*?\n\}\n`).ReplaceAllString(string(raw), "")
	fake, endpoint := r2fake.NewServer(t)
	vars := config.Variables{
		"account_id": config.StringVariable("0123456789abcdef0123456789abcdef"),
		"endpoint":   config.StringVariable(endpoint),
		"bucket":     config.StringVariable("r2-example"),
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		// A fixed clock: the example's download URL has a signing window,
		// and the test must not straddle a window boundary.
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWith(provider.WithClock(clock.NewManual(time.Now().Truncate(time.Hour).Add(time.Minute)))),
		CheckDestroy: func(*terraform.State) error {
			if fake.HasBucket("r2-example") {
				return fmt.Errorf("bucket r2-example still exists on the stand-in")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:          hcl,
				ConfigVariables: vars,
				Check: func(*terraform.State) error {
					keys := fake.Keys("r2-example")
					if len(keys) != 1 {
						return fmt.Errorf("objects on the stand-in: %v, want the logo", keys)
					}
					o, _ := fake.Object("r2-example", keys[0])
					if o.ContentType != "image/svg+xml" || o.StorageClass != "STANDARD_IA" || o.ChecksumAlgorithm != "CRC64NVME" {
						return fmt.Errorf("logo stored as %q %s with checksum %s", o.ContentType, o.StorageClass, o.ChecksumAlgorithm)
					}
					// Reads of settings R2 lacks are answered NotImplemented and
					// taken as "none"; no write may hit one.
					for _, r := range fake.Requests() {
						if r.Code == "NotImplemented" && r.Method != http.MethodGet && r.Method != http.MethodHead {
							return fmt.Errorf("the example wrote with %s, which R2 does not implement", r.Op)
						}
					}
					return nil
				},
			},
			{
				Config:          hcl,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
