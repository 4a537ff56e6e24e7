package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/localfile"
)

// DefaultContentType is the content type of a body whose name says nothing.
const DefaultContentType = "application/octet-stream"

// webTypes are the content types of common web assets. They come first so
// that the result does not depend on the machine's /etc/mime.types (which
// mime.TypeByExtension also reads).
var webTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".yaml":        "application/yaml",
	".yml":         "application/yaml",
	".wasm":        "application/wasm",
	".pdf":         "application/pdf",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".ogg":         "audio/ogg",
	".gz":          "application/gzip",
	".tgz":         "application/gzip",
	".zip":         "application/zip",
	".tar":         "application/x-tar",
	".zst":         "application/zstd",
}

// DetectContentType returns the content type for a file name from its
// extension (case-insensitive): the web table above, then the Go standard
// library's table (mime.TypeByExtension), else application/octet-stream.
func DetectContentType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "" {
		return DefaultContentType
	}
	if t, ok := webTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return DefaultContentType
}

// HashReader streams r through SHA-256 and returns the hex digest and the
// number of bytes read. Memory use is constant (io.Copy's buffer).
func HashReader(r io.Reader) (string, int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// HashFile streams the file at path through SHA-256. The file is opened
// with OpenSource: anything but a regular file is refused.
func HashFile(path string) (string, int64, error) {
	f, err := OpenSource(path)
	if err != nil {
		return "", 0, err
	}
	defer func() { _ = f.Close() }() // read-only
	return HashReader(f)
}

// OpenSource opens a content object source for reading: a regular file
// only, refused before it is opened otherwise (localfile.Open), with what
// to give instead.
func OpenSource(path string) (*os.File, error) {
	f, err := localfile.Open(path)
	if errors.Is(err, localfile.ErrNotRegular) {
		return nil, fmt.Errorf("%w: a source must be a file whose content can be hashed at plan time and uploaded at apply", err)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// HashBytes returns the hex SHA-256 digest of b.
func HashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
