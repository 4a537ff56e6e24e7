package datasources_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// postForm sends a browser-style multipart POST: the policy fields (with
// overrides), then the file.
func postForm(ctx context.Context, url string, fields, overrides map[string]string, content string) (int, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	all := map[string]string{}
	for k, v := range fields {
		all[k] = v
	}
	for k, v := range overrides {
		all[k] = v
	}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := w.WriteField(k, all[k]); err != nil {
			return 0, "", err
		}
	}
	fw, err := w.CreateFormFile("file", "upload.txt")
	if err != nil {
		return 0, "", err
	}
	_, _ = fw.Write([]byte(content))
	if err := w.Close(); err != nil {
		return 0, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, &buf)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := httpClient().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), nil
}

func TestAccPresignedPost_sizeRangePrefixAndType(t *testing.T) {
	acctest.PreCheck(t)
	client := acctest.S3(t)
	bucket := testBucket(t, client)
	config := acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_presigned_post" "prefix" {
  bucket              = %[1]q
  key_prefix          = "uploads/u42/"
  content_type_prefix = "text/"
  min_size            = 10
  max_size            = 100
  expires_in          = "5m"
}

data "filestore_presigned_post" "exact" {
  bucket       = %[1]q
  key          = "avatars/42.txt"
  content_type = "text/plain"
  max_size     = 1000
}
`, bucket)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_presigned_post.prefix", tfjsonpath.New("fields").AtMapKey("key"),
					knownvalue.StringExact("uploads/u42/${filename}")),
				statecheck.ExpectKnownValue("data.filestore_presigned_post.exact", tfjsonpath.New("fields").AtMapKey("Content-Type"),
					knownvalue.StringExact("text/plain")),
				statecheck.ExpectKnownValue("data.filestore_presigned_post.exact", tfjsonpath.New("expires_in"), knownvalue.StringExact("15m")),
				stateFunc(func(ctx context.Context, s *tfjson.State) error {
					url, err := attrString(s, "data.filestore_presigned_post.prefix", "url")
					if err != nil {
						return err
					}
					fields, err := attrMap(s, "data.filestore_presigned_post.prefix", "fields")
					if err != nil {
						return err
					}
					ok := map[string]string{"key": "uploads/u42/inside.txt", "Content-Type": "text/plain"}
					inside := strings.Repeat("a", 50)

					// Above max_size: 400 EntityTooLarge, nothing stored.
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "uploads/u42/big.txt", "Content-Type": "text/plain"}, strings.Repeat("b", 101)); err != nil || code != 400 || !strings.Contains(b, "EntityTooLarge") {
						return fmt.Errorf("POST above max_size: %d %w %s", code, err, b)
					}
					// Below min_size: refused.
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "uploads/u42/small.txt", "Content-Type": "text/plain"}, "tiny"); err != nil || code != 400 {
						return fmt.Errorf("POST below min_size: %d %w %s", code, err, b)
					}
					// A key outside the prefix: refused.
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "elsewhere/x.txt", "Content-Type": "text/plain"}, inside); err != nil || code != 403 {
						return fmt.Errorf("POST outside key_prefix: %d %w %s", code, err, b)
					}
					// A content type outside the prefix: refused.
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "uploads/u42/x.png", "Content-Type": "image/png"}, inside); err != nil || code != 403 {
						return fmt.Errorf("POST with content type outside the prefix: %d %w %s", code, err, b)
					}
					// A tampered policy signature: refused.
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "uploads/u42/t.txt", "Content-Type": "text/plain", "X-Amz-Signature": strings.Repeat("0", 64)}, inside); err != nil || code != 403 {
						return fmt.Errorf("POST with a tampered signature: %d %w %s", code, err, b)
					}
					for _, k := range []string{"uploads/u42/big.txt", "uploads/u42/small.txt", "elsewhere/x.txt", "uploads/u42/x.png", "uploads/u42/t.txt"} {
						if _, exists, err := objectExists(ctx, client, bucket, k); err != nil || exists {
							return fmt.Errorf("%s stored by a refused POST (%w)", k, err)
						}
					}
					// Inside the range, key and type within the prefixes: 204.
					if code, b, err := postForm(ctx, url, fields, ok, inside); err != nil || code != 204 {
						return fmt.Errorf("POST inside the range: %d %w %s", code, err, b)
					}
					head, exists, err := objectExists(ctx, client, bucket, "uploads/u42/inside.txt")
					if err != nil || !exists || awssdk.ToInt64(head.ContentLength) != 50 || awssdk.ToString(head.ContentType) != "text/plain" {
						return fmt.Errorf("uploaded object: exists=%v err=%w", exists, err)
					}

					// The exact-key policy: its own fields as they are.
					url, _ = attrString(s, "data.filestore_presigned_post.exact", "url")
					fields, err = attrMap(s, "data.filestore_presigned_post.exact", "fields")
					if err != nil {
						return err
					}
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "avatars/43.txt"}, "hello"); err != nil || code != 403 {
						return fmt.Errorf("POST to another key: %d %w %s", code, err, b)
					}
					if code, b, err := postForm(ctx, url, fields, nil, "hello"); err != nil || code != 204 {
						return fmt.Errorf("POST with the exact fields: %d %w %s", code, err, b)
					}
					got, err := getObject(ctx, client, bucket, "avatars/42.txt")
					if err != nil || got != "hello" {
						return fmt.Errorf("avatars/42.txt: %q %w", got, err)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccPresignedPost_planErrors(t *testing.T) {
	acctest.PreCheck(t)
	cases := []struct{ body, want string }{
		{"key = \"k\"\n  min_size = 11\n  max_size = 10", `(?s)min_size greater than max_size.*min_size = 11`},
		{"key = \"k\"\n  key_prefix = \"p/\"", `(?s)Invalid Attribute Combination.*key = "k".*2 attributes specified when one \(and only one\) of\s+\[key,key_prefix\]`},
		{"", `(?s)Invalid Attribute Combination.*one \(and only one\) of\s+\[key,key_prefix\] is\s+required`},
		{"key = \"k\"\n  content_type = \"a/b\"\n  content_type_prefix = \"a/\"", `(?s)Invalid Attribute Combination.*content_type = "a/b"`},
		{"key = \"k\"\n  expires_in = \"8d\"", `(?s)expires_in too long.*expires_in = "8d"`},
		{"key = \"k\"\n  max_size = 6000000000", `(?s)max_size = 6000000000.*value must be between 1 and 5368709120`},
		{"key = \"k\"\n  expires_in = \"10m\"\n  signing_window = \"15m\"", `(?s)signing_window too long.*signing_window = "15m"`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		for _, kind := range []string{"data", "ephemeral"} {
			steps = append(steps, resource.TestStep{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
%s "filestore_presigned_post" "x" {
  bucket = "b"
  %s
}
`, kind, c.body),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(c.want),
			})
		}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(), Steps: steps})
}
