package testbed

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Tool returns the path of a pinned tool binary (tofu, weed, kumo, versitygw, minio,
// opa, conftest, ...), building it through scripts/tools.sh on first use.
// FILESTORE_TOOL_<NAME> (e.g. FILESTORE_TOOL_TOFU) overrides the path.
func Tool(name string) (string, error) {
	env := "FILESTORE_TOOL_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	cmd := exec.Command(filepath.Join(RepoRoot(), "scripts", "tools.sh"), "--path", name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/tools.sh --path %s: %w\n%s", name, err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}
