package faultproxy

import (
	"net/http"
	"strings"
)

// bucketSubresources maps a bucket subresource query parameter to the
// operation name stem, by method.
var bucketSubresources = []struct {
	query               string
	put, get, del, post string
}{
	{"cors", "PutBucketCors", "GetBucketCors", "DeleteBucketCors", ""},
	{"encryption", "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption", ""},
	{"lifecycle", "PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration", "DeleteBucketLifecycle", ""},
	{"publicAccessBlock", "PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock", ""},
	{"ownershipControls", "PutBucketOwnershipControls", "GetBucketOwnershipControls", "DeleteBucketOwnershipControls", ""},
	{"policy", "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy", ""},
	{"versioning", "PutBucketVersioning", "GetBucketVersioning", "", ""},
	{"tagging", "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging", ""},
	{"location", "", "GetBucketLocation", "", ""},
	{"versions", "", "ListObjectVersions", "", ""},
	{"uploads", "", "ListMultipartUploads", "", ""},
	{"delete", "", "", "", "DeleteObjects"},
	{"acl", "PutBucketAcl", "GetBucketAcl", "", ""},
}

// Operation names the S3 operation of a path-style request ("PutBucketCors",
// "CreateBucket", "PutObject", ...), or METHOD + " " + path shape when it is
// not recognised.
func Operation(r *http.Request) string {
	path := strings.TrimPrefix(r.URL.Path, "/")
	q := r.URL.Query()
	if path == "" {
		if r.Method == http.MethodGet {
			return "ListBuckets"
		}
		return r.Method + " /"
	}
	bucket, key, hasKey := strings.Cut(path, "/")
	_ = bucket
	if !hasKey || key == "" {
		for _, s := range bucketSubresources {
			if !q.Has(s.query) {
				continue
			}
			var op string
			switch r.Method {
			case http.MethodPut:
				op = s.put
			case http.MethodGet:
				op = s.get
			case http.MethodDelete:
				op = s.del
			case http.MethodPost:
				op = s.post
			}
			if op != "" {
				return op
			}
		}
		switch r.Method {
		case http.MethodPut:
			return "CreateBucket"
		case http.MethodHead:
			return "HeadBucket"
		case http.MethodDelete:
			return "DeleteBucket"
		case http.MethodGet:
			if q.Get("list-type") == "2" {
				return "ListObjectsV2"
			}
			return "ListObjects"
		}
		return r.Method + " /bucket"
	}
	switch r.Method {
	case http.MethodPut:
		switch {
		case q.Has("uploadId") && q.Has("partNumber"):
			return "UploadPart"
		case q.Has("tagging"):
			return "PutObjectTagging"
		case r.Header.Get("x-amz-copy-source") != "":
			return "CopyObject"
		}
		return "PutObject"
	case http.MethodGet:
		if q.Has("uploadId") {
			return "ListParts"
		}
		return "GetObject"
	case http.MethodHead:
		return "HeadObject"
	case http.MethodDelete:
		if q.Has("uploadId") {
			return "AbortMultipartUpload"
		}
		return "DeleteObject"
	case http.MethodPost:
		switch {
		case q.Has("uploads"):
			return "CreateMultipartUpload"
		case q.Has("uploadId"):
			return "CompleteMultipartUpload"
		}
	}
	return r.Method + " /bucket/key"
}
