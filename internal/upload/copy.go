package upload

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// MaxSingleCopySize is the largest object CopyObject copies in one request.
const MaxSingleCopySize int64 = 5 << 30

// DefaultCopyPartSize is the part size of a server-side multipart copy: the
// bytes never pass through this process, so parts can be large.
const DefaultCopyPartSize int64 = 512 << 20

// CopyClient is the part of *s3.Client that ReplaceHeaders uses.
type CopyClient interface {
	CopyObject(context.Context, *s3.CopyObjectInput, ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput, ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPartCopy(context.Context, *s3.UploadPartCopyInput, ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error)
	CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput, ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}

var _ CopyClient = (*s3.Client)(nil)

// CopyOptions tune ReplaceHeaders. Zero values mean the defaults.
type CopyOptions struct {
	// MaxSingleCopy: larger objects are copied in parts (UploadPartCopy).
	MaxSingleCopy int64
	// PartSize of a multipart copy.
	PartSize int64
	// Concurrency of a multipart copy.
	Concurrency  int
	AbortTimeout time.Duration
	// Store is what the target store accepts (zero value: Amazon S3).
	Store Store
}

// ReplaceHeaders rewrites the content type, cache control, metadata, and
// the server-side encryption and storage class when set, of the existing
// object obj.Bucket/obj.Key (obj.Size bytes) by copying it onto itself: the
// content, and so the content address, is unchanged. The copy is a write
// (s3:PutObject): on a bucket that denies unencrypted uploads it must carry
// the SSE header too. ifMatch, when set, makes the copy fail if the object
// changed since it was read. It returns the new ETag.
func ReplaceHeaders(ctx context.Context, c CopyClient, obj Object, ifMatch string, opts CopyOptions) (string, error) {
	if opts.MaxSingleCopy <= 0 {
		opts.MaxSingleCopy = MaxSingleCopySize
	}
	if opts.PartSize <= 0 {
		opts.PartSize = DefaultCopyPartSize
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.AbortTimeout <= 0 {
		opts.AbortTimeout = DefaultAbortTimeout
	}
	source := CopySource(obj.Bucket, obj.Key)
	if obj.Size <= opts.MaxSingleCopy {
		out, err := c.CopyObject(ctx, &s3.CopyObjectInput{
			Bucket:               aws.String(obj.Bucket),
			Key:                  aws.String(obj.Key),
			CopySource:           aws.String(source),
			CopySourceIfMatch:    nonEmpty(ifMatch),
			MetadataDirective:    types.MetadataDirectiveReplace,
			ContentType:          nonEmpty(obj.ContentType),
			CacheControl:         nonEmpty(obj.CacheControl),
			Metadata:             obj.Metadata,
			ServerSideEncryption: types.ServerSideEncryption(obj.ServerSideEncryption),
			SSEKMSKeyId:          nonEmpty(obj.KMSKeyID),
			StorageClass:         types.StorageClass(obj.StorageClass),
		})
		if err != nil {
			return "", err
		}
		if out.CopyObjectResult == nil {
			return "", errors.New("CopyObject returned no result")
		}
		return aws.ToString(out.CopyObjectResult.ETag), nil
	}
	return multipartCopy(ctx, c, obj, source, ifMatch, opts)
}

// CopySource renders the x-amz-copy-source value: bucket/key with every key
// segment URL-encoded.
func CopySource(bucket, key string) string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return bucket + "/" + strings.Join(segs, "/")
}

func multipartCopy(ctx context.Context, c CopyClient, obj Object, source, ifMatch string, opts CopyOptions) (string, error) {
	partSize, count, err := Layout(obj.Size, opts.PartSize)
	if err != nil {
		return "", err
	}
	created, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:               aws.String(obj.Bucket),
		Key:                  aws.String(obj.Key),
		ContentType:          nonEmpty(obj.ContentType),
		CacheControl:         nonEmpty(obj.CacheControl),
		Metadata:             obj.Metadata,
		ServerSideEncryption: types.ServerSideEncryption(obj.ServerSideEncryption),
		SSEKMSKeyId:          nonEmpty(obj.KMSKeyID),
		StorageClass:         types.StorageClass(obj.StorageClass),
	})
	if err != nil {
		return "", fmt.Errorf("starting the multipart copy: %w", err)
	}
	uploadID := aws.ToString(created.UploadId)

	partIfMatch := ifMatch
	if opts.Store.NoPartCopyConditions {
		partIfMatch = ""
	}
	pctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu    sync.Mutex
		parts []types.CompletedPart
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	workers := min(opts.Concurrency, count)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if pctx.Err() != nil {
					continue
				}
				first := int64(i) * partSize
				last := min(first+partSize, obj.Size) - 1
				out, err := c.UploadPartCopy(pctx, &s3.UploadPartCopyInput{
					Bucket:            aws.String(obj.Bucket),
					Key:               aws.String(obj.Key),
					UploadId:          aws.String(uploadID),
					PartNumber:        aws.Int32(int32(i + 1)),
					CopySource:        aws.String(source),
					CopySourceIfMatch: nonEmpty(partIfMatch),
					CopySourceRange:   aws.String(fmt.Sprintf("bytes=%d-%d", first, last)),
				})
				if err != nil {
					cancel(fmt.Errorf("part %d: %w", i+1, err))
					continue
				}
				var etag *string
				if out.CopyPartResult != nil {
					etag = out.CopyPartResult.ETag
				}
				mu.Lock()
				parts = append(parts, types.CompletedPart{ETag: etag, PartNumber: aws.Int32(int32(i + 1))})
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range count {
		select {
		case next <- i:
		case <-pctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()

	err = context.Cause(pctx)
	if err == nil && len(parts) != count {
		err = fmt.Errorf("%d of %d parts copied", len(parts), count)
	}
	if err == nil {
		sort.Slice(parts, func(i, j int) bool { return aws.ToInt32(parts[i].PartNumber) < aws.ToInt32(parts[j].PartNumber) })
		var out *s3.CompleteMultipartUploadOutput
		out, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket:          aws.String(obj.Bucket),
			Key:             aws.String(obj.Key),
			UploadId:        aws.String(uploadID),
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
		if err == nil {
			return aws.ToString(out.ETag), nil
		}
		err = fmt.Errorf("completing: %w", err)
	}
	return "", &MultipartError{UploadID: uploadID, Err: err, AbortErr: abortUpload(ctx, c, obj, uploadID, opts.AbortTimeout)}
}
