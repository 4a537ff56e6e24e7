package upload_test

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// copyRecorder counts the copy calls and can fail one part copy.
type copyRecorder struct {
	upload.CopyClient
	copies, partCopies, aborts atomic.Int32
	failPart                   int32
}

func (r *copyRecorder) CopyObject(ctx context.Context, in *s3.CopyObjectInput, opts ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	r.copies.Add(1)
	return r.CopyClient.CopyObject(ctx, in, opts...)
}

func (r *copyRecorder) UploadPartCopy(ctx context.Context, in *s3.UploadPartCopyInput, opts ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error) {
	r.partCopies.Add(1)
	if aws.ToInt32(in.PartNumber) == r.failPart {
		return nil, errInjected
	}
	return r.CopyClient.UploadPartCopy(ctx, in, opts...)
}

func (r *copyRecorder) AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, opts ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	r.aborts.Add(1)
	return r.CopyClient.AbortMultipartUpload(ctx, in, opts...)
}

func TestCopySource(t *testing.T) {
	if got, want := upload.CopySource("b", "my prefix/ab/ab12"), "b/my%20prefix/ab/ab12"; got != want {
		t.Errorf("CopySource = %q, want %q", got, want)
	}
}

func TestReplaceHeaders(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(2*part+part/3))
	obj := objectFor(bucket, body)
	obj.ContentType = "application/octet-stream"
	obj.Metadata = map[string]string{"origin": "first-writer", "stale": "yes"}
	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name      string
		maxSingle int64
		wantParts int32
	}{{"single CopyObject", 0, 0}, {"multipart copy", part, 3}} {
		t.Run(mode.name, func(t *testing.T) {
			want := obj
			want.ContentType = "application/x-test"
			want.CacheControl = "public, max-age=60"
			want.Metadata = map[string]string{"origin": "upload-test"}
			if mode.wantParts > 0 {
				want.CacheControl = "no-cache"
				want.ContentType = "text/plain; charset=utf-8"
			}
			rec := &copyRecorder{CopyClient: c}
			etag, err := upload.ReplaceHeaders(context.Background(), rec, want, "", upload.CopyOptions{MaxSingleCopy: mode.maxSingle, PartSize: part})
			if err != nil {
				t.Fatal(err)
			}
			if etag == "" {
				t.Error("no ETag returned")
			}
			if mode.wantParts == 0 && (rec.copies.Load() != 1 || rec.partCopies.Load() != 0) {
				t.Errorf("copies=%d partCopies=%d, want one CopyObject", rec.copies.Load(), rec.partCopies.Load())
			}
			if mode.wantParts > 0 && (rec.copies.Load() != 0 || rec.partCopies.Load() != mode.wantParts) {
				t.Errorf("copies=%d partCopies=%d, want %d part copies", rec.copies.Load(), rec.partCopies.Load(), mode.wantParts)
			}
			out := assertStored(t, c, want, body)
			if _, ok := out.Metadata["stale"]; ok {
				t.Errorf("metadata not replaced: %v", out.Metadata)
			}
		})
	}
}

func TestReplaceHeaders_ifMatch(t *testing.T) {
	c, bucket := seaweed(t)
	body := randomBytes(t, 1000)
	obj := objectFor(bucket, body)
	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	_, err := upload.ReplaceHeaders(context.Background(), c, obj, `"0123456789abcdef0123456789abcdef"`, upload.CopyOptions{})
	if err == nil {
		t.Fatal("a copy with a stale If-Match succeeded")
	}
}

func TestReplaceHeaders_abortsFailedMultipartCopy(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(3*part))
	obj := objectFor(bucket, body)
	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	rec := &copyRecorder{CopyClient: c, failPart: 2}
	changed := obj
	changed.ContentType = "text/plain"
	_, err := upload.ReplaceHeaders(context.Background(), rec, changed, "", upload.CopyOptions{MaxSingleCopy: part, PartSize: part, Concurrency: 1})
	var mpErr *upload.MultipartError
	if !errors.As(err, &mpErr) || mpErr.AbortErr != nil || !errors.Is(err, errInjected) {
		t.Fatalf("want an aborted *MultipartError carrying the part failure, got %v", err)
	}
	if rec.aborts.Load() != 1 {
		t.Errorf("aborts = %d, want 1", rec.aborts.Load())
	}
	out, err := c.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Uploads) != 0 {
		t.Errorf("%d multipart uploads left behind", len(out.Uploads))
	}
	// The original object is intact.
	assertStored(t, c, obj, body)
}
