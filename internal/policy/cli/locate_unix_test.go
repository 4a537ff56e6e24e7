//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesNamedTF: a FIFO, a device or a directory named *.tf in the
// source directory is skipped without being opened (opening a FIFO for
// reading blocks until a writer comes: the SARIF and JUnit reports used to
// hang on one).
func TestSpecialFilesNamedTF(t *testing.T) {
	src := t.TempDir()
	copyDir(t, "../testdata/aws_upload_stack/main.tf", filepath.Join(src, "main.tf"))
	if err := syscall.Mkfifo(filepath.Join(src, "a_fifo.tf"), 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	if err := os.Mkdir(filepath.Join(src, "dir.tf"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(src, "zero.tf")); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"sarif", "junit", "text"} {
		t.Run(format, func(t *testing.T) {
			done := make(chan int, 1)
			go func() {
				code, _, _ := run(t, "", "check", "--format", format, "--source-dir", src, "--repo-root", src, awsPlan)
				done <- code
			}()
			select {
			case code := <-done:
				if code != ExitDeny {
					t.Fatalf("exit %d, want 1", code)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("policy check hangs on a FIFO named *.tf")
			}
		})
	}
	// The regular file is still read.
	l, err := newLocator(src, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if file, line := l.locate("aws_s3_bucket.uploads"); filepath.Base(file) != "main.tf" || line < 1 {
		t.Fatalf("aws_s3_bucket.uploads not located in main.tf: %q %d", file, line)
	}
	for _, name := range []string{"a_fifo.tf", "dir.tf", "zero.tf"} {
		if _, ok := l.scan(src)["resource.x."+name]; ok {
			t.Errorf("%s was scanned", name)
		}
	}
}
