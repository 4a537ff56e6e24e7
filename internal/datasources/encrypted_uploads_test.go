package datasources_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/r2fake"
)

// TestAccPresignedUploads_denyUnencryptedBucket: on a bucket whose policy
// denies unencrypted uploads (deny_unencrypted_uploads = true, AES256, the
// only algorithm SeaweedFS serves), the browser upload paths still work
// when they carry server_side_encryption.
//
// Presigned PUT: SeaweedFS enforces the bucket policy on PUT, so both sides
// are proven on the server: with the signed SSE header 200, without it
// AccessDenied.
//
// Presigned POST: SeaweedFS does NOT apply bucket policies to POST Object
// (TESTBED.md: a POST without the SSE field is 204 on a deny bucket), so the
// bucket policy cannot refuse a POST here. What the provider controls is the
// signed policy document, and SeaweedFS verifies it: the fields carry
// x-amz-server-side-encryption, the policy carries the exact-match
// condition, the upload with the field succeeds and is stored encrypted,
// and a form that drops the field or changes its value is refused by the
// signed policy. Only against real AWS (FILESTORE_ACC_TARGET=aws), which
// applies bucket policies to POST, is a POST minted without SSE asserted to
// be AccessDenied by the bucket policy.
func TestAccPresignedUploads_denyUnencryptedBucket(t *testing.T) {
	acctest.PreCheck(t)
	client := acctest.S3(t)
	name := acctest.BucketName()
	// Guardrail FS021 refuses to mint put_plain and plain for this bucket
	// (internal/provider/guardrails_pipeline_acc_test.go); lowered to a
	// warning here so that what the server itself refuses is proven.
	config := `provider "filestore" {
  policy = { overrides = { FS021 = "warn" } }
}
` + fmt.Sprintf(`
resource "filestore_upload_bucket" "b" {
  bucket                   = %[1]q
  force_destroy            = true
  deny_unencrypted_uploads = true
}

data "filestore_presigned_url" "put_encrypted" {
  bucket                 = filestore_upload_bucket.b.bucket
  key                    = "put/encrypted.txt"
  method                 = "PUT"
  content_type           = "text/plain"
  server_side_encryption = "AES256"
}

data "filestore_presigned_url" "put_plain" {
  bucket       = filestore_upload_bucket.b.bucket
  key          = "put/plain.txt"
  method       = "PUT"
  content_type = "text/plain"
}

data "filestore_presigned_post" "encrypted" {
  bucket                 = filestore_upload_bucket.b.bucket
  key_prefix             = "post/"
  content_type           = "text/plain"
  max_size               = 1000
  server_side_encryption = "AES256"
}

data "filestore_presigned_post" "plain" {
  bucket       = filestore_upload_bucket.b.bucket
  key_prefix   = "post/"
  content_type = "text/plain"
  max_size     = 1000
}
`, name)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_presigned_url.put_encrypted", tfjsonpath.New("headers"),
					knownvalue.MapExact(map[string]knownvalue.Check{
						"Content-Type":                 knownvalue.StringExact("text/plain"),
						"X-Amz-Server-Side-Encryption": knownvalue.StringExact("AES256"),
					})),
				statecheck.ExpectKnownValue("data.filestore_presigned_post.encrypted", tfjsonpath.New("fields").AtMapKey("x-amz-server-side-encryption"),
					knownvalue.StringExact("AES256")),
				stateFunc(func(ctx context.Context, s *tfjson.State) error {
					// Presigned PUT, with and without the signed SSE header.
					url, _ := attrString(s, "data.filestore_presigned_url.put_encrypted", "url")
					headers, err := attrMap(s, "data.filestore_presigned_url.put_encrypted", "headers")
					if err != nil {
						return err
					}
					if code, _, b, err := do(ctx, "PUT", url, headers, "secret"); err != nil || code != 200 {
						return fmt.Errorf("presigned PUT with SSE on a deny bucket: %d %w %s", code, err, b)
					}
					if err := encryptedObject(ctx, client, name, "put/encrypted.txt", "secret"); err != nil {
						return err
					}
					url, _ = attrString(s, "data.filestore_presigned_url.put_plain", "url")
					if code, _, b, err := do(ctx, "PUT", url, map[string]string{"Content-Type": "text/plain"}, "plain"); err != nil || code != 403 || !strings.Contains(b, "AccessDenied") {
						return fmt.Errorf("presigned PUT without SSE must be AccessDenied by the bucket policy: %d %w %s", code, err, b)
					}

					// Presigned POST: the signed policy carries the condition.
					url, _ = attrString(s, "data.filestore_presigned_post.encrypted", "url")
					fields, err := attrMap(s, "data.filestore_presigned_post.encrypted", "fields")
					if err != nil {
						return err
					}
					if err := policyHasCondition(fields["policy"], map[string]string{"x-amz-server-side-encryption": "AES256"}); err != nil {
						return err
					}
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "post/encrypted.txt"}, "posted"); err != nil || code != 204 {
						return fmt.Errorf("POST with the SSE field on a deny bucket: %d %w %s", code, err, b)
					}
					if err := encryptedObject(ctx, client, name, "post/encrypted.txt", "posted"); err != nil {
						return err
					}
					dropped := map[string]string{}
					for k, v := range fields {
						if k != "x-amz-server-side-encryption" {
							dropped[k] = v
						}
					}
					if code, b, err := postForm(ctx, url, dropped, map[string]string{"key": "post/dropped.txt"}, "x"); err != nil || code != 403 {
						return fmt.Errorf("POST without the SSE field the policy requires must be refused: %d %w %s", code, err, b)
					}
					if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "post/changed.txt", "x-amz-server-side-encryption": "aws:kms"}, "x"); err != nil || code != 403 {
						return fmt.Errorf("POST with another SSE value than the signed one must be refused: %d %w %s", code, err, b)
					}
					for _, k := range []string{"put/plain.txt", "post/dropped.txt", "post/changed.txt"} {
						if _, exists, err := objectExists(ctx, client, name, k); err != nil || exists {
							return fmt.Errorf("%s stored by a refused upload (%w)", k, err)
						}
					}

					// A POST minted without SSE has no such condition. Only AWS
					// applies the bucket policy to POST uploads.
					url, _ = attrString(s, "data.filestore_presigned_post.plain", "url")
					fields, _ = attrMap(s, "data.filestore_presigned_post.plain", "fields")
					if _, ok := fields["x-amz-server-side-encryption"]; ok {
						return fmt.Errorf("a POST minted without server_side_encryption carries the SSE field")
					}
					if acctest.IsAWS() {
						if code, b, err := postForm(ctx, url, fields, map[string]string{"key": "post/plain.txt"}, "x"); err != nil || code != 403 {
							return fmt.Errorf("AWS: POST without SSE on a deny bucket must be AccessDenied: %d %w %s", code, err, b)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// encryptedObject checks the object's body and that the server reports it
// stored with SSE AES256.
func encryptedObject(ctx context.Context, client *s3.Client, bucket, key, body string) error {
	head, exists, err := objectExists(ctx, client, bucket, key)
	if err != nil || !exists {
		return fmt.Errorf("%s not stored: %w", key, err)
	}
	if head.ServerSideEncryption != s3types.ServerSideEncryptionAes256 {
		return fmt.Errorf("%s stored with SSE %q, want AES256", key, head.ServerSideEncryption)
	}
	if got, err := getObject(ctx, client, bucket, key); err != nil || got != body {
		return fmt.Errorf("%s: %q %w", key, got, err)
	}
	return nil
}

// policyHasCondition decodes a POST policy and looks for a condition.
func policyHasCondition(policy string, want any) error {
	raw, err := base64.StdEncoding.DecodeString(policy)
	if err != nil {
		return fmt.Errorf("policy is not base64: %w", err)
	}
	var doc struct {
		Conditions []json.RawMessage `json:"conditions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("policy is not JSON: %w", err)
	}
	w, _ := json.Marshal(want)
	for _, c := range doc.Conditions {
		if string(c) == string(w) {
			return nil
		}
	}
	return fmt.Errorf("policy %s has no condition %s", raw, w)
}

func TestAccPresignedPost_encryptionPlanErrors(t *testing.T) {
	acctest.PreCheck(t)
	cases := []struct{ body, want string }{
		{`kms_key_id = "alias/uploads"`, `(?s)Invalid Attribute Combination.*kms_key_id.*server_side_encryption`},
		{"server_side_encryption = \"AES256\"\n  kms_key_id = \"alias/uploads\"", `(?s)kms_key_id needs a KMS server_side_encryption.*kms_key_id = "alias/uploads"`},
		{`server_side_encryption = "aws:fsx"`, `(?s)server_side_encryption = "aws:fsx".*value must be one of`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		for _, kind := range []string{"data", "ephemeral"} {
			steps = append(steps, resource.TestStep{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
%s "filestore_presigned_post" "x" {
  bucket   = "b"
  key      = "k"
  max_size = 10
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

// TestAccPresignedUploads_r2 runs against a stand-in that answers as
// Cloudflare documents R2 (internal/r2fake): R2 has no POST Object, so
// minting a presigned POST is a plan-time error that points to presigned
// PUT, for both twins; R2 implements no SSE header, so server_side_encryption
// on a presigned PUT is refused; a presigned PUT URL minted for region auto
// works against the stand-in.
func TestAccPresignedUploads_r2(t *testing.T) {
	acctest.LocalOnly(t, "uses an in-process R2 stand-in")
	fake, endpoint := r2fake.NewServer(t)
	provider := fmt.Sprintf(`
provider "filestore" {
  compatibility = "r2"
  endpoints     = { s3 = %q }
  access_key    = "AKID"
  secret_key    = "SECRET"
}
`, endpoint)
	var steps []resource.TestStep
	for _, kind := range []string{"data", "ephemeral"} {
		steps = append(steps,
			resource.TestStep{
				Config: provider + fmt.Sprintf(`
%s "filestore_presigned_post" "x" {
  bucket   = "b"
  key      = "k"
  max_size = 10
}
`, kind),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Presigned POST not available on Cloudflare R2.*filestore_presigned_url with\s+method = "PUT"`),
			},
			resource.TestStep{
				Config: provider + fmt.Sprintf(`
%s "filestore_presigned_url" "x" {
  bucket                 = "b"
  key                    = "k"
  method                 = "PUT"
  server_side_encryption = "AES256"
}
`, kind),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)server_side_encryption not available on Cloudflare R2.*server_side_encryption = "AES256"`),
			})
	}
	steps = append(steps, resource.TestStep{
		Config: provider + `
data "filestore_presigned_url" "put" {
  bucket       = "r2-bucket"
  key          = "a.txt"
  method       = "PUT"
  content_type = "text/plain"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.filestore_presigned_url.put", tfjsonpath.New("url"),
				knownvalue.StringRegexp(regexp.MustCompile(`X-Amz-Credential=AKID%2F\d{8}%2Fauto%2Fs3%2Faws4_request`))),
			stateFunc(func(ctx context.Context, s *tfjson.State) error {
				fake.CreateBucket("r2-bucket")
				url, _ := attrString(s, "data.filestore_presigned_url.put", "url")
				code, _, b, err := do(ctx, "PUT", url, map[string]string{"Content-Type": "text/plain"}, "hello")
				if err != nil || code != 200 {
					return fmt.Errorf("presigned PUT to the R2 stand-in: %d %w %s", code, err, b)
				}
				if o, ok := fake.Object("r2-bucket", "a.txt"); !ok || string(o.Body) != "hello" || o.ContentType != "text/plain" {
					return fmt.Errorf("stored %v %+v", ok, o)
				}
				return nil
			}),
		},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(), Steps: steps})
}
