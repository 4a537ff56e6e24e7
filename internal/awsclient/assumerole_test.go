package awsclient

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// These tests put an httptest server that answers as the AWS STS API
// reference documents AssumeRole (form-encoded Query request, XML response)
// in front of the factory, and an httptest S3 server that records how each
// request is signed. They test the factory's wiring: which parameters reach
// STS, which credentials sign the STS call, and that every S3 request is
// signed with the credentials STS returned. The acceptance test
// TestAccProvider_assumeRole does the same through Terraform against kumo's
// STS.

const (
	stsAccessKey    = "ASIATESTASSUMEDROLE1"
	stsSecretKey    = "assumed-secret"
	stsSessionToken = "assumed-session-token"
)

type stsServer struct {
	*httptest.Server
	mu       sync.Mutex
	forms    []url.Values
	authz    []string
	failWith string // an error code to answer with
}

func newSTSServer(t *testing.T, tls bool) *stsServer {
	t.Helper()
	s := &stsServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		s.mu.Lock()
		s.forms = append(s.forms, form)
		s.authz = append(s.authz, r.Header.Get("Authorization"))
		fail := s.failWith
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		if fail != "" {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>%s</Code><Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>r1</RequestId></ErrorResponse>`, fail)
			return
		}
		fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>%s</AccessKeyId>
      <SecretAccessKey>%s</SecretAccessKey>
      <SessionToken>%s</SessionToken>
      <Expiration>%s</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/deploy/terraform</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:terraform</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`, stsAccessKey, stsSecretKey, stsSessionToken, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	})
	if tls {
		s.Server = httptest.NewTLSServer(h)
	} else {
		s.Server = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

func (s *stsServer) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.forms)
}

// signingServer is an S3 endpoint that records the access key id and
// session token of every request.
type signingServer struct {
	*httptest.Server
	mu     sync.Mutex
	keys   []string
	tokens []string
}

var credentialKey = regexp.MustCompile(`Credential=([^/]+)/`)

func newSigningServer(t *testing.T) *signingServer {
	t.Helper()
	s := &signingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := ""
		if m := credentialKey.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			key = m[1]
		}
		s.mu.Lock()
		s.keys = append(s.keys, key)
		s.tokens = append(s.tokens, r.Header.Get("X-Amz-Security-Token"))
		s.mu.Unlock()
		okListBuckets(w)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestAssumeRoleSendsEveryParameterAndSignsWithTheReturnedCredentials(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	s3srv := newSigningServer(t)
	f := New(Config{
		Region: "eu-west-1", S3Endpoint: s3srv.URL, STSEndpoint: sts.URL,
		AccessKey: "AKIDBASECREDENTIALS", SecretKey: "base-secret",
		AssumeRole: &AssumeRole{
			RoleARN:           "arn:aws:iam::111122223333:role/deploy",
			SessionName:       "terraform-ci",
			ExternalID:        "partner-7f3a",
			Duration:          time.Hour,
			Policy:            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			PolicyARNs:        []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
			Tags:              map[string]string{"team": "media", "env": "ci"},
			TransitiveTagKeys: []string{"team"},
			SourceIdentity:    "alice",
		},
	})
	ctx := context.Background()
	c, err := f.S3(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
			t.Fatalf("ListBuckets with assumed credentials: %v", err)
		}
	}

	if n := sts.calls(); n != 1 {
		t.Fatalf("STS calls = %d, want 1 (credentials are cached)", n)
	}
	form := sts.forms[0]
	want := map[string]string{
		"Action":                     "AssumeRole",
		"RoleArn":                    "arn:aws:iam::111122223333:role/deploy",
		"RoleSessionName":            "terraform-ci",
		"ExternalId":                 "partner-7f3a",
		"DurationSeconds":            "3600",
		"Policy":                     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		"PolicyArns.member.1.arn":    "arn:aws:iam::aws:policy/ReadOnlyAccess",
		"Tags.member.1.Key":          "env",
		"Tags.member.1.Value":        "ci",
		"Tags.member.2.Key":          "team",
		"Tags.member.2.Value":        "media",
		"TransitiveTagKeys.member.1": "team",
		"SourceIdentity":             "alice",
	}
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("STS %s = %q, want %q", k, got, v)
		}
	}
	if a := sts.authz[0]; !strings.Contains(a, "Credential=AKIDBASECREDENTIALS/") || !strings.Contains(a, "/eu-west-1/sts/aws4_request") {
		t.Errorf("the STS call must be signed with the base credentials in the provider region; Authorization = %q", a)
	}
	if len(s3srv.keys) != 2 {
		t.Fatalf("S3 requests = %d, want 2", len(s3srv.keys))
	}
	for i := range s3srv.keys {
		if s3srv.keys[i] != stsAccessKey || s3srv.tokens[i] != stsSessionToken {
			t.Errorf("S3 request %d signed with key %q token %q, want the assumed role's %q / %q",
				i, s3srv.keys[i], s3srv.tokens[i], stsAccessKey, stsSessionToken)
		}
	}
}

