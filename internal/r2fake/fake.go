// Package r2fake is an in-process stand-in for the S3 API of Cloudflare R2.
// No local server behaves like R2, and R2 cannot be reached from the test
// machines, so the provider's compatibility = "r2" is tested against this
// stand-in, which answers the way Cloudflare documents R2:
//
//   - S3 API compatibility (developers.cloudflare.com/r2/api/s3/api/): the
//     region is "auto", with "us-east-1" and "" as aliases; the operations
//     and headers marked not implemented answer 501 NotImplemented (bucket
//     policy, versioning, tagging, public access block, ownership controls,
//     object lock, logging, notifications, PutBucketEncryption,
//     DeleteBucketLifecycle, x-amz-server-side-encryption* on every write,
//     x-amz-tagging, x-amz-acl, x-amz-copy-source-if-* on UploadPartCopy);
//     storage classes STANDARD and STANDARD_IA only; checksums per the
//     "Checksum Types" table: CRC-64/NVME is the only FULL_OBJECT checksum
//     (a single PutObject carrying x-amz-checksum-sha256, -sha1, -crc32 or
//     -crc32c is refused), SHA-256 / SHA-1 / CRC-32 / CRC-32C are COMPOSITE
//     only (multipart parts). Checksums and Content-MD5 that are sent are
//     verified (400 BadDigest).
//   - Presigned URLs (/r2/api/s3/presigned-urls/): GET, HEAD, PUT and DELETE;
//     "POST, which performs uploads via native HTML forms, is not currently
//     supported". Cloudflare does not document the error; users report
//     400 InvalidArgument "Invalid Argument: Authorization"
//     (outline/outline discussion 4480), which is what this stand-in sends.
//   - Extensions (/r2/api/s3/extensions/): PutObject honours If-Match /
//     If-None-Match (412 PreconditionFailed); CopyObject takes the MERGE
//     metadata directive.
//
// Where Cloudflare is silent on an error code (a refused checksum type, an
// aws-chunked body), the stand-in answers 501 NotImplemented, R2's code for
// what it does not implement. It checks the SigV4 credential scope (the
// region), not the signature: SeaweedFS verifies signatures made by the same
// signer in the other tests. Every request is recorded.
package r2fake

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Region is R2's region.
const Region = "auto"

// Object is a snapshot of a stored object.
type Object struct {
	Body         []byte
	ContentType  string
	CacheControl string
	Metadata     map[string]string
	// StorageClass is "STANDARD" or "STANDARD_IA".
	StorageClass string
	ETag         string
	// ChecksumAlgorithm / Checksum / ChecksumType are what the upload
	// carried and R2 verified ("CRC64NVME" FULL_OBJECT for a single PUT,
	// e.g. "SHA256" COMPOSITE "<base64>-<parts>" for a multipart upload).
	ChecksumAlgorithm string
	Checksum          string
	ChecksumType      string
	LastModified      time.Time
}

// Request is one recorded request.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	// Op is the S3 operation ("PutObject"), Status and Code the answer.
	Op     string
	Status int
	Code   string
}

type bucket struct {
	objects   map[string]*Object
	cors      []byte
	lifecycle []byte
}

// Fake is the server state. Use New.
type Fake struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	uploads  map[string]*upload
	requests []Request
	seq      int
	now      func() time.Time
}

// New returns an empty stand-in.
func New() *Fake {
	return &Fake{buckets: map[string]*bucket{}, uploads: map[string]*upload{}, now: time.Now}
}

// NewServer starts the stand-in on 127.0.0.1 for the test's duration and
// returns it with its endpoint URL (the provider's `endpoints.s3`).
func NewServer(t testing.TB) (*Fake, string) {
	t.Helper()
	f := New()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// Requests returns every recorded request, oldest first.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Object returns a snapshot of a stored object.
func (f *Fake) Object(bucketName, key string) (Object, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.buckets[bucketName]
	if !ok {
		return Object{}, false
	}
	o, ok := b.objects[key]
	if !ok {
		return Object{}, false
	}
	return o.snapshot(), true
}

// Keys lists the keys of a bucket, sorted.
func (f *Fake) Keys(bucketName string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.buckets[bucketName]
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// CreateBucket creates a bucket directly (test setup); an existing one is
// kept.
func (f *Fake) CreateBucket(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.buckets[name]; !ok {
		f.buckets[name] = &bucket{objects: map[string]*Object{}}
	}
}

// HasBucket reports whether a bucket exists.
func (f *Fake) HasBucket(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.buckets[name]
	return ok
}

// PendingUploads is the number of multipart uploads neither completed nor
// aborted.
func (f *Fake) PendingUploads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.uploads)
}

// SetObjectHeaders changes a stored object's headers out of band (another
// stack or a console edit), as a server-side copy would.
func (f *Fake) SetObjectHeaders(bucketName, key, contentType, cacheControl string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.buckets[bucketName]
	if !ok || b.objects[key] == nil {
		return false
	}
	b.objects[key].ContentType, b.objects[key].CacheControl = contentType, cacheControl
	return true
}

func (o *Object) snapshot() Object {
	c := *o
	c.Body = append([]byte(nil), o.Body...)
	c.Metadata = map[string]string{}
	for k, v := range o.Metadata {
		c.Metadata[k] = v
	}
	return c
}

// response collects the answer of one request.
type response struct {
	w    http.ResponseWriter
	rec  *Request
	done bool
}

