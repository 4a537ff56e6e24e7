//go:build unix

package resources_test

import (
	"path/filepath"
	"syscall"
	"testing"
)

// contentObjectFIFO makes a named pipe nobody writes to.
func contentObjectFIFO(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "upload.fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here: %v", err)
	}
	return p
}
