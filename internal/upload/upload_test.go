package upload_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// The uploader is tested against a real SeaweedFS: the test bed named by
// FILESTORE_TESTBED (make testacc), or one started here when TF_ACC is set.
// Plain `go test` (make testunit: no server) runs only the tests that need
// none; the others skip and say how to run them.
var env *testbed.Env

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if testing.Short() {
		return m.Run()
	}
	if p := os.Getenv(testbed.EnvVar); p != "" {
		e, err := testbed.Load(p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "upload tests: %s=%s: %v\n", testbed.EnvVar, p, err)
			return 1
		}
		if !e.Has(testbed.SeaweedFS) {
			fmt.Fprintf(os.Stderr, "upload tests: the test bed in %s has no SeaweedFS\n", p)
			return 1
		}
		env = e
		return m.Run()
	}
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	e, err := testbed.Start(ctx, testbed.Options{Servers: []string{testbed.SeaweedFS}})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "upload tests: starting SeaweedFS:", err)
		return 1
	}
	env = e
	defer env.Stop()
	return m.Run()
}

const mib = 1 << 20

// seaweed returns a client for SeaweedFS and a fresh bucket.
func seaweed(t *testing.T) (*s3.Client, string) {
	t.Helper()
	if env == nil {
		t.Skip("needs SeaweedFS: run with TF_ACC=1 (starts one) or FILESTORE_TESTBED=<test bed JSON>")
	}
	c := env.S3Client(testbed.SeaweedFS)
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	bucket := "upload-test-" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("creating bucket: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		if err == nil {
			for _, o := range out.Contents {
				_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			}
		}
		_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})
	return c, bucket
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func objectFor(bucket string, body []byte) upload.Object {
	sum := upload.HashBytes(body)
	return upload.Object{
		Bucket:       bucket,
		Key:          "cas/" + sum[:2] + "/" + sum,
		ContentType:  "application/x-test",
		CacheControl: "public, max-age=60",
		Metadata:     map[string]string{"origin": "upload-test"},
		SHA256:       sum,
		Size:         int64(len(body)),
	}
}

// recorder wraps the real client: it records calls, can delay parts, fail
// them, tamper with them, or run a hook when a part starts.
type recorder struct {
	upload.Client

	mu          sync.Mutex
	partSizes   map[int32]int64
	puts        int
	creates     int
	completes   int
	aborts      int
	abortCtxErr error

	inFlight    atomic.Int32
	maxInFlight atomic.Int32

	partDelay   time.Duration
	failPart    int32
	tamperPart  int32
	onPartStart func(ctx context.Context, part int32)
}

func newRecorder(c upload.Client) *recorder {
	return &recorder{Client: c, partSizes: map[int32]int64{}}
}

func (r *recorder) PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	r.mu.Lock()
	r.puts++
	r.mu.Unlock()
	return r.Client.PutObject(ctx, in, opts...)
}

func (r *recorder) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	r.mu.Lock()
	r.creates++
	r.mu.Unlock()
	return r.Client.CreateMultipartUpload(ctx, in, opts...)
}

var errInjected = errors.New("injected part failure")

