package upload_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// Two writers racing to store the same content address: with IfNoneMatch
// exactly one stores it; the other is told the key exists (SeaweedFS
// answers If-None-Match: * with 412 on PutObject and on
// CompleteMultipartUpload, as Amazon S3 does) and the stored object keeps
// the first writer's headers.
func TestUpload_conditionalCreate(t *testing.T) {
	c, bucket := seaweed(t)
	for _, size := range []int{1000, 6 * mib} {
		body := randomBytes(t, size)
		first := objectFor(bucket, body)
		opts := upload.Options{IfNoneMatch: true, Threshold: 5 * mib, PartSize: 5 * mib}
		res, err := upload.Upload(context.Background(), c, bytes.NewReader(body), first, opts)
		if err != nil {
			t.Fatalf("%d bytes, first writer: %v", size, err)
		}
		if res.Unconditional {
			t.Errorf("%d bytes: SeaweedFS honours If-None-Match, yet the write went unconditional", size)
		}
		second := first
		second.ContentType, second.CacheControl = "text/plain", "no-store"
		rec := newRecorder(c)
		_, err = upload.Upload(context.Background(), rec, bytes.NewReader(body), second, opts)
		if !errors.Is(err, upload.ErrObjectExists) {
			t.Fatalf("%d bytes, second writer: %v, want ErrObjectExists", size, err)
		}
		if size > int(opts.Threshold) && rec.aborts != 1 {
			t.Errorf("the refused multipart upload was not aborted (%d aborts)", rec.aborts)
		}
		assertStored(t, c, first, body)
	}
	assertNoUploadLeft(t, c, bucket, "no-such-key")
}

// Server-side encryption and the storage class go with every write: the
// single PutObject, the multipart upload, and the header-rewriting copy.
func TestUpload_encryptionAndStorageClass(t *testing.T) {
	c, bucket := seaweed(t)
	for _, size := range []int{1000, 6 * mib} {
		body := randomBytes(t, size)
		obj := objectFor(bucket, body)
		obj.ServerSideEncryption, obj.StorageClass = "AES256", "STANDARD_IA"
		if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{Threshold: 5 * mib, PartSize: 5 * mib}); err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		head, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(obj.Key)})
		if err != nil {
			t.Fatal(err)
		}
		if head.ServerSideEncryption != types.ServerSideEncryptionAes256 || head.StorageClass != types.StorageClassStandardIa {
			t.Errorf("%d bytes stored with SSE %q, class %q", size, head.ServerSideEncryption, head.StorageClass)
		}
		obj.ContentType, obj.StorageClass = "text/plain", "STANDARD"
		if _, err := upload.ReplaceHeaders(context.Background(), c, obj, "", upload.CopyOptions{}); err != nil {
			t.Fatalf("%d bytes, copy: %v", size, err)
		}
		head, err = c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(obj.Key)})
		if err != nil {
			t.Fatal(err)
		}
		if head.ServerSideEncryption != types.ServerSideEncryptionAes256 || aws.ToString(head.ContentType) != "text/plain" ||
			(head.StorageClass != "" && head.StorageClass != types.StorageClassStandard) {
			t.Errorf("%d bytes after the copy: SSE %q, type %q, class %q", size, head.ServerSideEncryption, aws.ToString(head.ContentType), head.StorageClass)
		}
	}
}
