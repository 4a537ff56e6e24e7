package functions_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/functions"
)

// sha256("test")
const digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func run(t *testing.T, args ...string) (string, *function.FuncError) {
	t.Helper()
	vals := make([]attr.Value, len(args))
	for i, a := range args {
		vals[i] = types.StringValue(a)
	}
	resp := &function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	functions.NewContentKey().Run(context.Background(), function.RunRequest{Arguments: function.NewArgumentsData(vals)}, resp)
	if resp.Error != nil {
		return "", resp.Error
	}
	return resp.Result.Value().(types.String).ValueString(), nil
}

func TestContentKey(t *testing.T) {
	for _, c := range []struct{ prefix, want string }{
		{"cas", "cas/9f/" + digest},
		{"team/a/cas", "team/a/cas/9f/" + digest},
		{"", "9f/" + digest},
	} {
		got, err := run(t, digest, c.prefix)
		if err != nil || got != c.want {
			t.Errorf("content_key(%q) = %q, %v; want %q", c.prefix, got, err, c.want)
		}
	}
	for _, c := range []struct {
		digest, prefix string
		arg            int64
	}{
		{"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "cas", 0},
		{digest[:63], "cas", 0},
		{digest[:63] + "z", "cas", 0},
		{digest, "/cas", 1},
		{digest, "cas/", 1},
		{digest, "a//b", 1},
		{digest, "a/../b", 1},
	} {
		_, err := run(t, c.digest, c.prefix)
		if err == nil || err.FunctionArgument == nil || *err.FunctionArgument != c.arg {
			t.Errorf("content_key(%q, %q): error %v; want an error on argument %d", c.digest, c.prefix, err, c.arg)
		}
	}
}

func TestAccContentKey_output(t *testing.T) {
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: `
output "key" {
  value = provider::filestore::content_key("` + digest + `", "cas")
}
output "no_prefix" {
  value = provider::filestore::content_key(sha256("test"), "")
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("key", knownvalue.StringExact("cas/9f/"+digest)),
					statecheck.ExpectKnownOutputValue("no_prefix", knownvalue.StringExact("9f/"+digest)),
				},
			},
			{
				Config:      `output "key" { value = provider::filestore::content_key("not-a-digest", "cas") }`,
				ExpectError: wrapped(`Invalid sha256_hex: a SHA-256 digest is 64 hexadecimal characters, got 12`),
			},
			{
				Config:      `output "key" { value = provider::filestore::content_key("` + digest + `", "/cas") }`,
				ExpectError: wrapped(`Invalid value for "prefix" parameter: Invalid prefix: the prefix must not start or end with "/"`),
			},
		},
	})
}

// wrapped matches text that OpenTofu may have wrapped across lines.
func wrapped(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
