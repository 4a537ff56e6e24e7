package upload

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash/crc64"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Store describes what the target store accepts where S3-compatible stores
// differ from Amazon S3. The zero value is Amazon S3 (and the stores that
// follow it: SeaweedFS, MinIO, versitygw).
type Store struct {
	// WholeObjectChecksum is the checksum a single PutObject carries.
	WholeObjectChecksum WholeObjectChecksum
	// NoConditionalComplete: the store does not document If-None-Match on
	// CompleteMultipartUpload, so a conditional multipart upload completes
	// unconditionally (R2 documents it on PutObject only).
	NoConditionalComplete bool
	// NoPartCopyConditions: UploadPartCopy carries no
	// x-amz-copy-source-if-match (R2 implements it on CopyObject only).
	NoPartCopyConditions bool
}

// R2 is Cloudflare R2, as its S3 API compatibility page documents it:
// whole-object checksums only as CRC-64/NVME ("Checksum Types": SHA-256
// only COMPOSITE, i.e. on multipart parts), PutObject conditional headers
// (R2 "Extensions": If-None-Match answers 412 PreconditionFailed) but none
// listed for CompleteMultipartUpload, and no x-amz-copy-source-if-* on
// UploadPartCopy.
var R2 = Store{WholeObjectChecksum: ChecksumCRC64NVME, NoConditionalComplete: true, NoPartCopyConditions: true}

// WholeObjectChecksum is the checksum a single PutObject carries, which the
// store verifies against the body before storing it.
//
// Stores differ here. Amazon S3, SeaweedFS, MinIO and versitygw accept a
// full-object SHA-256, which HeadObject then reports, so a later apply can
// compare it with the content address. Cloudflare R2 accepts SHA-256 only
// as a COMPOSITE checksum (multipart parts); its only FULL_OBJECT checksum
// is CRC-64/NVME. Multipart uploads carry per-part SHA-256 everywhere.
type WholeObjectChecksum int

const (
	// ChecksumSHA256 sends x-amz-checksum-sha256 (the default).
	ChecksumSHA256 WholeObjectChecksum = iota
	// ChecksumCRC64NVME sends x-amz-checksum-crc64nvme (Cloudflare R2).
	ChecksumCRC64NVME
)

// crc64NVMETable is CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5,
// initial value and final XOR all ones, as hash/crc64 computes them).
var crc64NVMETable = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// CRC64NVME returns the base64 x-amz-checksum-crc64nvme value of b (the
// big-endian CRC, as S3 encodes it).
func CRC64NVME(b []byte) string {
	var out [8]byte
	binary.BigEndian.PutUint64(out[:], crc64.Checksum(b, crc64NVMETable))
	return base64.StdEncoding.EncodeToString(out[:])
}

// set puts the checksum of body (whose SHA-256 is sum) on in.
func (c WholeObjectChecksum) set(in *s3.PutObjectInput, sum [sha256.Size]byte, body []byte) {
	switch c {
	case ChecksumCRC64NVME:
		in.ChecksumCRC64NVME = aws.String(CRC64NVME(body))
	default:
		in.ChecksumSHA256 = aws.String(base64.StdEncoding.EncodeToString(sum[:]))
	}
}

// StorageClasses lists the x-amz-storage-class values an upload to a
// general-purpose S3 bucket may request, warmest first: STANDARD and the
// classes lifecycle transitions accept (bucketconfig.TransitionStorageClasses;
// a test keeps the two lists in step).
func StorageClasses() []string {
	return []string{"STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"}
}

// R2StorageClasses lists the storage classes Cloudflare R2 accepts on
// PutObject, CreateMultipartUpload and CopyObject.
func R2StorageClasses() []string { return []string{"STANDARD", "STANDARD_IA"} }
