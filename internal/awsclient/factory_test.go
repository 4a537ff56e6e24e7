package awsclient

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// These tests use httptest servers that answer as S3 documents its errors
// (XML error bodies with a Code) — they test the client factory's own
// behaviour (retries, endpoints, TLS trust), not S3.

func isolateEnv(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for _, k := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_CLOUDFRONT", "AWS_ENDPOINT_URL_STS", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CA_BUNDLE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
}

type countingServer struct {
	*httptest.Server
	requests atomic.Int32
}

func newS3Server(t *testing.T, tls bool, handler func(n int32, w http.ResponseWriter, r *http.Request)) *countingServer {
	t.Helper()
	cs := &countingServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := cs.requests.Add(1)
		handler(n, w, r)
	})
	if tls {
		cs.Server = httptest.NewTLSServer(h)
	} else {
		cs.Server = httptest.NewServer(h)
	}
	t.Cleanup(cs.Close)
	return cs
}

func s3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>injected</Message></Error>`))
}

func okListBuckets(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>`))
}

func TestNewAndClientsMakeNoNetworkCall(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, false, func(int32, http.ResponseWriter, *http.Request) {})
	f := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, CloudFrontEndpoint: srv.URL})
	ctx := context.Background()
	if _, err := f.S3(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CloudFront(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.S3EndpointDescription(ctx); got != srv.URL {
		t.Errorf("S3EndpointDescription = %q, want %q", got, srv.URL)
	}
	if n := srv.requests.Load(); n != 0 {
		t.Fatalf("building clients made %d requests, want 0", n)
	}
}

func TestRetriesThrottlingThenSucceeds(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, false, func(n int32, w http.ResponseWriter, _ *http.Request) {
		switch n {
		case 1:
			s3Error(w, http.StatusServiceUnavailable, "SlowDown")
		case 2:
			s3Error(w, http.StatusConflict, "OperationAborted")
		case 3:
			s3Error(w, http.StatusInternalServerError, "InternalError")
		default:
			okListBuckets(w)
		}
	})
	f := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, MaxBackoff: 10 * time.Millisecond})
	c, err := f.S3(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("ListBuckets after transient errors: %v", err)
	}
	if n := srv.requests.Load(); n != 4 {
		t.Fatalf("requests = %d, want 4 (3 faults + success)", n)
	}
}

func TestRetriesAreBoundedByMaxRetries(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, false, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		s3Error(w, http.StatusServiceUnavailable, "SlowDown")
	})
	two := 2
	f := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, MaxRetries: &two, MaxBackoff: 5 * time.Millisecond})
	c, _ := f.S3(context.Background())
	_, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err == nil || ErrorCode(err) != "SlowDown" {
		t.Fatalf("err = %v, want SlowDown", err)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Fatalf("requests = %d, want 3 (1 + max_retries 2)", n)
	}
}

func TestNotRetried(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, false, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		s3Error(w, http.StatusNotImplemented, "NotImplemented")
	})
	f := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, MaxBackoff: 5 * time.Millisecond})
	c, _ := f.S3(context.Background())
	_, err := c.GetBucketLifecycleConfiguration(context.Background(), &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String("b")})
	if !IsNotImplemented(err) {
		t.Fatalf("IsNotImplemented(%v) = false", err)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Fatalf("requests = %d, want 1: NotImplemented is permanent", n)
	}
}

func TestCustomCABundle(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, true, func(_ int32, w http.ResponseWriter, _ *http.Request) { okListBuckets(w) })
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	zero := 0
	untrusted := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, MaxRetries: &zero})
	c, _ := untrusted.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA bundle: err = %v, want a certificate error", err)
	}
	trusted := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, CABundlePath: caFile, MaxRetries: &zero})
	c, _ = trusted.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("with custom_ca_bundle: %v", err)
	}
	// AWS_CA_BUNDLE works the same way.
	t.Setenv("AWS_CA_BUNDLE", caFile)
	viaEnv := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, MaxRetries: &zero})
	c, _ = viaEnv.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("with AWS_CA_BUNDLE: %v", err)
	}
}

func TestEndpointFromEnvironment(t *testing.T) {
	isolateEnv(t)
	srv := newS3Server(t, false, func(_ int32, w http.ResponseWriter, _ *http.Request) { okListBuckets(w) })
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.URL)
	f := New(Config{Region: "us-east-1"})
	c, _ := f.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	if srv.requests.Load() != 1 {
		t.Fatal("AWS_ENDPOINT_URL_S3 was not honoured")
	}
	if got := f.S3EndpointDescription(context.Background()); got != srv.URL {
		t.Errorf("S3EndpointDescription = %q, want %q", got, srv.URL)
	}
}

func TestRegionRequiredForAWSButNotForGenericStores(t *testing.T) {
	isolateEnv(t)
	if _, err := New(Config{}).S3(context.Background()); err == nil || !strings.Contains(err.Error(), "region") {
		t.Fatalf("aws without region: err = %v", err)
	}
	r, err := New(Config{Compatibility: CompatibilityS3}).Region(context.Background())
	if err != nil || r != "us-east-1" {
		t.Fatalf("generic store region = %q, %v", r, err)
	}
}

