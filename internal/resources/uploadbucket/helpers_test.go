package uploadbucket_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

const resourceAddr = "filestore_upload_bucket.test"

// errCode returns the S3 error code of err ("" when none).
func errCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// checkDestroy asks the server that every upload bucket in the
// state is gone.
func checkDestroy(client func() *s3.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := client()
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "filestore_upload_bucket" {
				continue
			}
			_, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(rs.Primary.ID)})
			if err == nil {
				return fmt.Errorf("bucket %s still exists on the server", rs.Primary.ID)
			}
			var nf *s3types.NotFound
			if !errors.As(err, &nf) && errCode(err) != "NoSuchBucket" {
				return fmt.Errorf("checking that bucket %s is gone: %w", rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// onServer is a check that asks the server about bucket.
func onServer(client func() *s3.Client, bucket string, check func(ctx context.Context, c *s3.Client) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if err := check(context.Background(), client()); err != nil {
			return fmt.Errorf("bucket %s on the server: %w", bucket, err)
		}
		return nil
	}
}

// expectCORS checks the CORS rules (nil: none).
func expectCORS(want []s3types.CORSRule) func(context.Context, *s3.Client, string) error {
	return func(ctx context.Context, c *s3.Client, bucket string) error {
		out, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String(bucket)})
		if want == nil {
			if err == nil && len(out.CORSRules) > 0 {
				return fmt.Errorf("want no CORS configuration, got %d rules", len(out.CORSRules))
			}
			if err != nil && errCode(err) != "NoSuchCORSConfiguration" {
				return err
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("GetBucketCors: %w", err)
		}
		if len(out.CORSRules) != len(want) {
			return fmt.Errorf("want %d CORS rules, got %d", len(want), len(out.CORSRules))
		}
		for i, w := range want {
			g := out.CORSRules[i]
			if !sameStrings(g.AllowedOrigins, w.AllowedOrigins) || !sameStrings(g.AllowedMethods, w.AllowedMethods) ||
				!sameStrings(g.AllowedHeaders, w.AllowedHeaders) || !sameStrings(g.ExposeHeaders, w.ExposeHeaders) ||
				aws.ToInt32(g.MaxAgeSeconds) != aws.ToInt32(w.MaxAgeSeconds) {
				return fmt.Errorf("CORS rule %d: got %+v, want %+v", i, g, w)
			}
		}
		return nil
	}
}

func sameStrings(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// expectDefaults checks the AWS-mode defaults on the server:
// AES256, all four public access block flags, BucketOwnerEnforced, a policy
// denying insecure transport, the 7-day abort rule, versioning off.
func expectDefaults(ctx context.Context, c *s3.Client, bucket string) error {
	if err := expectEncryption(ctx, c, bucket, "AES256", "", false); err != nil {
		return err
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetPublicAccessBlock: %w", err)
	}
	if !bucketconfig.PublicAccessBlocked(pab.PublicAccessBlockConfiguration) {
		return fmt.Errorf("public access block not fully on: %+v", pab.PublicAccessBlockConfiguration)
	}
	if err := expectOwnership(ctx, c, bucket, "BucketOwnerEnforced"); err != nil {
		return err
	}
	facts, err := policyFacts(ctx, c, bucket)
	if err != nil {
		return err
	}
	if !facts.DenyInsecureTransport || facts.DenyUnencryptedUploads || facts.CDNDistributionARNs != nil {
		return fmt.Errorf("policy: want only the insecure-transport denial, got %+v", facts)
	}
	if err := expectLifecycle(ctx, c, bucket, nil, 7); err != nil {
		return err
	}
	return expectVersioning(ctx, c, bucket, false)
}

func expectEncryption(ctx context.Context, c *s3.Client, bucket, alg, key string, bucketKey bool) error {
	out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	if alg == "" {
		if err == nil {
			return fmt.Errorf("want no default encryption, got %+v", out.ServerSideEncryptionConfiguration)
		}
		if errCode(err) != "ServerSideEncryptionConfigurationNotFoundError" {
			return err
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("GetBucketEncryption: %w", err)
	}
	e := bucketconfig.EncryptionFromAPI(out.ServerSideEncryptionConfiguration)
	if e == nil || e.AlgorithmOrDefault() != alg || aws.ToString(e.KMSKeyID) != key || aws.ToBool(e.BucketKeyEnabled) != bucketKey {
		return fmt.Errorf("encryption: got %+v, want %s key=%q bucket_key=%v", e, alg, key, bucketKey)
	}
	return nil
}

func expectOwnership(ctx context.Context, c *s3.Client, bucket, want string) error {
	out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetBucketOwnershipControls: %w", err)
	}
	if len(out.OwnershipControls.Rules) != 1 || string(out.OwnershipControls.Rules[0].ObjectOwnership) != want {
		return fmt.Errorf("ownership: got %+v, want %s", out.OwnershipControls.Rules, want)
	}
	return nil
}

func policyFacts(ctx context.Context, c *s3.Client, bucket string) (bucketconfig.PolicyOptions, error) {
	out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if err != nil {
		if errCode(err) == "NoSuchBucketPolicy" {
			return bucketconfig.PolicyOptions{}, nil
		}
		return bucketconfig.PolicyOptions{}, fmt.Errorf("GetBucketPolicy: %w", err)
	}
	return bucketconfig.AnalyzePolicy(aws.ToString(out.Policy), "aws", bucket)
}

func expectLifecycle(ctx context.Context, c *s3.Client, bucket string, tiers []bucketconfig.LifecycleTier, abort int64) error {
	out, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	var rules []s3types.LifecycleRule
	if err != nil {
		if errCode(err) != "NoSuchLifecycleConfiguration" {
			return fmt.Errorf("GetBucketLifecycleConfiguration: %w", err)
		}
	} else {
		rules = out.Rules
	}
	read := bucketconfig.LifecycleFromAPI(rules)
	gotTiers, gotAbort := read.Tiers, read.AbortDays
	if gotAbort != abort {
		return fmt.Errorf("abort-incomplete-multipart days: got %d, want %d", gotAbort, abort)
	}
	if fmt.Sprint(tiersString(gotTiers)) != fmt.Sprint(tiersString(tiers)) {
		return fmt.Errorf("lifecycle tiers: got %s, want %s", tiersString(gotTiers), tiersString(tiers))
	}
	return nil
}

func tiersString(tiers []bucketconfig.LifecycleTier) string {
	var b strings.Builder
	for _, t := range tiers {
		fmt.Fprintf(&b, "{prefix=%q", t.Prefix)
		keys := make([]string, 0, len(t.Tags))
		for k := range t.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " tag:%s=%s", k, t.Tags[k])
		}
		if t.ObjectSizeGreaterThan != nil {
			fmt.Fprintf(&b, " size>%d", *t.ObjectSizeGreaterThan)
		}
		if t.ObjectSizeLessThan != nil {
			fmt.Fprintf(&b, " size<%d", *t.ObjectSizeLessThan)
		}
		for _, tr := range t.Transitions {
			fmt.Fprintf(&b, " %s@%d", aws.ToString(tr.StorageClass), aws.ToInt64(tr.Days))
		}
		if t.ExpirationDays != nil {
			fmt.Fprintf(&b, " expire@%d", *t.ExpirationDays)
		}
		if t.ExpiredObjectDeleteMarker != nil && *t.ExpiredObjectDeleteMarker {
			b.WriteString(" delete-markers")
		}
		for _, tr := range t.NoncurrentTransitions {
			fmt.Fprintf(&b, " noncurrent:%s@%d", aws.ToString(tr.StorageClass), aws.ToInt64(tr.Days))
		}
		if t.NoncurrentExpirationDays != nil {
			fmt.Fprintf(&b, " noncurrent@%d", *t.NoncurrentExpirationDays)
		}
		b.WriteString("}")
	}
	return b.String()
}

