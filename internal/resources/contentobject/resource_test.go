package contentobject_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

func TestAccContentObject_basic(t *testing.T) {
	bucket := newBucket(t)
	dir := t.TempDir()
	src, digest := writeFile(t, dir, "index.html", 0, []byte("<!doctype html><title>hello</title>\n"))
	key := casKey("cas", digest)
	addr := "filestore_content_object.page"
	config := func(extra string) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "page" {
  bucket = %q
  source = %q
%s
}
`, bucket, src, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			// retain_on_destroy defaults to true: the object outlives the resource.
			_, err := headObject(t, bucket, key)
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					// The hash, and so the key, are known at plan time.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("sha256"), knownvalue.StringExact(digest)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key)),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("etag")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(bucket+"/"+key)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sha256"), knownvalue.StringExact(digest)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(36)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("text/html; charset=utf-8")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("cache_control"), knownvalue.StringExact("public, max-age=31536000, immutable")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key_prefix"), knownvalue.StringExact("cas")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("retain_on_destroy"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("already_present"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("etag"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
				},
				Check: resource.ComposeTestCheckFunc(
					checkStored(t, bucket, key, digest, "text/html; charset=utf-8"),
					func(*terraform.State) error {
						head, err := headObject(t, bucket, key)
						if err != nil {
							return err
						}
						if cc := aws.ToString(head.CacheControl); cc != "public, max-age=31536000, immutable" {
							return fmt.Errorf("stored Cache-Control %q", cc)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           bucket + "/" + key,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"source", "already_present"},
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: bucket,
				ExpectError:   regexp.MustCompile(`(?s)Importing\s+content\s+object.*not\s+<bucket>/<key>`),
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: bucket + "/cas/zz/" + digest,
				ExpectError:   regexp.MustCompile(`(?s)Importing\s+content\s+object.*not\s+a\s+content\s+address`),
			},
			{
				// Headers change in place: same key, no new upload.
				Config: config(`  content_type  = "text/plain"
  cache_control = "no-cache"
  metadata      = { build = "42" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("text/plain")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{"build": knownvalue.StringExact("42")})),
				},
				Check: func(*terraform.State) error {
					head, err := headObject(t, bucket, key)
					if err != nil {
						return err
					}
					if ct, cc, md := aws.ToString(head.ContentType), aws.ToString(head.CacheControl), head.Metadata["build"]; ct != "text/plain" || cc != "no-cache" || md != "42" {
						return fmt.Errorf("stored headers: Content-Type %q, Cache-Control %q, x-amz-meta-build %q", ct, cc, md)
					}
					return checkStored(t, bucket, key, digest, "text/plain")(nil)
				},
			},
		},
	})
}

