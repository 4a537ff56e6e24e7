// Package contentkey derives the object key of content-addressed objects:
// prefix/<sha256[0:2]>/<sha256>. filestore_content_object stores objects
// there and the provider function content_key computes the same key, so other
// stacks can address an object without uploading it.
package contentkey

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// DefaultPrefix is the key prefix when none is given.
const DefaultPrefix = "cas"

// ValidateDigest checks that s is a lowercase hex SHA-256 digest.
func ValidateDigest(s string) error {
	if len(s) != 64 {
		return fmt.Errorf("a SHA-256 digest is 64 hexadecimal characters, got %d", len(s))
	}
	if strings.ToLower(s) != s {
		return fmt.Errorf("the digest must be lowercase hexadecimal")
	}
	if _, err := hex.DecodeString(s); err != nil {
		return fmt.Errorf("the digest is not hexadecimal: %w", err)
	}
	return nil
}

// ValidatePrefix checks a key prefix: no leading or trailing slash, no empty,
// "." or ".." segment, no control characters; empty means "no prefix".
func ValidatePrefix(p string) error {
	if p == "" {
		return nil
	}
	if strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("the prefix must not start or end with \"/\" (got %q)", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("the prefix has an empty, \".\" or \"..\" segment (got %q)", p)
		}
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("the prefix contains a control character")
		}
	}
	if len(p) > 900 {
		return fmt.Errorf("the prefix is longer than 900 bytes")
	}
	return nil
}

// Key returns prefix/<digest[0:2]>/<digest> (or <digest[0:2]>/<digest> for
// an empty prefix). It validates both arguments.
func Key(digest, prefix string) (string, error) {
	if err := ValidateDigest(digest); err != nil {
		return "", err
	}
	if err := ValidatePrefix(prefix); err != nil {
		return "", err
	}
	k := digest[:2] + "/" + digest
	if prefix != "" {
		k = prefix + "/" + k
	}
	return k, nil
}