func (r *recorder) UploadPart(ctx context.Context, in *s3.UploadPartInput, opts ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	n := r.inFlight.Add(1)
	defer r.inFlight.Add(-1)
	for {
		m := r.maxInFlight.Load()
		if n <= m || r.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	part := aws.ToInt32(in.PartNumber)
	r.mu.Lock()
	r.partSizes[part] = aws.ToInt64(in.ContentLength)
	r.mu.Unlock()
	if r.onPartStart != nil {
		r.onPartStart(ctx, part)
	}
	if r.partDelay > 0 {
		select {
		case <-time.After(r.partDelay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if part == r.failPart {
		return nil, errInjected
	}
	if part == r.tamperPart {
		// Claim the checksum of other bytes: the store must refuse the part.
		wrong := sha256.Sum256([]byte("not this part"))
		cp := *in
		cp.ChecksumSHA256 = aws.String(base64.StdEncoding.EncodeToString(wrong[:]))
		in = &cp
	}
	return r.Client.UploadPart(ctx, in, opts...)
}

func (r *recorder) CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	r.mu.Lock()
	r.completes++
	r.mu.Unlock()
	return r.Client.CompleteMultipartUpload(ctx, in, opts...)
}

func (r *recorder) AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, opts ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	r.mu.Lock()
	r.aborts++
	r.abortCtxErr = ctx.Err()
	r.mu.Unlock()
	return r.Client.AbortMultipartUpload(ctx, in, opts...)
}

// assertNoUploadLeft asks the server that no multipart upload remains in
// the bucket and that no object was stored at key.
func assertNoUploadLeft(t *testing.T, c *s3.Client, bucket, key string) {
	t.Helper()
	ctx := context.Background()
	out, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("ListMultipartUploads: %v", err)
	}
	if len(out.Uploads) != 0 {
		for _, u := range out.Uploads {
			t.Errorf("multipart upload left behind: key %s id %s", aws.ToString(u.Key), aws.ToString(u.UploadId))
		}
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err == nil {
		t.Errorf("an object was stored at %s after a failed upload", key)
	}
}

// assertStored reads the object back and compares it with body.
func assertStored(t *testing.T, c *s3.Client, obj upload.Object, body []byte) *s3.GetObjectOutput {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	defer func() { _ = out.Body.Close() }()
	got, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, body) {
		t.Fatalf("stored body differs: %d bytes stored, %d uploaded", len(got), len(body))
	}
	if ct := aws.ToString(out.ContentType); ct != obj.ContentType {
		t.Errorf("Content-Type = %q, want %q", ct, obj.ContentType)
	}
	if cc := aws.ToString(out.CacheControl); cc != obj.CacheControl {
		t.Errorf("Cache-Control = %q, want %q", cc, obj.CacheControl)
	}
	if v := out.Metadata["origin"]; v != "upload-test" {
		t.Errorf("metadata origin = %q, want upload-test (all: %v)", v, out.Metadata)
	}
	return out
}

func TestLayout(t *testing.T) {
	cases := []struct {
		size, part int64
		wantPart   int64
		wantCount  int
	}{
		{size: 0, part: 8 * mib, wantPart: 8 * mib, wantCount: 0},
		{size: 1, part: 8 * mib, wantPart: 8 * mib, wantCount: 1},
		{size: 8 * mib, part: 8 * mib, wantPart: 8 * mib, wantCount: 1},
		{size: 8*mib + 1, part: 8 * mib, wantPart: 8 * mib, wantCount: 2},
		{size: 64*mib + 1, part: 8 * mib, wantPart: 8 * mib, wantCount: 9},
		{size: 1 << 30, part: 8 * mib, wantPart: 8 * mib, wantCount: 128},
		// 10000 parts exactly fit; one more byte raises the part size to the
		// next whole MiB.
		{size: 10000 * 5 * mib, part: 5 * mib, wantPart: 5 * mib, wantCount: 10000},
		{size: 10000*5*mib + 1, part: 5 * mib, wantPart: 6 * mib, wantCount: 8334},
		{size: 1 << 40, part: 8 * mib, wantPart: 105 * mib, wantCount: 9987},
	}
	for _, c := range cases {
		part, count, err := upload.Layout(c.size, c.part)
		if err != nil {
			t.Errorf("Layout(%d, %d): %v", c.size, c.part, err)
			continue
		}
		if part != c.wantPart || count != c.wantCount {
			t.Errorf("Layout(%d, %d) = %d, %d; want %d, %d", c.size, c.part, part, count, c.wantPart, c.wantCount)
		}
		if count > upload.MaxParts {
			t.Errorf("Layout(%d, %d): %d parts, above the S3 maximum", c.size, c.part, count)
		}
		if c.size > 0 && (int64(count-1)*part >= c.size || int64(count)*part < c.size) {
			t.Errorf("Layout(%d, %d) = %d × %d does not cover the size exactly", c.size, c.part, count, part)
		}
	}
	if _, _, err := upload.Layout(60<<40, 8*mib); err == nil {
		t.Error("Layout(60 TiB) should fail: it needs parts above 5 GiB")
	}
	if _, _, err := upload.Layout(10, 0); err == nil {
		t.Error("Layout with part size 0 should fail")
	}
}

func TestUpload_singlePut(t *testing.T) {
	c, bucket := seaweed(t)
	body := randomBytes(t, 3*mib+17)
	obj := objectFor(bucket, body)
	rec := newRecorder(c)
	var reports []upload.Progress
	res, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Progress: func(p upload.Progress) { reports = append(reports, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Multipart || rec.puts != 1 || rec.creates != 0 {
		t.Errorf("want one PutObject, got multipart=%v puts=%d creates=%d", res.Multipart, rec.puts, rec.creates)
	}
	if res.ETag == "" {
		t.Error("no ETag returned")
	}
	assertStored(t, c, obj, body)
	if len(reports) != 1 || !reports[0].Final || reports[0].BytesDone != obj.Size {
		t.Errorf("progress reports = %+v, want one final report of %d bytes", reports, obj.Size)
	}
	// The store kept the SHA-256 it verified.
	head, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(obj.Key), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := hex.DecodeString(obj.SHA256)
	if got, want := aws.ToString(head.ChecksumSHA256), base64.StdEncoding.EncodeToString(sum); got != want {
		t.Errorf("stored x-amz-checksum-sha256 = %q, want %q", got, want)
	}
}

func TestUpload_emptyBody(t *testing.T) {
	c, bucket := seaweed(t)
	obj := objectFor(bucket, nil)
	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(nil), obj, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	head, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(obj.Key)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt64(head.ContentLength) != 0 {
		t.Errorf("size = %d, want 0", aws.ToInt64(head.ContentLength))
	}
}

func TestUpload_multipartSplitsParts(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(3*part+part/2))
	obj := objectFor(bucket, body)
	rec := newRecorder(c)
	res, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: 2 * part, PartSize: part, Concurrency: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Multipart || res.Parts != 4 || res.PartSize != part {
		t.Errorf("result = %+v, want 4 parts of %d", res, part)
	}
	want := map[int32]int64{1: part, 2: part, 3: part, 4: part / 2}
	if fmt.Sprint(rec.partSizes) != fmt.Sprint(want) {
		t.Errorf("part sizes sent = %v, want %v", rec.partSizes, want)
	}
	if rec.puts != 0 || rec.creates != 1 || rec.completes != 1 || rec.aborts != 0 {
		t.Errorf("calls: puts=%d creates=%d completes=%d aborts=%d", rec.puts, rec.creates, rec.completes, rec.aborts)
	}
	out := assertStored(t, c, obj, body)
	if aws.ToInt64(out.ContentLength) != obj.Size {
		t.Errorf("stored size = %d, want %d", aws.ToInt64(out.ContentLength), obj.Size)
	}
	// The threshold itself still goes up in one request.
	exact := randomBytes(t, int(2*part))
	rec2 := newRecorder(c)
	res, err = upload.Upload(context.Background(), rec2, bytes.NewReader(exact), objectFor(bucket, exact), upload.Options{Threshold: 2 * part, PartSize: part})
	if err != nil {
		t.Fatal(err)
	}
	if res.Multipart || rec2.puts != 1 {
		t.Errorf("a body of exactly the threshold should be one PutObject (multipart=%v puts=%d)", res.Multipart, rec2.puts)
	}
}

func TestUpload_concurrencyAndMemoryBound(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(8*part))
	obj := objectFor(bucket, body)
	rec := newRecorder(c)
	rec.partDelay = 150 * time.Millisecond // make the parts overlap
	const concurrency = 3
	res, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Concurrency: concurrency,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.maxInFlight.Load(); got != concurrency {
		t.Errorf("at most %d parts were in flight, want exactly %d (bounded and actually concurrent)", got, concurrency)
	}
	if res.BufferedBytes > concurrency*part {
		t.Errorf("allocated %d bytes of part buffers, above Concurrency × PartSize = %d", res.BufferedBytes, concurrency*part)
	}
	if res.BufferedBytes == 0 {
		t.Error("BufferedBytes not reported")
	}
	assertStored(t, c, obj, body)
}

func TestUpload_progressThrottled(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(4*part))
	obj := objectFor(bucket, body)
	var mu sync.Mutex
	var reports []upload.Progress
	collect := func(p upload.Progress) { mu.Lock(); reports = append(reports, p); mu.Unlock() }

	// A long interval: only the final report.
	if _, err := upload.Upload(context.Background(), c, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Progress: collect, ProgressInterval: time.Hour,
	}); err != nil {
		t.Fatal(err)
	}
	if len(reports) != 1 || !reports[0].Final || reports[0].BytesDone != obj.Size || reports[0].PartsDone != 4 || reports[0].PartsTotal != 4 {
		t.Fatalf("reports = %+v, want only the final one", reports)
	}

	// A tiny interval: intermediate reports, monotonic, then the final one.
	reports = nil
	rec := newRecorder(c)
	rec.partDelay = 20 * time.Millisecond
	if _, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Concurrency: 1, Progress: collect, ProgressInterval: time.Nanosecond,
	}); err != nil {
		t.Fatal(err)
	}
	if len(reports) < 2 {
		t.Fatalf("reports = %+v, want intermediate reports", reports)
	}
	for i := 1; i < len(reports); i++ {
		if reports[i].BytesDone < reports[i-1].BytesDone {
			t.Errorf("progress went backwards: %+v", reports)
		}
	}
	last := reports[len(reports)-1]
	if !last.Final || last.BytesDone != last.BytesTotal || last.BytesTotal != obj.Size {
		t.Errorf("last report = %+v, want final and complete", last)
	}
}

