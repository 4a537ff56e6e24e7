package resources_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

const contentObjectMiB = 1 << 20

// contentObjectBucket creates a bucket for one test directly on the server
// (not through the provider) and empties and deletes it afterwards.
func contentObjectBucket(t *testing.T) string {
	t.Helper()
	c := acctest.S3(t)
	bucket := acctest.BucketName()
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if r := c.Options().Region; acctest.IsAWS() && r != "" && r != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(r)}
	}
	if _, err := c.CreateBucket(context.Background(), in); err != nil {
		t.Fatalf("creating bucket %s: %v", bucket, err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		if ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)}); err == nil {
			for _, u := range ups.Uploads {
				_, _ = c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(bucket), Key: u.Key, UploadId: u.UploadId})
			}
		}
		p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				break
			}
			for _, o := range page.Contents {
				_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			}
		}
		_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})
	return bucket
}

// contentObjectWriteFile writes size random bytes (or content, if given) to
// name in dir and returns the path and the hex SHA-256. Large files are
// written in chunks, never held whole.
func contentObjectWriteFile(t *testing.T, dir, name string, size int64, content []byte) (string, string) {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}()
	h := sha256.New()
	w := io.MultiWriter(f, h)
	if content != nil {
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	} else if _, err := io.CopyN(w, rand.Reader, size); err != nil {
		t.Fatal(err)
	}
	return p, hex.EncodeToString(h.Sum(nil))
}

func contentObjectKey(prefix, digest string) string {
	if prefix == "" {
		return digest[:2] + "/" + digest
	}
	return prefix + "/" + digest[:2] + "/" + digest
}

func contentObjectHead(t *testing.T, bucket, key string) (*s3.HeadObjectOutput, error) {
	t.Helper()
	return acctest.S3(t).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
}

// contentObjectCheckStored asks the server that bucket/key holds exactly the
// content with the given digest, with the given content type.
func contentObjectCheckStored(t *testing.T, bucket, key, digest, contentType string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := acctest.S3(t).GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return fmt.Errorf("GetObject %s/%s: %w", bucket, key, err)
		}
		defer func() { _ = out.Body.Close() }()
		h := sha256.New()
		if _, err := io.Copy(h, out.Body); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != digest {
			return fmt.Errorf("stored object's SHA-256 is %s, want %s", got, digest)
		}
		if contentType != "" && aws.ToString(out.ContentType) != contentType {
			return fmt.Errorf("stored Content-Type is %q, want %q", aws.ToString(out.ContentType), contentType)
		}
		return nil
	}
}

func contentObjectCheckGone(t *testing.T, bucket, key string) error {
	_, err := contentObjectHead(t, bucket, key)
	if err == nil {
		return fmt.Errorf("object %s/%s still exists", bucket, key)
	}
	if !strings.Contains(err.Error(), "404") {
		return fmt.Errorf("HeadObject %s/%s: %w", bucket, key, err)
	}
	return nil
}

func contentObjectNoMultipartUploads(t *testing.T, bucket string) error {
	out, err := acctest.S3(t).ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("ListMultipartUploads: %w", err)
	}
	if len(out.Uploads) > 0 {
		var ids []string
		for _, u := range out.Uploads {
			ids = append(ids, aws.ToString(u.Key)+" "+aws.ToString(u.UploadId))
		}
		return fmt.Errorf("%d multipart upload(s) left behind: %s", len(out.Uploads), strings.Join(ids, ", "))
	}
	return nil
}

// contentObjectProxy is an HTTP reverse proxy in front of the local
// SeaweedFS that counts the S3 requests that carry object bytes and can fail
// one UploadPart permanently. It keeps the Host header the client signed
// (SeaweedFS verifies SigV4 including Host) and reaches SeaweedFS over HTTPS
// with the test CA.
type contentObjectProxy struct {
	URL string

	mu sync.Mutex
	// puts counts PutObject requests per object path (/bucket/key).
	puts map[string]int
	// parts counts UploadPart requests per object path.
	parts   map[string]int
	creates int
	aborts  int
	// failPart, when set, makes every UploadPart with this part number
	// answer 500 InternalError without reaching the server.
	failPart string
	failed   int
}

