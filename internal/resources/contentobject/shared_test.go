package contentobject_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// sharedConfig is two resources holding the same bytes: "file" from a
// source named .txt (text/plain; charset=utf-8), "inline" from content
// (application/octet-stream, and another cache_control). order is
// "file", "inline" (that one depends on the other) or "" (created in
// parallel). extra maps a resource name to extra arguments.
func sharedConfig(bucket, src, text, order string, extra map[string]string) string {
	dep := map[string][2]string{
		"file":   {"", "  depends_on = [filestore_content_object.file]\n"},
		"inline": {"  depends_on = [filestore_content_object.inline]\n", ""},
		"":       {"", ""},
	}[order]
	return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "file" {
  bucket = %[1]q
  source = %[2]q
%[4]s%[6]s}

resource "filestore_content_object" "inline" {
  bucket        = %[1]q
  content       = %[3]q
  cache_control = "no-cache"
%[5]s%[7]s}
`, bucket, src, text, dep[0], dep[1], extra["file"], extra["inline"])
}

// storedHeaders asks the server for the object's headers.
func storedHeaders(t *testing.T, bucket, key, contentType, cacheControl string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		head, err := headObject(t, bucket, key)
		if err != nil {
			return err
		}
		if ct, cc := aws.ToString(head.ContentType), aws.ToString(head.CacheControl); ct != contentType || cc != cacheControl {
			return fmt.Errorf("stored headers %q / %q, want %q / %q", ct, cc, contentType, cacheControl)
		}
		return nil
	}
}

// TestAccContentObject_sharedFirstWriterWins: two resources hold the same
// bytes and disagree on the headers. Whichever stores the object first keeps
// its headers and owns them; the other adopts the object without rewriting
// it, and after both have applied the next plan is empty — in either order.
// The adopter's configuration changes are kept without touching the object;
// an out-of-band change is drift for the owner only.
func TestAccContentObject_sharedFirstWriterWins(t *testing.T) {
	for _, first := range []string{"file", "inline"} {
		t.Run(first+" first", func(t *testing.T) {
			bucket := newBucket(t)
			text := "shared " + acctest.RandomName("") + "\n"
			src, digest := writeFile(t, t.TempDir(), "notes.txt", 0, []byte(text))
			key := casKey("cas", digest)
			second := map[string]string{"file": "inline", "inline": "file"}[first]
			owner, adopter := "filestore_content_object."+first, "filestore_content_object."+second
			want := map[string][2]string{
				"file":   {"text/plain; charset=utf-8", "public, max-age=31536000, immutable"},
				"inline": {"application/octet-stream", "no-cache"},
			}[first]
			config := sharedConfig(bucket, src, text, first, nil)
			changed := sharedConfig(bucket, src, text, first, map[string]string{second: "  metadata = { team = \"web\" }\n"})
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				Steps: []resource.TestStep{
					{
						// The framework plans again after the apply and fails
						// on any diff: convergence in one apply.
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(owner, tfjsonpath.New("owns_headers"), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue(owner, tfjsonpath.New("already_present"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue(adopter, tfjsonpath.New("owns_headers"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue(adopter, tfjsonpath.New("already_present"), knownvalue.Bool(true)),
						},
						Check: resource.ComposeTestCheckFunc(
							checkStored(t, bucket, key, digest, want[0]),
							storedHeaders(t, bucket, key, want[0], want[1]),
						),
					},
					{
						// Refresh and plan again: still nothing to do.
						Config:           config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            storedHeaders(t, bucket, key, want[0], want[1]),
					},
					{
						// The adopter changes its metadata: its state follows
						// the configuration, the shared object does not.
						Config: changed,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(owner, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(adopter, plancheck.ResourceActionUpdate),
						}},
						Check: func(s *terraform.State) error {
							head, err := headObject(t, bucket, key)
							if err != nil {
								return err
							}
							if len(head.Metadata) != 0 {
								return fmt.Errorf("the adopter wrote its metadata onto the shared object: %v", head.Metadata)
							}
							return storedHeaders(t, bucket, key, want[0], want[1])(s)
						},
					},
					{
						// An out-of-band change: drift for the owner, which
						// puts its headers back; nothing for the adopter.
						PreConfig: func() {
							_, err := acctest.S3(t).CopyObject(context.Background(), &s3.CopyObjectInput{
								Bucket: aws.String(bucket), Key: aws.String(key), CopySource: aws.String(bucket + "/" + key),
								MetadataDirective: s3types.MetadataDirectiveReplace, ContentType: aws.String("image/png"),
								CacheControl: aws.String(want[1]),
							})
							if err != nil {
								t.Fatal(err)
							}
						},
						Config: changed,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(owner, plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(adopter, plancheck.ResourceActionNoop),
						}},
						Check: storedHeaders(t, bucket, key, want[0], want[1]),
					},
				},
			})
		})
	}
}

// TestAccContentObject_sharedCreatedTogether: no dependency between the
// two resources, so Terraform creates them in parallel. Both may find the
// key absent; the upload is conditional (If-None-Match: *, which SeaweedFS
// and S3 honour), so exactly one stores the object and owns its headers,
// the other adopts it, and the stored headers are the owner's.
func TestAccContentObject_sharedCreatedTogether(t *testing.T) {
	bucket := newBucket(t)
	text := "together " + acctest.RandomName("") + "\n"
	src, digest := writeFile(t, t.TempDir(), "notes.txt", 0, []byte(text))
	key := casKey("cas", digest)
	config := sharedConfig(bucket, src, text, "", nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(s *tfjson.State) error {
					owners := map[string]bool{}
					for _, r := range s.Values.RootModule.Resources {
						if r.Type == "filestore_content_object" && r.AttributeValues["owns_headers"] == true {
							owners[r.Name] = true
						}
					}
					if len(owners) != 1 {
						return fmt.Errorf("owners: %v, want exactly one", owners)
					}
					want := map[bool][2]string{
						true:  {"text/plain; charset=utf-8", "public, max-age=31536000, immutable"},
						false: {"application/octet-stream", "no-cache"},
					}[owners["file"]]
					return storedHeaders(t, bucket, key, want[0], want[1])(nil)
				})},
				Check: checkStored(t, bucket, key, digest, ""),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// stateCheck is a state check written as a function.
type stateCheck func(*tfjson.State) error

func (f stateCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	resp.Error = f(req.State)
}
