package signing

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The example from the S3 API reference, "Authenticating Requests: Using
// Query Parameters (AWS Signature Version 4)": GET examplebucket/test.txt,
// signed 2013-05-24T00:00:00Z for 86400 seconds.
const (
	docAccessKey = "AKIAIOSFODNN7EXAMPLE"
	docSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	docURL       = "https://examplebucket.s3.amazonaws.com/test.txt" +
		"?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
		"&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
		"&X-Amz-Date=20130524T000000Z" +
		"&X-Amz-Expires=86400" +
		"&X-Amz-SignedHeaders=host" +
		"&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
)

var docTime = time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)

// testClient builds an S3 client the way awsclient.Factory does for the
// options that matter to presigning (checksums only when required).
func testClient(endpoint string, pathStyle bool, token string, apiOptions ...func(*middleware.Stack) error) *s3.Client {
	cfg := aws.Config{
		Region:                     "us-east-1",
		Credentials:                credentials.NewStaticCredentialsProvider(docAccessKey, docSecretKey, token),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		APIOptions:                 apiOptions,
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.UsePathStyle = pathStyle
	})
}

// dropXID removes the SDK's informational x-id=<Operation> query parameter,
// which the documentation example predates; used only for the golden vector.
func dropXID(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("TestDropXID",
		func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				q := req.URL.Query()
				q.Del("x-id")
				req.URL.RawQuery = q.Encode()
			}
			return next.HandleBuild(ctx, in)
		}), middleware.After)
}

