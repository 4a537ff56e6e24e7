package upload_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/r2fake"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

func TestCRC64NVME(t *testing.T) {
	// The CRC-64/NVME check value of "123456789" is 0xae8b14860a799888;
	// S3 sends it big-endian, base64-encoded.
	if got := upload.CRC64NVME([]byte("123456789")); got != "rosUhgp5mIg=" {
		t.Errorf("CRC64NVME(123456789) = %s, want rosUhgp5mIg=", got)
	}
}

// r2 returns a client for a stand-in that answers as Cloudflare documents
// R2's S3 API (internal/r2fake: whole-object checksums only as CRC-64/NVME,
// SHA-256 only on multipart parts, no conditional UploadPartCopy), with a
// bucket.
func r2(t *testing.T) (*r2fake.Fake, *s3.Client, string) {
	t.Helper()
	f, url := r2fake.NewServer(t)
	c := s3.New(s3.Options{
		Region: "auto", BaseEndpoint: aws.String(url), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		RetryMaxAttempts:           1,
	})
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("r2-bucket")}); err != nil {
		t.Fatal(err)
	}
	return f, c, "r2-bucket"
}

// The default (Amazon S3) store sends a whole-object SHA-256, which R2
// refuses; upload.R2 sends CRC-64/NVME, which R2 verifies and keeps.
func TestUpload_r2SinglePutChecksum(t *testing.T) {
	f, c, bucket := r2(t)
	body := randomBytes(t, 1000)
	obj := objectFor(bucket, body)

	_, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{})
	if err == nil {
		t.Fatal("a whole-object SHA-256 was accepted by the R2 stand-in; the test no longer proves anything")
	}
	if _, ok := f.Object(bucket, obj.Key); ok {
		t.Fatal("refused upload stored the object")
	}

	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{Store: upload.R2, IfNoneMatch: true}); err != nil {
		t.Fatalf("upload with the R2 store: %v", err)
	}
	got, ok := f.Object(bucket, obj.Key)
	if !ok || !bytes.Equal(got.Body, body) || got.ChecksumAlgorithm != "CRC64NVME" || got.Checksum != upload.CRC64NVME(body) {
		t.Fatalf("stored %v: checksum %s %s", ok, got.ChecksumAlgorithm, got.Checksum)
	}
	if got.ContentType != obj.ContentType || got.CacheControl != obj.CacheControl || got.Metadata["origin"] != "upload-test" {
		t.Errorf("headers %q %q %v", got.ContentType, got.CacheControl, got.Metadata)
	}
	// R2 documents If-None-Match on PutObject: a second writer learns the
	// key exists.
	_, err = upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{Store: upload.R2, IfNoneMatch: true})
	if !errors.Is(err, upload.ErrObjectExists) {
		t.Fatalf("second conditional upload: %v, want ErrObjectExists", err)
	}
}

// Multipart uploads carry per-part SHA-256 (a COMPOSITE checksum, which R2
// accepts) and complete without the If-None-Match R2 does not document for
// CompleteMultipartUpload.
func TestUpload_r2Multipart(t *testing.T) {
	f, c, bucket := r2(t)
	body := randomBytes(t, 11*mib)
	obj := objectFor(bucket, body)
	res, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{
		Store: upload.R2, IfNoneMatch: true, Threshold: 5 * mib, PartSize: 5 * mib,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Multipart || res.Parts != 3 {
		t.Fatalf("multipart=%v parts=%d, want 3 parts", res.Multipart, res.Parts)
	}
	got, ok := f.Object(bucket, obj.Key)
	if !ok || !bytes.Equal(got.Body, body) || got.ChecksumType != "COMPOSITE" || got.ChecksumAlgorithm != "SHA256" {
		t.Fatalf("stored %v: %s %s", ok, got.ChecksumAlgorithm, got.ChecksumType)
	}
	if f.PendingUploads() != 0 {
		t.Error("multipart upload left pending")
	}
}

// A header rewrite of a large object copies it in parts; R2 implements no
// x-amz-copy-source-if-match on UploadPartCopy, so upload.R2 leaves it off.
func TestReplaceHeaders_r2MultipartCopy(t *testing.T) {
	f, c, bucket := r2(t)
	body := randomBytes(t, 11*mib)
	obj := objectFor(bucket, body)
	res, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{Store: upload.R2})
	if err != nil {
		t.Fatal(err)
	}
	obj.ContentType, obj.CacheControl = "text/plain", "no-cache"
	opts := upload.CopyOptions{MaxSingleCopy: 5 * mib, PartSize: 5 * mib}
	if _, err := upload.ReplaceHeaders(context.Background(), c, obj, res.ETag, opts); err == nil {
		t.Fatal("the R2 stand-in accepted a conditional UploadPartCopy; the test no longer proves anything")
	}
	opts.Store = upload.R2
	if _, err := upload.ReplaceHeaders(context.Background(), c, obj, res.ETag, opts); err != nil {
		t.Fatalf("multipart copy with the R2 store: %v", err)
	}
	got, _ := f.Object(bucket, obj.Key)
	if got.ContentType != "text/plain" || got.CacheControl != "no-cache" || !bytes.Equal(got.Body, body) {
		t.Errorf("after the copy: %q %q, body equal %v", got.ContentType, got.CacheControl, bytes.Equal(got.Body, body))
	}
	if f.PendingUploads() != 0 {
		t.Error("the failed copy left a multipart upload pending")
	}
}

// A store that answers a conditional write with NotImplemented gets the
// write again without the condition. The R2 stand-in answers 501 to a
// conditional CompleteMultipartUpload (R2 documents conditions on PutObject
// only), which is what any store without conditional completes does.
func TestUpload_conditionalFallsBackOnNotImplemented(t *testing.T) {
	f, c, bucket := r2(t)
	body := randomBytes(t, 6*mib)
	obj := objectFor(bucket, body)
	res, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{
		IfNoneMatch: true, Threshold: 5 * mib, PartSize: 5 * mib,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Multipart || !res.Unconditional {
		t.Errorf("multipart=%v unconditional=%v, want both", res.Multipart, res.Unconditional)
	}
	var completes, refused int
	for _, r := range f.Requests() {
		if r.Op == "CompleteMultipartUpload" {
			completes++
			if r.Code == "NotImplemented" {
				refused++
			}
		}
	}
	if completes != 2 || refused != 1 {
		t.Errorf("CompleteMultipartUpload calls %d (%d refused), want the conditional one refused and one retry", completes, refused)
	}
	if got, ok := f.Object(bucket, obj.Key); !ok || !bytes.Equal(got.Body, body) {
		t.Error("object not stored")
	}
}

func TestStorageClassesMatchTheLifecycleList(t *testing.T) {
	want := append([]string{"STANDARD"}, bucketconfig.TransitionStorageClasses()...)
	if got := upload.StorageClasses(); !slices.Equal(got, want) {
		t.Errorf("StorageClasses() = %v, want STANDARD + the transition classes %v", got, want)
	}
	for _, c := range upload.R2StorageClasses() {
		if !slices.Contains(upload.StorageClasses(), c) {
			t.Errorf("R2 class %s is not an S3 storage class", c)
		}
	}
}
