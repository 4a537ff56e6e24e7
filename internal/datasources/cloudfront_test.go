package datasources_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

type rsaTestKey struct {
	privatePEM string
	publicPEM  string
}

func newRSAKey(t *testing.T) rsaTestKey {
	t.Helper()
	return newRSAKeyForTest()
}

func newRSAKeyForTest() rsaTestKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		panic(err)
	}
	return rsaTestKey{
		privatePEM: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})),
		publicPEM:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
	}
}

// cdnFixture is a distribution on kumo whose default cache behaviour trusts a
// key group holding one public key, in front of a bucket on kumo's own S3.
type cdnFixture struct {
	base     string // kumo edge URL of the distribution: base + "/" + key
	keyID    string // public key in the trusted group
	key      rsaTestKey
	otherID  string // public key that exists but is in no trusted group
	otherKey rsaTestKey
}

// newCDNFixture builds the distribution through the AWS SDK (the CDN key
// resources are another issue; this test must not depend on them). kumo's
// edge verifies signed URLs and cookies against the trusted key group.
func newCDNFixture(t *testing.T, objects map[string]string) cdnFixture {
	t.Helper()
	srv := acctest.RequireServer(t, testbed.Kumo)
	ctx := acctest.Context(t)
	s3c := acctest.S3For(t, testbed.Kumo)
	bucket := testBucket(t, s3c)
	for k, v := range objects {
		if _, err := s3c.PutObject(ctx, putInput(bucket, k, v)); err != nil {
			t.Fatalf("putting %s on kumo: %v", k, err)
		}
	}
	cf := acctest.CloudFront(t)
	f := cdnFixture{key: newRSAKey(t), otherKey: newRSAKey(t)}
	createKey := func(k rsaTestKey) string {
		name := acctest.RandomName("tf-acc-pk-")
		out, err := cf.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &cftypes.PublicKeyConfig{
			CallerReference: awssdk.String(name), Name: awssdk.String(name), EncodedKey: awssdk.String(k.publicPEM),
		}})
		if err != nil {
			t.Fatalf("CreatePublicKey: %v", err)
		}
		id := awssdk.ToString(out.PublicKey.Id)
		t.Cleanup(func() {
			_, _ = cf.DeletePublicKey(context.Background(), &cloudfront.DeletePublicKeyInput{Id: awssdk.String(id), IfMatch: out.ETag})
		})
		return id
	}
	f.keyID = createKey(f.key)
	f.otherID = createKey(f.otherKey)

	kgName := acctest.RandomName("tf-acc-kg-")
	kg, err := cf.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &cftypes.KeyGroupConfig{
		Name: awssdk.String(kgName), Items: []string{f.keyID},
	}})
	if err != nil {
		t.Fatalf("CreateKeyGroup: %v", err)
	}
	kgID := awssdk.ToString(kg.KeyGroup.Id)
	t.Cleanup(func() {
		_, _ = cf.DeleteKeyGroup(context.Background(), &cloudfront.DeleteKeyGroupInput{Id: awssdk.String(kgID), IfMatch: kg.ETag})
	})

	dist, err := cf.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{DistributionConfig: &cftypes.DistributionConfig{
		CallerReference: awssdk.String(acctest.RandomName("tf-acc-dist-")),
		Comment:         awssdk.String("filestore signed URL acceptance test"),
		Enabled:         awssdk.Bool(true),
		Origins: &cftypes.Origins{Quantity: awssdk.Int32(1), Items: []cftypes.Origin{{
			Id:             awssdk.String("s3"),
			DomainName:     awssdk.String(bucket + ".s3.us-east-1.amazonaws.com"),
			S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: awssdk.String("")},
		}}},
		DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
			TargetOriginId:       awssdk.String("s3"),
			ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyAllowAll,
			TrustedKeyGroups:     &cftypes.TrustedKeyGroups{Enabled: awssdk.Bool(true), Quantity: awssdk.Int32(1), Items: []string{kgID}},
			CachePolicyId:        awssdk.String("658327ea-f89d-4fab-a63d-7e88639e58f6"), // Managed-CachingOptimized
		},
	}})
	if err != nil {
		t.Fatalf("CreateDistribution: %v", err)
	}
	distID := awssdk.ToString(dist.Distribution.Id)
	t.Cleanup(func() {
		_, _ = cf.DeleteDistribution(context.Background(), &cloudfront.DeleteDistributionInput{Id: awssdk.String(distID), IfMatch: dist.ETag})
	})
	f.base = srv.EdgeURL + "/" + distID
	return f
}

func edgeGet(ctx context.Context, url string, cookies map[string]string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	for k, v := range cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	// No caching between checks: each request is verified on its own.
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), nil
}

