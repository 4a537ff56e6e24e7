//go:build unix

package upload_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// A named pipe as a content object source used to hang terraform plan
// forever (the pipe was opened, which waits for a writer, before its type
// was checked). FIFOs, devices and directories are now refused before they
// are opened. The 30-second guard only turns a hang into a failure.
func TestOpenSourceRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "upload.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here: %v", err)
	}
	for path, want := range map[string]string{
		fifo:        "a named pipe (FIFO)",
		"/dev/zero": "a character device",
		dir:         "a directory",
	} {
		done := make(chan error, 1)
		go func() {
			f, err := upload.OpenSource(path)
			if f != nil {
				_ = f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("OpenSource(%s) = %v, want an error naming the path and %q", path, err, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("OpenSource(%s) blocked", path)
		}
		if _, _, err := upload.HashFile(path); err == nil {
			t.Errorf("HashFile(%s) accepted it", path)
		}
	}
	// A symbolic link to a regular file is a regular file.
	target := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(target, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, n, err := upload.HashFile(link); err != nil || n != 6 {
		t.Errorf("HashFile(symlink to a file) = %d, %v", n, err)
	}
}
