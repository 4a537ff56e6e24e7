package awsclient

import (
	"errors"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// ErrorCode returns the AWS error code of err ("NoSuchBucket"), or "".
func ErrorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// HTTPStatus returns the HTTP status of the response that produced err, or 0.
func HTTPStatus(err error) int {
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) {
		return respErr.HTTPStatusCode()
	}
	return 0
}

// HasCode reports whether err carries one of the AWS error codes.
func HasCode(err error, codes ...string) bool {
	code := ErrorCode(err)
	if code == "" {
		return false
	}
	for _, c := range codes {
		if code == c {
			return true
		}
	}
	return false
}

// IsNotImplemented reports whether the server answered that it does not
// implement the operation (501, or the NotImplemented code some stores send
// with another status).
func IsNotImplemented(err error) bool {
	return HasCode(err, "NotImplemented", "NotImplementedException") ||
		HTTPStatus(err) == http.StatusNotImplemented
}

// IsNotFound reports whether err carries one of the given not-found codes or,
// when no code is given, whether the response was a 404.
func IsNotFound(err error, codes ...string) bool {
	if HasCode(err, codes...) {
		return true
	}
	return HTTPStatus(err) == http.StatusNotFound && len(codes) == 0
}