func TestAccCloudFrontSignedURL_edge(t *testing.T) {
	acctest.PreCheck(t)
	acctest.LocalOnly(t, "signs URLs for kumo's CloudFront edge")
	f := newCDNFixture(t, map[string]string{"media/clip.txt": "clip body", "media/other.txt": "other body"})
	clip := f.base + "/media/clip.txt"
	now := time.Now().UTC()
	rfc := func(d time.Duration) string { return now.Add(d).Truncate(time.Second).Format(time.RFC3339) }

	config := acctest.ProviderBlock() + fmt.Sprintf(`
locals {
  key       = %[2]q
  other_key = %[4]q
}

data "filestore_cloudfront_signed_url" "canned_sha256" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.key
}

data "filestore_cloudfront_signed_url" "canned_sha1" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.key
  hash_algorithm  = "SHA1"
  expires_in      = "10m"
}

data "filestore_cloudfront_signed_url" "custom_sha256" {
  url             = %[1]q
  resource        = "%[6]s/media/*"
  starts_at       = %[7]q
  ip_range        = "127.0.0.0/8"
  key_pair_id     = %[3]q
  private_key_pem = local.key
}

data "filestore_cloudfront_signed_url" "custom_sha1" {
  url             = %[1]q
  resource        = "%[6]s/media/*"
  ip_range        = "127.0.0.1"
  key_pair_id     = %[3]q
  private_key_pem = local.key
  hash_algorithm  = "SHA1"
}

data "filestore_cloudfront_signed_url" "expired" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.key
  expires_at      = %[8]q
}

data "filestore_cloudfront_signed_url" "not_yet" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.key
  starts_at       = %[9]q
  expires_in      = "3h"
}

data "filestore_cloudfront_signed_url" "other_network" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.key
  ip_range        = "10.0.0.0/8"
}

# A key CloudFront knows but the distribution does not trust.
data "filestore_cloudfront_signed_url" "untrusted_key" {
  url             = %[1]q
  key_pair_id     = %[5]q
  private_key_pem = local.other_key
}

# The trusted key's id, signed with another private key.
data "filestore_cloudfront_signed_url" "wrong_private_key" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = local.other_key
}
`, clip, f.key.privatePEM, f.keyID, f.otherKey.privatePEM, f.otherID, f.base, rfc(-time.Hour), rfc(-time.Minute), rfc(time.Hour))

	get := func(ctx context.Context, s *tfjson.State, name string) (string, int, string, error) {
		u, err := attrString(s, "data.filestore_cloudfront_signed_url."+name, "signed_url")
		if err != nil {
			return "", 0, "", err
		}
		code, body, err := edgeGet(ctx, u, nil)
		return u, code, body, err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.canned_sha256", tfjsonpath.New("hash_algorithm"), knownvalue.StringExact("SHA256")),
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.canned_sha256", tfjsonpath.New("signed_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`\?Expires=\d+&Signature=[A-Za-z0-9~_-]+&Key-Pair-Id=`+f.keyID+`&Hash-Algorithm=SHA256$`))),
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.canned_sha1", tfjsonpath.New("signed_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`\?Expires=\d+&Signature=[A-Za-z0-9~_-]+&Key-Pair-Id=`+f.keyID+`$`))),
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.custom_sha256", tfjsonpath.New("signed_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`\?Policy=[A-Za-z0-9~_-]+&Signature=[A-Za-z0-9~_-]+&Key-Pair-Id=`+f.keyID+`&Hash-Algorithm=SHA256$`))),
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_url.expired", tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc(-time.Minute))),
				stateFunc(func(ctx context.Context, s *tfjson.State) error {
					for _, name := range []string{"canned_sha256", "canned_sha1", "custom_sha256", "custom_sha1"} {
						u, code, body, err := get(ctx, s, name)
						if err != nil || code != 200 || body != "clip body" {
							return fmt.Errorf("%s: GET %d %w %q", name, code, err, body)
						}
						// Tampered signature.
						if code, _, err := edgeGet(ctx, tamper(u, "Signature"), nil); err != nil || code != 403 {
							return fmt.Errorf("%s tampered: %d %w", name, code, err)
						}
						// Another Hash-Algorithm than the one signed with.
						alt := strings.Replace(u, "&Hash-Algorithm=SHA256", "", 1)
						if alt == u {
							alt = u + "&Hash-Algorithm=SHA256"
						}
						if code, _, err := edgeGet(ctx, alt, nil); err != nil || code != 403 {
							return fmt.Errorf("%s with the other hash algorithm: %d %w", name, code, err)
						}
					}
					// A canned signature covers exactly one URL.
					u, _, _, err := get(ctx, s, "canned_sha256")
					if err != nil {
						return err
					}
					if code, _, err := edgeGet(ctx, strings.Replace(u, "/media/clip.txt", "/media/other.txt", 1), nil); err != nil || code != 403 {
						return fmt.Errorf("canned URL on another path: %d %w", code, err)
					}
					// The custom wildcard policy covers other objects under media/.
					u, _, _, err = get(ctx, s, "custom_sha256")
					if err != nil {
						return err
					}
					if code, body, err := edgeGet(ctx, strings.Replace(u, "/media/clip.txt", "/media/other.txt", 1), nil); err != nil || code != 200 || body != "other body" {
						return fmt.Errorf("wildcard policy on another object: %d %w %q", code, err, body)
					}
					for _, name := range []string{"expired", "not_yet", "other_network", "untrusted_key", "wrong_private_key"} {
						_, code, body, err := get(ctx, s, name)
						if err != nil || code != 403 {
							return fmt.Errorf("%s: GET %d %w %q; want 403", name, code, err, body)
						}
					}
					// Unsigned.
					if code, _, err := edgeGet(ctx, clip, nil); err != nil || code != 403 {
						return fmt.Errorf("unsigned: %d %w", code, err)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccCloudFrontSignedCookies_edge(t *testing.T) {
	acctest.PreCheck(t)
	acctest.LocalOnly(t, "signs cookies for kumo's CloudFront edge")
	f := newCDNFixture(t, map[string]string{"site/index.html": "<h1>members</h1>", "site/app.js": "console.log(1)"})
	index := f.base + "/site/index.html"
	config := acctest.ProviderBlock() + fmt.Sprintf(`
data "filestore_cloudfront_signed_cookies" "sha256" {
  url             = %[1]q
  resource        = "%[2]s/site/*"
  key_pair_id     = %[3]q
  private_key_pem = %[4]q
}

data "filestore_cloudfront_signed_cookies" "sha1" {
  url             = %[1]q
  resource        = "%[2]s/site/*"
  key_pair_id     = %[3]q
  private_key_pem = %[4]q
  hash_algorithm  = "SHA1"
}

data "filestore_cloudfront_signed_cookies" "expired" {
  url             = %[1]q
  key_pair_id     = %[3]q
  private_key_pem = %[4]q
  expires_at      = %[6]q
}

data "filestore_cloudfront_signed_cookies" "untrusted_key" {
  url             = %[1]q
  key_pair_id     = %[5]q
  private_key_pem = %[7]q
}
`, index, f.base, f.keyID, f.key.privatePEM, f.otherID, time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), f.otherKey.privatePEM)
	cookiesOf := func(s *tfjson.State, name string) (map[string]string, error) {
		return attrMap(s, "data.filestore_cloudfront_signed_cookies."+name, "cookies")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_cookies.sha256", tfjsonpath.New("cookies").AtMapKey("CloudFront-Hash-Algorithm"), knownvalue.StringExact("SHA256")),
				statecheck.ExpectKnownValue("data.filestore_cloudfront_signed_cookies.sha256", tfjsonpath.New("cookies").AtMapKey("CloudFront-Key-Pair-Id"), knownvalue.StringExact(f.keyID)),
				stateFunc(func(ctx context.Context, s *tfjson.State) error {
					for _, name := range []string{"sha256", "sha1"} {
						c, err := cookiesOf(s, name)
						if err != nil {
							return err
						}
						for path, want := range map[string]string{"/site/index.html": "<h1>members</h1>", "/site/app.js": "console.log(1)"} {
							if code, body, err := edgeGet(ctx, f.base+path, c); err != nil || code != 200 || body != want {
								return fmt.Errorf("%s cookies on %s: %d %w %q", name, path, code, err, body)
							}
						}
						bad := map[string]string{}
						for k, v := range c {
							bad[k] = v
						}
						bad["CloudFront-Signature"] = tamper("s="+c["CloudFront-Signature"], "s")[2:]
						if code, _, err := edgeGet(ctx, index, bad); err != nil || code != 403 {
							return fmt.Errorf("%s tampered cookie: %d %w", name, code, err)
						}
					}
					for _, name := range []string{"expired", "untrusted_key"} {
						c, err := cookiesOf(s, name)
						if err != nil {
							return err
						}
						if code, _, err := edgeGet(ctx, index, c); err != nil || code != 403 {
							return fmt.Errorf("%s cookies: %d %w; want 403", name, code, err)
						}
					}
					if code, _, err := edgeGet(ctx, index, nil); err != nil || code != 403 {
						return fmt.Errorf("no cookies: %d %w", code, err)
					}
					return nil
				}),
			},
		}},
	})
}
