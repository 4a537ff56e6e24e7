// Package localfile opens files named in the configuration (a content
// object's source, custom_ca_bundle / AWS_CA_BUNDLE) without ever blocking
// or reading without end: anything but a regular file is refused before it
// is opened (opening a FIFO for reading waits for a writer; /dev/zero never
// ends), and whole-file reads are bounded.
package localfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotRegular is wrapped by the error for a path that is not a regular
// file; ErrTooLarge by the error for a file over the size limit.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// Open opens a regular file for reading. The path is checked with stat
// first, then opened without blocking (O_NONBLOCK where the system has it)
// and checked again on the open file, so a path swapped for a pipe in
// between cannot block either. Errors name the path and what it is.
func Open(path string) (*os.File, error) {
	if _, err := Check(path, -1); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = regular(path, st)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// Check reports, without opening it, whether path is a regular file of at
// most max bytes (max < 0: any size), and returns its size.
func Check(path string, max int64) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if err := regular(path, st); err != nil {
		return 0, err
	}
	if max >= 0 && st.Size() > max {
		return 0, tooLarge(path, max)
	}
	return st.Size(), nil
}

// ReadFile reads a regular file of at most max bytes. A file that grows
// past max while it is read is refused as well.
func ReadFile(path string, max int64) ([]byte, error) {
	if _, err := Check(path, max); err != nil {
		return nil, err
	}
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, tooLarge(path, max)
	}
	return b, nil
}

func tooLarge(path string, max int64) error {
	return fmt.Errorf("%s is larger than %d bytes: %w", path, max, ErrTooLarge)
}

// regular names what path is when it is not a regular file.
func regular(path string, st os.FileInfo) error {
	m := st.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a directory"
	case m&os.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		what = "a socket"
	case m&os.ModeCharDevice != 0:
		what = "a character device"
	case m&os.ModeDevice != 0:
		what = "a device"
	default:
		what = "a special file (" + m.Type().String() + ")"
	}
	return fmt.Errorf("%s is %s, %w", path, what, ErrNotRegular)
}
