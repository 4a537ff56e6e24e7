package contentobject_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// A lowered threshold exercises the concurrent multipart path quickly; the
// proxy counts the parts that reach the server.
func TestAccContentObject_multipart(t *testing.T) {
	acctest.LocalOnly(t, "counts requests through a local proxy")
	bucket := newBucket(t)
	src, digest := writeFile(t, t.TempDir(), "bundle.tar.gz", 21*mib+123, nil)
	key := casKey("cas", digest)
	proxy := newCountingProxy(t)
	addr := "filestore_content_object.big"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: proxy.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "big" {
  bucket                = %q
  source                = %q
  multipart_threshold   = 5242880
  multipart_part_size   = 5242880
  multipart_concurrency = 3
}
`, bucket, src),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(21*mib+123)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("application/gzip")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("etag"), knownvalue.StringRegexp(regexp.MustCompile(`-5"?$`))),
			},
			Check: resource.ComposeTestCheckFunc(
				checkStored(t, bucket, key, digest, "application/gzip"),
				func(*terraform.State) error {
					puts, parts := proxy.counts(bucket, key)
					if puts != 0 || parts != 5 {
						return fmt.Errorf("%d PutObject and %d UploadPart requests, want 0 and 5", puts, parts)
					}
					return noMultipartUploads(t, bucket)
				},
			),
		}},
	})
}

// The default threshold (64 MiB) with a file just above it: 9 parts of the
// default 8 MiB.
func TestAccContentObject_multipartDefaultThreshold(t *testing.T) {
	acctest.LocalOnly(t, "counts requests through a local proxy")
	if testing.Short() {
		t.Skip("uploads 64 MiB; skipped with -short")
	}
	bucket := newBucket(t)
	size := int64(64*mib + 1)
	src, digest := writeFile(t, t.TempDir(), "video.mp4", size, nil)
	key := casKey("cas", digest)
	proxy := newCountingProxy(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: proxy.ProviderBlock() + fmt.Sprintf(`
resource "filestore_content_object" "video" {
  bucket = %q
  source = %q
}
`, bucket, src),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("filestore_content_object.video", tfjsonpath.New("size"), knownvalue.Int64Exact(size)),
				statecheck.ExpectKnownValue("filestore_content_object.video", tfjsonpath.New("content_type"), knownvalue.StringExact("video/mp4")),
			},
			Check: resource.ComposeTestCheckFunc(
				checkStored(t, bucket, key, digest, "video/mp4"),
				func(*terraform.State) error {
					if puts, parts := proxy.counts(bucket, key); puts != 0 || parts != 9 {
						return fmt.Errorf("%d PutObject and %d UploadPart requests, want 0 and 9", puts, parts)
					}
					return nil
				},
			),
		}},
	})
}

// One UploadPart fails permanently (the proxy answers 500 to every attempt
// at part 2): the apply fails, the multipart upload is aborted, and the
// server holds neither the object nor an incomplete upload.
func TestAccContentObject_multipartFailureAborts(t *testing.T) {
	acctest.LocalOnly(t, "injects faults through a local proxy")
	bucket := newBucket(t)
	src, digest := writeFile(t, t.TempDir(), "doomed.bin", 16*mib, nil)
	key := casKey("cas", digest)
	proxy := newCountingProxy(t)
	proxy.failPart = "2"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: proxy.ProviderBlock("max_retries = 2") + fmt.Sprintf(`
resource "filestore_content_object" "doomed" {
  bucket                = %q
  source                = %q
  multipart_threshold   = 5242880
  multipart_part_size   = 5242880
  multipart_concurrency = 2
}
`, bucket, src),
				ExpectError: regexp.MustCompile(`(?s)part\s+2.*InternalError.*was\s+aborted`),
			},
		},
	})
	// resource.Test has returned: ask the server what the failed apply left.
	proxy.mu.Lock()
	creates, aborts, failed := proxy.creates, proxy.aborts, proxy.failed
	proxy.mu.Unlock()
	if creates != 1 || aborts != 1 {
		t.Errorf("%d CreateMultipartUpload and %d AbortMultipartUpload requests, want 1 and 1", creates, aborts)
	}
	if failed != 3 {
		t.Errorf("part 2 was attempted %d times, want 3 (max_retries = 2)", failed)
	}
	if err := noMultipartUploads(t, bucket); err != nil {
		t.Error(err)
	}
	if err := checkGone(t, bucket, key); err != nil {
		t.Error(err)
	}
}