func TestAccContentObject_content(t *testing.T) {
	bucket := newBucket(t)
	const text = "feature_flags = on\n"
	sum := sha256.Sum256([]byte(text))
	digest := hex.EncodeToString(sum[:])
	binary := []byte{0, 1, 2, 0xfe, 0xff}
	bsum := sha256.Sum256(binary)
	bdigest := hex.EncodeToString(bsum[:])
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "text" {
  bucket     = %[1]q
  content    = %[2]q
  key_prefix = ""
}
resource "filestore_content_object" "bin" {
  bucket         = %[1]q
  content_base64 = %[3]q
  key_prefix     = "assets/blobs"
}
`, bucket, text, "AAEC/v8="),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("filestore_content_object.text", tfjsonpath.New("key"), knownvalue.StringExact(casKey("", digest))),
				statecheck.ExpectKnownValue("filestore_content_object.text", tfjsonpath.New("content_type"), knownvalue.StringExact("application/octet-stream")),
				statecheck.ExpectKnownValue("filestore_content_object.bin", tfjsonpath.New("key"), knownvalue.StringExact(casKey("assets/blobs", bdigest))),
				statecheck.ExpectKnownValue("filestore_content_object.bin", tfjsonpath.New("size"), knownvalue.Int64Exact(5)),
			},
			Check: resource.ComposeTestCheckFunc(
				checkStored(t, bucket, casKey("", digest), digest, "application/octet-stream"),
				checkStored(t, bucket, casKey("assets/blobs", bdigest), bdigest, ""),
			),
		}, {
			// An empty prefix and a two-segment prefix are derived back
			// from the key on import.
			ResourceName:            "filestore_content_object.text",
			ImportState:             true,
			ImportStateId:           bucket + "/" + casKey("", digest),
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"content", "already_present"},
		}, {
			ResourceName:            "filestore_content_object.bin",
			ImportState:             true,
			ImportStateId:           bucket + "/" + casKey("assets/blobs", bdigest),
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"content_base64", "already_present"},
		}},
	})
}

// Two resources with the same content: one upload. The second resource
// (another stack, in practice) finds the key and skips the upload. Locally a
// counting proxy proves that exactly one PutObject reached the server;
// everywhere, the object's LastModified and ETag do not change.
func TestAccContentObject_dedup(t *testing.T) {
	bucket := newBucket(t)
	dir := t.TempDir()
	content := []byte("shared bundle " + acctest.RandomName(""))
	srcA, digest := writeFile(t, dir, "a.bin", 0, content)
	srcB, _ := writeFile(t, dir, "b.bin", 0, content)
	key := casKey("cas", digest)

	providerBlock := acctest.ProviderBlock()
	var proxy *countingProxy
	if !acctest.IsAWS() {
		proxy = newCountingProxy(t)
		providerBlock = proxy.ProviderBlock()
	}
	one := providerBlock + fmt.Sprintf(`
resource "filestore_content_object" "a" {
  bucket = %q
  source = %q
}
`, bucket, srcA)
	two := one + fmt.Sprintf(`
resource "filestore_content_object" "b" {
  bucket = %q
  source = %q
}
`, bucket, srcB)

	var firstModified time.Time
	var firstETag string
	countPuts := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if proxy == nil {
				return nil
			}
			puts, parts := proxy.counts(bucket, key)
			if puts != want || parts != 0 {
				return fmt.Errorf("%d PutObject and %d UploadPart requests reached the server for %s, want %d and 0", puts, parts, key, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: one,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("filestore_content_object.a", tfjsonpath.New("already_present"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(
					countPuts(1),
					func(*terraform.State) error {
						head, err := headObject(t, bucket, key)
						if err != nil {
							return err
						}
						firstModified, firstETag = aws.ToTime(head.LastModified), aws.ToString(head.ETag)
						return nil
					},
				),
			},
			{
				PreConfig: func() { time.Sleep(1100 * time.Millisecond) }, // LastModified has a 1 s resolution
				Config:    two,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("filestore_content_object.a", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("filestore_content_object.b", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue("filestore_content_object.b", tfjsonpath.New("key"), knownvalue.StringExact(key)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("filestore_content_object.b", tfjsonpath.New("already_present"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("filestore_content_object.b", tfjsonpath.New("key"), knownvalue.StringExact(key)),
					statecheck.ExpectKnownValue("filestore_content_object.a", tfjsonpath.New("already_present"), knownvalue.Bool(false)),
					statecheck.CompareValuePairs("filestore_content_object.a", tfjsonpath.New("etag"), "filestore_content_object.b", tfjsonpath.New("etag"), compare.ValuesSame()),
				},
				Check: resource.ComposeTestCheckFunc(
					countPuts(1),
					func(*terraform.State) error {
						head, err := headObject(t, bucket, key)
						if err != nil {
							return err
						}
						if m, e := aws.ToTime(head.LastModified), aws.ToString(head.ETag); !m.Equal(firstModified) || e != firstETag {
							return fmt.Errorf("the object was written again: LastModified %s -> %s, ETag %s -> %s", firstModified, m, firstETag, e)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccContentObject_replaceOnChange(t *testing.T) {
	bucket := newBucket(t)
	dir := t.TempDir()
	src, digest1 := writeFile(t, dir, "app.js", 0, []byte("console.log('v1');\n"))
	key1 := casKey("cas", digest1)
	sum2 := sha256.Sum256([]byte("console.log('v2');\n"))
	digest2 := hex.EncodeToString(sum2[:])
	key2 := casKey("cas", digest2)
	addr := "filestore_content_object.js"
	config := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "js" {
  bucket = %q
  source = %q
}
`, bucket, src)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("text/javascript; charset=utf-8")),
				},
				Check: checkStored(t, bucket, key1, digest1, "text/javascript; charset=utf-8"),
			},
			{
				// Same configuration, new file content: a new key, planned as
				// a replacement with the new key known at plan time.
				PreConfig: func() {
					if err := os.WriteFile(src, []byte("console.log('v2');\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key2)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("sha256"), knownvalue.StringExact(digest2)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("already_present"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkStored(t, bucket, key2, digest2, ""),
					// The old version is retained (retain_on_destroy = true):
					// another stack may still reference it.
					checkStored(t, bucket, key1, digest1, ""),
				),
			},
			{
				// Another path with the same bytes: the key does not change,
				// only the state's source does (no upload, no replacement).
				PreConfig: func() {
					if err := os.WriteFile(filepath.Join(filepath.Dir(src), "app.v2.js"), []byte("console.log('v2');\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: strings.Replace(config, src, filepath.Join(filepath.Dir(src), "app.v2.js"), 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(key2)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("etag"), knownvalue.NotNull()),
				}},
			},
			{
				// A new prefix is a new key: a replacement.
				Config: strings.Replace(strings.Replace(config, src, filepath.Join(filepath.Dir(src), "app.v2.js"), 1),
					"source =", "key_prefix = \"static/cas\"\n  source =", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(casKey("static/cas", digest2))),
				}},
				Check: checkStored(t, bucket, casKey("static/cas", digest2), digest2, ""),
			},
		},
	})
}

