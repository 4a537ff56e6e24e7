// Package upload puts one content-addressed object into S3: a single
// PutObject for small bodies, a concurrent multipart upload for large ones.
// It has no Terraform framework dependency; filestore_content_object is the
// thin glue around it.
//
// Why not feature/s3/transfermanager (the successor of feature/s3/manager)?
// We need guarantees it does not give, at v0.5.x:
//
//   - Content addressing: the key is derived from the SHA-256 computed at plan
//     time, so the bytes uploaded must be exactly the bytes with that digest.
//     This uploader hashes the body in the same pass that fills the part
//     buffers and aborts the upload instead of completing it when the digest
//     or the size differs (the file changed between plan and apply, or while
//     it was being read). Completing first and deleting afterwards would
//     leave a wrong object under a content address, however briefly.
//   - Bounded memory: at most Concurrency part buffers exist at any time.
//     transfermanager first reads up to MultipartUploadThreshold bytes in one
//     io.ReadAll (64 MiB here, with the append growth on top) and then keeps
//     Concurrency+1 part buffers.
//   - Fail fast: the first failed part cancels the parts in flight; the
//     upload is aborted only after every part request has returned (so no
//     part lands after the abort), with a fresh context so that a cancelled
//     apply still aborts.
//   - Part checksums computed from our own buffers (x-amz-checksum-sha256 as
//     a plain header), no aws-chunked trailers, which S3-compatible stores
//     handle unevenly. The whole-object checksum of a single PutObject is
//     SHA-256 by default, CRC-64/NVME where the store accepts no other
//     (Cloudflare R2: see checksum.go).
//   - Conditional create (If-None-Match: *): of two writers racing to
//     store the same content address, exactly one wins and the other learns
//     it (ErrObjectExists), so "first writer wins" holds for the headers.
package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3 limits and this package's defaults.
const (
	// MinPartSize is the smallest part S3 accepts (except the last one).
	MinPartSize int64 = 5 << 20
	// MaxPartSize is the largest part S3 accepts.
	MaxPartSize int64 = 5 << 30
	// MaxParts is the largest part number S3 accepts.
	MaxParts = 10000

	// DefaultThreshold: bodies larger than this go up in parts.
	DefaultThreshold int64 = 64 << 20
	// DefaultPartSize is the part size of a multipart upload.
	DefaultPartSize int64 = 8 << 20
	// DefaultConcurrency is the number of parts uploaded at once.
	DefaultConcurrency = 4
	// DefaultProgressInterval is the least time between two progress reports.
	DefaultProgressInterval = 5 * time.Second
	// DefaultAbortTimeout bounds AbortMultipartUpload after a failure.
	DefaultAbortTimeout = 2 * time.Minute
)

// Client is the part of *s3.Client the uploader uses.
type Client interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput, ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPart(context.Context, *s3.UploadPartInput, ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput, ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}

var _ Client = (*s3.Client)(nil)

// Object describes what to upload.
type Object struct {
	Bucket       string
	Key          string
	ContentType  string
	CacheControl string
	Metadata     map[string]string
	// ServerSideEncryption is the x-amz-server-side-encryption header
	// (AES256, aws:kms, aws:kms:dsse); empty sends none (the bucket default
	// applies). KMSKeyID goes with a KMS algorithm only.
	ServerSideEncryption string
	KMSKeyID             string
	// StorageClass is the x-amz-storage-class header; empty sends none.
	StorageClass string
	// SHA256 is the expected lowercase hex digest of the whole body and Size
	// its length: the body must match both or nothing is stored.
	SHA256 string
	Size   int64
}

// Options tune an upload. Zero values mean the defaults.
type Options struct {
	// Threshold: a body larger than this is uploaded in parts.
	Threshold int64
	// PartSize is the size of every part but the last. S3 requires at least
	// MinPartSize; it is raised when the body would need more than MaxParts.
	PartSize int64
	// Concurrency is the number of parts in flight, and the number of part
	// buffers: memory is bounded by Concurrency × PartSize.
	Concurrency int
	// Progress, if set, is called at most every ProgressInterval while parts
	// complete, and once at the end (Final). It may be called from several
	// goroutines, never concurrently.
	Progress         func(Progress)
	ProgressInterval time.Duration
	// AbortTimeout bounds AbortMultipartUpload after a failure.
	AbortTimeout time.Duration
	// Store is what the target store accepts (zero value: Amazon S3).
	Store Store
	// IfNoneMatch makes the upload conditional on the key being absent
	// (If-None-Match: * on PutObject and, unless Store.NoConditionalComplete,
	// CompleteMultipartUpload): when another writer stored the key first,
	// Upload stores nothing and returns an error wrapping ErrObjectExists.
	IfNoneMatch bool
}

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = DefaultProgressInterval
	}
	if o.AbortTimeout <= 0 {
		o.AbortTimeout = DefaultAbortTimeout
	}
	return o
}

