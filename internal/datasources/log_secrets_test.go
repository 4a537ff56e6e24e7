package datasources_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// Every minter runs — as data sources and as ephemeral resources — with
// TF_LOG=trace and TF_ACC_LOG_PATH, which collects OpenTofu's trace log and
// the in-process provider's (framework and SDK included) in one file. The
// whole file is then searched for the private key material, every minted
// signature (data-source values from the state; ephemeral values written to
// a file by a provisioner) and the S3 secret key. The private key reaches the
// configuration through file(), so the test harness's own logging of the
// configuration text does not put it in the log.
func TestAccMinting_noSecretsInTraceLog(t *testing.T) {
	acctest.PreCheck(t)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "trace.log")
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	key := newRSAKeyForTest()
	keyFile := filepath.Join(dir, "cdn.pem")
	if err := os.WriteFile(keyFile, []byte(key.privatePEM), 0o600); err != nil {
		t.Fatal(err)
	}
	ephemeralOut := filepath.Join(dir, "ephemeral-values.txt")

	config := acctest.ProviderBlock() + fmt.Sprintf(`
locals {
  cdn_key = file(%[1]q)
}

data "filestore_presigned_url" "put" {
  bucket       = "logs-check"
  key          = "a.txt"
  method       = "PUT"
  content_type = "text/plain"
}

data "filestore_presigned_post" "post" {
  bucket     = "logs-check"
  key_prefix = "uploads/"
  max_size   = 1024
}

data "filestore_cloudfront_signed_url" "url" {
  url             = "https://d111111abcdef8.cloudfront.net/a.txt"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = local.cdn_key
}

data "filestore_cloudfront_signed_cookies" "cookies" {
  url             = "https://d111111abcdef8.cloudfront.net/"
  resource        = "https://d111111abcdef8.cloudfront.net/*"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = local.cdn_key
}

ephemeral "filestore_presigned_url" "get" {
  bucket = "logs-check"
  key    = "a.txt"
}

ephemeral "filestore_presigned_post" "post" {
  bucket   = "logs-check"
  key      = "b.txt"
  max_size = 10
}

ephemeral "filestore_cloudfront_signed_url" "url" {
  url             = "https://d111111abcdef8.cloudfront.net/b.txt"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = local.cdn_key
  hash_algorithm  = "SHA1"
}

ephemeral "filestore_cloudfront_signed_cookies" "cookies" {
  url             = "https://d111111abcdef8.cloudfront.net/b/"
  resource        = "https://d111111abcdef8.cloudfront.net/b/*"
  key_pair_id     = "K2JCJMDEHXQW5F"
  private_key_pem = local.cdn_key
}

resource "terraform_data" "consume" {
  input = "x"
  provisioner "local-exec" {
    command = "printf '%%s\\n%%s\\n%%s\\n%%s\\n' \"$A\" \"$B\" \"$C\" \"$D\" > \"$OUT\""
    environment = {
      OUT = %[2]q
      A = ephemeral.filestore_presigned_url.get.url
      B = ephemeral.filestore_presigned_post.post.fields["X-Amz-Signature"]
      C = ephemeral.filestore_cloudfront_signed_url.url.signed_url
      D = ephemeral.filestore_cloudfront_signed_cookies.cookies.cookies["CloudFront-Signature"]
    }
  }
}
`, keyFile, ephemeralOut)

	var secrets []string
	collect := stateFunc(func(_ context.Context, s *tfjson.State) error {
		put, err := attrString(s, "data.filestore_presigned_url.put", "url")
		if err != nil {
			return err
		}
		fields, err := attrMap(s, "data.filestore_presigned_post.post", "fields")
		if err != nil {
			return err
		}
		cfURL, err := attrString(s, "data.filestore_cloudfront_signed_url.url", "signed_url")
		if err != nil {
			return err
		}
		cookies, err := attrMap(s, "data.filestore_cloudfront_signed_cookies.cookies", "cookies")
		if err != nil {
			return err
		}
		u, _ := url.Parse(put)
		c, _ := url.Parse(cfURL)
		secrets = append(secrets,
			u.Query().Get("X-Amz-Signature"), fields["X-Amz-Signature"], fields["policy"],
			c.Query().Get("Signature"), cookies["CloudFront-Signature"], cookies["CloudFront-Policy"])
		return nil
	})

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: []statecheck.StateCheck{collect}}},
	})

	// Ephemeral values, as the provisioner received them.
	b, err := os.ReadFile(ephemeralOut)
	if err != nil {
		t.Fatalf("the provisioner did not write the ephemeral values: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("expected 4 ephemeral values, got %d", len(lines))
	}
	eu, _ := url.Parse(lines[0])
	ec, _ := url.Parse(lines[2])
	secrets = append(secrets, eu.Query().Get("X-Amz-Signature"), lines[1], ec.Query().Get("Signature"), lines[3])

	// The private key: every line of the PEM body, and the whole body.
	var body []string
	for _, l := range strings.Split(key.privatePEM, "\n") {
		if l != "" && !strings.HasPrefix(l, "-----") {
			secrets = append(secrets, l)
			body = append(body, l)
		}
	}
	secrets = append(secrets, strings.Join(body, ""))
	if !acctest.IsAWS() {
		secrets = append(secrets, acctest.Env().SecretKey)
	}

	logBytes, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no trace log at %s: %v", logPath, err)
	}
	log := string(logBytes)
	// The log must really hold the provider's and OpenTofu's trace output,
	// or the search below would prove nothing.
	for _, marker := range []string{"[TRACE]", "filestore_presigned_url", "filestore_cloudfront_signed_cookies", "Calling provider defined DataSource Read", "OpenEphemeralResource"} {
		if !strings.Contains(log, marker) {
			t.Fatalf("the trace log (%d bytes) lacks %q: it does not capture what it should", len(log), marker)
		}
	}
	// Positive control: a non-secret input that is in the configuration
	// text (which the harness logs) is found, so a leaked value would be.
	if !strings.Contains(log, "K2JCJMDEHXQW5F") {
		t.Fatal("the key pair id from the configuration is not in the log: the search would not find a leak either")
	}
	for i, s := range secrets {
		if len(s) < 16 {
			t.Fatalf("secret %d is suspiciously short (%d chars): the collection is broken", i, len(s))
		}
		if strings.Contains(log, s) {
			t.Errorf("secret %d (%d chars) appears in the trace log", i, len(s))
		}
	}
	t.Logf("searched %d bytes of trace log for %d secrets", len(log), len(secrets))
}
