//go:build unix

package localfile

import "syscall"

// openNonBlocking makes opening a path that turned into a FIFO return at
// once instead of waiting for a writer (regular files ignore it).
const openNonBlocking = syscall.O_NONBLOCK
