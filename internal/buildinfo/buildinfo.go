// Package buildinfo says which build of terraform-provider-filestore is
// running: the version, commit and date a release stamps into main (through
// -ldflags "-X main.version=..."; see .goreleaser.yml), completed from what
// the Go toolchain records in the binary when a value was not stamped
// (`go install ...@v0.3.0` records the module version; a build inside a git
// checkout records the commit).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Info describes one build.
type Info struct {
	Version string // "0.3.0"; "dev" when nothing says otherwise
	Commit  string // full commit id, or ""
	Date    string // RFC 3339 build (commit) date, or ""
}

// New returns the stamped values completed from the binary's build
// information.
func New(version, commit, date string) Info {
	info := Info{Version: version, Commit: commit, Date: date}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info.withDefaults()
	}
	if (info.Version == "" || info.Version == "dev") && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if info.Commit == "" {
				info.Commit = s.Value
			}
		case "vcs.time":
			if info.Date == "" {
				info.Date = s.Value
			}
		}
	}
	return info.withDefaults()
}

func (i Info) withDefaults() Info {
	if i.Version == "" {
		i.Version = "dev"
	}
	// Releases are tagged v1.2.3; goreleaser's .Version drops the v. Print
	// one form everywhere.
	i.Version = strings.TrimPrefix(i.Version, "v")
	return i
}

// String is what `terraform-provider-filestore version` prints.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform-provider-filestore %s\n", i.Version)
	fmt.Fprintf(&b, "commit: %s\n", orUnknown(i.Commit))
	fmt.Fprintf(&b, "built:  %s\n", orUnknown(i.Date))
	fmt.Fprintf(&b, "go:     %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// Stamp is a one-line description for file headers and reports:
// "terraform-provider-filestore 0.3.0 (commit 1a2b3c4)".
func (i Info) Stamp() string {
	s := "terraform-provider-filestore " + i.Version
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " (commit " + c + ")"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