func (r *response) fail(status int, code, format string, args ...any) {
	if r.done {
		return
	}
	r.done = true
	r.rec.Status, r.rec.Code = status, code
	r.w.Header().Set("Content-Type", "application/xml")
	r.w.WriteHeader(status)
	if r.rec.Method == http.MethodHead {
		return
	}
	body := struct {
		XMLName xml.Name `xml:"Error"`
		Code    string   `xml:"Code"`
		Message string   `xml:"Message"`
	}{Code: code, Message: fmt.Sprintf(format, args...)}
	out, _ := xml.Marshal(body)
	_, _ = r.w.Write(append([]byte(xml.Header), out...))
}

func (r *response) notImplemented(what string) {
	r.fail(http.StatusNotImplemented, "NotImplemented", "%s is not implemented by R2", what)
}

func (r *response) ok(status int, body any) {
	if r.done {
		return
	}
	r.done = true
	r.rec.Status = status
	if body == nil {
		r.w.WriteHeader(status)
		return
	}
	out, err := xml.Marshal(body)
	if err != nil {
		r.fail(http.StatusInternalServerError, "InternalError", "%v", err)
		return
	}
	r.w.Header().Set("Content-Type", "application/xml")
	r.w.WriteHeader(status)
	_, _ = r.w.Write(append([]byte(xml.Header), out...))
}

// ServeHTTP answers one S3 request (path-style addressing).
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()}
	resp := &response{w: w, rec: &rec}
	defer func() {
		f.mu.Lock()
		f.requests = append(f.requests, rec)
		f.mu.Unlock()
	}()
	if !checkAuth(r, resp) {
		return
	}
	bucketName, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	switch {
	case bucketName == "":
		rec.Op = "ListBuckets"
		f.listBuckets(resp)
	case key == "":
		f.bucketOp(r, bucketName, resp)
	default:
		f.objectOp(r, bucketName, key, resp)
	}
}

// checkAuth checks the SigV4 credential scope: R2 signs in region "auto"
// and aliases "us-east-1" and "" to it. Presigned URLs carry it in the
// query, with an expiry of at most 7 days.
func checkAuth(r *http.Request, resp *response) bool {
	q := r.URL.Query()
	cred := q.Get("X-Amz-Credential")
	if cred == "" {
		auth := r.Header.Get("Authorization")
		_, after, ok := strings.Cut(auth, "Credential=")
		if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !ok {
			if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				// A browser POST Object form: R2 has no POST Object.
				resp.rec.Op = "PostObject"
				resp.fail(http.StatusBadRequest, "InvalidArgument", "Invalid Argument: Authorization")
				return false
			}
			resp.fail(http.StatusForbidden, "AccessDenied", "a SigV4 Authorization header or presigned query is required")
			return false
		}
		cred, _, _ = strings.Cut(after, ",")
	} else {
		if exp := q.Get("X-Amz-Expires"); exp != "" {
			var secs int
			if _, err := fmt.Sscan(exp, &secs); err != nil || secs < 1 || secs > 604800 {
				resp.fail(http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds")
				return false
			}
			signed, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
			if err != nil || time.Now().After(signed.Add(time.Duration(secs)*time.Second)) {
				resp.fail(http.StatusForbidden, "AccessDenied", "Request has expired")
				return false
			}
		}
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[3] != "s3" || parts[4] != "aws4_request" {
		resp.fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "malformed credential scope %q", cred)
		return false
	}
	switch parts[2] {
	case Region, "us-east-1", "":
		return true
	}
	resp.fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "region %q is not valid for R2: use \"auto\"", parts[2])
	return false
}

// refuseUnimplementedHeaders answers 501 for write headers R2 documents as
// not implemented.
func refuseUnimplementedHeaders(r *http.Request, resp *response) bool {
	for name := range r.Header {
		l := strings.ToLower(name)
		switch {
		case strings.HasPrefix(l, "x-amz-server-side-encryption") && !strings.HasPrefix(l, "x-amz-server-side-encryption-customer-"):
			resp.notImplemented("SSE header " + l + " (R2 encrypts every object at rest; only SSE-C is implemented)")
			return false
		case l == "x-amz-tagging", l == "x-amz-acl", strings.HasPrefix(l, "x-amz-grant-"),
			strings.HasPrefix(l, "x-amz-object-lock-"), l == "x-amz-website-redirect-location":
			resp.notImplemented("header " + l)
			return false
		case l == "x-amz-trailer", l == "x-amz-sdk-checksum-algorithm":
			resp.notImplemented("header " + l + " (aws-chunked trailing checksums)")
			return false
		}
	}
	if strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		resp.notImplemented("payload signing " + r.Header.Get("X-Amz-Content-Sha256"))
		return false
	}
	return true
}

// storageClass checks x-amz-storage-class: R2 has STANDARD and STANDARD_IA.
func storageClass(r *http.Request, resp *response) (string, bool) {
	switch sc := r.Header.Get("X-Amz-Storage-Class"); sc {
	case "", "STANDARD":
		return "STANDARD", true
	case "STANDARD_IA":
		return sc, true
	default:
		resp.fail(http.StatusBadRequest, "InvalidStorageClass", "storage class %s is not available on R2: use STANDARD or STANDARD_IA", sc)
		return "", false
	}
}

func (f *Fake) newETag(body []byte) string {
	return fmt.Sprintf("%q", md5Hex(body))
}

func (f *Fake) nextID() string {
	f.seq++
	return fmt.Sprintf("r2upload%06d", f.seq)
}
