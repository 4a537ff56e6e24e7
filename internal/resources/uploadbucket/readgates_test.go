package uploadbucket_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

const scannerRole = "arn:aws:iam::111122223333:role/scanner"

// TestAccUploadBucket_readGates: quarantine and scan_gate on the default
// target (SeaweedFS locally: it enforces Deny statements), read by a
// principal that is neither a quarantine reader nor exempt from the gate —
// the test's own credentials:
//   - under quarantine/ a GET is denied, elsewhere it succeeds;
//   - under the gated uploads/ an untagged object cannot be read, and an
//     upload that sets the clean tag itself is refused;
//   - the quarantine's expiration rule joins the lifecycle configuration.
//
// Then the caller becomes a quarantine reader. AWS evaluates aws:PrincipalArn
// and the read succeeds there; no local server can show it (SeaweedFS and
// versitygw leave aws:PrincipalArn out of the condition context, so a
// StringNotLike on it denies every principal; MinIO refuses the key), so
// locally the step proves what the server stores: the deny excepts exactly
// that principal. Import, drift and expiration_days = 0 follow.
func TestAccUploadBucket_readGates(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.BucketName()
	client := s3Client(t)
	caller := acctest.CallerPrincipalARN(t)
	config := func(reader string, expirationDays int) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %q
  force_destroy = true
  quarantine = {
    prefix                = "quarantine/"
    reader_principal_arns = [%q]
    expiration_days       = %d
  }
  scan_gate = {
    prefixes              = ["uploads/"]
    exempt_principal_arns = [%q]
  }
}
`, name, reader, expirationDays, scannerRole)
	}
	b := aws.String(name)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(scannerRole, 3),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "quarantine.prefix", "quarantine/"),
					resource.TestCheckResourceAttr(resourceAddr, "scan_gate.tag_key", bucketconfig.DefaultScanTagKey),
					resource.TestCheckResourceAttr(resourceAddr, "scan_gate.clean_value", bucketconfig.DefaultScanCleanValue),
					onServer(client, name, expectReadGates(name, scannerRole, 3)),
					onServer(client, name, func(ctx context.Context, c *s3.Client) error {
						for _, k := range []string{"quarantine/upload.bin", "uploads/untagged.bin", "public/readme.txt"} {
							if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String(k), Body: strings.NewReader("bytes of " + k)}); err != nil {
								return fmt.Errorf("PutObject %s: %w", k, err)
							}
						}
						if err := expectGet(ctx, c, name, "quarantine/upload.bin", "AccessDenied"); err != nil {
							return fmt.Errorf("a non-reader inside the quarantine: %w", err)
						}
						if err := expectGet(ctx, c, name, "public/readme.txt", ""); err != nil {
							return fmt.Errorf("outside the quarantine and the gate: %w", err)
						}
						if err := expectGet(ctx, c, name, "uploads/untagged.bin", "AccessDenied"); err != nil {
							return fmt.Errorf("an untagged object under the gate: %w", err)
						}
						_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("uploads/self-cleaned.bin"), Body: strings.NewReader("x"),
							Tagging: aws.String(bucketconfig.DefaultScanTagKey + "=" + bucketconfig.DefaultScanCleanValue)})
						if errCode(err) != "AccessDenied" {
							return fmt.Errorf("an upload tagging itself clean: err = %w, want AccessDenied", err)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:            resourceAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			{
				Config:           config(caller, 3),
				ConfigPlanChecks: expectUpdate(),
				Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
					if err := expectReadGates(name, caller, 3)(ctx, c); err != nil {
						return err
					}
					if acctest.IsAWS() {
						return expectGet(ctx, c, name, "quarantine/upload.bin", "")
					}
					return nil
				}),
			},
			{
				// Drift: the policy deleted out of band comes back.
				PreConfig: outOfBand(t, "the bucket policy", func(ctx context.Context, c *s3.Client) error {
					_, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b})
					return err
				}),
				Config:           config(caller, 3),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, expectReadGates(name, caller, 3)),
			},
			{
				// expiration_days = 0 keeps quarantined objects: the rule
				// goes, the bucket-wide abort rule stays.
				Config:           config(caller, 0),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, expectReadGates(name, caller, 0)),
			},
		},
	})
}

// expectReadGates checks the policy's quarantine (prefix quarantine/,
// excepting reader) and gate (uploads/, default tag, excepting the
// scanner), and the quarantine's expiration rule (days 0: none) next to the
// default abort rule.
func expectReadGates(bucket, reader string, days int64) func(context.Context, *s3.Client) error {
	return func(ctx context.Context, c *s3.Client) error {
		f, err := policyFacts(ctx, c, bucket)
		if err != nil {
			return err
		}
		if f.Quarantine == nil || aws.ToString(f.Quarantine.Prefix) != "quarantine/" || !slices.Equal(f.Quarantine.ReaderPrincipalARNs, []string{reader}) {
			return fmt.Errorf("quarantine in the policy: %+v, want quarantine/ read by %s", f.Quarantine, reader)
		}
		if g := f.ScanGate; g == nil || !slices.Equal(g.Prefixes, []string{"uploads/"}) || aws.ToString(g.TagKey) != bucketconfig.DefaultScanTagKey ||
			aws.ToString(g.CleanValue) != bucketconfig.DefaultScanCleanValue || !slices.Equal(g.ExemptPrincipalARNs, []string{scannerRole}) {
			return fmt.Errorf("scan gate in the policy: %+v", f.ScanGate)
		}
		if !f.DenyInsecureTransport || len(f.Statements) > 0 {
			return fmt.Errorf("policy: want the TLS deny and nothing else besides the gates, got %+v", f)
		}
		out, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("GetBucketLifecycleConfiguration: %w", err)
		}
		rest, prefix, got, found := bucketconfig.SplitQuarantineRule(out.Rules)
		if days == 0 && found || days > 0 && (!found || prefix != "quarantine/" || got != days) {
			return fmt.Errorf("quarantine rule: found=%v prefix=%q days=%d, want days %d", found, prefix, got, days)
		}
		if l := bucketconfig.LifecycleFromAPI(rest); len(l.Tiers) > 0 || l.AbortDays != 7 || len(l.Unheld) > 0 {
			return fmt.Errorf("other lifecycle rules: %+v, want only the 7-day abort rule", l)
		}
		return nil
	}
}

// expectGet reads key with the test's credentials: code "" wants success
// and the body PutObject wrote, else that error code.
func expectGet(ctx context.Context, c *s3.Client, bucket, key, code string) error {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if code != "" {
		if errCode(err) != code {
			return fmt.Errorf("GET %s: err = %w, want %s", key, err, code)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("GET %s: %w", key, err)
	}
	body, _ := io.ReadAll(out.Body)
	_ = out.Body.Close()
	if string(body) != "bytes of "+key {
		return fmt.Errorf("GET %s: body %q", key, body)
	}
	return nil
}

// TestAccUploadBucket_scanGateMinIO: the allow-after-clean side of the
// scan gate, on MinIO — the local server that evaluates
// s3:ExistingObjectTag (SeaweedFS denies signed reads whatever the tag).
// MinIO's root credentials (the provider's and the test client's) bypass
// bucket policies, so reads are anonymous: policy_statements adds an Allow
// of s3:GetObject / s3:PutObject for "*", which the provider merges after
// its generated statements, so MinIO evaluates the gate's Deny statements
// for anonymous requests (MinIO accepts the merged document). MinIO refuses
// aws:PrincipalArn in a policy, so the gate has no exempt principal here,
// and MinIO refuses PutPublicAccessBlock: the provider runs with
// compatibility = "s3", which leaves the public access block (and
// ownership, encryption, lifecycle) alone unless set, and manages the
// policy because scan_gate and policy_statements are set.
func TestAccUploadBucket_scanGateMinIO(t *testing.T) {
	srv := acctest.RequireServer(t, testbed.MinIO)
	name := acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.MinIO) }
	// FS007 off: MinIO refuses the bucket-wide abort-incomplete-multipart
	// rule as written (InvalidArgument), so the lifecycle stays unmanaged.
	config := acctest.ProviderBlockFor(testbed.MinIO, "", `policy = { overrides = { FS007 = "off" } }`) + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %[1]q
  force_destroy = true
  scan_gate = {
    prefixes = ["uploads/"]
  }
  policy_statements = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = %[2]q
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject"]
      Resource  = "arn:aws:s3:::%[1]s/*"
    }]
  })
}
`, name, anonymousAllowSid)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "deny_insecure_transport", "false"),
					resource.TestCheckResourceAttr(resourceAddr, "scan_gate.prefixes.0", "uploads/"),
					anonymousScanGate(client, srv.S3Endpoint, name),
				),
			},
			{
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
				// With compatibility = "s3" an import cannot tell the policy's
				// other statements from someone else's: policy_statements is
				// read only once the state holds it. MinIO rewrites a stored
				// statement (Principal "*" as {"AWS":["*"]}, its own action
				// order), so the imported policy_json says the same in other
				// words (plans compare policies by meaning, not text); the
				// check above reads what MinIO holds.
				ImportStateVerifyIgnore: []string{"force_destroy", "policy_statements", "policy_json"},
			},
		},
	})
}

