package uploadbucket_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/faultproxy"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// The fault tests put internal/faultproxy between the provider and SeaweedFS:
// the provider talks plain HTTP to the proxy (endpoints.s3), the proxy talks
// HTTPS to SeaweedFS (whose deny-insecure-transport policy is enforced) and
// forwards every request unchanged, Host header included, so SigV4 still
// verifies. The proxy counts requests by S3 operation, which bounds retries.

// faultProxy starts a proxy in front of SeaweedFS's HTTPS S3.
func faultProxy(t *testing.T) (*faultproxy.Proxy, string) {
	t.Helper()
	srv := acctest.RequireServer(t, testbed.SeaweedFS)
	p, err := faultproxy.New(srv.S3Endpoint, acctest.Env().HTTPClient().Transport)
	if err != nil {
		t.Fatal(err)
	}
	u := p.Start()
	t.Cleanup(func() {
		t.Logf("fault proxy requests: %s", p.Summary())
		p.Close()
	})
	return p, u
}

func faultConfig(proxyURL string, maxRetries int, name string) string {
	return fmt.Sprintf(`
provider "filestore" {
  endpoints         = { s3 = %q }
  s3_use_path_style = true
  max_retries       = %d
}

resource "filestore_upload_bucket" "test" {
  bucket     = %q
  versioning = true
  cors_rules = [{
    allowed_origins = ["https://app.example.com"]
    allowed_methods = ["PUT", "POST"]
  }]
  tags = { app = "faults" }
}
`, proxyURL, maxRetries, name)
}

// requestsAtMost asserts an upper bound on the requests the
// proxy saw for each operation.
func requestsAtMost(t *testing.T, p *faultproxy.Proxy, bounds map[string]int) {
	t.Helper()
	for op, max := range bounds {
		if n := p.Requests(op); n > max {
			t.Errorf("%s: %d requests, want at most %d (retries must be bounded); all: %s", op, n, max, p.Summary())
		}
	}
}

