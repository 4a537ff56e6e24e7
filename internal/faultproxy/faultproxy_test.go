package faultproxy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

func TestOperation(t *testing.T) {
	cases := []struct {
		method, target string
		header         map[string]string
		want           string
	}{
		{"GET", "/", nil, "ListBuckets"},
		{"PUT", "/b", nil, "CreateBucket"},
		{"PUT", "/b/", nil, "CreateBucket"},
		{"HEAD", "/b", nil, "HeadBucket"},
		{"DELETE", "/b", nil, "DeleteBucket"},
		{"GET", "/b?list-type=2&prefix=x", nil, "ListObjectsV2"},
		{"GET", "/b", nil, "ListObjects"},
		{"PUT", "/b?cors", nil, "PutBucketCors"},
		{"GET", "/b?cors", nil, "GetBucketCors"},
		{"DELETE", "/b?cors", nil, "DeleteBucketCors"},
		{"PUT", "/b?encryption", nil, "PutBucketEncryption"},
		{"GET", "/b?encryption=", nil, "GetBucketEncryption"},
		{"DELETE", "/b?encryption", nil, "DeleteBucketEncryption"},
		{"PUT", "/b?lifecycle", nil, "PutBucketLifecycleConfiguration"},
		{"GET", "/b?lifecycle", nil, "GetBucketLifecycleConfiguration"},
		{"DELETE", "/b?lifecycle", nil, "DeleteBucketLifecycle"},
		{"PUT", "/b?publicAccessBlock", nil, "PutPublicAccessBlock"},
		{"GET", "/b?publicAccessBlock", nil, "GetPublicAccessBlock"},
		{"DELETE", "/b?publicAccessBlock", nil, "DeletePublicAccessBlock"},
		{"PUT", "/b?ownershipControls", nil, "PutBucketOwnershipControls"},
		{"GET", "/b?ownershipControls", nil, "GetBucketOwnershipControls"},
		{"DELETE", "/b?ownershipControls", nil, "DeleteBucketOwnershipControls"},
		{"PUT", "/b?policy", nil, "PutBucketPolicy"},
		{"GET", "/b?policy", nil, "GetBucketPolicy"},
		{"DELETE", "/b?policy", nil, "DeleteBucketPolicy"},
		{"PUT", "/b?versioning", nil, "PutBucketVersioning"},
		{"GET", "/b?versioning", nil, "GetBucketVersioning"},
		{"PUT", "/b?tagging", nil, "PutBucketTagging"},
		{"GET", "/b?tagging", nil, "GetBucketTagging"},
		{"DELETE", "/b?tagging", nil, "DeleteBucketTagging"},
		{"GET", "/b?location", nil, "GetBucketLocation"},
		{"GET", "/b?versions&key-marker=a", nil, "ListObjectVersions"},
		{"GET", "/b?uploads", nil, "ListMultipartUploads"},
		{"POST", "/b?delete", nil, "DeleteObjects"},
		{"PUT", "/b/k/e%20y", nil, "PutObject"},
		{"PUT", "/b/k?partNumber=1&uploadId=u", nil, "UploadPart"},
		{"PUT", "/b/k", map[string]string{"x-amz-copy-source": "/b/o"}, "CopyObject"},
		{"GET", "/b/k", nil, "GetObject"},
		{"HEAD", "/b/k", nil, "HeadObject"},
		{"DELETE", "/b/k", nil, "DeleteObject"},
		{"DELETE", "/b/k?uploadId=u", nil, "AbortMultipartUpload"},
		{"POST", "/b/k?uploads", nil, "CreateMultipartUpload"},
		{"POST", "/b/k?uploadId=u", nil, "CompleteMultipartUpload"},
		{"PATCH", "/b", nil, "PATCH /bucket"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, "http://127.0.0.1:1"+c.target, nil)
		for k, v := range c.header {
			r.Header.Set(k, v)
		}
		if got := Operation(r); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.method, c.target, got, c.want)
		}
	}
}

// backend records what it receives and answers 200.
type backend struct {
	mu   sync.Mutex
	seen []*http.Request
	body []string
	srv  *httptest.Server
}