// Progress is one progress report.
type Progress struct {
	BytesDone  int64
	BytesTotal int64
	PartsDone  int
	PartsTotal int
	Final      bool
}

// Result describes a finished upload.
type Result struct {
	ETag      string
	Multipart bool
	UploadID  string
	Parts     int
	PartSize  int64
	// BufferedBytes is the total size of the buffers the upload allocated for
	// the body: the body size for a single PutObject, at most
	// Concurrency × PartSize for a multipart upload.
	BufferedBytes int64
	// Unconditional is true when Options.IfNoneMatch was asked for but the
	// write went without it: the store answered NotImplemented to the
	// conditional request, or does not document it (Store).
	Unconditional bool
}

// Layout returns the part size and count for a multipart upload of size
// bytes: partSize, raised (to a whole MiB) when size would need more than
// MaxParts parts.
func Layout(size, partSize int64) (int64, int, error) {
	if partSize <= 0 {
		return 0, 0, fmt.Errorf("part size must be positive, got %d", partSize)
	}
	if size <= 0 {
		return partSize, 0, nil
	}
	if (size+partSize-1)/partSize > MaxParts {
		const mib = 1 << 20
		partSize = (size + MaxParts - 1) / MaxParts
		partSize = (partSize + mib - 1) / mib * mib
	}
	if partSize > MaxPartSize {
		return 0, 0, fmt.Errorf("%d bytes need parts of %d bytes, above the S3 maximum of %d", size, partSize, MaxPartSize)
	}
	return partSize, int((size + partSize - 1) / partSize), nil
}

// Upload reads exactly obj.Size bytes from body and stores them at
// obj.Bucket/obj.Key, verifying them against obj.SHA256 before anything is
// made visible. Bodies of at most Threshold bytes go up with one PutObject;
// larger ones as a concurrent multipart upload that is aborted on any
// failure or cancellation.
func Upload(ctx context.Context, c Client, body io.Reader, obj Object, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	if len(obj.SHA256) != sha256.Size*2 {
		return nil, fmt.Errorf("expected SHA-256 %q is not a hex digest", obj.SHA256)
	}
	if obj.Size < 0 {
		return nil, fmt.Errorf("negative size %d", obj.Size)
	}
	if obj.Size <= opts.Threshold {
		return putSingle(ctx, c, body, obj, opts)
	}
	partSize, count, err := Layout(obj.Size, opts.PartSize)
	if err != nil {
		return nil, err
	}
	m := &multipart{c: c, body: body, obj: obj, opts: opts, partSize: partSize, count: count}
	return m.run(ctx)
}

func putSingle(ctx context.Context, c Client, body io.Reader, obj Object, opts Options) (*Result, error) {
	buf := make([]byte, obj.Size)
	if n, err := io.ReadFull(body, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, &SourceChangedError{ExpectedSHA256: obj.SHA256, ExpectedSize: obj.Size, ActualSize: int64(n)}
		}
		return nil, fmt.Errorf("reading the source: %w", err)
	}
	if err := expectEOF(body, obj); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf)
	if got := hex.EncodeToString(sum[:]); got != obj.SHA256 {
		return nil, &SourceChangedError{ExpectedSHA256: obj.SHA256, ExpectedSize: obj.Size, ActualSHA256: got, ActualSize: obj.Size}
	}
	in := &s3.PutObjectInput{
		Bucket:               aws.String(obj.Bucket),
		Key:                  aws.String(obj.Key),
		Body:                 bytes.NewReader(buf),
		ContentLength:        aws.Int64(obj.Size),
		ContentType:          nonEmpty(obj.ContentType),
		CacheControl:         nonEmpty(obj.CacheControl),
		Metadata:             obj.Metadata,
		ServerSideEncryption: types.ServerSideEncryption(obj.ServerSideEncryption),
		SSEKMSKeyId:          nonEmpty(obj.KMSKeyID),
		StorageClass:         types.StorageClass(obj.StorageClass),
	}
	// The store verifies the whole body against the checksum.
	opts.Store.WholeObjectChecksum.set(in, sum, buf)
	if opts.IfNoneMatch {
		in.IfNoneMatch = aws.String("*")
	}
	out, err := c.PutObject(ctx, in)
	unconditional := false
	if err != nil && in.IfNoneMatch != nil && isNotImplemented(err) {
		// The store has no conditional writes: write unconditionally (the
		// last of two racing writers wins).
		in.IfNoneMatch, in.Body, unconditional = nil, bytes.NewReader(buf), true
		out, err = c.PutObject(ctx, in)
	}
	if err != nil {
		return nil, conditionalErr(err)
	}
	if opts.Progress != nil {
		opts.Progress(Progress{BytesDone: obj.Size, BytesTotal: obj.Size, PartsDone: 1, PartsTotal: 1, Final: true})
	}
	return &Result{ETag: aws.ToString(out.ETag), Parts: 1, PartSize: obj.Size, BufferedBytes: obj.Size, Unconditional: unconditional}, nil
}

