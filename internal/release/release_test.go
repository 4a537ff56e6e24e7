package release

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

const project = "terraform-provider-filestore"

// artifacts is what the release build left in dist.
type artifacts struct {
	dist    string
	version string
	target  string            // linux_amd64
	zip     string            // path of the host's zip
	sums    map[string]string // file name => sha256 hex, from SHA256SUMS
}

// TestAccRelease_mirrorInstall builds the release for the host's target and
// installs it the way users without the registry do.
func TestAccRelease_mirrorInstall(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	goreleaserCheck(t)
	a := buildHostRelease(t)
	checkArtifacts(t, a)

	clis := []cli{{name: "tofu", path: tool(t, "tofu"), host: "registry.opentofu.org"}}
	if tf, err := exec.LookPath("terraform"); err == nil {
		clis = append(clis, cli{name: "terraform", path: tf, host: "registry.terraform.io"})
	} else {
		t.Log("terraform is not on PATH: installing with OpenTofu only")
	}
	for _, c := range clis {
		t.Run(c.name+"/filesystem_mirror", func(t *testing.T) {
			mirror := filesystemMirror(t, a)
			installAndPlan(t, c, a, filesystemMirrorConfig(mirror), nil)
		})
		t.Run(c.name+"/network_mirror", func(t *testing.T) {
			if runtime.GOOS != "linux" {
				t.Skip("the network mirror's test certificate is trusted through SSL_CERT_FILE, which Go honours on Linux only")
			}
			m := newNetworkMirror(t, a)
			installAndPlan(t, c, a, networkMirrorConfig(m.url), []string{"SSL_CERT_FILE=" + m.caFile})
			m.assertServed(t, c.host)
		})
		t.Run(c.name+"/network_mirror_wrong_hash", func(t *testing.T) {
			if runtime.GOOS != "linux" {
				t.Skip("see network_mirror")
			}
			bad := "zh:" + strings.Repeat("0", 64)
			m := newNetworkMirrorWithHash(t, a, bad)
			initFails(t, c, a, networkMirrorConfig(m.url), []string{"SSL_CERT_FILE=" + m.caFile})
		})
	}
}

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := testbed.Tool(name)
	if err != nil {
		t.Fatalf("%s is needed (built by scripts/tools.sh): %v", name, err)
	}
	return p
}

// goreleaserCheck validates .goreleaser.yml as goreleaser reads it.
func goreleaserCheck(t *testing.T) {
	t.Helper()
	cmd := exec.Command(tool(t, "goreleaser"), "check")
	cmd.Dir = testbed.RepoRoot()
	cmd.Env = append(os.Environ(), "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=remote.origin.url",
		"GIT_CONFIG_VALUE_0=https://github.com/filestore/terraform-provider-filestore.git")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}
}

// buildHostRelease runs scripts/release-snapshot.sh with .goreleaser.yml
// limited to the host's target.
func buildHostRelease(t *testing.T) artifacts {
	t.Helper()
	root := testbed.RepoRoot()
	tool(t, "goreleaser") // built before the timer starts
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	config := filepath.Join(dir, "goreleaser-host.yml")
	if err := os.WriteFile(config, hostOnlyConfig(t, filepath.Join(root, ".goreleaser.yml"), dist), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "release-snapshot.sh"), config)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("release-snapshot.sh: %v\n%s", err, out.String())
	}
	t.Logf("host-only release (%s/%s) built in %s", runtime.GOOS, runtime.GOARCH, time.Since(start).Round(time.Second))

	a := artifacts{dist: dist, target: runtime.GOOS + "_" + runtime.GOARCH, sums: map[string]string{}}
	sums, err := filepath.Glob(filepath.Join(dist, project+"_*_SHA256SUMS"))
	if err != nil || len(sums) != 1 {
		t.Fatalf("want one SHA256SUMS in dist, got %v (%v)\n%s", sums, err, out.String())
	}
	a.version = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(sums[0]), project+"_"), "_SHA256SUMS")
	f, err := os.Open(sums[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q", sc.Text())
		}
		a.sums[name] = sum
	}
	a.zip = filepath.Join(dist, project+"_"+a.version+"_"+a.target+".zip")
	return a
}

// hostOnlyConfig is .goreleaser.yml with the build's targets replaced by the
// host's and dist moved; everything else (ldflags, binary and archive names,
// checksums, manifest) is the release configuration itself.
func hostOnlyConfig(t *testing.T, path, dist string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	top := doc.Content[0]
	setKey(top, "dist", &yaml.Node{Kind: yaml.ScalarNode, Value: dist})
	builds := lookup(top, "builds")
	if builds == nil || len(builds.Content) != 1 {
		t.Fatalf("%s: want exactly one build", path)
	}
	b := builds.Content[0]
	for _, k := range []string{"goos", "goarch"} {
		if lookup(b, k) == nil {
			t.Fatalf("%s: the build has no %s list", path, k)
		}
	}
	setKey(b, "goos", seq(runtime.GOOS))
	setKey(b, "goarch", seq(runtime.GOARCH))
	deleteKey(b, "ignore")
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func seq(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: v, Style: yaml.DoubleQuotedStyle}}}
}

// checkArtifacts checks the registry layout: names, checksums, the
// manifest's protocol version, the binary's name inside the zip, and the
// version, commit and date stamped into it.
func checkArtifacts(t *testing.T, a artifacts) {
	t.Helper()
	if !regexp.MustCompile(`^\d+\.\d+\.\d+-snapshot-[0-9a-f]+$`).MatchString(a.version) {
		t.Errorf("snapshot version %q is not a semantic version Terraform accepts", a.version)
	}
	zipName := filepath.Base(a.zip)
	manifest := project + "_" + a.version + "_manifest.json"
	if len(a.sums) != 2 || a.sums[zipName] == "" || a.sums[manifest] == "" {
		t.Fatalf("SHA256SUMS lists %v, want %s and %s", a.sums, zipName, manifest)
	}
	for name, want := range a.sums {
		if got := sha256File(t, filepath.Join(a.dist, name)); got != want {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", name, got, want)
		}
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	b, err := os.ReadFile(filepath.Join(a.dist, manifest))
	if err != nil || json.Unmarshal(b, &m) != nil || m.Version != 1 || strings.Join(m.Metadata.ProtocolVersions, ",") != "6.0" {
		t.Errorf("manifest %s: %v %s", manifest, err, b)
	}

	zr, err := zip.OpenReader(a.zip)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	binary := project + "_v" + a.version
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	var names []string
	var exe []byte
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == binary {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			exe, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if exe == nil || !contains(names, "LICENSE") {
		t.Fatalf("%s holds %v, want %s and LICENSE", zipName, names, binary)
	}
	bin := filepath.Join(t.TempDir(), binary)
	if err := os.WriteFile(bin, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", binary, err)
	}
	commit, err := exec.Command("git", "-C", testbed.RepoRoot(), "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{project + " " + a.version + "\n", "commit: " + strings.TrimSpace(string(commit)) + "\n", runtime.Version()} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s version prints\n%s\nwithout %q", binary, out, want)
		}
	}
	if regexp.MustCompile(`built:\s+unknown`).Match(out) {
		t.Errorf("no build date stamped:\n%s", out)
	}
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