func newBackend(t *testing.T) *backend {
	b := &backend{}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.seen = append(b.seen, r)
		b.body = append(b.body, string(data))
		b.mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		switch Operation(r) {
		case "GetBucketCors":
			_, _ = io.WriteString(w, `<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(b.srv.Close)
	return b
}

func startProxy(t *testing.T, target string) (*Proxy, string) {
	t.Helper()
	p, err := New(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := p.Start()
	t.Cleanup(p.Close)
	return p, u
}

func s3Client(endpoint string, maxAttempts int) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.MaxBackoff = 10 * time.Millisecond
		}),
	})
}

func code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func TestForwardPreservesTheSignedRequest(t *testing.T) {
	b := newBackend(t)
	_, u := startProxy(t, b.srv.URL)
	req, _ := http.NewRequest(http.MethodPut, u+"/bucket/a%20key/x%2By?tagging", strings.NewReader("payload"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x")
	req.Header.Set("X-Amz-Date", "20261127T000000Z")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if len(b.seen) != 1 {
		t.Fatalf("backend saw %d requests", len(b.seen))
	}
	got := b.seen[0]
	if got.Host != strings.TrimPrefix(u, "http://") {
		t.Errorf("Host %q, want the proxy's (what the client signed) %q", got.Host, strings.TrimPrefix(u, "http://"))
	}
	if got.RequestURI != "/bucket/a%20key/x%2By?tagging" {
		t.Errorf("request URI %q changed", got.RequestURI)
	}
	if got.Header.Get("Authorization") != "AWS4-HMAC-SHA256 Credential=x" || got.Header.Get("X-Amz-Date") != "20261127T000000Z" {
		t.Errorf("signed headers changed: %v", got.Header)
	}
	if b.body[0] != "payload" {
		t.Errorf("body %q", b.body[0])
	}
}

func TestTransientFaultsAreRetriedAndCounted(t *testing.T) {
	b := newBackend(t)
	p, u := startProxy(t, b.srv.URL)
	p.AddRule(Rule{Operation: "GetBucketCors", Fault: SlowDown, Times: 1})
	p.AddRule(Rule{Operation: "GetBucketCors", Fault: InternalError, Times: 1})
	p.AddRule(Rule{Operation: "PutBucketPolicy", Fault: OperationAborted, Times: 1, Skip: 1})
	c := s3Client(u, 5)
	ctx := context.Background()
	out, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String("b")})
	if err != nil || len(out.CORSRules) != 1 {
		t.Fatalf("GetBucketCors through two faults: %v", err)
	}
	if p.Requests("GetBucketCors") != 3 || p.Injected("GetBucketCors") != 2 {
		t.Fatalf("counts: %s", p.Summary())
	}
	// Skip 1: the first PutBucketPolicy passes, the second is faulted.
	if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("b"), Policy: aws.String("{}")}); err != nil {
		t.Fatal(err)
	}
	if p.Injected("PutBucketPolicy") != 0 {
		t.Fatal("Skip not honoured")
	}
	// OperationAborted is not retried by the SDK's default retryer: the
	// fault surfaces with its code.
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("b"), Policy: aws.String("{}")})
	if code(err) != "OperationAborted" {
		t.Fatalf("want OperationAborted, got %v", err)
	}
	if pending := p.Pending(); len(pending) != 0 {
		t.Fatalf("pending: %v", pending)
	}
}

func TestPermanentFaultAndAfter(t *testing.T) {
	b := newBackend(t)
	p, u := startProxy(t, b.srv.URL)
	p.AddRule(Rule{Operation: "PutBucketCors", Fault: InternalError}) // every time
	p.AddRule(Rule{Fault: NoSuchBucket, After: "CreateBucket", Times: 1})
	c := s3Client(u, 3)
	ctx := context.Background()
	// Not armed before CreateBucket.
	if _, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String("b")}); err != nil {
		t.Fatalf("before CreateBucket: %v", err)
	}
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("b")}); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String("b")})
	if code(err) != "NoSuchBucket" {
		t.Fatalf("just after CreateBucket want NoSuchBucket, got %v", err)
	}
	if _, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String("b")}); err != nil {
		t.Fatalf("once only: %v", err)
	}
	cors := &s3types.CORSConfiguration{CORSRules: []s3types.CORSRule{{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"*"}}}}
	_, err = c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String("b"), CORSConfiguration: cors})
	if code(err) != "InternalError" {
		t.Fatalf("want InternalError, got %v", err)
	}
	if n := p.Requests("PutBucketCors"); n != 3 {
		t.Fatalf("a permanent 500 with 3 attempts: %d requests (%s)", n, p.Summary())
	}
	p.ClearRules()
	if _, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String("b"), CORSConfiguration: cors}); err != nil {
		t.Fatalf("after ClearRules: %v", err)
	}
}

func TestDropAndLatency(t *testing.T) {
	b := newBackend(t)
	p, u := startProxy(t, b.srv.URL)
	p.AddRule(Rule{Operation: "GetObject", Fault: Drop, Times: 1})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := client.Get(u + "/b/k"); err == nil {
		_ = resp.Body.Close()
		t.Fatal("a dropped connection must be an error")
	}
	resp, err := client.Get(u + "/b/k")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	// The SDK retries a dropped connection.
	p.AddRule(Rule{Operation: "GetBucketCors", Fault: Drop, Times: 1})
	if _, err := s3Client(u, 3).GetBucketCors(context.Background(), &s3.GetBucketCorsInput{Bucket: aws.String("b")}); err != nil {
		t.Fatalf("SDK after a drop: %v", err)
	}
	p.SetLatency(60 * time.Millisecond)
	start := time.Now()
	resp, err = client.Get(u + "/b/k")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("latency not applied: %v", d)
	}
	if p.Requests("") != 5 || p.Injected("") != 2 {
		t.Fatalf("counts: %s", p.Summary())
	}
}

func TestNewRejectsRelativeTarget(t *testing.T) {
	if _, err := New("127.0.0.1:1", nil); err == nil {
		t.Fatal("want an error")
	}
}
