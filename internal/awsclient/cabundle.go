package awsclient

import (
	"fmt"
	"os"

	"github.com/filestore/terraform-provider-filestore/internal/localfile"
)

// MaxCABundleBytes bounds custom_ca_bundle and AWS_CA_BUNDLE. The Mozilla
// bundle every system ships is about 220 KB; a corporate bundle a few
// hundred certificates more. A path to /dev/zero or a growing file is an
// error, not a memory climb.
const MaxCABundleBytes = 16 << 20

// caBundleEnv is the environment variable the AWS SDK reads a CA bundle
// path from.
const caBundleEnv = "AWS_CA_BUNDLE"

// CABundleSource returns the CA bundle path in effect and where it comes
// from ("custom_ca_bundle" or "AWS_CA_BUNDLE"), or "" when there is none.
// The attribute wins over the environment, as the SDK's own order has it.
func CABundleSource(configured string) (path, from string) {
	if configured != "" {
		return configured, "custom_ca_bundle"
	}
	if p := os.Getenv(caBundleEnv); p != "" {
		return p, caBundleEnv
	}
	return "", ""
}

// CheckCABundle checks, without reading it, that the bundle is a regular
// file within MaxCABundleBytes (the provider calls it at plan time).
func CheckCABundle(path string) error {
	_, err := localfile.Check(path, MaxCABundleBytes)
	return err
}

// readCABundle reads the bundle in effect, bounded; nil when there is none.
// Read here rather than by the SDK (which reads AWS_CA_BUNDLE whole, and
// follows a pipe or a device) and handed to it as LoadOptions, which the
// SDK consults before the environment.
func readCABundle(configured string) ([]byte, error) {
	path, from := CABundleSource(configured)
	if path == "" {
		return nil, nil
	}
	b, err := localfile.ReadFile(path, MaxCABundleBytes)
	if err != nil {
		return nil, fmt.Errorf("reading the CA bundle (%s): %w", from, err)
	}
	return b, nil
}