// anonymousAllowSid is the Sid of the test's Allow in policy_statements.
const anonymousAllowSid = "TestAllowAnonymous"

func anonymousScanGate(client func() *s3.Client, endpoint, bucket string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		c := client()
		b := aws.String(bucket)
		clean := bucketconfig.DefaultScanTagKey + "=" + bucketconfig.DefaultScanCleanValue
		pending := bucketconfig.DefaultScanTagKey + "=PENDING"
		for key, tagging := range map[string]string{"uploads/scanned.bin": pending, "uploads/untagged.bin": "", "public/readme.txt": ""} {
			in := &s3.PutObjectInput{Bucket: b, Key: aws.String(key), Body: strings.NewReader("bytes of " + key)}
			if tagging != "" {
				in.Tagging = aws.String(tagging)
			}
			if _, err := c.PutObject(ctx, in); err != nil {
				return fmt.Errorf("PutObject %s: %w", key, err)
			}
		}
		// The provider's policy as MinIO stores it: the gate, then the
		// user's Allow.
		out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
		if err != nil {
			return fmt.Errorf("GetBucketPolicy: %w", err)
		}
		f, err := bucketconfig.AnalyzePolicy(aws.ToString(out.Policy), "aws", bucket)
		if err != nil || f.ScanGate == nil || len(f.Statements) != 1 || f.Statements[0].Sid() != anonymousAllowSid {
			return fmt.Errorf("the provider's policy on MinIO: %+v %w", f, err)
		}
		for _, want := range []struct {
			key  string
			code int
		}{{"uploads/scanned.bin", 403}, {"uploads/untagged.bin", 403}, {"public/readme.txt", 200}} {
			if code := anonymous(ctx, http.MethodGet, endpoint+"/"+bucket+"/"+want.key, nil); code != want.code {
				return fmt.Errorf("anonymous GET %s: %d, want %d", want.key, code, want.code)
			}
		}
		if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: b, Key: aws.String("uploads/scanned.bin"),
			Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String(bucketconfig.DefaultScanTagKey), Value: aws.String(bucketconfig.DefaultScanCleanValue)}}}}); err != nil {
			return fmt.Errorf("tagging clean (as the scanner, with the root credentials): %w", err)
		}
		if code := anonymous(ctx, http.MethodGet, endpoint+"/"+bucket+"/uploads/scanned.bin", nil); code != 200 {
			return fmt.Errorf("anonymous GET of the object re-tagged clean: %d, want 200", code)
		}
		// An anonymous upload may not tag itself clean; without the tag it
		// may (the user's Allow lets it).
		if code := anonymous(ctx, http.MethodPut, endpoint+"/"+bucket+"/uploads/self-cleaned.bin", map[string]string{"x-amz-tagging": clean}); code != 403 {
			return fmt.Errorf("anonymous PUT tagging itself clean: %d, want 403", code)
		}
		if code := anonymous(ctx, http.MethodPut, endpoint+"/"+bucket+"/uploads/plain.bin", nil); code != 200 {
			return fmt.Errorf("anonymous PUT without the tag: %d, want 200", code)
		}
		return nil
	}
}

func anonymous(ctx context.Context, method, url string, headers map[string]string) int {
	var body io.Reader
	if method == http.MethodPut {
		body = strings.NewReader("anonymous bytes")
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return 0
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}
