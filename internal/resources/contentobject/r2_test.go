package contentobject_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/r2fake"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// TestAccContentObject_r2 runs against a stand-in that answers as Cloudflare
// documents R2's S3 API (internal/r2fake; no R2 account is reachable from
// here). R2 refuses a whole-object SHA-256 and accepts CRC-64/NVME; it takes
// SHA-256 on multipart parts; it has the storage classes STANDARD and
// STANDARD_IA; it implements no SSE header. With compatibility = "r2" the
// content object uploads with the checksums R2 accepts, changes headers and
// storage class in place, imports, and refuses at plan time what R2 cannot
// do.
func TestAccContentObject_r2(t *testing.T) {
	acctest.LocalOnly(t, "uses an in-process R2 stand-in")
	fake, endpoint := r2fake.NewServer(t)
	const bucket = "r2-objects"
	fake.CreateBucket(bucket)
	provider := fmt.Sprintf(`
provider "filestore" {
  compatibility = "r2"
  endpoints     = { s3 = %q }
  access_key    = "AKID"
  secret_key    = "SECRET"
}
`, endpoint)
	text := "on r2 " + acctest.RandomName("") + "\n"
	small := casKey("cas", sha256Hex([]byte(text)))
	src, digest := writeFile(t, t.TempDir(), "big.bin", 6*mib, nil)
	big := casKey("cas", digest)
	config := func(cacheControl, class string) string {
		return provider + fmt.Sprintf(`
resource "filestore_content_object" "small" {
  bucket        = %[1]q
  content       = %[2]q
  content_type  = "text/plain"
  cache_control = %[4]q
  storage_class = %[5]q
}

resource "filestore_content_object" "big" {
  bucket              = %[1]q
  source              = %[3]q
  multipart_threshold = 5242880
  multipart_part_size = 5242880
}
`, bucket, text, src, cacheControl, class)
	}
	stored := func(key, checksum, class, cacheControl string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			o, ok := fake.Object(bucket, key)
			if !ok {
				return fmt.Errorf("%s not on the R2 stand-in", key)
			}
			if checksum != "" && o.ChecksumAlgorithm != checksum {
				return fmt.Errorf("%s stored with checksum %q, want %q", key, o.ChecksumAlgorithm, checksum)
			}
			if o.StorageClass != class || (cacheControl != "" && o.CacheControl != cacheControl) {
				return fmt.Errorf("%s: class %s, Cache-Control %q", key, o.StorageClass, o.CacheControl)
			}
			return nil
		}
	}
	noRefusedWrites := func(*terraform.State) error {
		for _, r := range fake.Requests() {
			if r.Status >= 400 && r.Method != http.MethodGet && r.Method != http.MethodHead {
				return fmt.Errorf("R2 would refuse %s %s: %d %s", r.Op, r.Path, r.Status, r.Code)
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config("public, max-age=60", "STANDARD_IA"),
				Check: resource.ComposeTestCheckFunc(
					stored(small, "CRC64NVME", "STANDARD_IA", "public, max-age=60"),
					stored(big, "SHA256", "STANDARD", ""),
					func(*terraform.State) error {
						if o, _ := fake.Object(bucket, small); o.Checksum != upload.CRC64NVME([]byte(text)) {
							return fmt.Errorf("small: CRC64NVME %s", o.Checksum)
						}
						if o, _ := fake.Object(bucket, big); o.ChecksumType != "COMPOSITE" {
							return fmt.Errorf("big: checksum type %s", o.ChecksumType)
						}
						if fake.PendingUploads() != 0 {
							return fmt.Errorf("%d multipart uploads left", fake.PendingUploads())
						}
						return nil
					},
					noRefusedWrites,
				),
			},
			{
				// In place: CopyObject, which R2 implements with REPLACE.
				Config: config("no-cache", "STANDARD"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("filestore_content_object.small", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(stored(small, "", "STANDARD", "no-cache"), noRefusedWrites),
			},
			{
				ResourceName:            "filestore_content_object.small",
				ImportState:             true,
				ImportStateId:           bucket + "/" + small,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"content", "already_present"},
			},
			{
				// Drift on R2: changed out of band, put back by the owner.
				PreConfig: func() { fake.SetObjectHeaders(bucket, small, "text/plain", "public") },
				Config:    config("no-cache", "STANDARD"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("filestore_content_object.small", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("filestore_content_object.small", tfjsonpath.New("cache_control"), knownvalue.StringExact("no-cache")),
				},
				Check: stored(small, "", "STANDARD", "no-cache"),
			},
		},
	})
}

func TestAccContentObject_r2PlanErrors(t *testing.T) {
	acctest.LocalOnly(t, "uses an in-process R2 stand-in")
	_, endpoint := r2fake.NewServer(t)
	cases := []struct{ extra, want string }{
		{`server_side_encryption = "AES256"`, `(?s)server_side_encryption not available on Cloudflare R2.*server_side_encryption = "AES256"`},
		{`storage_class = "GLACIER"`, `(?s)Storage class not available on Cloudflare R2.*STANDARD\s+and\s+STANDARD_IA\s+only`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: fmt.Sprintf(`
provider "filestore" {
  compatibility = "r2"
  endpoints     = { s3 = %q }
  access_key    = "AKID"
  secret_key    = "SECRET"
}

resource "filestore_content_object" "x" {
  bucket  = "r2-objects"
  content = "x"
  %s
}
`, endpoint, c.extra),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(), Steps: steps})
}
