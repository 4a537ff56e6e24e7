//go:build !unix

package resources_test

import "testing"

// contentObjectFIFO: no named pipes (nor /dev/zero) here.
func contentObjectFIFO(t *testing.T, _ string) string {
	t.Skip("named pipes and /dev/zero are Unix")
	return ""
}