func expectVersioning(ctx context.Context, c *s3.Client, bucket string, enabled bool) error {
	out, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("GetBucketVersioning: %w", err)
	}
	if bucketconfig.VersioningEnabled(out.Status) != enabled {
		return fmt.Errorf("versioning status %q, want enabled=%v", out.Status, enabled)
	}
	return nil
}

func expectTags(ctx context.Context, c *s3.Client, bucket string, want map[string]string) error {
	out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	got := map[string]string{}
	if err != nil {
		if errCode(err) != "NoSuchTagSet" {
			return fmt.Errorf("GetBucketTagging: %w", err)
		}
	} else {
		got = bucketconfig.TagsFromAPI(out.TagSet)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) && (len(got) != 0 || len(want) != 0) {
		return fmt.Errorf("tags: got %v, want %v", got, want)
	}
	return nil
}

func i64p(v int64) *int64 { return &v }

func sp(s string) *string { return &s }

// importVerifyStep imports the bucket by name: every attribute read back
// equals the state (force_destroy is not on the server: false on import).
func importVerifyStep(name string) resource.TestStep {
	return resource.TestStep{
		ResourceName:            resourceAddr,
		ImportState:             true,
		ImportStateId:           name,
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: []string{"force_destroy"},
	}
}

// importBlockStep imports the bucket with an import block: the
// plan must be a no-op import for the step's configuration.
func importBlockStep(name string) resource.TestStep {
	return resource.TestStep{
		ResourceName:    resourceAddr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithID,
		ImportStateId:   name,
	}
}

// errMatch turns a message into a regexp that tolerates the line
// wrapping of the CLI's diagnostics (any run of spaces may become a newline).
func errMatch(msg string) *regexp.Regexp {
	parts := strings.Fields(msg)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(strings.Join(parts, `\s+`))
}

func s3Client(t *testing.T) func() *s3.Client {
	return func() *s3.Client { return acctest.S3(t) }
}

const (
	kmsKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	distA  = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEA"
	distB  = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLEB"
)

func expectUpdate() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
	}}
}

// regexpAll matches a string containing every one of subs, in that order.
func regexpAll(subs ...string) *regexp.Regexp {
	parts := make([]string, len(subs))
	for i, s := range subs {
		parts[i] = regexp.QuoteMeta(s)
	}
	return regexp.MustCompile("(?s)" + strings.Join(parts, ".*"))
}

// outOfBandFor is outOfBand on another server's client.
func outOfBandFor(t *testing.T, client func() *s3.Client, what string, fn func(ctx context.Context, c *s3.Client) error) func() {
	return func() {
		if err := fn(context.Background(), client()); err != nil {
			t.Fatalf("changing %s out of band: %v", what, err)
		}
	}
}
