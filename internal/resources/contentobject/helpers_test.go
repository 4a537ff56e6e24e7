package contentobject_test

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
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

const mib = 1 << 20

// newBucket creates a bucket for one test directly on the server
// (not through the provider) and empties and deletes it afterwards.
func newBucket(t *testing.T) string {
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

// writeFile writes size random bytes (or content, if given) to
// name in dir and returns the path and the hex SHA-256. Large files are
// written in chunks, never held whole.
func writeFile(t *testing.T, dir, name string, size int64, content []byte) (string, string) {
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

func casKey(prefix, digest string) string {
	if prefix == "" {
		return digest[:2] + "/" + digest
	}
	return prefix + "/" + digest[:2] + "/" + digest
}

func headObject(t *testing.T, bucket, key string) (*s3.HeadObjectOutput, error) {
	t.Helper()
	return acctest.S3(t).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
}

// checkStored asks the server that bucket/key holds exactly the
// content with the given digest, with the given content type.
func checkStored(t *testing.T, bucket, key, digest, contentType string) resource.TestCheckFunc {
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

func checkGone(t *testing.T, bucket, key string) error {
	_, err := headObject(t, bucket, key)
	if err == nil {
		return fmt.Errorf("object %s/%s still exists", bucket, key)
	}
	if !strings.Contains(err.Error(), "404") {
		return fmt.Errorf("HeadObject %s/%s: %w", bucket, key, err)
	}
	return nil
}

func noMultipartUploads(t *testing.T, bucket string) error {
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

// countingProxy is an HTTP reverse proxy in front of the local
// SeaweedFS that counts the S3 requests that carry object bytes and can fail
// one UploadPart permanently. It keeps the Host header the client signed
// (SeaweedFS verifies SigV4 including Host) and reaches SeaweedFS over HTTPS
// with the test CA.
type countingProxy struct {
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

func newCountingProxy(t *testing.T) *countingProxy {
	t.Helper()
	srv := acctest.RequireServer(t, testbed.SeaweedFS)
	target, err := url.Parse(srv.S3Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{puts: map[string]int{}, parts: map[string]int{}}
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
func (p *countingProxy) ProviderBlock(extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"filestore\" {\n  endpoints = { s3 = %q }\n", p.URL)
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func (p *countingProxy) counts(bucket, key string) (puts, parts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	path := "/" + bucket + "/" + key
	return p.puts[path], p.parts[path]
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