func TestPresignURL_AWSDocumentationVector(t *testing.T) {
	p := NewS3Presigner(testClient("https://s3.amazonaws.com", false, "", dropXID))
	got, err := p.PresignURL(context.Background(), URLRequest{
		Bucket: "examplebucket", Key: "test.txt", ExpiresIn: 86400 * time.Second, SigningTime: docTime,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != docURL {
		t.Fatalf("presigned URL differs from the AWS documentation example\n got %s\nwant %s", got.URL, docURL)
	}
	if !got.ExpiresAt.Equal(docTime.Add(24*time.Hour)) || got.Method != http.MethodGet || len(got.Headers) != 0 {
		t.Errorf("expires_at %s, method %s, headers %v", got.ExpiresAt, got.Method, got.Headers)
	}
	// The independent verifier below agrees with the documentation too, so
	// it can be trusted on URLs the documentation has no example for.
	if err := verifySigV4Query(docURL, "GET", nil, docSecretKey); err != nil {
		t.Fatalf("verifier rejects the documentation example: %v", err)
	}
	tampered := strings.Replace(docURL, "test.txt", "test.txu", 1)
	if err := verifySigV4Query(tampered, "GET", nil, docSecretKey); err == nil {
		t.Fatal("verifier accepts a tampered URL")
	}
}

// verifySigV4Query recomputes a presigned URL's signature from the SigV4
// specification (written independently of the SDK) and compares it.
func verifySigV4Query(raw, method string, headers map[string]string, secret string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	q := u.Query()
	sig := q.Get("X-Amz-Signature")
	if sig == "" {
		return errors.New("no X-Amz-Signature")
	}
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return fmt.Errorf("algorithm %q", q.Get("X-Amz-Algorithm"))
	}
	var keys []string
	for k := range q {
		if k != "X-Amz-Signature" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return awsEscape(keys[i]) < awsEscape(keys[j]) })
	var cq []string
	for _, k := range keys {
		cq = append(cq, awsEscape(k)+"="+awsEscape(q.Get(k)))
	}
	all := map[string]string{"host": u.Host}
	for k, v := range headers {
		all[strings.ToLower(k)] = strings.TrimSpace(v)
	}
	signed := strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	var ch strings.Builder
	for _, h := range signed {
		v, ok := all[h]
		if !ok {
			return fmt.Errorf("signed header %q not supplied", h)
		}
		ch.WriteString(h + ":" + v + "\n")
	}
	if len(signed) != len(all) {
		return fmt.Errorf("signed headers %v but the client sends %v", signed, all)
	}
	canonical := strings.Join([]string{method, u.EscapedPath(), strings.Join(cq, "&"), ch.String(), strings.Join(signed, ";"), "UNSIGNED-PAYLOAD"}, "\n")
	cred := strings.SplitN(q.Get("X-Amz-Credential"), "/", 2)
	if len(cred) != 2 {
		return errors.New("bad credential")
	}
	scope := cred[1]
	parts := strings.Split(scope, "/")
	if len(parts) != 4 || parts[3] != "aws4_request" {
		return fmt.Errorf("bad scope %q", scope)
	}
	if !strings.HasPrefix(q.Get("X-Amz-Date"), parts[0]) {
		return errors.New("scope date differs from X-Amz-Date")
	}
	sum := sha256.Sum256([]byte(canonical))
	sts := "AWS4-HMAC-SHA256\n" + q.Get("X-Amz-Date") + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := []byte("AWS4" + secret)
	for _, part := range parts {
		key = hmacSHA256(key, part)
	}
	if want := hex.EncodeToString(hmacSHA256(key, sts)); want != sig {
		return fmt.Errorf("signature %s, recomputed %s", sig, want)
	}
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// awsEscape is SigV4's URI encoding: everything but unreserved characters.
func awsEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func TestPresignURL_Methods(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	at := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	cases := []struct {
		req         URLRequest
		wantHeaders map[string]string
		wantQuery   map[string]string
	}{
		{req: URLRequest{Method: "GET"}, wantHeaders: map[string]string{}},
		{req: URLRequest{}, wantHeaders: map[string]string{}}, // GET by default
		{
			req:         URLRequest{Method: "GET", DownloadFilename: `Q3 "draft".pdf`},
			wantHeaders: map[string]string{},
			wantQuery:   map[string]string{"response-content-disposition": `attachment; filename="Q3 \"draft\".pdf"; filename*=UTF-8''Q3%20%22draft%22.pdf`},
		},
		{req: URLRequest{Method: "PUT"}, wantHeaders: map[string]string{}},
		{req: URLRequest{Method: "PUT", ContentType: "image/png"}, wantHeaders: map[string]string{"Content-Type": "image/png"}},
		{
			req:         URLRequest{Method: "PUT", ContentType: "text/plain; charset=utf-8", ServerSideEncryption: "AES256"},
			wantHeaders: map[string]string{"Content-Type": "text/plain; charset=utf-8", "X-Amz-Server-Side-Encryption": "AES256"},
		},
		{req: URLRequest{Method: "HEAD"}, wantHeaders: map[string]string{}},
		{req: URLRequest{Method: "DELETE"}, wantHeaders: map[string]string{}},
	}
	for _, c := range cases {
		r := c.req
		r.Bucket, r.Key, r.ExpiresIn, r.SigningTime = "uploads", "users/42/photo 1+2 é.png", 10*time.Minute, at
		name := r.Method + " " + r.ContentType + r.DownloadFilename + r.ServerSideEncryption
		got, err := p.PresignURL(context.Background(), r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wantMethod := r.Method
		if wantMethod == "" {
			wantMethod = "GET"
		}
		if got.Method != wantMethod {
			t.Errorf("%s: method %s", name, got.Method)
		}
		if !strings.HasPrefix(got.URL, "https://127.0.0.1:8333/uploads/users/42/photo%201%2B2%20%C3%A9.png?") {
			t.Errorf("%s: path-style URL expected, got %s", name, got.URL)
		}
		if err := verifySigV4Query(got.URL, wantMethod, got.Headers, docSecretKey); err != nil {
			t.Errorf("%s: %v\n%s", name, err, got.URL)
		}
		if fmt.Sprint(got.Headers) != fmt.Sprint(c.wantHeaders) {
			t.Errorf("%s: headers %v, want %v", name, got.Headers, c.wantHeaders)
		}
		u, _ := url.Parse(got.URL)
		q := u.Query()
		if q.Get("X-Amz-Date") != "20261127T170000Z" || q.Get("X-Amz-Expires") != "600" {
			t.Errorf("%s: date %s expires %s", name, q.Get("X-Amz-Date"), q.Get("X-Amz-Expires"))
		}
		for k := range q {
			if strings.Contains(strings.ToLower(k), "checksum") {
				t.Errorf("%s: checksum parameter %s baked into the URL", name, k)
			}
		}
		for k, v := range c.wantQuery {
			if q.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", name, k, q.Get(k), v)
			}
		}
		if !got.ExpiresAt.Equal(at.Add(10*time.Minute)) || !got.SigningTime.Equal(at) {
			t.Errorf("%s: signing %s expires %s", name, got.SigningTime, got.ExpiresAt)
		}
	}
}

func TestPresignURL_DefaultsAndToken(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, "session-token/with+chars="))
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	got, err := p.PresignURL(context.Background(), URLRequest{Bucket: "b", Key: "k", SigningTime: at})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(got.URL)
	if u.Query().Get("X-Amz-Expires") != "900" || !got.ExpiresAt.Equal(at.Add(DefaultPresignExpiry)) {
		t.Errorf("default expiry: %s %s", u.Query().Get("X-Amz-Expires"), got.ExpiresAt)
	}
	if u.Query().Get("X-Amz-Security-Token") != "session-token/with+chars=" {
		t.Errorf("session token missing: %s", got.URL)
	}
	if err := verifySigV4Query(got.URL, "GET", got.Headers, docSecretKey); err != nil {
		t.Error(err)
	}
}