func TestAccContentObject_retainOnDestroy(t *testing.T) {
	bucket := newBucket(t)
	const kept, dropped = "kept content\n", "dropped content\n"
	s1, s2 := sha256.Sum256([]byte(kept)), sha256.Sum256([]byte(dropped))
	keptKey, droppedKey := casKey("cas", hex.EncodeToString(s1[:])), casKey("cas", hex.EncodeToString(s2[:]))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if _, err := headObject(t, bucket, keptKey); err != nil {
				return fmt.Errorf("retain_on_destroy = true (default) should keep %s: %w", keptKey, err)
			}
			return checkGone(t, bucket, droppedKey)
		},
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "kept" {
  bucket  = %[1]q
  content = %[2]q
}
resource "filestore_content_object" "dropped" {
  bucket            = %[1]q
  content           = %[3]q
  retain_on_destroy = false
}
`, bucket, kept, dropped),
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error { _, err := headObject(t, bucket, keptKey); return err },
				func(*terraform.State) error { _, err := headObject(t, bucket, droppedKey); return err },
			),
		}},
	})
}

func TestAccContentObject_disappears(t *testing.T) {
	bucket := newBucket(t)
	const text = "deleted out of band\n"
	sum := sha256.Sum256([]byte(text))
	digest := hex.EncodeToString(sum[:])
	key := casKey("cas", digest)
	addr := "filestore_content_object.x"
	config := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "x" {
  bucket  = %q
  content = %q
}
`, bucket, text)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: config, Check: checkStored(t, bucket, key, digest, "")},
			{
				PreConfig: func() {
					if _, err := acctest.S3(t).DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("already_present"), knownvalue.Bool(false)),
				},
				Check: checkStored(t, bucket, key, digest, ""),
			},
		},
	})
}

