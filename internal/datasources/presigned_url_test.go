package datasources_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/clock"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// SeaweedFS verifies SigV4 (headers, presigned query, POST policy), so these
// tests prove the URLs are correctly signed, not merely well-formed.
func TestAccPresignedURL_putGetHeadDelete(t *testing.T) {
	acctest.PreCheck(t)
	client := acctest.S3(t)
	bucket := testBucket(t, client)
	const key = "docs/report 2026+final.txt"
	const body = "quarterly numbers\n"
	const filename = `résumé "v2".txt`

	config := acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_presigned_url" "put" {
  bucket       = %[1]q
  key          = %[2]q
  method       = "PUT"
  content_type = "text/plain"
  expires_in   = "10m"
}

data "filestore_presigned_url" "get" {
  bucket            = %[1]q
  key               = %[2]q
  download_filename = %[3]q
}

data "filestore_presigned_url" "head" {
  bucket = %[1]q
  key    = %[2]q
  method = "HEAD"
}

data "filestore_presigned_url" "delete" {
  bucket = %[1]q
  key    = %[2]q
  method = "DELETE"
}
`, bucket, key, filename)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_presigned_url.put", tfjsonpath.New("headers"),
					knownvalue.MapExact(map[string]knownvalue.Check{"Content-Type": knownvalue.StringExact("text/plain")})),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.put", tfjsonpath.New("expires_in"), knownvalue.StringExact("10m")),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.get", tfjsonpath.New("method"), knownvalue.StringExact("GET")),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.get", tfjsonpath.New("expires_in"), knownvalue.StringExact("15m")),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.get", tfjsonpath.New("headers"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.get", tfjsonpath.New("expires_at"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				stateFunc(func(ctx context.Context, s *tfjson.State) error {
					putURL, err := attrString(s, "data.filestore_presigned_url.put", "url")
					if err != nil {
						return err
					}
					// A different content type than the one signed: refused.
					if code, _, b, err := do(ctx, "PUT", putURL, map[string]string{"Content-Type": "application/octet-stream"}, body); err != nil || code != 403 {
						return fmt.Errorf("PUT with another content type: %d %w %s", code, err, b)
					}
					// A tampered signature: refused.
					if code, _, b, err := do(ctx, "PUT", tamper(putURL, "X-Amz-Signature"), map[string]string{"Content-Type": "text/plain"}, body); err != nil || code != 403 {
						return fmt.Errorf("PUT with a tampered signature: %d %w %s", code, err, b)
					}
					if _, exists, err := objectExists(ctx, client, bucket, key); err != nil || exists {
						return fmt.Errorf("object exists after refused uploads: %v %w", exists, err)
					}
					headers, err := attrMap(s, "data.filestore_presigned_url.put", "headers")
					if err != nil {
						return err
					}
					if code, _, b, err := do(ctx, "PUT", putURL, headers, body); err != nil || code != 200 {
						return fmt.Errorf("PUT with the signed headers: %d %w %s", code, err, b)
					}
					head, exists, err := objectExists(ctx, client, bucket, key)
					if err != nil || !exists {
						return fmt.Errorf("uploaded object not on the server: %w", err)
					}
					if ct := awssdk.ToString(head.ContentType); ct != "text/plain" {
						return fmt.Errorf("server stored content type %q", ct)
					}

					getURL, err := attrString(s, "data.filestore_presigned_url.get", "url")
					if err != nil {
						return err
					}
					code, h, got, err := do(ctx, "GET", getURL, nil, "")
					if err != nil || code != 200 || got != body {
						return fmt.Errorf("GET: %d %w %q", code, err, got)
					}
					wantCD := `attachment; filename="r_sum_ \"v2\".txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.txt`
					if cd := h.Get("Content-Disposition"); cd != wantCD {
						return fmt.Errorf("Content-Disposition %q, want %q", cd, wantCD)
					}
					if code, _, _, err := do(ctx, "GET", tamper(getURL, "X-Amz-Signature"), nil, ""); err != nil || code != 403 {
						return fmt.Errorf("GET with a tampered signature: %d %w", code, err)
					}
					// The disposition is signed: changing it breaks the signature.
					u, _ := url.Parse(getURL)
					q := u.Query()
					q.Set("response-content-disposition", "inline")
					u.RawQuery = q.Encode()
					if code, _, _, err := do(ctx, "GET", u.String(), nil, ""); err != nil || code != 403 {
						return fmt.Errorf("GET with an altered disposition: %d %w", code, err)
					}

					headURL, err := attrString(s, "data.filestore_presigned_url.head", "url")
					if err != nil {
						return err
					}
					if code, h, _, err := do(ctx, "HEAD", headURL, nil, ""); err != nil || code != 200 || h.Get("Content-Length") != fmt.Sprint(len(body)) {
						return fmt.Errorf("HEAD: %d %w %v", code, err, h)
					}
					// A HEAD URL does not authorise a GET.
					if code, _, _, err := do(ctx, "GET", headURL, nil, ""); err != nil || code != 403 {
						return fmt.Errorf("GET with the HEAD URL: %d %w", code, err)
					}

					delURL, err := attrString(s, "data.filestore_presigned_url.delete", "url")
					if err != nil {
						return err
					}
					if code, _, b, err := do(ctx, "DELETE", delURL, nil, ""); err != nil || code != 204 {
						return fmt.Errorf("DELETE: %d %w %s", code, err, b)
					}
					if _, exists, err := objectExists(ctx, client, bucket, key); err != nil || exists {
						return fmt.Errorf("object still on the server after the presigned DELETE: %w", err)
					}
					return nil
				}),
			},
		}},
	})
}