func TestPresignURL_DeterministicPerSigningTime(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	req := URLRequest{Bucket: "b", Key: "k", Method: "PUT", ContentType: "image/png", ExpiresIn: time.Hour}
	now := time.Date(2026, 11, 27, 17, 12, 0, 0, time.UTC)
	var urls []string
	for _, d := range []time.Duration{0, 7 * time.Minute, 29*time.Minute + 59*time.Second} {
		r := req
		r.SigningTime = SigningTime(now.Add(d), 30*time.Minute)
		got, err := p.PresignURL(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, got.URL)
	}
	if urls[0] != urls[1] {
		t.Errorf("same window, different URLs:\n%s\n%s", urls[0], urls[1])
	}
	if urls[0] == urls[2] {
		t.Errorf("next window, same URL")
	}
}

// The signing time is per call, not a global: concurrent callers with
// different times each get their own.
func TestPresignURL_ConcurrentSigningTimes(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	base := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			at := base.Add(time.Duration(i) * time.Hour)
			got, err := p.PresignURL(context.Background(), URLRequest{Bucket: "b", Key: fmt.Sprint(i), SigningTime: at})
			if err != nil {
				errs <- err
				return
			}
			u, _ := url.Parse(got.URL)
			if d := u.Query().Get("X-Amz-Date"); d != at.Format("20060102T150405Z") {
				errs <- fmt.Errorf("call %d signed at %s, want %s", i, d, at.Format("20060102T150405Z"))
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestURLRequestValidate(t *testing.T) {
	at := time.Now()
	base := URLRequest{Bucket: "b", Key: "k", SigningTime: at}
	bad := []struct {
		field string
		mod   func(*URLRequest)
	}{
		{"bucket", func(r *URLRequest) { r.Bucket = "" }},
		{"key", func(r *URLRequest) { r.Key = "" }},
		{"method", func(r *URLRequest) { r.Method = "POST" }},
		{"method", func(r *URLRequest) { r.Method = "get" }},
		{"expires_in", func(r *URLRequest) { r.ExpiresIn = MaxPresignExpiry + time.Second }},
		{"expires_in", func(r *URLRequest) { r.ExpiresIn = -time.Second }},
		{"expires_in", func(r *URLRequest) { r.ExpiresIn = 1500 * time.Millisecond }},
		{"content_type", func(r *URLRequest) { r.ContentType = "text/plain" }},
		{"content_type", func(r *URLRequest) { r.Method = "DELETE"; r.ContentType = "text/plain" }},
		{"download_filename", func(r *URLRequest) { r.Method = "PUT"; r.DownloadFilename = "a.txt" }},
		{"download_filename", func(r *URLRequest) { r.DownloadFilename = "a\nb" }},
		{"server_side_encryption", func(r *URLRequest) { r.ServerSideEncryption = "AES256" }},
		{"server_side_encryption", func(r *URLRequest) { r.Method = "PUT"; r.ServerSideEncryption = "aes256" }},
	}
	for i, c := range bad {
		r := base
		c.mod(&r)
		err := r.Validate()
		fe, ok := AsFieldError(err)
		if !ok || fe.Field != c.field {
			t.Errorf("case %d: error %v; want a FieldError on %s", i, err, c.field)
		}
		if _, perr := NewS3Presigner(testClient("", false, "")).PresignURL(context.Background(), r); perr == nil {
			t.Errorf("case %d: PresignURL accepted an invalid request", i)
		}
	}
	good := []func(*URLRequest){
		func(r *URLRequest) {},
		func(r *URLRequest) { r.ExpiresIn = MaxPresignExpiry },
		func(r *URLRequest) { r.Method = "PUT"; r.ContentType = "a/b"; r.ServerSideEncryption = "aws:kms" },
		func(r *URLRequest) { r.DownloadFilename = "ok.txt" },
	}
	for i, mod := range good {
		r := base
		mod(&r)
		if err := r.Validate(); err != nil {
			t.Errorf("good case %d: %v", i, err)
		}
	}
}