func TestAccContentObject_badInput(t *testing.T) {
	dir := t.TempDir()
	src, _ := writeFile(t, dir, "ok.txt", 0, []byte("ok"))
	missing := filepath.Join(dir, "missing.txt")
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"two sources", fmt.Sprintf("source = %q\n  content = \"x\"", src),
			regexp.MustCompile(`(?s)Invalid\s+Attribute\s+Combination.*source.*content`)},
		{"no source", ``,
			regexp.MustCompile(`(?s)Invalid\s+Attribute\s+Combination.*No\s+attribute\s+specified`)},
		{"missing file", fmt.Sprintf("source = %q", missing),
			regexp.MustCompile(`(?s)Reading\s+content\s+object\s+source.*missing\.txt.*no\s+such\s+file`)},
		{"directory", fmt.Sprintf("source = %q", dir),
			regexp.MustCompile(`(?s)Reading\s+content\s+object\s+source.*is\s+a\s+directory,\s+not\s+a\s+regular\s+file`)},
		// Opening a pipe waits for a writer: the plan used to hang forever.
		{"named pipe", fmt.Sprintf("source = %q", fifoForTest(t, dir)),
			regexp.MustCompile(`(?s)Reading\s+content\s+object\s+source.*is\s+a\s+named\s+pipe`)},
		{"device", `source = "/dev/zero"`,
			regexp.MustCompile(`(?s)Reading\s+content\s+object\s+source.*is\s+a\s+character\s+device`)},
		{"bad prefix", "content = \"x\"\n  key_prefix = \"/cas/\"",
			regexp.MustCompile(`(?s)Invalid\s+key\s+prefix.*key_prefix.*must\s+not\s+start\s+or\s+end`)},
		{"dot segment", "content = \"x\"\n  key_prefix = \"cas/../x\"",
			regexp.MustCompile(`(?s)Invalid\s+key\s+prefix.*key_prefix`)},
		{"bad base64", "content_base64 = \"not base64!\"",
			regexp.MustCompile(`(?s)Invalid\s+base64\s+content.*content_base64`)},
		{"uppercase metadata key", "content = \"x\"\n  metadata = { Build = \"1\" }",
			regexp.MustCompile(`(?s)metadata.*must\s+be\s+lowercase`)},
		{"tiny part size", "content = \"x\"\n  multipart_part_size = 1024",
			regexp.MustCompile(`(?s)multipart_part_size.*between\s+5242880\s+and\s+5368709120`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
# %s
resource "filestore_content_object" "bad" {
  bucket = "tf-acc-never-created"
  %s
}
`, c.name, c.body),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}

// rewriteSourceAfterPlan is a "plan check" that rewrites a file: it runs
// between the plan and the apply of the saved plan, like a build step that
// changes an artifact after `terraform plan -out`.
type rewriteSourceAfterPlan struct {
	path    string
	content []byte
}

func (c rewriteSourceAfterPlan) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := os.WriteFile(c.path, c.content, 0o600); err != nil {
		resp.Error = err
	}
}

// A source that changes after the plan must not be stored under the planned
// key (its content address would lie): the apply fails and nothing is stored.
// Terraform's own check fails it first: ModifyPlan runs again at apply,
// hashes the new bytes, and Terraform reports an "inconsistent final plan" on
// sha256 (with its generic "bug in the provider" wording; the provider cannot
// tell the apply-time planning call from the first one to say it better). A
// change during the upload itself is caught by internal/upload, which checks
// the bytes it sent against the planned digest (see its sourceChanged test).
func TestAccContentObject_sourceChangedAfterPlan(t *testing.T) {
	bucket := newBucket(t)
	src, digest := writeFile(t, t.TempDir(), "config.json", 0, []byte(`{"v":1}`))
	changed := []byte(`{"v":2}`)
	sum := sha256.Sum256(changed)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "cfg" {
  bucket = %q
  source = %q
}
`, bucket, src),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("filestore_content_object.cfg", tfjsonpath.New("sha256"), knownvalue.StringExact(digest)),
				rewriteSourceAfterPlan{path: src, content: changed},
			}},
			ExpectError: regexp.MustCompile(`(?s)inconsistent\s+final\s+plan.*sha256`),
		}},
	})
	for _, d := range []string{digest, hex.EncodeToString(sum[:])} {
		if err := checkGone(t, bucket, casKey("cas", d)); err != nil {
			t.Error(err)
		}
	}
}