// TestAccUploadBucket_faultsConverge injects every kind of transient fault
// into create and refresh; the resource converges (no diff afterwards), every
// scheduled fault fired, and each operation was retried exactly as often as
// its faults required.
func TestAccUploadBucket_faultsConverge(t *testing.T) {
	p, proxyURL := faultProxy(t)
	name := acctest.BucketName()
	config := faultConfig(proxyURL, 5, name)

	createFaults := []faultproxy.Rule{
		{Operation: "CreateBucket", Fault: faultproxy.SlowDown, Times: 1},
		{Operation: "CreateBucket", Fault: faultproxy.Drop, Times: 1},
		// Eventual consistency: the new bucket is not visible at once.
		{Fault: faultproxy.NoSuchBucket, After: "CreateBucket", Times: 2},
		{Operation: "PutPublicAccessBlock", Fault: faultproxy.OperationAborted, Times: 1},
		{Operation: "PutBucketPolicy", Fault: faultproxy.OperationAborted, Times: 2},
		{Operation: "PutBucketEncryption", Fault: faultproxy.InternalError, Times: 1},
		{Operation: "PutBucketCors", Fault: faultproxy.Drop, Times: 1},
		{Operation: "PutBucketTagging", Fault: faultproxy.SlowDown, Times: 1},
		// The refresh after apply: HeadBucket, then the concurrent reads.
		{Operation: "HeadBucket", Fault: faultproxy.SlowDown, Times: 1},
		{Operation: "GetBucketPolicy", Fault: faultproxy.InternalError, Times: 1},
		{Operation: "GetBucketCors", Fault: faultproxy.Drop, Times: 1},
		{Operation: "GetBucketTagging", Fault: faultproxy.SlowDown, Times: 1},
	}
	for _, r := range createFaults {
		p.AddRule(r)
	}
	client := s3Client(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					// Asked directly, not through the proxy.
					onServer(client, name, func(ctx context.Context, c *s3.Client) error {
						if err := expectVersioning(ctx, c, name, true); err != nil {
							return err
						}
						if err := expectTags(ctx, c, name, map[string]string{"app": "faults"}); err != nil {
							return err
						}
						facts, err := policyFacts(ctx, c, name)
						if err != nil || !facts.DenyInsecureTransport {
							return fmt.Errorf("policy: %+v %w", facts, err)
						}
						return nil
					}),
				),
			},
			{
				// Converged: the refresh and plan through further read faults
				// find nothing to change.
				PreConfig: func() {
					if pending := p.Pending(); len(pending) > 0 {
						t.Fatalf("scheduled faults that never fired: %v", pending)
					}
					// Exactly one retry per injected fault on the create path.
					want := map[string]int{
						"CreateBucket": 3, "PutBucketOwnershipControls": 3, "PutPublicAccessBlock": 2, "PutBucketPolicy": 3,
						"PutBucketEncryption": 2, "PutBucketCors": 2, "PutBucketTagging": 2, "PutBucketVersioning": 1,
						"PutBucketLifecycleConfiguration": 1,
					}
					for op, n := range want {
						if got := p.Requests(op); got != n {
							t.Errorf("%s: %d requests, want %d (%s)", op, got, n, p.Summary())
						}
					}
					p.AddRule(faultproxy.Rule{Operation: "HeadBucket", Fault: faultproxy.InternalError, Times: 1})
					p.AddRule(faultproxy.Rule{Operation: "GetBucketLocation", Fault: faultproxy.Drop, Times: 1})
					p.AddRule(faultproxy.Rule{Operation: "GetBucketLifecycleConfiguration", Fault: faultproxy.SlowDown, Times: 1})
					p.AddRule(faultproxy.Rule{Operation: "GetBucketEncryption", Fault: faultproxy.InternalError, Times: 1})
				},
				Config:   config,
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					if pending := p.Pending(); len(pending) > 0 {
						t.Fatalf("scheduled read faults that never fired: %v", pending)
					}
					// Each read retried once per fault; three refreshes at most
					// per step, so no operation is anywhere near max_retries.
					requestsAtMost(t, p, map[string]int{
						"HeadBucket": 12, "GetBucketCors": 12, "GetBucketPolicy": 12, "GetBucketLocation": 12,
						"GetBucketLifecycleConfiguration": 12, "GetBucketEncryption": 12, "GetBucketTagging": 12,
					})
					if total := p.Requests(""); total > 150 {
						t.Errorf("%d requests in all: retries are not bounded (%s)", total, p.Summary())
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// TestAccUploadBucket_faultsPermanent: a failure after CreateBucket that
// does not go away leaves the bucket in state (tainted) and on the server;
// retries stop at their bound (max_retries for 5xx, none for AccessDenied,
// the resource's own bound for NoSuchBucket); the next apply replaces it.
func TestAccUploadBucket_faultsPermanent(t *testing.T) {
	cases := []struct {
		label string
		rule  faultproxy.Rule
		op    string
		// requests is the exact number of attempts of op.
		requests int
		want     string
	}{
		{
			label: "InternalError", rule: faultproxy.Rule{Operation: "PutBucketCors", Fault: faultproxy.InternalError},
			op: "PutBucketCors", requests: 3, // max_retries = 2
			want: "PutBucketCors failed at",
		},
		{
			label: "AccessDenied", rule: faultproxy.Rule{Operation: "PutBucketPolicy", Fault: faultproxy.AccessDenied},
			op: "PutBucketPolicy", requests: 1, // not retryable
			want: "PutBucketPolicy was denied by",
		},
		{
			label: "NoSuchBucket", rule: faultproxy.Rule{Fault: faultproxy.NoSuchBucket, After: "CreateBucket"},
			op: "PutBucketOwnershipControls", requests: 8, // the post-create window
			want: "NoSuchBucket",
		},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			p, proxyURL := faultProxy(t)
			p.AddRule(c.rule)
			name := acctest.BucketName()
			config := faultConfig(proxyURL, 2, name)
			client := s3Client(t)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				CheckDestroy:             checkDestroy(client),
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: errMatch(c.want),
					},
					{
						PreConfig: func() {
							p.ClearRules()
							if n := p.Requests(c.op); n != c.requests {
								t.Errorf("%s: %d attempts, want exactly %d (%s)", c.op, n, c.requests, p.Summary())
							}
							if n := p.Requests("CreateBucket"); n != 1 {
								t.Errorf("CreateBucket: %d requests, want 1", n)
							}
							// Not orphaned: the bucket exists on the server...
							if _, err := client().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(name)}); err != nil {
								t.Fatalf("the bucket must exist after the failed create: %v", err)
							}
						},
						// ...and is in state, tainted: the plan replaces it.
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
							return expectVersioning(ctx, c, name, true)
						}),
					},
				},
			})
		})
	}
}

// TestAccUploadBucket_forceDestroyWithoutVersionListing: some S3-compatible
// stores (Cloudflare R2, for one) answer NotImplemented to ListObjectVersions
// and ListMultipartUploads. The proxy makes SeaweedFS answer so (an emulated
// gap, as the design notes allow); force_destroy then deletes the current
// objects it lists with ListObjectsV2, and the bucket is gone.
func TestAccUploadBucket_forceDestroyWithoutVersionListing(t *testing.T) {
	p, proxyURL := faultProxy(t)
	notImplemented := faultproxy.Fault{Status: 501, Code: "NotImplemented", Message: "A header you provided implies functionality that is not implemented"}
	p.AddRule(faultproxy.Rule{Operation: "ListObjectVersions", Fault: notImplemented})
	p.AddRule(faultproxy.Rule{Operation: "ListMultipartUploads", Fault: notImplemented})
	name := acctest.BucketName()
	client := s3Client(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkDestroy(client),
			func(*terraform.State) error {
				if p.Requests("ListObjectVersions") == 0 || p.Requests("ListObjectsV2") == 0 || p.Requests("DeleteObjects") == 0 {
					return fmt.Errorf("force_destroy did not fall back to ListObjectsV2 + DeleteObjects: %s", p.Summary())
				}
				return nil
			},
		),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "filestore" {
  endpoints         = { s3 = %q }
  s3_use_path_style = true
}

resource "filestore_upload_bucket" "test" {
  bucket        = %q
  force_destroy = true
}
`, proxyURL, name),
			Check: onServer(client, name, func(ctx context.Context, c *s3.Client) error {
				for _, k := range []string{"a.txt", "dir/b.txt"} {
					if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String(k), Body: strings.NewReader(k)}); err != nil {
						return err
					}
				}
				return nil
			}),
		}},
	})
}