// expectEOF checks that body has nothing after the planned size.
func expectEOF(body io.Reader, obj Object) error {
	var one [1]byte
	n, err := io.ReadFull(body, one[:])
	if n > 0 {
		return &SourceChangedError{ExpectedSHA256: obj.SHA256, ExpectedSize: obj.Size, ActualSize: -1}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the source: %w", err)
	}
	return nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

type multipart struct {
	c        Client
	body     io.Reader
	obj      Object
	opts     Options
	partSize int64
	count    int

	mu       sync.Mutex
	parts    []types.CompletedPart
	buffered int64
	// unconditional: completed without the If-None-Match asked for.
	unconditional bool

	progress *progress
}

type partJob struct {
	number int32
	buf    []byte
	sum    [sha256.Size]byte
}

func (m *multipart) run(ctx context.Context) (*Result, error) {
	created, err := m.c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:               aws.String(m.obj.Bucket),
		Key:                  aws.String(m.obj.Key),
		ContentType:          nonEmpty(m.obj.ContentType),
		CacheControl:         nonEmpty(m.obj.CacheControl),
		Metadata:             m.obj.Metadata,
		ServerSideEncryption: types.ServerSideEncryption(m.obj.ServerSideEncryption),
		SSEKMSKeyId:          nonEmpty(m.obj.KMSKeyID),
		StorageClass:         types.StorageClass(m.obj.StorageClass),
		// Every part then carries its SHA-256 and the store verifies it (a
		// COMPOSITE checksum, which R2 accepts too).
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the multipart upload: %w", err)
	}
	uploadID := aws.ToString(created.UploadId)
	m.progress = newProgress(m.opts, m.obj.Size, m.count)

	err = m.uploadParts(ctx, uploadID)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		var etag string
		etag, err = m.complete(ctx, uploadID)
		if err == nil {
			m.progress.final()
			return &Result{ETag: etag, Multipart: true, UploadID: uploadID, Parts: m.count, PartSize: m.partSize, BufferedBytes: m.buffered, Unconditional: m.unconditional}, nil
		}
		err = fmt.Errorf("completing: %w", err)
	}
	return nil, &MultipartError{UploadID: uploadID, Err: err, AbortErr: abortUpload(ctx, m.c, m.obj, uploadID, m.opts.AbortTimeout)}
}

// uploadParts reads the body part by part into at most Concurrency buffers,
// hashing it on the way, and uploads the parts from Concurrency workers. It
// returns after every worker has returned.
func (m *multipart) uploadParts(parent context.Context, uploadID string) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)

	workers := m.opts.Concurrency
	if workers > m.count {
		workers = m.count
	}
	jobs := make(chan partJob)
	free := make(chan []byte, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if ctx.Err() == nil {
					if err := m.uploadPart(ctx, uploadID, job); err != nil {
						cancel(fmt.Errorf("part %d: %w", job.number, err))
					}
				}
				free <- job.buf
			}
		}()
	}

	readErr := m.feed(ctx, jobs, free, workers)
	if readErr != nil {
		cancel(readErr)
	}
	close(jobs)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return readErr
}