func TestPresignedPutCarriesNoChecksum(t *testing.T) {
	isolateEnv(t)
	f := New(Config{Region: "us-east-1", S3Endpoint: "https://127.0.0.1:9"})
	c, _ := f.S3(context.Background())
	req, err := s3.NewPresignClient(c).PresignPutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String("b"), Key: aws.String("k"),
	})
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(req.URL)
	for _, bad := range []string{"x-amz-checksum", "x-amz-sdk-checksum-algorithm"} {
		if strings.Contains(lower, bad) {
			t.Errorf("presigned URL contains %s: %s", bad, req.URL)
		}
	}
	if !strings.HasPrefix(req.URL, "https://127.0.0.1:9/b/k?") {
		t.Errorf("IP endpoints must be path-style: %s", req.URL)
	}
}

func TestStaticKeysMustBePaired(t *testing.T) {
	isolateEnv(t)
	if _, err := New(Config{Region: "us-east-1", AccessKey: "AKID"}).S3(context.Background()); err == nil {
		t.Fatal("access_key without secret_key accepted")
	}
}

// custom_ca_bundle = "/dev/zero" (or AWS_CA_BUNDLE) used to grow without
// bound: the bundle was read whole, whatever it was. Now a device, a pipe
// or a directory is refused before it is opened, and a file over
// MaxCABundleBytes before it is read.
func TestCABundleBounded(t *testing.T) {
	isolateEnv(t)
	big := filepath.Join(t.TempDir(), "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxCABundleBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	_ = f.Close()
	for path, want := range map[string]string{
		"/dev/zero":   "is a character device, not a regular file",
		t.TempDir():   "is a directory, not a regular file",
		big:           fmt.Sprintf("is larger than %d bytes", MaxCABundleBytes),
		"/nonexist/x": "no such file",
	} {
		for _, viaEnv := range []bool{false, true} {
			cfg := Config{Region: "us-east-1", CABundlePath: path}
			from := "custom_ca_bundle"
			if viaEnv {
				cfg.CABundlePath = ""
				t.Setenv("AWS_CA_BUNDLE", path)
				from = "AWS_CA_BUNDLE"
			}
			_, err := New(cfg).S3(context.Background())
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), from) {
				t.Errorf("%s via %s: err = %v, want it to say %q", path, from, err, want)
			}
			if err := CheckCABundle(path); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("CheckCABundle(%s) = %v", path, err)
			}
			t.Setenv("AWS_CA_BUNDLE", "")
		}
	}
}

// R2 signs in region "auto" (Cloudflare's S3 API compatibility page:
// "the region for an R2 bucket is auto"; us-east-1 and an empty region are
// aliases). The test server answers like any S3 endpoint and records the
// credential scope of each request.
func TestR2SignsForRegionAuto(t *testing.T) {
	isolateEnv(t)
	t.Setenv("AWS_REGION", "eu-west-1") // meant for AWS; must not reach R2
	var scopes []string
	srv := newS3Server(t, false, func(_ int32, w http.ResponseWriter, r *http.Request) {
		scopes = append(scopes, r.Header.Get("Authorization"))
		okListBuckets(w)
	})
	for _, region := range []string{"", "us-east-1", "auto"} {
		f := New(Config{Region: region, S3Endpoint: srv.URL, Compatibility: CompatibilityR2})
		if !f.IsGenericS3() || !f.IsR2() {
			t.Fatalf("r2 must be a generic S3 store and R2")
		}
		c, err := f.S3(context.Background())
		if err != nil {
			t.Fatalf("region %q: %v", region, err)
		}
		if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
			t.Fatalf("region %q: %v", region, err)
		}
		if got, _ := f.Region(context.Background()); got != R2Region {
			t.Errorf("region %q resolved to %q, want auto", region, got)
		}
	}
	for i, a := range scopes {
		if !strings.Contains(a, "/auto/s3/aws4_request") {
			t.Errorf("request %d signed with %q, want the auto region in the credential scope", i, a)
		}
	}
}

func TestR2RefusesOtherRegionsAndAMissingEndpoint(t *testing.T) {
	isolateEnv(t)
	_, err := New(Config{Region: "eu-west-1", S3Endpoint: "https://127.0.0.1:9", Compatibility: CompatibilityR2}).S3(context.Background())
	if err == nil || !strings.Contains(err.Error(), `region "eu-west-1" is not an R2 region`) {
		t.Fatalf("r2 with region eu-west-1: err = %v", err)
	}
	if err := CheckR2Region(CompatibilityS3, "eu-west-1"); err != nil {
		t.Fatalf("CheckR2Region applies to r2 only: %v", err)
	}
	_, err = New(Config{Compatibility: CompatibilityR2}).S3(context.Background())
	if err == nil || !strings.Contains(err.Error(), "r2.cloudflarestorage.com") {
		t.Fatalf("r2 without an endpoint: err = %v, want one that says which endpoint to set", err)
	}
	// AWS_ENDPOINT_URL_S3 counts as the endpoint.
	t.Setenv("AWS_ENDPOINT_URL_S3", "https://127.0.0.1:9")
	if _, err := New(Config{Compatibility: CompatibilityR2}).S3(context.Background()); err != nil {
		t.Fatalf("r2 with AWS_ENDPOINT_URL_S3: %v", err)
	}
}
