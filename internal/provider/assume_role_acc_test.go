package provider_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// assumeRoleRecorder is a reverse proxy in front of kumo that records, for
// STS, every AssumeRole request's parameters and the credentials kumo
// returned, and for S3 the access key id and session token each request is
// signed with. kumo checks no signature, so the proof that the provider uses
// the assumed role is the signature itself: every S3 request must carry an
// access key id STS returned (random per AssumeRole call), never the base key.
type assumeRoleRecorder struct {
	mu       sync.Mutex
	stsForms []url.Values
	stsAuthz []string
	issued   map[string]string // AccessKeyId => SessionToken, from kumo's answers
	s3Keys   []string          // access key id of each S3 request (header or query signature)
	s3Tokens []string
}

var sigV4Credential = regexp.MustCompile(`Credential=([^/]+)/`)

func (r *assumeRoleRecorder) proxy(t *testing.T, target string, sts bool) *httptest.Server {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		req := pr.Out
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		r.mu.Lock()
		if sts {
			form, _ := url.ParseQuery(string(body))
			r.stsForms = append(r.stsForms, form)
			r.stsAuthz = append(r.stsAuthz, req.Header.Get("Authorization"))
		} else {
			key := ""
			if m := sigV4Credential.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
				key = m[1]
			}
			r.s3Keys = append(r.s3Keys, key)
			r.s3Tokens = append(r.s3Tokens, req.Header.Get("X-Amz-Security-Token"))
		}
		r.mu.Unlock()
		pr.SetURL(u)
		// Keep the Host the request was signed for (kumo checks no
		// signature, but a faithful proxy changes nothing).
		pr.Out.Host = pr.In.Host
	}}
	if sts {
		rp.ModifyResponse = func(resp *http.Response) error {
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			resp.Body = io.NopCloser(bytes.NewReader(body))
			var out struct {
				Result struct {
					Credentials struct {
						AccessKeyID  string `xml:"AccessKeyId"`
						SessionToken string `xml:"SessionToken"`
					} `xml:"Credentials"`
				} `xml:"AssumeRoleResult"`
			}
			if xml.Unmarshal(body, &out) == nil && out.Result.Credentials.AccessKeyID != "" {
				r.mu.Lock()
				r.issued[out.Result.Credentials.AccessKeyID] = out.Result.Credentials.SessionToken
				r.mu.Unlock()
			}
			return nil
		}
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv
}

const assumeRoleBaseKey = "AKIDFILESTOREBASE001"

// TestAccProvider_assumeRole applies a bucket (against kumo's S3, driven as a
// generic store) and mints a presigned URL with assume_role pointing at
// kumo's STS, and shows from the wire that the provider called AssumeRole
// with the configured parameters, signed with the base credentials, and then
// signed every S3 request — and the minted URL — with the credentials STS
// returned.
func TestAccProvider_assumeRole(t *testing.T) {
	kumo := acctest.RequireServer(t, testbed.Kumo)
	rec := &assumeRoleRecorder{issued: map[string]string{}}
	stsProxy := rec.proxy(t, kumo.S3Endpoint, true)
	s3Proxy := rec.proxy(t, kumo.S3Endpoint, false)
	name := acctest.BucketName()

	config := fmt.Sprintf(`
provider "filestore" {
  region            = "us-east-1"
  access_key        = %q
  secret_key        = "base-secret-not-used-by-s3"
  compatibility     = "s3"
  s3_use_path_style = true
  endpoints         = { s3 = %q, sts = %q }
  assume_role = {
    role_arn     = "arn:aws:iam::111122223333:role/filestore-deploy"
    session_name = "filestore-acc"
    external_id  = "acc-external-7f3a"
    duration     = "20m"
    tags         = { team = "media" }
  }
}

resource "filestore_upload_bucket" "test" {
  bucket                          = %q
  force_destroy                   = true
  abort_incomplete_multipart_days = 7
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT"]
    max_age_seconds = 3600 # kumo reads an unset max age back as 0
  }]
}

data "filestore_presigned_url" "get" {
  bucket = filestore_upload_bucket.test.bucket
  key    = "uploads/a.txt"
}
`, assumeRoleBaseKey, s3Proxy.URL, stsProxy.URL, name)

	checkWire := func(*terraform.State) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if len(rec.stsForms) == 0 {
			return fmt.Errorf("the provider never called STS")
		}
		for i, form := range rec.stsForms {
			for k, v := range map[string]string{
				"Action": "AssumeRole", "RoleArn": "arn:aws:iam::111122223333:role/filestore-deploy",
				"RoleSessionName": "filestore-acc", "ExternalId": "acc-external-7f3a", "DurationSeconds": "1200",
				"Tags.member.1.Key": "team", "Tags.member.1.Value": "media",
			} {
				if got := form.Get(k); got != v {
					return fmt.Errorf("STS request %d: %s = %q, want %q", i, k, got, v)
				}
			}
			if !strings.Contains(rec.stsAuthz[i], "Credential="+assumeRoleBaseKey+"/") {
				return fmt.Errorf("STS request %d not signed with the base credentials: %q", i, rec.stsAuthz[i])
			}
		}
		if len(rec.issued) == 0 {
			return fmt.Errorf("kumo returned no credentials")
		}
		if len(rec.s3Keys) == 0 {
			return fmt.Errorf("no S3 request reached kumo")
		}
		for i, key := range rec.s3Keys {
			token, ok := rec.issued[key]
			if !ok {
				return fmt.Errorf("S3 request %d signed with %q, not with a key STS returned (%d keys issued)", i, key, len(rec.issued))
			}
			if rec.s3Tokens[i] != token {
				return fmt.Errorf("S3 request %d carries another session token than STS returned with %s", i, key)
			}
		}
		return nil
	}
	checkURL := func(s *terraform.State) error {
		rs := s.RootModule().Resources["data.filestore_presigned_url.get"]
		if rs == nil {
			return fmt.Errorf("data.filestore_presigned_url.get not in state")
		}
		u, err := url.Parse(rs.Primary.Attributes["url"])
		if err != nil {
			return err
		}
		q := u.Query()
		key, _, _ := strings.Cut(q.Get("X-Amz-Credential"), "/")
		rec.mu.Lock()
		token, ok := rec.issued[key]
		rec.mu.Unlock()
		if !ok || q.Get("X-Amz-Security-Token") != token {
			return fmt.Errorf("the presigned URL is signed with %q, not with the assumed role's credentials", key)
		}
		// kumo checks only the expiry of presigned URLs: the URL is
		// well-formed and reaches the bucket through the recording proxy.
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("filestore_upload_bucket.test", "bucket", name),
				checkWire,
				checkURL,
			),
		}},
	})
	// Destroy ran after the step: it too signed with assumed credentials.
	if err := checkWire(nil); err != nil {
		t.Fatalf("after destroy: %v", err)
	}
}

// TestAccProvider_assumeRoleConfigureMakesNoCall configures the provider with
// assume_role pointing at a server that counts requests, and plans a new
// bucket (planning a create needs no credentials): configuring the provider
// must not call STS.
func TestAccProvider_assumeRoleConfigureMakesNoCall(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.SkipUnlessAcceptance(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: `
provider "filestore" {
  region      = "us-east-1"
  endpoints   = { s3 = "` + srv.URL + `", sts = "` + srv.URL + `" }
  assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", duration = "1h" }
}
resource "filestore_upload_bucket" "probe" {
  bucket = "tf-acc-assume-role-probe"
}
`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	mu.Lock()
	defer mu.Unlock()
	if requests != 0 {
		t.Fatalf("configuring the provider with assume_role made %d requests", requests)
	}
}