// feed reads the parts in order. A buffer is allocated only while fewer than
// `buffers` exist; otherwise feed waits for a worker to return one.
func (m *multipart) feed(ctx context.Context, jobs chan<- partJob, free chan []byte, buffers int) error {
	whole := sha256.New()
	allocated := 0
	bufSize := m.partSize
	if bufSize > m.obj.Size {
		bufSize = m.obj.Size
	}
	var read int64
	for i := range m.count {
		var buf []byte
		select {
		case buf = <-free:
		default:
			if allocated < buffers {
				buf = make([]byte, bufSize)
				allocated++
				m.mu.Lock()
				m.buffered += bufSize
				m.mu.Unlock()
			} else {
				select {
				case buf = <-free:
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
		}
		n := m.partSize
		if rest := m.obj.Size - read; rest < n {
			n = rest
		}
		buf = buf[:n]
		if got, err := io.ReadFull(m.body, buf); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return &SourceChangedError{ExpectedSHA256: m.obj.SHA256, ExpectedSize: m.obj.Size, ActualSize: read + int64(got)}
			}
			return fmt.Errorf("reading the source: %w", err)
		}
		read += n
		whole.Write(buf)
		job := partJob{number: int32(i + 1), buf: buf, sum: sha256.Sum256(buf)}
		select {
		case jobs <- job:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	if err := expectEOF(m.body, m.obj); err != nil {
		return err
	}
	if got := hex.EncodeToString(whole.Sum(nil)); got != m.obj.SHA256 {
		return &SourceChangedError{ExpectedSHA256: m.obj.SHA256, ExpectedSize: m.obj.Size, ActualSHA256: got, ActualSize: m.obj.Size}
	}
	return nil
}

func (m *multipart) uploadPart(ctx context.Context, uploadID string, job partJob) error {
	checksum := base64.StdEncoding.EncodeToString(job.sum[:])
	out, err := m.c.UploadPart(ctx, &s3.UploadPartInput{
		Bucket:         aws.String(m.obj.Bucket),
		Key:            aws.String(m.obj.Key),
		UploadId:       aws.String(uploadID),
		PartNumber:     aws.Int32(job.number),
		Body:           bytes.NewReader(job.buf),
		ContentLength:  aws.Int64(int64(len(job.buf))),
		ChecksumSHA256: aws.String(checksum),
	})
	if err != nil {
		return err
	}
	part := types.CompletedPart{
		ETag:           out.ETag,
		PartNumber:     aws.Int32(job.number),
		ChecksumSHA256: aws.String(checksum),
	}
	m.mu.Lock()
	m.parts = append(m.parts, part)
	m.mu.Unlock()
	m.progress.add(int64(len(job.buf)))
	return nil
}

func (m *multipart) complete(ctx context.Context, uploadID string) (string, error) {
	m.mu.Lock()
	parts := append([]types.CompletedPart(nil), m.parts...)
	m.mu.Unlock()
	if len(parts) != m.count {
		return "", fmt.Errorf("%d of %d parts uploaded", len(parts), m.count)
	}
	sort.Slice(parts, func(i, j int) bool { return aws.ToInt32(parts[i].PartNumber) < aws.ToInt32(parts[j].PartNumber) })
	in := &s3.CompleteMultipartUploadInput{
		Bucket:          aws.String(m.obj.Bucket),
		Key:             aws.String(m.obj.Key),
		UploadId:        aws.String(uploadID),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	}
	if m.opts.IfNoneMatch && !m.opts.Store.NoConditionalComplete {
		in.IfNoneMatch = aws.String("*")
	}
	m.unconditional = m.opts.IfNoneMatch && in.IfNoneMatch == nil
	out, err := m.c.CompleteMultipartUpload(ctx, in)
	if err != nil && in.IfNoneMatch != nil && isNotImplemented(err) {
		in.IfNoneMatch, m.unconditional = nil, true
		out, err = m.c.CompleteMultipartUpload(ctx, in)
	}
	if err != nil {
		return "", conditionalErr(err)
	}
	return aws.ToString(out.ETag), nil
}

// abortUpload aborts a multipart upload with a context of its own: the
// caller's may be the reason we are here (cancellation, deadline). An upload
// that is already gone counts as aborted.
func abortUpload(ctx context.Context, c interface {
	AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}, obj Object, uploadID string, timeout time.Duration) error {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	_, err := c.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{
		Bucket:   aws.String(obj.Bucket),
		Key:      aws.String(obj.Key),
		UploadId: aws.String(uploadID),
	})
	var apiErr smithy.APIError
	if err != nil && errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchUpload" {
		return nil
	}
	return err
}
