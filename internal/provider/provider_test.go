package provider_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

func TestProviderSchemaIsValid(t *testing.T) {
	p := provider.New("test")()
	resp := &fwprovider.SchemaResponse{}
	p.Schema(context.Background(), fwprovider.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	for _, name := range []string{"region", "profile", "access_key", "secret_key", "endpoints", "s3_use_path_style",
		"custom_ca_bundle", "compatibility", "assume_role", "max_retries", "default_tags", "policy"} {
		if _, ok := resp.Schema.Attributes[name]; !ok {
			t.Errorf("provider attribute %q missing (SPEC names are public interface)", name)
		}
	}
	for _, name := range []string{"access_key", "secret_key", "token"} {
		if !resp.Schema.Attributes[name].IsSensitive() {
			t.Errorf("%s must be sensitive", name)
		}
	}
}

// TestAccProvider_configureMakesNoNetworkCall plans and applies a
// configuration with the provider pointed at a server that counts requests:
// configuring the provider must not reach it.
func TestAccProvider_configureMakesNoNetworkCall(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: `
provider "filestore" {
  region        = "eu-west-3"
  access_key    = "AKIDEXAMPLE"
  secret_key    = "not-a-real-secret"
  endpoints     = { s3 = "` + srv.URL + `", cloudfront = "` + srv.URL + `" }
  max_retries   = 3
  default_tags  = { team = "media" }
  policy = {
    enforcement = "warn"
    overrides   = { FS006 = "off" }
    parameters  = { max_presign_seconds = "600" }
  }
}
output "key" { value = provider::filestore::content_key("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "cas") }
` + probeConfig,
		}},
	})
	if n := requests.Load(); n != 0 {
		t.Fatalf("configuring the provider made %d requests", n)
	}
}

// probeConfig makes Terraform configure the provider without touching any
// server: minting a presigned URL is local computation.
const probeConfig = `
data "filestore_presigned_url" "probe" {
  bucket = "probe-bucket"
  key    = "probe.txt"
}
`

func TestAccProvider_invalidConfiguration(t *testing.T) {
	cases := []struct {
		name, block string
		want        *regexp.Regexp
	}{
		{"compatibility", `compatibility = "gcs"`, regexp.MustCompile(`(?s)compatibility.*value must be one of`)},
		{"r2 region", "compatibility = \"r2\"\n  region = \"eu-west-1\"", regexp.MustCompile(`(?s)Region not available on R2.*region "eu-west-1" is not an R2 region`)},
		{"enforcement", `policy = { enforcement = "block" }`, regexp.MustCompile(`(?s)policy.enforcement.*value must be one of`)},
		{"override level", `policy = { overrides = { FS005 = "ignore" } }`, regexp.MustCompile(`(?s)policy.overrides.*value must be one of`)},
		{"override id", `policy = { overrides = { cors = "warn" } }`, regexp.MustCompile(`(?s)must be a rule id such as FS006`)},
		{"access key alone", `access_key = "AKIDEXAMPLE"`, regexp.MustCompile(`(?s)secret_key`)},
		{"endpoint", `endpoints = { s3 = "localhost:9000" }`, regexp.MustCompile(`(?s)endpoints.s3.*absolute http`)},
		{"max retries", `max_retries = -1`, regexp.MustCompile(`(?s)max_retries.*between 0 and 100`)},
		{"ca bundle", `custom_ca_bundle = "/nonexistent/ca.pem"`, regexp.MustCompile(`(?s)custom_ca_bundle.*cannot be read`)},
		// Read whole, /dev/zero used to grow without bound.
		{"ca bundle device", `custom_ca_bundle = "/dev/zero"`, regexp.MustCompile(`(?s)Cannot read custom_ca_bundle.*/dev/zero is a character\s+device`)},
		{"policy path", `policy = { paths = ["/nonexistent/guardrails"] }`, regexp.MustCompile(`(?s)policy.paths\[0\].*not a readable directory`)},
		{"parameter type", `policy = { parameters = { max_presign_seconds = "abc" } }`, regexp.MustCompile(`(?s)Invalid guardrail setting.*parameter max_presign_seconds = "abc": must be a whole\s+number greater than 0`)},
		{"parameter name", `policy = { parameters = { max_presign_second = "60" } }`, regexp.MustCompile(`(?s)Invalid guardrail setting.*unknown parameter "max_presign_second"`)},
		{"override rule", `policy = { overrides = { FS999 = "warn" } }`, regexp.MustCompile(`(?s)Invalid guardrail setting.*override FS999: there is no rule FS999`)},
		{"allow builtin", `policy = { allow_builtins = ["opa.runtime"] }`, regexp.MustCompile(`(?s)policy.allow_builtins.*value must be one of`)},
		{"assume_role duration too short", `assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", duration = "10m" }`, regexp.MustCompile(`(?s)assume_role.duration.*15m to 12h`)},
		{"assume_role duration too long", `assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", duration = "13h" }`, regexp.MustCompile(`(?s)assume_role.duration.*15m to 12h`)},
		{"assume_role duration syntax", `assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", duration = "1 hour" }`, regexp.MustCompile(`(?s)assume_role.duration.*not a duration`)},
		{"assume_role role_arn", `assume_role = { role_arn = "deploy" }`, regexp.MustCompile(`(?s)assume_role.role_arn.*not an IAM role ARN`)},
		{"assume_role session_name", `assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", session_name = "has space" }`, regexp.MustCompile(`(?s)assume_role.session_name.*2 to 64`)},
		{"assume_role external_id", `assume_role = { role_arn = "arn:aws:iam::111122223333:role/deploy", external_id = "x" }`, regexp.MustCompile(`(?s)assume_role.external_id.*2 to 1224`)},
		{"assume_role without role_arn", `assume_role = { session_name = "terraform" }`, regexp.MustCompile(`(?s)role_arn`)},
		{"sts endpoint", `endpoints = { sts = "sts.internal" }`, regexp.MustCompile(`(?s)endpoints.sts.*absolute http`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      "provider \"filestore\" {\n  " + tc.block + "\n}\n" + probeConfig,
					ExpectError: tc.want,
					PlanOnly:    true,
				}},
			})
		})
	}
}
