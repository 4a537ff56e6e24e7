//go:build !unix

package localfile

// openNonBlocking is 0 where there are no FIFOs to open without blocking;
// OpenSource's stat before the open still refuses special files.
const openNonBlocking = 0