func TestUpload_abortOnPartFailure(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(6*part))
	obj := objectFor(bucket, body)
	rec := newRecorder(c)
	rec.failPart = 3
	_, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Concurrency: 2,
	})
	var mpErr *upload.MultipartError
	if !errors.As(err, &mpErr) {
		t.Fatalf("want a *MultipartError, got %v", err)
	}
	if !errors.Is(err, errInjected) {
		t.Errorf("the error does not carry the part failure: %v", err)
	}
	if mpErr.AbortErr != nil || mpErr.UploadID == "" {
		t.Errorf("abort: id %q err %v", mpErr.UploadID, mpErr.AbortErr)
	}
	if rec.aborts != 1 || rec.completes != 0 {
		t.Errorf("aborts=%d completes=%d, want 1 and 0", rec.aborts, rec.completes)
	}
	assertNoUploadLeft(t, c, bucket, obj.Key)
}

func TestUpload_partChecksumVerifiedByStore(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(3*part))
	obj := objectFor(bucket, body)
	rec := newRecorder(c)
	rec.tamperPart = 2
	_, err := upload.Upload(context.Background(), rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Concurrency: 1,
	})
	if err == nil {
		t.Fatal("a part whose bytes do not match its x-amz-checksum-sha256 was accepted")
	}
	t.Logf("store refused the tampered part: %v", err)
	assertNoUploadLeft(t, c, bucket, obj.Key)
}

