//go:build !unix

package contentobject_test

import "testing"

// fifoForTest: no named pipes (nor /dev/zero) here.
func fifoForTest(t *testing.T, _ string) string {
	t.Skip("named pipes and /dev/zero are Unix")
	return ""
}
