package datasources_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// Plan-time errors of the CloudFront minters, for both twins, on the
// offending attribute. No server is involved.
func TestAccCloudFrontSigned_planErrors(t *testing.T) {
	acctest.PreCheck(t)
	good := newRSAKeyForTest().privatePEM
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	smallPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(small)}))
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p384DER, _ := x509.MarshalECPrivateKey(p384)
	p384PEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: p384DER}))
	pubDER, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	pubPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))

	cases := []struct{ key, extra, want string }{
		{"not a key", "", `(?s)Invalid private_key_pem.*private_key_pem = "not a key".*no PEM block found`},
		{smallPEM, "", `(?s)Invalid private_key_pem.*1024 bits; CloudFront accepts RSA 2048`},
		{p384PEM, "", `(?s)Invalid private_key_pem.*P-384; CloudFront accepts P-256`},
		{pubPEM, "", `(?s)Invalid private_key_pem.*public key, not a private key`},
		{good, `ip_range = "10.0.0.0/33"`, `(?s)Invalid ip_range.*ip_range = "10.0.0.0/33".*not an IP address or CIDR block`},
		{good, `ip_range = "office"`, `(?s)Invalid ip_range.*not an IP address or CIDR block`},
		{good, `ip_range = "2001:db8::/32"`, `(?s)Invalid ip_range.*CloudFront policies accept IPv4 only`},
		{good, "starts_at = \"2026-12-02T00:00:00Z\"\n  expires_at = \"2026-12-01T00:00:00Z\"", `(?s)starts_at is not before the expiry.*starts_at = "2026-12-02T00:00:00Z"`},
		// expires_in: the expiry is the signing time plus expires_in.
		{good, "starts_at = \"2999-01-01T00:00:00Z\"\n  expires_in = \"1h\"", `(?s)starts_at is not before the expiry.*the signing time plus expires_in`},
		{good, "expires_in = \"1h\"\n  expires_at = \"2026-12-01T00:00:00Z\"", `(?s)Invalid Attribute Combination.*expires_in = "1h"`},
		{good, `hash_algorithm = "MD5"`, `(?s)hash_algorithm = "MD5".*value must be one of`},
		{good, `expires_in = "forever"`, `(?s)Invalid expires_in.*expires_in = "forever"`},
		{good, "expires_in = \"1h\"\n  signing_window = \"2h\"", `(?s)signing_window too long.*signing_window = "2h"`},
		{good, `resource = "d111111abcdef8.cloudfront.net/*"`, `(?s)Invalid resource.*http\(s\) URL pattern`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		for _, typ := range []string{"filestore_cloudfront_signed_url", "filestore_cloudfront_signed_cookies"} {
			for _, kind := range []string{"data", "ephemeral"} {
				steps = append(steps, resource.TestStep{
					Config: acctest.ProviderBlock() + fmt.Sprintf(`
%s %q "x" {
  url             = "https://d111111abcdef8.cloudfront.net/a.txt"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = %q
  %s
}
`, kind, typ, c.key, c.extra),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`)),
				})
			}
		}
	}
	steps = append(steps, resource.TestStep{
		Config: acctest.ProviderBlock() + `
data "filestore_cloudfront_signed_url" "x" {
  url             = "https://d111111abcdef8.cloudfront.net/a.txt?Signature=abc"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = "x"
}
`,
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Invalid url.*already has the CloudFront signing parameter Signature`),
	})
	// The check covers every spelling (net/url alone missed ";Expires="),
	// and key_pair_id is held to CloudFront's id alphabet.
	for _, c := range []struct{ url, keyID, want string }{
		{"https://d111111abcdef8.cloudfront.net/a.txt?v=1;Expires=2000000000", "K2JCJMDEHXQW5F", `(?s)Invalid url.*signing parameter Expires`},
		{"https://d111111abcdef8.cloudfront.net/a.txt?key-pair-id=K1", "K2JCJMDEHXQW5F", `(?s)Invalid url.*signing parameter Key-Pair-Id`},
		{"https://d111111abcdef8.cloudfront.net/a.txt", "K2JCJ&Expires=1", `(?s)Invalid key_pair_id.*not a CloudFront public key id`},
		{"https://d111111abcdef8.cloudfront.net/a.txt", "k2jcjmdehxqw5f", `(?s)Invalid key_pair_id.*upper-case letters and digits`},
	} {
		for _, typ := range []string{"filestore_cloudfront_signed_url", "filestore_cloudfront_signed_cookies"} {
			steps = append(steps, resource.TestStep{
				Config: acctest.ProviderBlock() + fmt.Sprintf(`
data %q "x" {
  url             = %q
  key_pair_id     = %q
  private_key_pem = %q
}
`, typ, c.url, c.keyID, good),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`)),
			})
		}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(), Steps: steps})
}
