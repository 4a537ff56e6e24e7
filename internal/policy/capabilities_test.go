package policy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// localRule writes a local rule whose violations body is body (a Rego
// expression list) and returns its directory.
func localRule(t *testing.T, id, body string) string {
	t.Helper()
	dir := t.TempDir()
	src := fmt.Sprintf(`# METADATA
# title: local rule %[1]s
# custom:
#   id: %[1]s
#   severity: deny
package filestore.rules.local_%[3]s

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.buckets
%[2]s
	v := result.fail_resource(doc, "reached")
}
`, id, body, strings.ToLower(id))
	if err := os.WriteFile(filepath.Join(dir, "local.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// countingServer counts the requests it receives (a rule must not reach it).
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		_, _ = w.Write([]byte(`{"type": "object"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func checkBucket(t *testing.T, e *Engine) []guardrail.Finding {
	t.Helper()
	fs, err := e.EvaluateResource(context.Background(), guardrail.Resource{
		Type: "filestore_upload_bucket", After: corsBucket([]any{"https://a.example.com"}, []any{"GET"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// A local rule could send the plan (sensitive values in clear) anywhere
// with http.send. It is now a compile error that says how to allow it.
func TestLocalRules_cannotReachTheNetwork(t *testing.T) {
	srv, hits := countingServer(t)
	send := fmt.Sprintf(`	http.send({"method": "POST", "url": %q, "body": input}).status_code == 200`, srv.URL)
	_, err := New(context.Background(), guardrail.Settings{Paths: []string{localRule(t, "FS903", send)}})
	if err == nil || !strings.Contains(err.Error(), "http.send is withheld") || !strings.Contains(err.Error(), "policy.allow_builtins") ||
		!strings.Contains(err.Error(), "--allow-builtin http.send") {
		t.Fatalf("want a compile error naming http.send and how to allow it, got %v", err)
	}

	lookup := `	count(net.lookup_ip_addr("example.com")) > 0`
	_, err = New(context.Background(), guardrail.Settings{Paths: []string{localRule(t, "FS904", lookup)}})
	if err == nil || !strings.Contains(err.Error(), "net.lookup_ip_addr is withheld") {
		t.Fatalf("want a compile error naming net.lookup_ip_addr, got %v", err)
	}

	// JSON schema builtins load a remote $ref only from allow_net hosts,
	// which is empty without http.send.
	ref := fmt.Sprintf(`	not json.match_schema({}, {"$ref": %q})[0]`, srv.URL+"/schema.json")
	checkBucket(t, newEngine(t, guardrail.Settings{Paths: []string{localRule(t, "FS905", ref)}}))

	// Pure net.* builtins stay available.
	cidr := `	net.cidr_contains("10.0.0.0/8", "10.1.2.3")`
	if got := ruleIDs(checkBucket(t, newEngine(t, guardrail.Settings{Paths: []string{localRule(t, "FS906", cidr)}}))); got != "FS906:deny:" {
		t.Errorf("net.cidr_contains: findings %q", got)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("a local rule reached the network %d times", n)
	}
}

// Naming a withheld builtin lets the rules call it.
func TestLocalRules_allowBuiltinByName(t *testing.T) {
	srv, hits := countingServer(t)
	send := fmt.Sprintf(`	http.send({"method": "GET", "url": %q}).status_code == 200`, srv.URL)
	e := newEngine(t, guardrail.Settings{Paths: []string{localRule(t, "FS907", send)}, AllowBuiltins: []string{"http.send"}})
	if got := ruleIDs(checkBucket(t, e)); got != "FS907:deny:" || hits.Load() == 0 {
		t.Fatalf("with http.send allowed: findings %q, %d requests", got, hits.Load())
	}

	_, err := New(context.Background(), guardrail.Settings{AllowBuiltins: []string{"http.send", "opa.runtime"}})
	var errs guardrail.SettingErrors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Setting != guardrail.SettingBuiltins || errs[0].Key != "opa.runtime" {
		t.Fatalf("only withheld builtins can be allowed: %v", err)
	}
}

// Every builtin OPA marks nondeterministic has been reviewed: the ones that
// reach the network are withheld, the others cannot send anything. An OPA
// upgrade that adds one fails here until someone decides.
func TestWithheldBuiltins_reviewed(t *testing.T) {
	noNetwork := []string{
		"io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", // local crypto
		"json.verify_schema", "json.match_schema", // remote $ref only for allow_net hosts: none without http.send
		"opa.runtime", "rand.intn", "time.now_ns", "uuid.rfc4122",
	}
	for _, b := range ast.Builtins {
		if !b.Nondeterministic {
			continue
		}
		if !slices.Contains(withheldBuiltins, b.Name) && !slices.Contains(noNetwork, b.Name) {
			t.Errorf("nondeterministic builtin %s is neither withheld nor reviewed as network-free", b.Name)
		}
	}
	caps := capabilities(nil)
	for _, b := range caps.Builtins {
		if slices.Contains(withheldBuiltins, b.Name) {
			t.Errorf("%s is in the default capabilities", b.Name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("allow_net = %v, want empty (no host)", caps.AllowNet)
	}
}