func newContentObjectProxy(t *testing.T) *contentObjectProxy {
	t.Helper()
	srv := acctest.RequireServer(t, testbed.SeaweedFS)
	target, err := url.Parse(srv.S3Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	p := &contentObjectProxy{puts: map[string]int{}, parts: map[string]int{}}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host // the client signed the proxy's host
		},
		Transport: acctest.Env().HTTPClient().Transport,
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p.mu.Lock()
		switch {
		case r.Method == http.MethodPut && q.Has("partNumber") && q.Has("uploadId") && r.Header.Get("x-amz-copy-source") == "":
			p.parts[r.URL.Path]++
			if p.failPart != "" && q.Get("partNumber") == p.failPart {
				p.failed++
				p.mu.Unlock()
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>`)
				return
			}
		case r.Method == http.MethodPut && !q.Has("uploadId") && r.Header.Get("x-amz-copy-source") == "" && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0:
			p.puts[r.URL.Path]++
		case r.Method == http.MethodPost && q.Has("uploads"):
			p.creates++
		case r.Method == http.MethodDelete && q.Has("uploadId"):
			p.aborts++
		}
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	p.URL = hs.URL
	return p
}

// ProviderBlock points the provider at the proxy.
func (p *contentObjectProxy) ProviderBlock(extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"filestore\" {\n  endpoints = { s3 = %q }\n", p.URL)
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func (p *contentObjectProxy) counts(bucket, key string) (puts, parts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	path := "/" + bucket + "/" + key
	return p.puts[path], p.parts[path]
}

func TestAccContentObject_basic(t *testing.T) {
	bucket := contentObjectBucket(t)
	dir := t.TempDir()
	src, digest := contentObjectWriteFile(t, dir, "index.html", 0, []byte("<!doctype html><title>hello</title>\n"))
	key := contentObjectKey("cas", digest)
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
			_, err := contentObjectHead(t, bucket, key)
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
					contentObjectCheckStored(t, bucket, key, digest, "text/html; charset=utf-8"),
					func(*terraform.State) error {
						head, err := contentObjectHead(t, bucket, key)
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
					head, err := contentObjectHead(t, bucket, key)
					if err != nil {
						return err
					}
					if ct, cc, md := aws.ToString(head.ContentType), aws.ToString(head.CacheControl), head.Metadata["build"]; ct != "text/plain" || cc != "no-cache" || md != "42" {
						return fmt.Errorf("stored headers: Content-Type %q, Cache-Control %q, x-amz-meta-build %q", ct, cc, md)
					}
					return contentObjectCheckStored(t, bucket, key, digest, "text/plain")(nil)
				},
			},
		},
	})
}

func TestAccContentObject_content(t *testing.T) {
	bucket := contentObjectBucket(t)
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
				statecheck.ExpectKnownValue("filestore_content_object.text", tfjsonpath.New("key"), knownvalue.StringExact(contentObjectKey("", digest))),
				statecheck.ExpectKnownValue("filestore_content_object.text", tfjsonpath.New("content_type"), knownvalue.StringExact("application/octet-stream")),
				statecheck.ExpectKnownValue("filestore_content_object.bin", tfjsonpath.New("key"), knownvalue.StringExact(contentObjectKey("assets/blobs", bdigest))),
				statecheck.ExpectKnownValue("filestore_content_object.bin", tfjsonpath.New("size"), knownvalue.Int64Exact(5)),
			},
			Check: resource.ComposeTestCheckFunc(
				contentObjectCheckStored(t, bucket, contentObjectKey("", digest), digest, "application/octet-stream"),
				contentObjectCheckStored(t, bucket, contentObjectKey("assets/blobs", bdigest), bdigest, ""),
			),
		}, {
			// An empty prefix and a two-segment prefix are derived back
			// from the key on import.
			ResourceName:            "filestore_content_object.text",
			ImportState:             true,
			ImportStateId:           bucket + "/" + contentObjectKey("", digest),
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"content", "already_present"},
		}, {
			ResourceName:            "filestore_content_object.bin",
			ImportState:             true,
			ImportStateId:           bucket + "/" + contentObjectKey("assets/blobs", bdigest),
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
	bucket := contentObjectBucket(t)
	dir := t.TempDir()
	content := []byte("shared bundle " + acctest.RandomName(""))
	srcA, digest := contentObjectWriteFile(t, dir, "a.bin", 0, content)
	srcB, _ := contentObjectWriteFile(t, dir, "b.bin", 0, content)
	key := contentObjectKey("cas", digest)

	providerBlock := acctest.ProviderBlock()
	var proxy *contentObjectProxy
	if !acctest.IsAWS() {
		proxy = newContentObjectProxy(t)
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
						head, err := contentObjectHead(t, bucket, key)
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
						head, err := contentObjectHead(t, bucket, key)
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
	bucket := contentObjectBucket(t)
	dir := t.TempDir()
	src, digest1 := contentObjectWriteFile(t, dir, "app.js", 0, []byte("console.log('v1');\n"))
	key1 := contentObjectKey("cas", digest1)
	sum2 := sha256.Sum256([]byte("console.log('v2');\n"))
	digest2 := hex.EncodeToString(sum2[:])
	key2 := contentObjectKey("cas", digest2)
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
				Check: contentObjectCheckStored(t, bucket, key1, digest1, "text/javascript; charset=utf-8"),
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
					contentObjectCheckStored(t, bucket, key2, digest2, ""),
					// The old version is retained (retain_on_destroy = true):
					// another stack may still reference it.
					contentObjectCheckStored(t, bucket, key1, digest1, ""),
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
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringExact(contentObjectKey("static/cas", digest2))),
				}},
				Check: contentObjectCheckStored(t, bucket, contentObjectKey("static/cas", digest2), digest2, ""),
			},
		},
	})
}

func TestAccContentObject_retainOnDestroy(t *testing.T) {
	bucket := contentObjectBucket(t)
	const kept, dropped = "kept content\n", "dropped content\n"
	s1, s2 := sha256.Sum256([]byte(kept)), sha256.Sum256([]byte(dropped))
	keptKey, droppedKey := contentObjectKey("cas", hex.EncodeToString(s1[:])), contentObjectKey("cas", hex.EncodeToString(s2[:]))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if _, err := contentObjectHead(t, bucket, keptKey); err != nil {
				return fmt.Errorf("retain_on_destroy = true (default) should keep %s: %w", keptKey, err)
			}
			return contentObjectCheckGone(t, bucket, droppedKey)
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
				func(*terraform.State) error { _, err := contentObjectHead(t, bucket, keptKey); return err },
				func(*terraform.State) error { _, err := contentObjectHead(t, bucket, droppedKey); return err },
			),
		}},
	})
}

func TestAccContentObject_disappears(t *testing.T) {
	bucket := contentObjectBucket(t)
	const text = "deleted out of band\n"
	sum := sha256.Sum256([]byte(text))
	digest := hex.EncodeToString(sum[:])
	key := contentObjectKey("cas", digest)
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
			{Config: config, Check: contentObjectCheckStored(t, bucket, key, digest, "")},
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
				Check: contentObjectCheckStored(t, bucket, key, digest, ""),
			},
		},
	})
}

func TestAccContentObject_badInput(t *testing.T) {
	dir := t.TempDir()
	src, _ := contentObjectWriteFile(t, dir, "ok.txt", 0, []byte("ok"))
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
		{"named pipe", fmt.Sprintf("source = %q", contentObjectFIFO(t, dir)),
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

// A lowered threshold exercises the concurrent multipart path quickly; the
// proxy counts the parts that reach the server.
func TestAccContentObject_multipart(t *testing.T) {
	acctest.LocalOnly(t, "counts requests through a local proxy")
	bucket := contentObjectBucket(t)
	src, digest := contentObjectWriteFile(t, t.TempDir(), "bundle.tar.gz", 21*contentObjectMiB+123, nil)
	key := contentObjectKey("cas", digest)
	proxy := newContentObjectProxy(t)
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
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(21*contentObjectMiB+123)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("application/gzip")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("etag"), knownvalue.StringRegexp(regexp.MustCompile(`-5"?$`))),
			},
			Check: resource.ComposeTestCheckFunc(
				contentObjectCheckStored(t, bucket, key, digest, "application/gzip"),
				func(*terraform.State) error {
					puts, parts := proxy.counts(bucket, key)
					if puts != 0 || parts != 5 {
						return fmt.Errorf("%d PutObject and %d UploadPart requests, want 0 and 5", puts, parts)
					}
					return contentObjectNoMultipartUploads(t, bucket)
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
	bucket := contentObjectBucket(t)
	size := int64(64*contentObjectMiB + 1)
	src, digest := contentObjectWriteFile(t, t.TempDir(), "video.mp4", size, nil)
	key := contentObjectKey("cas", digest)
	proxy := newContentObjectProxy(t)
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
				contentObjectCheckStored(t, bucket, key, digest, "video/mp4"),
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
	bucket := contentObjectBucket(t)
	src, digest := contentObjectWriteFile(t, t.TempDir(), "doomed.bin", 16*contentObjectMiB, nil)
	key := contentObjectKey("cas", digest)
	proxy := newContentObjectProxy(t)
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
	if err := contentObjectNoMultipartUploads(t, bucket); err != nil {
		t.Error(err)
	}
	if err := contentObjectCheckGone(t, bucket, key); err != nil {
		t.Error(err)
	}
}

// contentObjectRewrite is a "plan check" that rewrites a file: it runs
// between the plan and the apply of the saved plan, like a build step that
// changes an artifact after `terraform plan -out`.
type contentObjectRewrite struct {
	path    string
	content []byte
}

func (c contentObjectRewrite) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
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
	bucket := contentObjectBucket(t)
	src, digest := contentObjectWriteFile(t, t.TempDir(), "config.json", 0, []byte(`{"v":1}`))
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
				contentObjectRewrite{path: src, content: changed},
			}},
			ExpectError: regexp.MustCompile(`(?s)inconsistent\s+final\s+plan.*sha256`),
		}},
	})
	for _, d := range []string{digest, hex.EncodeToString(sum[:])} {
		if err := contentObjectCheckGone(t, bucket, contentObjectKey("cas", d)); err != nil {
			t.Error(err)
		}
	}
}
