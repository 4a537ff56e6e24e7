package buildinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestDefaults(t *testing.T) {
	if i := New("v0.4.0", "", ""); i.Version != "0.4.0" {
		t.Errorf("version %q: the v prefix is dropped", i.Version)
	}
	if s := New("", "", "").String(); !strings.Contains(s, "terraform-provider-filestore dev") || !strings.Contains(s, runtime.Version()) {
		t.Errorf("unstamped build prints %q", s)
	}
	if s := (Info{Version: "1.0.0", Commit: "0123456789abcdef"}).Stamp(); s != "terraform-provider-filestore 1.0.0 (commit 0123456789ab)" {
		t.Errorf("Stamp() = %q", s)
	}
}
