package release

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"
)

// cli is Terraform or OpenTofu.
type cli struct {
	name string
	path string
	// host is the registry host `source = "filestore/filestore"` expands to:
	// registry.terraform.io for Terraform, registry.opentofu.org for
	// OpenTofu. Mirrors are laid out by it.
	host string
}

var hosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// filesystemMirror lays the release zip out as a packed filesystem mirror:
// <mirror>/<host>/filestore/filestore/<the release zip>, for both hosts.
func filesystemMirror(t *testing.T, a artifacts) string {
	t.Helper()
	mirror := t.TempDir()
	raw, err := os.ReadFile(a.zip)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hosts {
		dir := filepath.Join(mirror, h, "filestore", "filestore")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(a.zip)), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mirror
}

func filesystemMirrorConfig(mirror string) string {
	return fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/filestore/filestore", "registry.opentofu.org/filestore/filestore"]
  }
}
`, mirror)
}

func networkMirrorConfig(url string) string {
	return fmt.Sprintf(`provider_installation {
  network_mirror {
    url     = %q
    include = ["registry.terraform.io/filestore/filestore", "registry.opentofu.org/filestore/filestore"]
  }
}
`, url)
}

// networkMirror serves the provider network mirror protocol (what a team's
// Artifactory / Nexus / S3 mirror serves) over HTTPS from the release
// artifacts: <host>/filestore/filestore/index.json, <version>.json with the
// zip's zh: hash, and the zip.
type networkMirror struct {
	url    string
	caFile string
	mu     sync.Mutex
	served map[string]bool
}

func newNetworkMirror(t *testing.T, a artifacts) *networkMirror {
	t.Helper()
	return newNetworkMirrorWithHash(t, a, "zh:"+a.sums[filepath.Base(a.zip)])
}

// newNetworkMirrorWithHash serves the release announcing hash for the zip.
func newNetworkMirrorWithHash(t *testing.T, a artifacts, hash string) *networkMirror {
	t.Helper()
	zipName := filepath.Base(a.zip)
	m := &networkMirror{served: map[string]bool{}}
	mux := http.NewServeMux()
	for _, h := range hosts {
		base := "/providers/" + h + "/filestore/filestore/"
		mux.HandleFunc(base+"index.json", func(w http.ResponseWriter, r *http.Request) {
			m.record(r)
			writeJSON(w, map[string]any{"versions": map[string]any{a.version: map[string]any{}}})
		})
		mux.HandleFunc(base+a.version+".json", func(w http.ResponseWriter, r *http.Request) {
			m.record(r)
			writeJSON(w, map[string]any{"archives": map[string]any{a.target: map[string]any{
				"url":    zipName, // relative to this document
				"hashes": []string{hash},
			}}})
		})
		mux.HandleFunc(base+zipName, func(w http.ResponseWriter, r *http.Request) {
			m.record(r)
			http.ServeFile(w, r, a.zip)
		})
	}
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	m.url = srv.URL + "/providers/"
	m.caFile = filepath.Join(t.TempDir(), "mirror-ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(m.caFile, pemBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}

func (m *networkMirror) record(r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.served[r.URL.Path] = true
}

// assertServed checks that the CLI fetched the index, the version document
// and the zip from the mirror.
func (m *networkMirror) assertServed(t *testing.T, host string) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	var got []string
	zip := false
	for p := range m.served {
		got = append(got, p)
		if strings.HasPrefix(p, "/providers/"+host+"/") && strings.HasSuffix(p, ".zip") {
			zip = true
		}
	}
	if !m.served["/providers/"+host+"/filestore/filestore/index.json"] || !zip {
		t.Errorf("the network mirror served %v: want the index and the zip under %s", got, host)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

const configuration = `terraform {
  required_providers {
    filestore = {
      source  = "filestore/filestore"
      version = "%s"
    }
  }
}

# Planning a create makes no AWS call: the keys are never used.
provider "filestore" {
  region     = "us-east-1"
  access_key = "AKIDRELEASETEST"
  secret_key = "release-test-secret"
}

resource "filestore_upload_bucket" "uploads" {
  bucket = "release-mirror-test"
}

output "content_key" {
  value = provider::filestore::content_key("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "cas")
}
`

// initFails runs init against a mirror announcing a hash the zip does not
// have: the CLI must refuse the package.
func initFails(t *testing.T, c cli, a artifacts, cliConfig string, extraEnv []string) {
	t.Helper()
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(fmt.Sprintf(configuration, a.version)), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := os.WriteFile(rc, []byte(cliConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(c.path, "init", "-input=false", "-no-color")
	cmd.Dir = work
	cmd.Env = append(append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1"), extraEnv...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("%s init installed a package whose hash does not match the mirror's:\n%s", c.name, out)
	}
	if !strings.Contains(strings.ToLower(string(out)), "checksum") {
		t.Errorf("%s init failed, but not on the checksum:\n%s", c.name, out)
	}
}

// installAndPlan runs init (from the mirror the CLI configuration names,
// never dev_overrides), checks what was installed and locked, then plans and
// checks the saved plan with the released binary's own policy check.
func installAndPlan(t *testing.T, c cli, a artifacts, cliConfig string, extraEnv []string) {
	t.Helper()
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(fmt.Sprintf(configuration, a.version)), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := os.WriteFile(rc, []byte(cliConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "AWS_EC2_METADATA_DISABLED=true")
	env = append(env, extraEnv...)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(c.path, args...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", c.name, strings.Join(args, " "), err, out)
		}
		if strings.Contains(string(out), "development overrides") {
			t.Fatalf("%s %s ran with dev_overrides:\n%s", c.name, args[0], out)
		}
		return string(out)
	}

	run("init", "-input=false", "-no-color")
	installed := filepath.Join(work, ".terraform", "providers", c.host, "filestore", "filestore", a.version, a.target, project+"_v"+a.version)
	if _, err := os.Stat(installed); err != nil {
		t.Fatalf("provider not installed where %s puts a mirror install: %v", c.name, err)
	}
	lock, err := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	// A mirror install locks the package's content hash (h1:, the Go
	// module dirhash of the zip's files); a network mirror's zh: (the zip's
	// sha256) as well with OpenTofu.
	h1, err := dirhash.HashZip(a.zip, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(lock), fmt.Sprintf("provider %q", c.host+"/filestore/filestore")) ||
		!strings.Contains(string(lock), fmt.Sprintf("version     = %q", a.version)) ||
		!strings.Contains(string(lock), h1) {
		t.Errorf("lock file does not pin %s %s with the release zip's hash %s:\n%s", c.host, a.version, h1, lock)
	}

	plan := run("plan", "-input=false", "-no-color", "-out=plan.bin")
	for _, want := range []string{"filestore_upload_bucket.uploads will be created", `content_key = "cas/e3/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"`} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	planJSON := run("show", "-json", "plan.bin")
	if err := os.WriteFile(filepath.Join(work, "plan.json"), []byte(planJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	// The released binary is also the guardrail CLI.
	cmd := exec.Command(installed, "policy", "check", "--format", "text", "plan.json")
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 resource checked: 0 deny") {
		t.Errorf("released policy check: %v\n%s", err, out)
	}
}

// cleanEnv is the environment without Terraform settings of the outer test
// run (TF_ACC_*, TF_CLI_CONFIG_FILE with its dev_overrides, TF_REATTACH_...).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "SSL_CERT_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
