package datasources_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/chromedp/chromedp"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// chromiumPath finds Chromium, installing the Debian package through
// scripts/install-chromium.sh when it is missing. It skips the test only when
// Chromium cannot be installed.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	script := filepath.Join(testbed.RepoRoot(), "scripts", "install-chromium.sh")
	out, err := exec.Command(script).Output()
	if err != nil {
		t.Skipf("Chromium is not installed and %s could not install it (%v): the real-browser CORS test needs the Debian package chromium", script, err)
	}
	return strings.TrimSpace(string(out))
}

// The upload page: PUT a file to the presigned URL given in the fragment
// with fetch(), as a single-page app does, and publish the outcome.
const uploadPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>upload</title></head>
<body><script>
window.__result = "";
(async () => {
  const target = decodeURIComponent(location.hash.slice(1));
  try {
    const resp = await fetch(target, {
      method: "PUT",
      headers: { "Content-Type": "text/plain" },
      body: new Blob(["uploaded by headless chromium from " + location.origin], { type: "text/plain" }),
    });
    window.__result = "status:" + resp.status;
  } catch (e) {
    window.__result = "error:" + e;
  }
})();
</script></body></html>`

type browserResult struct {
	result  string
	console []string
}

// runPage loads pageURL in a fresh headless Chromium and waits for the
// upload script's outcome.
func runPage(ctx context.Context, t *testing.T, chromium, pageURL string) (browserResult, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// SeaweedFS serves HTTPS with the test bed's private CA; this flag is
		// for this local test only.
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first action starts the browser; it must not run under a timeout.
	if err := chromedp.Do(bctx); err != nil {
		return browserResult{}, fmt.Errorf("starting %s: %w", chromium, err)
	}

	var (
		mu      sync.Mutex
		console []string
	)
	messages := chromedp.Console(bctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.Text)
			mu.Unlock()
		}
	}()

	tctx, tcancel := context.WithTimeout(bctx, 90*time.Second)
	defer tcancel()
	var res browserResult
	err := chromedp.Do(tctx, chromedp.Navigate(pageURL))
	if err == nil {
		res.result, err = chromedp.Run(tctx, chromedp.Poll[string](`window.__result`, chromedp.WithPollingTimeout(60*time.Second)))
	}
	// Let the console events of the failed fetch arrive.
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	res.console = append([]string(nil), console...)
	mu.Unlock()
	return res, err
}

func servePage(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(uploadPage))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A real browser uploads with a presigned PUT URL from a page whose origin
// the bucket's CORS rules allow; the same page from another origin is
// blocked by CORS (preflight refused, nothing uploaded).
func TestAccPresignedURL_browserCORS(t *testing.T) {
	acctest.PreCheck(t)
	acctest.LocalOnly(t, "drives a local headless Chromium against the local S3 server")
	chromium := chromiumPath(t)
	client := acctest.S3(t)
	bucket := testBucket(t, client)

	allowed := servePage(t) // http://127.0.0.1:<port>
	other := servePage(t)   // same page, another origin (port)
	ctx := acctest.Context(t)
	_, err := client.PutBucketCors(ctx, &s3.PutBucketCorsInput{
		Bucket: awssdk.String(bucket),
		CORSConfiguration: &s3types.CORSConfiguration{CORSRules: []s3types.CORSRule{{
			AllowedOrigins: []string{allowed.URL},
			AllowedMethods: []string{"PUT"},
			AllowedHeaders: []string{"content-type"},
			ExposeHeaders:  []string{"ETag"},
			MaxAgeSeconds:  awssdk.Int32(60),
		}}},
	})
	if err != nil {
		t.Fatalf("PutBucketCors: %v", err)
	}

	config := acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_presigned_url" "allowed" {
  bucket       = %[1]q
  key          = "browser/allowed.txt"
  method       = "PUT"
  content_type = "text/plain"
}

data "filestore_presigned_url" "blocked" {
  bucket       = %[1]q
  key          = "browser/blocked.txt"
  method       = "PUT"
  content_type = "text/plain"
}
`, bucket)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{stateFunc(func(ctx context.Context, s *tfjson.State) error {
				okURL, err := attrString(s, "data.filestore_presigned_url.allowed", "url")
				if err != nil {
					return err
				}
				res, err := runPage(ctx, t, chromium, allowed.URL+"/upload.html#"+url.QueryEscape(okURL))
				if err != nil {
					return fmt.Errorf("chromium (allowed origin): %w; console: %q", err, res.console)
				}
				if res.result != "status:200" {
					return fmt.Errorf("upload from the allowed origin %s: %q; console: %q", allowed.URL, res.result, res.console)
				}
				got, err := getObject(ctx, client, bucket, "browser/allowed.txt")
				if err != nil || got != "uploaded by headless chromium from "+allowed.URL {
					return fmt.Errorf("object uploaded by the browser: %q %w", got, err)
				}

				blockedURL, err := attrString(s, "data.filestore_presigned_url.blocked", "url")
				if err != nil {
					return err
				}
				res, err = runPage(ctx, t, chromium, other.URL+"/upload.html#"+url.QueryEscape(blockedURL))
				if err != nil {
					return fmt.Errorf("chromium (other origin): %w; console: %q", err, res.console)
				}
				if !strings.HasPrefix(res.result, "error:TypeError") {
					return fmt.Errorf("upload from the origin %s not in the CORS rules was not blocked: %q", other.URL, res.result)
				}
				if !strings.Contains(strings.Join(res.console, "\n"), "blocked by CORS policy") {
					return fmt.Errorf("no CORS error in the browser console: %q", res.console)
				}
				if _, exists, err := objectExists(ctx, client, bucket, "browser/blocked.txt"); err != nil || exists {
					return fmt.Errorf("the blocked upload reached the server (exists=%v, %w)", exists, err)
				}
				t.Logf("allowed origin %s: %s; other origin %s: %s", allowed.URL, "status:200", other.URL, res.result)
				return nil
			})},
		}},
	})
}