func TestUpload_abortOnCancellation(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(6*part))
	obj := objectFor(bucket, body)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := newRecorder(c)
	rec.partDelay = 200 * time.Millisecond
	rec.onPartStart = func(_ context.Context, part int32) {
		if part == 3 {
			cancel() // the apply is interrupted while parts are in flight
		}
	}
	_, err := upload.Upload(ctx, rec, bytes.NewReader(body), obj, upload.Options{
		Threshold: part, PartSize: part, Concurrency: 2,
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want a cancellation error, got %v", err)
	}
	var mpErr *upload.MultipartError
	if !errors.As(err, &mpErr) || mpErr.AbortErr != nil {
		t.Fatalf("want an aborted *MultipartError, got %v", err)
	}
	if rec.aborts != 1 || rec.abortCtxErr != nil {
		t.Errorf("aborts=%d, abort context error=%v: the abort needs a live context", rec.aborts, rec.abortCtxErr)
	}
	if rec.completes != 0 {
		t.Errorf("CompleteMultipartUpload called after cancellation")
	}
	assertNoUploadLeft(t, c, bucket, obj.Key)
}

func TestUpload_sourceChanged(t *testing.T) {
	c, bucket := seaweed(t)
	part := upload.MinPartSize
	body := randomBytes(t, int(3*part))
	obj := objectFor(bucket, body)

	cases := []struct {
		name string
		body []byte
	}{
		{"same size, other bytes", append(append([]byte(nil), body[:len(body)-1]...), body[len(body)-1]^0xff)},
		{"shorter", body[:len(body)-10]},
		{"longer", append(append([]byte(nil), body...), 'x')},
	}
	for _, mode := range []struct {
		name      string
		threshold int64
	}{{"multipart", part}, {"single", 0}} {
		for _, tc := range cases {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				rec := newRecorder(c)
				_, err := upload.Upload(context.Background(), rec, bytes.NewReader(tc.body), obj, upload.Options{
					Threshold: mode.threshold, PartSize: part,
				})
				var changed *upload.SourceChangedError
				if !errors.As(err, &changed) {
					t.Fatalf("want a *SourceChangedError, got %v", err)
				}
				if mode.name == "single" && rec.puts != 0 {
					t.Error("PutObject sent for a body that does not match the plan")
				}
				if mode.name == "multipart" && (rec.completes != 0 || rec.aborts != 1) {
					t.Errorf("completes=%d aborts=%d, want 0 and 1", rec.completes, rec.aborts)
				}
				assertNoUploadLeft(t, c, bucket, obj.Key)
			})
		}
	}
}

func TestUpload_rejectsBadDigest(t *testing.T) {
	obj := upload.Object{Bucket: "b", Key: "k", SHA256: "abc", Size: 1}
	if _, err := upload.Upload(context.Background(), nil, bytes.NewReader([]byte("x")), obj, upload.Options{}); err == nil {
		t.Error("want an error for a malformed digest")
	}
}
