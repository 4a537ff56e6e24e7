package signing

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxFilenameBytes bounds download_filename. Browsers cap file names at 255
// bytes; the percent-encoded form may be three times longer.
const MaxFilenameBytes = 255

// ValidateFilename reports why name cannot be a download file name: empty,
// not UTF-8, longer than MaxFilenameBytes, or containing control characters
// (which would otherwise have to be dropped silently — a name with a newline
// is a bug in the configuration, not something to repair).
func ValidateFilename(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("the file name is empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("the file name is not valid UTF-8")
	case len(name) > MaxFilenameBytes:
		return fmt.Errorf("the file name is %d bytes long; the limit is %d", len(name), MaxFilenameBytes)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("the file name contains the control character %U", r)
		}
	}
	return nil
}

// AttachmentDisposition returns the Content-Disposition value that makes a
// browser save the object as name (RFC 6266):
//
//	attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 8187 percent-encoding>
//
// The fallback keeps printable ASCII, writes '"' and '\' as quoted-pairs
// (RFC 9110 quoted-string) and replaces every non-ASCII character with '_';
// user agents that understand filename* (all current browsers) use the exact
// UTF-8 name from it instead. Written here because the standard library has
// no encoder that emits both parameters (see the package comment).
func AttachmentDisposition(name string) (string, error) {
	if err := ValidateFilename(name); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len("attachment; filename=\"\"; filename*=UTF-8''") + 4*len(name))
	b.WriteString(`attachment; filename="`)
	for _, r := range name {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	b.WriteString(`"; filename*=UTF-8''`)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String(), nil
}

// isAttrChar is RFC 8187's attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" /
// "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
