//go:build unix

package contentobject_test

import (
	"path/filepath"
	"syscall"
	"testing"
)

// fifoForTest makes a named pipe nobody writes to.
func fifoForTest(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "upload.fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here: %v", err)
	}
	return p
}
