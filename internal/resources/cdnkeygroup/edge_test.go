package cdnkeygroup_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys/testkeys"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// lateString is a configuration variable whose value is known only once an
// earlier step has run (the distribution id is in the URL to sign).
type lateString struct{ v *string }

func (l lateString) MarshalJSON() ([]byte, error) { return json.Marshal(*l.v) }

// edgeFetch GETs a URL from kumo's edge, uncached, and returns status and body.
func edgeFetch(ctx context.Context, url string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	b, err := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	return resp.StatusCode, string(b), err
}

// TestAccCDNKeyGroup_edge: end to end through kumo's CloudFront edge. A
// distribution (created with the SDK, as another stack would) trusts the
// key group; URLs signed by filestore_cloudfront_signed_url with
// key_pair_id = public_key_ids["current"] are served (SHA256 and SHA1);
// the same URL unsigned, or signed with a key that is not in the group, is
// refused. While the distribution trusts the group, destroy fails and names
// it.
func TestAccCDNKeyGroup_edge(t *testing.T) {
	acctest.PreCheck(t)
	acctest.LocalOnly(t, "kumo's CloudFront edge verifies the signed URLs")
	srv := acctest.RequireServer(t, testbed.Kumo)
	ctx := acctest.Context(t)
	cf := acctest.CloudFront(t)

	// The origin: a bucket on kumo's own S3 with one object.
	s3c := acctest.S3For(t, testbed.Kumo)
	bucket := acctest.BucketName()
	const objectKey, body = "media/clip.txt", "signed content from the edge"
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(objectKey), Body: strings.NewReader(body)}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	t.Cleanup(func() {
		_, _ = s3c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(objectKey)})
		_, _ = s3c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})

	name := acctest.RandomName("tf-acc-edge-")
	current, next, stranger := testkeys.RSA(t, 2048), testkeys.RSA(t, 2048), testkeys.RSA(t, 2048)
	dir := t.TempDir()
	keyFiles := map[string]string{
		"current": writePEM(t, dir, "current.pub.pem", current.PublicPEM),
		"next":    writePEM(t, dir, "next.pub.pem", next.PublicPEM),
	}
	currentPrivate := writePEM(t, dir, "current.pem", current.PrivatePEM(t))
	strangerPrivate := writePEM(t, dir, "stranger.pem", stranger.PrivatePEM(t))
	groupOnly := hclConfig(acctest.ProviderBlock(), name, "", keyFiles)
	withSigners := groupOnly + fmt.Sprintf(`
variable "url" {
  type = string
}

data "filestore_cloudfront_signed_url" "sha256" {
  url             = var.url
  key_pair_id     = filestore_cdn_key_group.test.public_key_ids["current"]
  private_key_pem = file(%[1]q)
  expires_in      = "15m"
}

data "filestore_cloudfront_signed_url" "sha1" {
  url             = var.url
  key_pair_id     = filestore_cdn_key_group.test.public_key_ids["current"]
  private_key_pem = file(%[1]q)
  expires_in      = "15m"
  hash_algorithm  = "SHA1"
}

# Claims the group's key id, but signs with a key CloudFront does not trust.
data "filestore_cloudfront_signed_url" "stranger" {
  url             = var.url
  key_pair_id     = filestore_cdn_key_group.test.public_key_ids["current"]
  private_key_pem = file(%[2]q)
  expires_in      = "15m"
}
`, currentPrivate, strangerPrivate)

	ids := &stateIDs{}
	var groupID, distID, distETag, objectURL string
	vars := config.Variables{"url": lateString{&objectURL}}
	// Set once the distribution exists: destroy must name it.
	inUse := regexp.MustCompile(`^never$`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             ids.checkDestroyed(cf),
		Steps: []resource.TestStep{
			{
				Config: groupOnly,
				Check: func(s *terraform.State) (err error) {
					groupID, _, err = ids.record(s)
					return err
				},
			},
			{
				PreConfig: func() {
					out, err := cf.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{DistributionConfig: &cftypes.DistributionConfig{
						CallerReference: aws.String(acctest.RandomName("tf-acc-dist-")),
						Comment:         aws.String("filestore_cdn_key_group acceptance test"),
						Enabled:         aws.Bool(true),
						Origins: &cftypes.Origins{Quantity: aws.Int32(1), Items: []cftypes.Origin{{
							Id:             aws.String("uploads"),
							DomainName:     aws.String(bucket + ".s3.us-east-1.amazonaws.com"),
							S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: aws.String("")},
						}}},
						DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
							TargetOriginId:       aws.String("uploads"),
							ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyAllowAll,
							TrustedKeyGroups:     &cftypes.TrustedKeyGroups{Enabled: aws.Bool(true), Quantity: aws.Int32(1), Items: []string{groupID}},
							CachePolicyId:        aws.String("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"), // Managed-CachingDisabled
						},
					}})
					if err != nil {
						t.Fatalf("CreateDistribution: %v", err)
					}
					distID, distETag = aws.ToString(out.Distribution.Id), aws.ToString(out.ETag)
					objectURL = srv.EdgeURL + "/" + distID + "/" + objectKey
					*inUse = *regexp.MustCompile(`(?s)CloudFront\s+distribution\(s\)\s+` + regexp.QuoteMeta(distID) + `\s+still\s+trust\s+key\s+group`)
					t.Cleanup(func() { // if the test stops before the last step
						_, _ = cf.DeleteDistribution(context.Background(), &cloudfront.DeleteDistributionInput{Id: aws.String(distID), IfMatch: aws.String(distETag)})
					})
				},
				Config:          withSigners,
				ConfigVariables: vars,
				Check: func(s *terraform.State) error {
					for addr, wantStatus := range map[string]int{
						"data.filestore_cloudfront_signed_url.sha256":   http.StatusOK,
						"data.filestore_cloudfront_signed_url.sha1":     http.StatusOK,
						"data.filestore_cloudfront_signed_url.stranger": http.StatusForbidden,
					} {
						rs, ok := s.RootModule().Resources[addr]
						if !ok {
							return fmt.Errorf("%s not in state", addr)
						}
						signed := rs.Primary.Attributes["signed_url"]
						if !strings.HasPrefix(signed, objectURL+"?") {
							return fmt.Errorf("%s signed_url does not sign %s", addr, objectURL)
						}
						status, got, err := edgeFetch(ctx, signed)
						if err != nil {
							return err
						}
						if status != wantStatus {
							return fmt.Errorf("%s: the edge answered %d, want %d: %s", addr, status, wantStatus, got)
						}
						if wantStatus == http.StatusOK && got != body {
							return fmt.Errorf("%s: the edge served %q, want %q", addr, got, body)
						}
					}
					if status, _, err := edgeFetch(ctx, objectURL); err != nil || status != http.StatusForbidden {
						return fmt.Errorf("unsigned request: status %d, err %w; want 403", status, err)
					}
					return nil
				},
			},
			{
				Config:          withSigners,
				ConfigVariables: vars,
				Destroy:         true,
				ExpectError:     inUse,
			},
			{
				PreConfig: func() {
					if _, err := cf.DeleteDistribution(ctx, &cloudfront.DeleteDistributionInput{Id: aws.String(distID), IfMatch: aws.String(distETag)}); err != nil {
						t.Fatalf("DeleteDistribution: %v", err)
					}
				},
				Config:          withSigners,
				ConfigVariables: vars,
			},
		},
	})
}
