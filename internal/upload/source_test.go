package upload_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

func TestDetectContentType(t *testing.T) {
	cases := map[string]string{
		"dist/app.tar.gz":  "application/gzip",
		"index.HTML":       "text/html; charset=utf-8",
		"main.js":          "text/javascript; charset=utf-8",
		"style.css":        "text/css; charset=utf-8",
		"logo.svg":         "image/svg+xml",
		"photo.JPG":        "image/jpeg",
		"font.woff2":       "font/woff2",
		"app.wasm":         "application/wasm",
		"data.json":        "application/json",
		"README":           "application/octet-stream",
		"archive.unknownx": "application/octet-stream",
		"":                 "application/octet-stream",
	}
	for name, want := range cases {
		if got := upload.DetectContentType(name); got != want {
			t.Errorf("DetectContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "hello.txt")
	if err := os.WriteFile(p, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, size, err := upload.HashFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// printf 'hello\n' | sha256sum
	if want := "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"; sum != want || size != 6 {
		t.Errorf("HashFile = %s, %d; want %s, 6", sum, size, want)
	}
	if got := upload.HashBytes([]byte("hello\n")); got != sum {
		t.Errorf("HashBytes = %s, want %s", got, sum)
	}
	if _, _, err := upload.HashFile(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("HashFile(directory) = %v, want a not-a-regular-file error", err)
	}
	if _, _, err := upload.HashFile(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("HashFile(missing) = %v, want a not-exist error", err)
	}
}
