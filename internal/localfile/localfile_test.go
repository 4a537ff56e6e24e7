//go:build unix

package localfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// noHang runs f, failing the test if it blocks (a FIFO opened for reading
// waits for a writer forever); the 30 seconds only turn a hang into a
// failure.
func noHang(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("%s blocked", what)
		return nil
	}
}

func TestSpecialFilesRefusedBeforeOpening(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here: %v", err)
	}
	for path, want := range map[string]string{fifo: "a named pipe (FIFO)", "/dev/zero": "a character device", dir: "a directory"} {
		err := noHang(t, "Open "+path, func() error {
			f, err := Open(path)
			if f != nil {
				_ = f.Close()
			}
			return err
		})
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path+" is "+want) {
			t.Errorf("Open(%s) = %v, want %q", path, err, want)
		}
		err = noHang(t, "ReadFile "+path, func() error { _, err := ReadFile(path, 1<<20); return err })
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(%s) = %v", path, err)
		}
	}
}

func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(p, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("ReadFile at the limit = %q, %v", b, err)
	}
	if _, err := ReadFile(p, 9); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 9 bytes") {
		t.Errorf("ReadFile over the limit = %v", err)
	}
	if n, err := Check(p, -1); err != nil || n != 10 {
		t.Errorf("Check = %d, %v", n, err)
	}
	if _, err := Check(filepath.Join(t.TempDir(), "missing"), 1); !os.IsNotExist(err) {
		t.Errorf("Check(missing) = %v", err)
	}
}
