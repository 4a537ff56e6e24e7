package r2fake

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash/crc64"
	"net/http"
	"strings"
)

// crc64NVME is CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, initial
// value and final XOR all ones (check value for "123456789":
// 0xae8b14860a799888).
var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

func crc64NVMEBase64(b []byte) string {
	var out [8]byte
	binary.BigEndian.PutUint64(out[:], crc64.Checksum(b, crc64NVME))
	return base64.StdEncoding.EncodeToString(out[:])
}

func sha256Base64(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

func md5Hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// compositeOnly are the algorithms R2 accepts only as COMPOSITE checksums
// (multipart parts), never on a whole object.
var compositeOnly = []string{"sha256", "sha1", "crc32", "crc32c"}

// verifyContentMD5 checks Content-MD5 when sent.
func verifyContentMD5(r *http.Request, body []byte, resp *response) bool {
	want := r.Header.Get("Content-Md5")
	if want == "" {
		return true
	}
	s := md5.Sum(body)
	if base64.StdEncoding.EncodeToString(s[:]) != want {
		resp.fail(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what was received.")
		return false
	}
	return true
}

// wholeObjectChecksum checks the checksum headers of a single PutObject:
// CRC-64/NVME is verified and kept; the composite-only algorithms are
// refused. It returns the algorithm and value kept ("" when none).
func wholeObjectChecksum(r *http.Request, body []byte, resp *response) (alg, value string, ok bool) {
	for _, a := range compositeOnly {
		if r.Header.Get("X-Amz-Checksum-"+a) != "" {
			resp.notImplemented("a FULL_OBJECT " + strings.ToUpper(a) + " checksum (R2 accepts " +
				strings.ToUpper(a) + " only as a COMPOSITE checksum of a multipart upload; use CRC64NVME)")
			return "", "", false
		}
	}
	v := r.Header.Get("X-Amz-Checksum-Crc64nvme")
	if v == "" {
		return "", "", true
	}
	if crc64NVMEBase64(body) != v {
		resp.fail(http.StatusBadRequest, "BadDigest", "The CRC64NVME you specified did not match the calculated checksum.")
		return "", "", false
	}
	return "CRC64NVME", v, true
}

// partChecksum verifies the checksum of an UploadPart against the upload's
// algorithm (SHA256 is the one this stand-in computes; others are taken as
// sent). An upload created with an algorithm needs that checksum on every
// part, as on S3.
func partChecksum(r *http.Request, alg string, body []byte, resp *response) (string, bool) {
	if alg == "" {
		return "", true
	}
	v := r.Header.Get("X-Amz-Checksum-" + strings.ToLower(alg))
	if v == "" {
		resp.fail(http.StatusBadRequest, "InvalidRequest", "The upload was created with the %s checksum algorithm: every part must carry x-amz-checksum-%s.", alg, strings.ToLower(alg))
		return "", false
	}
	if alg == "SHA256" && sha256Base64(body) != v {
		resp.fail(http.StatusBadRequest, "BadDigest", "The SHA256 you specified did not match the calculated checksum.")
		return "", false
	}
	return v, true
}
