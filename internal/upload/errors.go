package upload

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// ErrObjectExists reports that a conditional upload (Options.IfNoneMatch)
// found the key already stored: the store answered 412 Precondition Failed.
var ErrObjectExists = errors.New("the key was stored by another writer first (412 Precondition Failed on If-None-Match: *)")

// SourceChangedError reports that the body did not match the expected digest
// or size: the source changed after the plan computed its hash.
type SourceChangedError struct {
	ExpectedSHA256 string
	ExpectedSize   int64
	// ActualSHA256 is empty when the size already differed.
	ActualSHA256 string
	// ActualSize is -1 when the body was longer than expected (reading stopped).
	ActualSize int64
}

func (e *SourceChangedError) Error() string {
	switch {
	case e.ActualSize < 0:
		return fmt.Sprintf("the source is longer than the %d bytes planned: it changed after the plan computed its SHA-256", e.ExpectedSize)
	case e.ActualSize != e.ExpectedSize:
		return fmt.Sprintf("the source has %d bytes, the plan computed %d: it changed after the plan computed its SHA-256", e.ActualSize, e.ExpectedSize)
	default:
		return fmt.Sprintf("the source's SHA-256 is %s, the plan computed %s: it changed after the plan", e.ActualSHA256, e.ExpectedSHA256)
	}
}

// MultipartError reports a failed multipart upload and what happened to the
// abort.
type MultipartError struct {
	UploadID string
	Err      error
	// AbortErr is nil when the upload was aborted.
	AbortErr error
}

func (e *MultipartError) Error() string {
	if e.AbortErr != nil {
		return fmt.Sprintf("multipart upload %s failed: %v; aborting it failed too (%v): abort it with AbortMultipartUpload or let the bucket's abort-incomplete-multipart-upload lifecycle rule remove it", e.UploadID, e.Err, e.AbortErr)
	}
	return fmt.Sprintf("multipart upload %s failed and was aborted: %v", e.UploadID, e.Err)
}

func (e *MultipartError) Unwrap() error { return e.Err }

// isNotImplemented reports a 501 / NotImplemented answer.
func isNotImplemented(err error) bool {
	var apiErr smithy.APIError
	var respErr interface{ HTTPStatusCode() int }
	return (errors.As(err, &apiErr) && apiErr.ErrorCode() == "NotImplemented") ||
		(errors.As(err, &respErr) && respErr.HTTPStatusCode() == 501)
}

// conditionalErr wraps ErrObjectExists around a 412 Precondition Failed.
func conditionalErr(err error) error {
	var apiErr smithy.APIError
	var respErr interface{ HTTPStatusCode() int }
	if (errors.As(err, &apiErr) && apiErr.ErrorCode() == "PreconditionFailed") ||
		(errors.As(err, &respErr) && respErr.HTTPStatusCode() == 412) {
		return fmt.Errorf("%w: %w", ErrObjectExists, err)
	}
	return err
}
