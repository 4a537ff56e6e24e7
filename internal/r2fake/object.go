package r2fake

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

func (f *Fake) objectOp(r *http.Request, bucketName, key string, resp *response) {
	q := r.URL.Query()
	if q.Has("tagging") || q.Has("acl") || q.Has("retention") || q.Has("legal-hold") || q.Has("attributes") {
		resp.rec.Op = r.Method + " object sub-resource"
		resp.notImplemented("object tagging, ACLs, retention and legal hold")
		return
	}
	f.mu.Lock()
	b, ok := f.buckets[bucketName]
	f.mu.Unlock()
	if !ok {
		resp.rec.Op = r.Method + " object"
		resp.fail(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist.")
		return
	}
	switch {
	case r.Method == http.MethodPost && q.Has("uploads"):
		resp.rec.Op = "CreateMultipartUpload"
		f.createUpload(r, bucketName, key, resp)
	case r.Method == http.MethodPost && q.Has("uploadId"):
		resp.rec.Op = "CompleteMultipartUpload"
		f.completeUpload(r, b, bucketName, key, q.Get("uploadId"), resp)
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		resp.rec.Op = "AbortMultipartUpload"
		f.abortUpload(bucketName, key, q.Get("uploadId"), resp)
	case r.Method == http.MethodPut && q.Has("uploadId") && r.Header.Get("X-Amz-Copy-Source") != "":
		resp.rec.Op = "UploadPartCopy"
		f.uploadPartCopy(r, bucketName, key, resp)
	case r.Method == http.MethodPut && q.Has("uploadId"):
		resp.rec.Op = "UploadPart"
		f.uploadPart(r, bucketName, key, resp)
	case r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != "":
		resp.rec.Op = "CopyObject"
		f.copyObject(r, b, key, resp)
	case r.Method == http.MethodPut:
		resp.rec.Op = "PutObject"
		f.putObject(r, b, key, resp)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		resp.rec.Op = map[string]string{http.MethodGet: "GetObject", http.MethodHead: "HeadObject"}[r.Method]
		f.getObject(r, b, key, resp)
	case r.Method == http.MethodDelete:
		resp.rec.Op = "DeleteObject"
		f.mu.Lock()
		delete(b.objects, key)
		f.mu.Unlock()
		resp.ok(http.StatusNoContent, nil)
	default:
		resp.rec.Op = r.Method + " object"
		resp.notImplemented(r.Method + " on an object")
	}
}

// userMetadata reads the x-amz-meta-* headers.
func userMetadata(h http.Header) map[string]string {
	md := map[string]string{}
	for name, v := range h {
		l := strings.ToLower(name)
		if strings.HasPrefix(l, "x-amz-meta-") && len(v) > 0 {
			md[strings.TrimPrefix(l, "x-amz-meta-")] = v[0]
		}
	}
	return md
}

// preconditions applies PutObject's If-Match / If-None-Match (R2
// "Extensions": 412 PreconditionFailed when they do not hold). The caller
// holds f.mu.
func preconditions(r *http.Request, existing *Object, resp *response) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" && existing != nil && (inm == "*" || inm == existing.ETag) {
		resp.fail(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
		return false
	}
	if im := r.Header.Get("If-Match"); im != "" && (existing == nil || (im != "*" && im != existing.ETag)) {
		resp.fail(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
		return false
	}
	return true
}

func (f *Fake) putObject(r *http.Request, b *bucket, key string, resp *response) {
	if !refuseUnimplementedHeaders(r, resp) {
		return
	}
	sc, ok := storageClass(r, resp)
	if !ok {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		resp.fail(http.StatusBadRequest, "IncompleteBody", "%v", err)
		return
	}
	if !verifyContentMD5(r, body, resp) {
		return
	}
	alg, sum, ok := wholeObjectChecksum(r, body, resp)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !preconditions(r, b.objects[key], resp) {
		return
	}
	o := &Object{
		Body: body, ContentType: r.Header.Get("Content-Type"), CacheControl: r.Header.Get("Cache-Control"),
		Metadata: userMetadata(r.Header), StorageClass: sc, ETag: f.newETag(body), LastModified: f.now(),
	}
	if alg != "" {
		o.ChecksumAlgorithm, o.Checksum, o.ChecksumType = alg, sum, "FULL_OBJECT"
		resp.w.Header().Set("X-Amz-Checksum-Crc64nvme", sum)
	}
	b.objects[key] = o
	resp.w.Header().Set("ETag", o.ETag)
	resp.ok(http.StatusOK, nil)
}

func (f *Fake) getObject(r *http.Request, b *bucket, key string, resp *response) {
	f.mu.Lock()
	o, ok := b.objects[key]
	var snap Object
	if ok {
		snap = o.snapshot()
	}
	f.mu.Unlock()
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	if im := r.Header.Get("If-Match"); im != "" && im != snap.ETag {
		resp.fail(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
		return
	}
	h := resp.w.Header()
	h.Set("ETag", snap.ETag)
	h.Set("Content-Length", strconv.Itoa(len(snap.Body)))
	h.Set("Last-Modified", snap.LastModified.UTC().Format(http.TimeFormat))
	if snap.ContentType != "" {
		h.Set("Content-Type", snap.ContentType)
	}
	if snap.CacheControl != "" {
		h.Set("Cache-Control", snap.CacheControl)
	}
	if snap.StorageClass != "STANDARD" {
		h.Set("X-Amz-Storage-Class", snap.StorageClass)
	}
	for k, v := range snap.Metadata {
		h.Set("X-Amz-Meta-"+k, v)
	}
	if strings.EqualFold(r.Header.Get("X-Amz-Checksum-Mode"), "ENABLED") && snap.ChecksumAlgorithm != "" {
		h.Set("X-Amz-Checksum-"+strings.ToLower(snap.ChecksumAlgorithm), snap.Checksum)
		h.Set("X-Amz-Checksum-Type", snap.ChecksumType)
	}
	resp.rec.Status = http.StatusOK
	resp.done = true
	resp.w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = resp.w.Write(snap.Body)
	}
}

// copySource resolves x-amz-copy-source ("bucket/key", URL-encoded).
func (f *Fake) copySource(r *http.Request, resp *response) (*Object, bool) {
	src, err := url.PathUnescape(strings.TrimPrefix(r.Header.Get("X-Amz-Copy-Source"), "/"))
	if err != nil {
		resp.fail(http.StatusBadRequest, "InvalidArgument", "bad x-amz-copy-source: %v", err)
		return nil, false
	}
	srcBucket, srcKey, _ := strings.Cut(src, "/")
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.buckets[srcBucket]
	if !ok || b.objects[srcKey] == nil {
		resp.fail(http.StatusNotFound, "NoSuchKey", "The specified copy source does not exist.")
		return nil, false
	}
	snap := b.objects[srcKey].snapshot()
	return &snap, true
}

func (f *Fake) copyObject(r *http.Request, b *bucket, key string, resp *response) {
	if !refuseUnimplementedHeaders(r, resp) {
		return
	}
	if r.Header.Get("X-Amz-Checksum-Algorithm") != "" {
		resp.notImplemented("x-amz-checksum-algorithm on CopyObject")
		return
	}
	sc, ok := storageClass(r, resp)
	if !ok {
		return
	}
	src, ok := f.copySource(r, resp)
	if !ok {
		return
	}
	if im := r.Header.Get("X-Amz-Copy-Source-If-Match"); im != "" && im != src.ETag {
		resp.fail(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
		return
	}
	o := *src
	switch d := r.Header.Get("X-Amz-Metadata-Directive"); d {
	case "", "COPY":
	case "REPLACE":
		o.ContentType, o.CacheControl, o.Metadata = r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"), userMetadata(r.Header)
	case "MERGE":
		for k, v := range userMetadata(r.Header) {
			o.Metadata[k] = v
		}
		if ct := r.Header.Get("Content-Type"); ct != "" {
			o.ContentType = ct
		}
		if cc := r.Header.Get("Cache-Control"); cc != "" {
			o.CacheControl = cc
		}
	default:
		resp.fail(http.StatusBadRequest, "InvalidArgument", "unknown metadata directive %q", d)
		return
	}
	o.StorageClass = sc
	o.LastModified = f.now()
	f.mu.Lock()
	b.objects[key] = &o
	f.mu.Unlock()
	type result struct {
		XMLName      xml.Name `xml:"CopyObjectResult"`
		ETag         string   `xml:"ETag"`
		LastModified string   `xml:"LastModified"`
	}
	resp.ok(http.StatusOK, result{ETag: o.ETag, LastModified: o.LastModified.UTC().Format("2006-01-02T15:04:05.000Z")})
}

// byteRange parses "bytes=first-last" against a size.
func byteRange(v string, size int) (int, int, error) {
	var first, last int
	if _, err := fmt.Sscanf(v, "bytes=%d-%d", &first, &last); err != nil || first < 0 || last < first || last >= size {
		return 0, 0, fmt.Errorf("invalid range %q for %d bytes", v, size)
	}
	return first, last, nil
}
