// Package acctest is the glue between acceptance tests and the test bed.
//
// Acceptance tests run with TF_ACC=1 against one of two targets:
//
//   - local (default): the real servers of internal/testbed. If FILESTORE_TESTBED
//     names a running test bed (make testacc starts one for the whole run) it
//     is reused; otherwise the test binary starts its own and stops it at exit.
//     The provider is pointed at them through the environment
//     (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_CLOUDFRONT, AWS_CA_BUNDLE, static
//     credentials), so test HCL carries no endpoint.
//   - aws (FILESTORE_ACC_TARGET=aws): real AWS with the credentials in the
//     environment; no server is started and no endpoint is set. The same
//     tests run unchanged; tests of emulator-only behaviour (fault injection,
//     kumo's edge) skip themselves with a message.
//
// OpenTofu runs the tests: TF_ACC_TERRAFORM_PATH defaults to the pinned tofu
// built by scripts/tools.sh, TF_ACC_PROVIDER_NAMESPACE is "hashicorp"
// (OpenTofu rejects the legacy "-" namespace) and TF_CLI_CONFIG_FILE points at
// an existing empty file (a missing one makes OpenTofu print a warning that
// breaks terraform-plugin-testing's version parsing).
package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/filestore/terraform-provider-filestore/internal/provider"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// Target names.
const (
	TargetLocal = "local"
	TargetAWS   = "aws"
)

var (
	env    *testbed.Env
	target = TargetLocal
)

// ProviderOptions are applied to every provider instance the tests build
// (the guardrail engine registers itself here).
var ProviderOptions []provider.Option

// Main is the TestMain of every package with acceptance tests.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	if err := setupTofu(); err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		return 1
	}
	if os.Getenv("FILESTORE_ACC_TARGET") == TargetAWS {
		target = TargetAWS
		return m.Run()
	}
	if p := os.Getenv(testbed.EnvVar); p != "" {
		e, err := testbed.Load(p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "acctest: %s=%s: %v\n", testbed.EnvVar, p, err)
			return 1
		}
		env = e
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		e, err := testbed.Start(ctx, testbed.Options{})
		cancel()
		if err != nil {
			fmt.Fprintln(os.Stderr, "acctest: starting test bed:", err)
			return 1
		}
		env = e
		defer env.Stop()
	}
	for k, v := range env.ProviderEnv() {
		_ = os.Setenv(k, v)
	}
	for _, f := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		if p := os.Getenv(f); p != "" {
			if _, err := os.Stat(p); err != nil {
				_ = os.WriteFile(p, nil, 0o600)
			}
		}
	}
	// A developer's AWS_PROFILE must not leak into the local run.
	_ = os.Unsetenv("AWS_PROFILE")
	_ = os.Unsetenv("AWS_SESSION_TOKEN")
	return m.Run()
}

func setupTofu() error {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		p, err := testbed.Tool("tofu")
		if err != nil {
			return err
		}
		_ = os.Setenv("TF_ACC_TERRAFORM_PATH", p)
	}
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
	if p := os.Getenv("TF_CLI_CONFIG_FILE"); p == "" || !fileExists(p) {
		dir, err := os.MkdirTemp("", "filestore-acc-cli-")
		if err != nil {
			return err
		}
		f := filepath.Join(dir, "tofurc")
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			return err
		}
		_ = os.Setenv("TF_CLI_CONFIG_FILE", f)
	}
	return nil
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// IsAWS reports whether the tests run against real AWS.
func IsAWS() bool { return target == TargetAWS }

// Env returns the local test bed (nil against AWS or without TF_ACC).
func Env() *testbed.Env { return env }

// ProtoV6ProviderFactories builds the provider in-process for each test step.
func ProtoV6ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return ProtoV6ProviderFactoriesWith()
}

// ProtoV6ProviderFactoriesWith adds options (a controlled clock, say).
func ProtoV6ProviderFactoriesWith(opts ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	all := append(append([]provider.Option(nil), ProviderOptions...), opts...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		"filestore": providerserver.NewProtocol6WithError(provider.New("test", all...)()),
	}
}

// SkipUnlessAcceptance skips the test unless TF_ACC is set, as
// resource.Test does. Every helper here that takes a *testing.T calls it, so
// that setup code running before resource.Test (creating a bucket with S3,
// say) skips instead of failing in a plain `go test ./...`.
func SkipUnlessAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc starts the local servers)")
	}
}

// PreCheck fails the test early when the environment cannot run it.
func PreCheck(t *testing.T) {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
			t.Fatal("FILESTORE_ACC_TARGET=aws needs AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE)")
		}
		return
	}
	if env == nil {
		t.Fatal("no test bed: acceptance tests need acctest.Main as TestMain")
	}
}

// RequireServer skips a test that exercises behaviour only a local server
// offers (fault injection, kumo's edge) when running against AWS, and fails
// it when the local test bed lacks the server.
func RequireServer(t *testing.T, name string) *testbed.Server {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		t.Skipf("needs the local %s server; not applicable to FILESTORE_ACC_TARGET=aws", name)
	}
	if !env.Has(name) {
		t.Fatalf("test bed has no %s server", name)
	}
	return env.Servers[name]
}

// LocalOnly skips the test against AWS with the reason given.
func LocalOnly(t *testing.T, why string) {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		t.Skipf("local test bed only: %s", why)
	}
}

// RandomName returns prefix + 10 random lowercase hex characters; valid as a
// bucket name for prefixes of lowercase letters, digits and hyphens.
func RandomName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// BucketName returns a fresh bucket name for a test.
func BucketName() string { return RandomName("tf-acc-") }

// ProviderBlock is the provider configuration for the default target: empty
// locally (the environment points it at SeaweedFS / kumo) and against AWS.
func ProviderBlock() string { return "provider \"filestore\" {}\n" }

// ProviderBlockFor points the provider (optionally aliased) at one local
// server as a generic S3 store. Against AWS it returns a plain provider block
// with the alias, so the same HCL runs there.
func ProviderBlockFor(server, alias string, extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"filestore\" {\n")
	if alias != "" {
		fmt.Fprintf(&b, "  alias = %q\n", alias)
	}
	if !IsAWS() && env != nil && env.Servers[server] != nil {
		s := env.Servers[server]
		fmt.Fprintf(&b, "  endpoints = { s3 = %q }\n", s.S3Endpoint)
		if server != testbed.SeaweedFS {
			b.WriteString("  compatibility = \"s3\"\n")
		}
	}
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// S3 returns a client that asks the default S3 target directly (SeaweedFS
// locally, AWS otherwise), bypassing the provider.
func S3(t *testing.T) *s3.Client {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s3.NewFromConfig(cfg)
	}
	return env.S3Client(testbed.SeaweedFS)
}

// S3For returns a client for a named local server (or AWS).
func S3For(t *testing.T, server string) *s3.Client {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		return S3(t)
	}
	RequireServer(t, server)
	return env.S3Client(server)
}

// CloudFront returns a client that asks the CloudFront target directly.
func CloudFront(t *testing.T) *cloudfront.Client {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"))
		if err != nil {
			t.Fatal(err)
		}
		return cloudfront.NewFromConfig(cfg)
	}
	RequireServer(t, testbed.Kumo)
	return env.CloudFrontClient()
}

// Context returns a context bounded by the test's deadline.
func Context(t *testing.T) context.Context {
	t.Helper()
	SkipUnlessAcceptance(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
