package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/signing"
)

var builtins = sync.OnceValues(func() (*compiled, error) { return compile(nil, nil) })

// evalRego evaluates a query against the built-in policies.
func evalRego(t *testing.T, query string) (any, bool) {
	t.Helper()
	c, err := builtins()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(rego.Compiler(c.compiler), rego.Query(query)).Eval(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(rs) == 0 {
		return nil, false
	}
	return rs[0].Expressions[0].Value, true
}

// The defaults the normalizer assumes for unset attributes
// (policies/lib/defaults.rego) are the ones the provider applies.
func TestRegoDefaultsMatchGo(t *testing.T) {
	want := map[string]any{
		"abort_incomplete_multipart_days": bucketconfig.DefaultAbortMultipartDays,
		"block_public_access":             bucketconfig.DefaultBlockPublicAccess,
		"deny_insecure_transport":         bucketconfig.DefaultDenyInsecureTransport,
		"object_ownership":                bucketconfig.DefaultObjectOwnership,
		"encryption_algorithm":            bucketconfig.DefaultEncryptionAlgorithm,
		"presign_expires_in":              seconds(signing.DefaultPresignExpiry),
		"presign_url_method":              signing.MethodGet,
		"cdn_expires_in":                  seconds(signing.DefaultCloudFrontExpiry),
		"cdn_hash_algorithm":              signing.HashSHA256,
		"scan_gate_prefixes":              bucketconfig.DefaultScanGatePrefixes(),
	}
	got, ok := evalRego(t, "data.filestore.lib.defaults")
	if !ok {
		t.Fatal("data.filestore.lib.defaults is undefined")
	}
	doc := got.(map[string]any)
	for name, w := range want {
		v, ok := doc[name]
		if !ok {
			t.Errorf("defaults.rego has no %s (Go: %v)", name, w)
			continue
		}
		if s, isDur := w.(durationSeconds); isDur {
			// A duration default is written in the provider's syntax; compare
			// what it means.
			d, err := signing.ParseDuration(fmt.Sprint(v))
			if err != nil || int64(d/time.Second) != int64(s) {
				t.Errorf("defaults.%s = %v, Go's default is %ds", name, v, s)
			}
			continue
		}
		if list, isList := w.([]string); isList {
			// fmt.Sprint prints [] and [""] alike.
			if fmt.Sprintf("%q", v) != fmt.Sprintf("%q", list) {
				t.Errorf("defaults.%s = %q, Go's default is %q", name, v, list)
			}
			continue
		}
		if fmt.Sprint(normalizeNumber(v)) != fmt.Sprint(w) {
			t.Errorf("defaults.%s = %v, Go's default is %v", name, v, w)
		}
	}
	for name := range doc {
		if _, ok := want[name]; !ok {
			t.Errorf("defaults.%s is not checked against Go: add it to this test", name)
		}
	}
}

type durationSeconds int64

func seconds(d time.Duration) durationSeconds { return durationSeconds(d / time.Second) }

func normalizeNumber(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
	}
	return v
}

// values.duration_seconds reads durations as signing.ParseDuration does
// ("7d", "1d12h", "15m", "1h30m"): the same value where Go accepts the
// string, undefined where Go refuses it.
func TestRegoDurationSyntaxMatchesGo(t *testing.T) {
	inputs := []string{
		"15m", "1h", "90s", "1h30m", "7d", "1d12h", "2d30m", "168h", " 15m ", "0d1h",
		"", "d", "7", "7dd", "1.5h", "-1h", "0s", "0d", "1ms", "1h500ms", "d1h", "x7d", "7d-1h",
		"1e3s", "3600", "7D", "1d 2h", "65535d", "65536d", "+1h", "1d-0s", "1d0s",
	}
	for _, in := range inputs {
		d, err := signing.ParseDuration(in)
		q := fmt.Sprintf("data.filestore.lib.values.duration_seconds(%q)", in)
		got, ok := evalRego(t, q)
		switch {
		case err != nil && ok:
			t.Errorf("%q: Go refuses it (%v), Rego reads %v seconds", in, err, got)
		case err == nil && !ok:
			t.Errorf("%q: Go reads %v, Rego leaves it undefined", in, d)
		case err == nil && fmt.Sprint(normalizeNumber(got)) != fmt.Sprint(int64(d/time.Second)):
			t.Errorf("%q: Go reads %ds, Rego %v", in, int64(d/time.Second), got)
		}
	}
}

// The compatibility parameter accepts the provider's compatibility modes,
// and the AWS-only rules know each of them.
func TestRegoCompatibilityMatchesGo(t *testing.T) {
	want := fmt.Sprint(awsclient.CompatibilityValues())
	oneOf, _ := evalRego(t, "data.filestore.lib.params.library.compatibility.one_of")
	if got := fmt.Sprint(oneOf); got != want {
		t.Errorf("params.library.compatibility.one_of = %s, awsclient.CompatibilityValues() = %s", got, want)
	}
	for _, c := range awsclient.CompatibilityValues() {
		if _, ok := evalRego(t, fmt.Sprintf("data.filestore.lib.normalize._aws_rules[%q]", c)); !ok {
			t.Errorf("normalize._aws_rules has no entry for compatibility %q", c)
		}
	}
}