// An expired URL is refused. The provider's clock is set two hours back, so
// the URL is signed in the past and expired one hour ago; the same
// configuration signed at the real time then works (the refusal is the
// expiry, nothing else).
func TestAccPresignedURL_expired(t *testing.T) {
	acctest.PreCheck(t)
	client := acctest.S3(t)
	bucket := testBucket(t, client)
	ctx := acctest.Context(t)
	if _, err := client.PutObject(ctx, putInput(bucket, "old.txt", "still here")); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewManual(time.Now().Add(-2 * time.Hour))
	config := acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_presigned_url" "get" {
  bucket     = %q
  key        = "old.txt"
  expires_in = "1h"
}
`, bucket)
	check := func(wantCode int, wantBody string) statecheck.StateCheck {
		return stateFunc(func(ctx context.Context, s *tfjson.State) error {
			u, err := attrString(s, "data.filestore_presigned_url.get", "url")
			if err != nil {
				return err
			}
			code, _, b, err := do(ctx, "GET", u, nil, "")
			if err != nil || code != wantCode || !strings.Contains(b, wantBody) {
				return fmt.Errorf("GET: %d %w %q; want %d with %q", code, err, b, wantCode, wantBody)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWith(provider.WithClock(clk)),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.filestore_presigned_url.get", tfjsonpath.New("expires_at"),
						knownvalue.StringExact(clk.Now().UTC().Truncate(time.Second).Add(time.Hour).Format(time.RFC3339))),
					check(403, "AccessDenied"),
				},
			},
			{
				PreConfig: func() { clk.Set(time.Now()) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					check(200, "still here"),
				},
			},
		},
	})
}

// Plan-time errors carry the attribute path: OpenTofu quotes the offending
// line of the configuration.
func TestAccPresignedURL_planErrors(t *testing.T) {
	acctest.PreCheck(t)
	cases := []struct {
		body string
		want string
	}{
		{`expires_in = "8d"`, `(?s)expires_in too long.*expires_in = "8d"`},
		{`expires_in = "169h"`, `(?s)expires_in too long.*expires_in = "169h"`},
		{`expires_in = "soon"`, `(?s)Invalid expires_in.*expires_in = "soon"`},
		{`expires_in = "500ms"`, `(?s)Invalid expires_in.*expires_in = "500ms".*whole number of seconds`},
		{`method = "POST"`, `(?s)method = "POST".*value must be one of`},
		{`content_type = "text/plain"`, `(?s)content_type needs method PUT.*content_type = "text/plain"`},
		{"method = \"HEAD\"\n  content_type = \"text/plain\"", `(?s)content_type needs method PUT.*content_type = "text/plain"`},
		{"method = \"PUT\"\n  download_filename = \"a.txt\"", `(?s)download_filename needs method GET.*download_filename = "a.txt"`},
		{`download_filename = "a\nb.txt"`, `(?s)Invalid download_filename.*control character`},
		{`server_side_encryption = "AES256"`, `(?s)server_side_encryption needs method PUT`},
		{"expires_in = \"1h\"\n  signing_window = \"1h\"", `(?s)signing_window too long.*signing_window = "1h"`},
		{`signing_window = "1h"`, `(?s)signing_window too long.*shorter than the expiry \(15m0s\)`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		for _, kind := range []string{"data", "ephemeral"} {
			steps = append(steps, resource.TestStep{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
%s "filestore_presigned_url" "x" {
  bucket = "b"
  key    = "k"
  %s
}
`, kind, c.body),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(c.want),
			})
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}

// Values unknown at plan time are not validated then: the method comes from
// a resource created in the same apply, so content_type cannot be checked
// against it until the data source is read during apply (where it passes).
func TestAccPresignedURL_unknownValuesSkipped(t *testing.T) {
	acctest.PreCheck(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock() + `
resource "terraform_data" "method" {
  input = "PUT"
}

data "filestore_presigned_url" "x" {
  bucket         = "b"
  key            = "k"
  method         = terraform_data.method.output
  content_type   = "text/plain"
  signing_window = terraform_data.method.output == "PUT" ? "5m" : "1h"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_presigned_url.x", tfjsonpath.New("method"), knownvalue.StringExact("PUT")),
				statecheck.ExpectKnownValue("data.filestore_presigned_url.x", tfjsonpath.New("url"),
					knownvalue.StringRegexp(regexp.MustCompile(`X-Amz-SignedHeaders=content-type%3Bhost`))),
			},
		}},
	})
}