func TestAssumeRoleDefaults(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	s3srv := newSigningServer(t)
	f := New(Config{Region: "us-east-1", S3Endpoint: s3srv.URL, STSEndpoint: sts.URL,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy"}})
	c, _ := f.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	form := sts.forms[0]
	if got := form.Get("DurationSeconds"); got != "900" {
		t.Errorf("default DurationSeconds = %q, want 900 (15m)", got)
	}
	if got := form.Get("RoleSessionName"); !strings.HasPrefix(got, "aws-go-sdk-") {
		t.Errorf("default RoleSessionName = %q, want the SDK's aws-go-sdk-<timestamp>", got)
	}
	for _, k := range []string{"ExternalId", "Policy", "SourceIdentity", "PolicyArns.member.1.arn", "Tags.member.1.Key"} {
		if form.Has(k) {
			t.Errorf("%s sent although not configured: %q", k, form.Get(k))
		}
	}
	// The base credentials here come from the environment (isolateEnv).
	if !strings.Contains(sts.authz[0], "Credential=AKIDEXAMPLE/") {
		t.Errorf("STS call not signed with the default chain's credentials: %q", sts.authz[0])
	}
	if DefaultAssumeRoleDuration != stscreds.DefaultDuration {
		t.Errorf("DefaultAssumeRoleDuration = %s, the SDK's default is %s: update the constant and the docs", DefaultAssumeRoleDuration, stscreds.DefaultDuration)
	}
}

func TestAssumeRoleMakesNoCallUntilARequestIsSigned(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	f := New(Config{Region: "us-east-1", S3Endpoint: "http://127.0.0.1:9", CloudFrontEndpoint: "http://127.0.0.1:9", STSEndpoint: sts.URL,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy"}})
	ctx := context.Background()
	if _, err := f.S3(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CloudFront(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Region(ctx); err != nil {
		t.Fatal(err)
	}
	if n := sts.calls(); n != 0 {
		t.Fatalf("building clients called STS %d times, want 0", n)
	}
}

func TestAssumeRoleEndpointFromEnvironment(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	s3srv := newSigningServer(t)
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	f := New(Config{Region: "us-east-1", S3Endpoint: s3srv.URL,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy"}})
	c, _ := f.S3(context.Background())
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	if sts.calls() != 1 || s3srv.keys[0] != stsAccessKey {
		t.Fatalf("AWS_ENDPOINT_URL_STS not honoured: %d STS calls, S3 signed with %q", sts.calls(), s3srv.keys[0])
	}
}

func TestAssumeRoleTrustsTheCABundle(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, true)
	s3srv := newSigningServer(t)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sts.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	zero := 0
	cfg := Config{Region: "us-east-1", S3Endpoint: s3srv.URL, STSEndpoint: sts.URL, MaxRetries: &zero,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy"}}

	untrusted, _ := New(cfg).S3(context.Background())
	_, err := untrusted.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("STS over TLS without the CA bundle: err = %v, want a certificate error", err)
	}
	if !strings.Contains(err.Error(), "assuming role arn:aws:iam::111122223333:role/deploy (provider assume_role)") {
		t.Errorf("the error does not name the role: %v", err)
	}

	cfg.CABundlePath = caFile
	trusted, _ := New(cfg).S3(context.Background())
	if _, err := trusted.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("STS over TLS with custom_ca_bundle: %v", err)
	}
	if sts.calls() != 1 {
		t.Fatalf("STS calls = %d, want 1", sts.calls())
	}
}

func TestAssumeRoleRefusalNamesTheRole(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	sts.failWith = "AccessDenied"
	s3srv := newSigningServer(t)
	zero := 0
	f := New(Config{Region: "us-east-1", S3Endpoint: s3srv.URL, STSEndpoint: sts.URL, MaxRetries: &zero,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy"}})
	c, _ := f.S3(context.Background())
	_, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err == nil {
		t.Fatal("ListBuckets succeeded although AssumeRole was refused")
	}
	for _, want := range []string{"assuming role arn:aws:iam::111122223333:role/deploy", "AccessDenied"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if len(s3srv.keys) != 0 {
		t.Errorf("S3 was called %d times without credentials", len(s3srv.keys))
	}
}

func TestAssumeRoleUnknownIsAnErrorNotTheBaseCredentials(t *testing.T) {
	isolateEnv(t)
	var s3calls atomic.Int32
	srv := newS3Server(t, false, func(int32, http.ResponseWriter, *http.Request) { s3calls.Add(1) })
	f := New(Config{Region: "us-east-1", S3Endpoint: srv.URL, AssumeRoleUnknown: true})
	_, err := f.S3(context.Background())
	if err == nil || !strings.Contains(err.Error(), "assume_role") {
		t.Fatalf("err = %v, want an error about assume_role being unknown", err)
	}
	if s3calls.Load() != 0 {
		t.Fatal("S3 was called")
	}
}

func TestPresignedURLCarriesTheAssumedRoleCredentials(t *testing.T) {
	isolateEnv(t)
	sts := newSTSServer(t, false)
	f := New(Config{Region: "us-east-1", S3Endpoint: "https://127.0.0.1:9", STSEndpoint: sts.URL,
		AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/deploy", Duration: time.Hour}})
	c, _ := f.S3(context.Background())
	req, err := s3.NewPresignClient(c).PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(req.URL)
	q := u.Query()
	if !strings.HasPrefix(q.Get("X-Amz-Credential"), stsAccessKey+"/") || q.Get("X-Amz-Security-Token") != stsSessionToken {
		t.Fatalf("presigned URL not signed with the assumed role: X-Amz-Credential=%q X-Amz-Security-Token=%q",
			q.Get("X-Amz-Credential"), q.Get("X-Amz-Security-Token"))
	}
}

func TestParseAssumeRoleDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"15m": 15 * time.Minute, "1h": time.Hour, "90m": 90 * time.Minute, "12h": 12 * time.Hour, "3600s": time.Hour} {
		got, err := ParseAssumeRoleDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseAssumeRoleDuration(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"14m59s", "12h0m1s", "13h", "0s", "-1h", "1h0.5s", "1 hour", "", "3600"} {
		if _, err := ParseAssumeRoleDuration(in); err == nil {
			t.Errorf("ParseAssumeRoleDuration(%q) accepted", in)
		}
	}
}

func TestAssumeRoleValidators(t *testing.T) {
	good := map[string][]string{
		"role":    {"arn:aws:iam::111122223333:role/deploy", "arn:aws:iam::111122223333:role/path/to/deploy", "arn:aws-us-gov:iam::111122223333:role/x", "arn:aws-cn:iam::111122223333:role/a+b=c,d.e@f-g_h"},
		"session": {"terraform", "ci-run_42@build.example", "ab"},
		"extid":   {"partner-7f3a", "urn:example:a/b"},
	}
	bad := map[string][]string{
		"role":    {"deploy", "arn:aws:iam::1111:role/deploy", "arn:aws:iam::111122223333:user/alice", "arn:aws:s3:::bucket", "arn:aws:iam::111122223333:role/"},
		"session": {"a", "has space", strings.Repeat("x", 65), "slash/no"},
		"extid":   {"x", "has space", strings.Repeat("x", 1225)},
	}
	check := map[string]func(string) error{"role": ValidateRoleARN, "session": ValidateSessionName, "extid": ValidateExternalID}
	for kind, f := range check {
		for _, s := range good[kind] {
			if err := f(s); err != nil {
				t.Errorf("%s %q refused: %v", kind, s, err)
			}
		}
		for _, s := range bad[kind] {
			if err := f(s); err == nil {
				t.Errorf("%s %q accepted", kind, s)
			}
		}
	}
}
