package guard

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

func bucket() map[string]any {
	return map[string]any{
		"bucket":              "acme-uploads",
		"block_public_access": false,
		"cors_rules": []any{map[string]any{
			"allowed_origins": []any{"*"},
			"allowed_methods": []any{"PUT"},
		}},
	}
}

func TestCheck(t *testing.T) {
	g, err := New(context.Background(), providerdata.PolicySettings{Enforcement: "deny", Overrides: map[string]string{"FS002": "warn"}})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := g.Check(context.Background(), providerdata.GuardInput{Mode: providerdata.ModeManaged, Type: "filestore_upload_bucket", After: bucket()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]providerdata.Finding{}
	for _, f := range fs {
		got[f.RuleID] = f
	}
	if len(got) != 2 || got["FS005"].Level != "deny" || got["FS002"].Level != "warn" {
		t.Fatalf("findings: %+v", fs)
	}
	f := got["FS005"]
	if p := f.AttributePath().String(); p != "cors_rules[0].allowed_origins" {
		t.Errorf("attribute path %q", p)
	}
	if !strings.HasPrefix(f.Message, "cors_rules[0].allowed_origins: ") || f.Title == "" {
		t.Errorf("message %q, title %q", f.Message, f.Title)
	}

	// A generic S3 store: FS002 (public access block) does not apply.
	fs, err = g.Check(context.Background(), providerdata.GuardInput{Mode: providerdata.ModeManaged, Type: "filestore_upload_bucket", After: bucket(), Compatibility: "s3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].RuleID != "FS005" {
		t.Errorf("compatibility s3: %+v", fs)
	}
}

func TestNewReportsRegoErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.rego"), []byte("package filestore.rules.mine\n\nviolations contains v if {\n\tv := input.x[\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), providerdata.PolicySettings{Enforcement: "deny", Paths: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "mine.rego") {
		t.Fatalf("want an error naming mine.rego, got %v", err)
	}
}
