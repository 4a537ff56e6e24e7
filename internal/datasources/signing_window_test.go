package datasources_test

import (
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/clock"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// windowConfig feeds a presigned URL (and a CloudFront signed URL) into a
// terraform_data resource, as a module output or an app setting would.
func windowConfig(window string) string {
	w := ""
	if window != "" {
		w = fmt.Sprintf("signing_window = %q", window)
	}
	key := newRSAKeyPEM()
	return acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_presigned_url" "download" {
  bucket     = "reports"
  key        = "q3.pdf"
  expires_in = "1h"
  %[1]s
}

data "filestore_cloudfront_signed_url" "video" {
  url             = "https://d111111abcdef8.cloudfront.net/intro.mp4"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = %[2]q
  expires_in      = "1h"
  %[1]s
}

resource "terraform_data" "app" {
  input = {
    download = data.filestore_presigned_url.download.url
    video    = data.filestore_cloudfront_signed_url.video.signed_url
  }
}
`, w, key)
}

var (
	windowKeyOnce sync.Once
	windowKey     string
)

func newRSAKeyPEM() string {
	windowKeyOnce.Do(func() { windowKey = newRSAKeyForTest().privatePEM })
	return windowKey
}

// Two plans in a row: with a 30-minute window, a plan twenty minutes later
// is empty; crossing into the next window changes the URL. Without a window the
// same twenty minutes change it. The provider clock is the test's (a shared
// clock.Manual; minting makes no network call, so no server is involved).
func TestAccPresignedURL_signingWindow(t *testing.T) {
	acctest.PreCheck(t)
	start := time.Date(2026, 11, 27, 10, 5, 0, 0, time.UTC)

	t.Run("with window", func(t *testing.T) {
		clk := clock.NewManual(start)
		cfg := windowConfig("30m")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWith(provider.WithClock(clk)),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						// Signed at the start of the window; expiry from there.
						statecheck.ExpectKnownValue("data.filestore_presigned_url.download", tfjsonpath.New("url"),
							knownvalue.StringRegexp(regexp.MustCompile(`X-Amz-Date=20261127T100000Z&X-Amz-Expires=3600&.*X-Amz-Signature=[0-9a-f]{64}`))),
						statecheck.ExpectKnownValue("data.filestore_presigned_url.download", tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-11-27T11:00:00Z")),
						statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.video", tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-11-27T11:00:00Z")),
					},
				},
				{
					PreConfig:        func() { clk.Advance(20 * time.Minute) }, // 10:25, same window
					Config:           cfg,
					PlanOnly:         true,
					ConfigPlanChecks: planTwice(plancheck.ExpectEmptyPlan()),
				},
				{
					PreConfig:        func() { clk.Advance(4*time.Minute + 59*time.Second) }, // 10:29:59, still the same window
					Config:           cfg,
					PlanOnly:         true,
					ConfigPlanChecks: planTwice(plancheck.ExpectEmptyPlan()),
				},
				{
					PreConfig: func() { clk.Advance(time.Second) }, // 10:30:00, next window
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("terraform_data.app", plancheck.ResourceActionUpdate)},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.filestore_presigned_url.download", tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-11-27T11:30:00Z")),
					},
				},
			},
		})
	})

	t.Run("without window", func(t *testing.T) {
		clk := clock.NewManual(start)
		cfg := windowConfig("")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWith(provider.WithClock(clk)),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.filestore_presigned_url.download", tfjsonpath.New("url"),
							knownvalue.StringRegexp(regexp.MustCompile(`X-Amz-Date=20261127T100500Z&`))),
					},
				},
				{
					PreConfig:          func() { clk.Advance(20 * time.Minute) },
					Config:             cfg,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks:   planTwice(plancheck.ExpectResourceAction("terraform_data.app", plancheck.ResourceActionUpdate)),
				},
			},
		})
	})
}

// planTwice runs a check on both plans of a PlanOnly step (the plugin
// testing framework plans without, then with, a refresh).
func planTwice(c plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PostApplyPreRefresh:  []plancheck.PlanCheck{c},
		PostApplyPostRefresh: []plancheck.PlanCheck{c},
	}
}
