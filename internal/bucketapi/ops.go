package bucketapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/ctxutil"
)

// Feature is one sub-configuration of a bucket: its name in messages and the
// attribute that manages it (where a failure's diagnostic goes).
type Feature struct {
	Name string // "CORS", "bucket policy"
	Attr string // "cors_rules"
}

// APIError is a failed S3 call on one feature.
type APIError struct {
	Feature Feature
	Op      string // S3 operation, e.g. PutBucketCors
	Bucket  string
	Err     error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s on bucket %s: %v", e.Op, e.Bucket, e.Err)
}

func (e *APIError) Unwrap() error { return e.Err }

// NotImplemented reports whether the store does not implement the feature.
func (e *APIError) NotImplemented() bool { return awsclient.IsNotImplemented(e.Err) }

// IsMissing reports whether err says the bucket does not exist.
func IsMissing(err error) bool {
	return awsclient.HasCode(err, "NoSuchBucket", "NotFound") || awsclient.HTTPStatus(err) == http.StatusNotFound
}

// Post-create retry of NoSuchBucket: S3 is eventually consistent right after
// CreateBucket, so the first calls on a new bucket may not find it yet. The
// SDK retryer must not retry NoSuchBucket in general (a refresh has to see a
// deleted bucket at once), so Ops retries only in that window.
var (
	createRetryAttempts = 8
	createRetryBase     = 200 * time.Millisecond
	createRetryMax      = 5 * time.Second
)

// Ops performs the S3 calls on one bucket.
type Ops struct {
	Client *s3.Client
	Bucket string
	// Generic is compatibility = "s3": removing a feature the store does not
	// implement is a no-op (the store has no such setting to remove).
	Generic bool
	// AfterCreate retries NoSuchBucket (bounded) right after CreateBucket.
	AfterCreate bool
}

// Call runs fn, one S3 operation op on feature f; a failure is an *APIError.
func (o *Ops) Call(ctx context.Context, f Feature, op string, fn func(context.Context) error) error {
	delay := createRetryBase
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if o.AfterCreate && attempt < createRetryAttempts && awsclient.HasCode(err, "NoSuchBucket") && ctx.Err() == nil {
			tflog.Debug(ctx, "bucket not visible yet after CreateBucket; retrying", map[string]any{
				"bucket": o.Bucket, "operation": op, "attempt": attempt, "delay_ms": delay.Milliseconds(),
			})
			if cerr := ctxutil.Sleep(ctx, delay); cerr != nil {
				return &APIError{Feature: f, Op: op, Bucket: o.Bucket, Err: errors.Join(cerr, err)}
			}
			delay = min(delay*2, createRetryMax)
			continue
		}
		return &APIError{Feature: f, Op: op, Bucket: o.Bucket, Err: err}
	}
}

// Remove runs a Delete* call: a missing configuration (one of the notFound
// codes) is already removed, and with compatibility = "s3" so is a feature
// the store does not implement.
func (o *Ops) Remove(ctx context.Context, f Feature, op string, notFound []string, fn func(context.Context) error) error {
	err := o.Call(ctx, f, op, fn)
	if err == nil {
		return nil
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if len(notFound) > 0 && awsclient.HasCode(apiErr.Err, notFound...) {
			return nil
		}
		if o.Generic && apiErr.NotImplemented() {
			tflog.Debug(ctx, "store does not implement the feature; nothing to remove", map[string]any{"bucket": o.Bucket, "operation": op})
			return nil
		}
	}
	return err
}

// Get runs one Get* call of a refresh and hands its output to use. A
// notFound code means the bucket has no such configuration (use is not
// called); NotImplemented means the same when tolerate is set (the caller
// knows the attribute is not set, so a store without the feature is fine).
func Get[T any](ctx context.Context, o *Ops, f Feature, op string, notFound []string,
	tolerate bool, call func(context.Context) (T, error), use func(T)) error {
	var out T
	err := o.Call(ctx, f, op, func(ctx context.Context) error {
		var err error
		out, err = call(ctx)
		return err
	})
	var apiErr *APIError
	switch {
	case err == nil:
		use(out)
	case errors.As(err, &apiErr) && len(notFound) > 0 && awsclient.HasCode(apiErr.Err, notFound...):
	case errors.As(err, &apiErr) && apiErr.NotImplemented() && tolerate:
		tflog.Debug(ctx, "store does not implement the feature; reading it as none", map[string]any{"bucket": o.Bucket, "operation": op})
	default:
		return err
	}
	return nil
}
