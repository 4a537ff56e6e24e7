package r2fake

import (
	"encoding/xml"
	"io"
	"net/http"
	"sort"
	"strings"
)

const s3NS = "http://s3.amazonaws.com/doc/2006-03-01/"

// unimplementedBucketQueries are the bucket sub-resources R2 documents as
// not implemented (all methods).
var unimplementedBucketQueries = []string{
	"policy", "versioning", "tagging", "publicAccessBlock", "ownershipControls", "object-lock",
	"logging", "notification", "acl", "website", "replication", "accelerate", "requestPayment",
	"analytics", "inventory", "metrics", "intelligent-tiering", "policyStatus", "versions",
}

func (f *Fake) listBuckets(resp *response) {
	f.mu.Lock()
	names := make([]string, 0, len(f.buckets))
	for n := range f.buckets {
		names = append(names, n)
	}
	f.mu.Unlock()
	sort.Strings(names)
	type b struct {
		Name string `xml:"Name"`
	}
	out := struct {
		XMLName xml.Name `xml:"ListAllMyBucketsResult"`
		NS      string   `xml:"xmlns,attr"`
		Buckets []b      `xml:"Buckets>Bucket"`
	}{NS: s3NS}
	for _, n := range names {
		out.Buckets = append(out.Buckets, b{Name: n})
	}
	resp.ok(http.StatusOK, out)
}

func (f *Fake) bucketOp(r *http.Request, name string, resp *response) {
	q := r.URL.Query()
	for _, sub := range unimplementedBucketQueries {
		if q.Has(sub) {
			resp.rec.Op = r.Method + " ?" + sub
			resp.notImplemented("bucket " + sub + " configuration")
			return
		}
	}
	switch {
	case r.Method == http.MethodPut && len(q) == 0:
		resp.rec.Op = "CreateBucket"
		f.createBucket(r, name, resp)
		return
	case r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data"):
		// A POST Object form signed as a request (rather than a browser
		// form): R2 has no POST Object.
		resp.rec.Op = "PostObject"
		resp.fail(http.StatusBadRequest, "InvalidArgument", "Invalid Argument: Authorization")
		return
	}
	f.mu.Lock()
	b, ok := f.buckets[name]
	f.mu.Unlock()
	if !ok {
		resp.rec.Op = r.Method + " bucket"
		resp.fail(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist.")
		return
	}
	switch {
	case q.Has("cors"):
		f.subresource(r, "BucketCors", &b.cors, "NoSuchCORSConfiguration", true, resp)
	case q.Has("lifecycle"):
		// DeleteBucketLifecycle is not in R2's list of implemented operations.
		f.subresource(r, "BucketLifecycleConfiguration", &b.lifecycle, "NoSuchLifecycleConfiguration", false, resp)
	case q.Has("encryption"):
		if r.Method != http.MethodGet {
			resp.rec.Op = r.Method + "BucketEncryption"
			resp.notImplemented(r.Method + " bucket encryption (R2 encrypts every object with AES-256)")
			return
		}
		resp.rec.Op = "GetBucketEncryption"
		type rule struct {
			Algorithm string `xml:"ApplyServerSideEncryptionByDefault>SSEAlgorithm"`
		}
		resp.ok(http.StatusOK, struct {
			XMLName xml.Name `xml:"ServerSideEncryptionConfiguration"`
			NS      string   `xml:"xmlns,attr"`
			Rule    rule     `xml:"Rule"`
		}{NS: s3NS, Rule: rule{Algorithm: "AES256"}})
	case q.Has("location"):
		resp.rec.Op = "GetBucketLocation"
		resp.ok(http.StatusOK, struct {
			XMLName xml.Name `xml:"LocationConstraint"`
			NS      string   `xml:"xmlns,attr"`
			Value   string   `xml:",chardata"`
		}{NS: s3NS, Value: Region})
	case q.Has("uploads"):
		resp.rec.Op = "ListMultipartUploads"
		f.listUploads(name, resp)
	case r.Method == http.MethodPost && q.Has("delete"):
		resp.rec.Op = "DeleteObjects"
		f.deleteObjects(r, b, resp)
	case r.Method == http.MethodHead:
		resp.rec.Op = "HeadBucket"
		resp.ok(http.StatusOK, nil)
	case r.Method == http.MethodGet:
		resp.rec.Op = "ListObjectsV2"
		f.listObjects(r, b, resp)
	case r.Method == http.MethodDelete:
		resp.rec.Op = "DeleteBucket"
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(b.objects) > 0 {
			resp.fail(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty.")
			return
		}
		delete(f.buckets, name)
		resp.ok(http.StatusNoContent, nil)
	default:
		resp.rec.Op = r.Method + " bucket"
		resp.notImplemented(r.Method + " on a bucket")
	}
}

func (f *Fake) createBucket(r *http.Request, name string, resp *response) {
	if r.Header.Get("X-Amz-Bucket-Object-Lock-Enabled") != "" || r.Header.Get("X-Amz-Acl") != "" {
		resp.notImplemented("object lock and ACLs on CreateBucket")
		return
	}
	body, _ := io.ReadAll(r.Body)
	if len(strings.TrimSpace(string(body))) > 0 {
		var cfg struct {
			LocationConstraint string `xml:"LocationConstraint"`
		}
		if err := xml.Unmarshal(body, &cfg); err != nil {
			resp.fail(http.StatusBadRequest, "MalformedXML", "%v", err)
			return
		}
		switch cfg.LocationConstraint {
		// "auto" and its aliases, and R2's location hints.
		case "", Region, "us-east-1", "wnam", "enam", "weur", "eeur", "apac", "oc":
		default:
			resp.fail(http.StatusBadRequest, "InvalidLocationConstraint", "%q is not a valid R2 location", cfg.LocationConstraint)
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.buckets[name]; ok {
		resp.fail(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
		return
	}
	f.buckets[name] = &bucket{objects: map[string]*Object{}}
	resp.w.Header().Set("Location", "/"+name)
	resp.ok(http.StatusOK, nil)
}

// subresource serves a stored XML configuration (CORS, lifecycle).
func (f *Fake) subresource(r *http.Request, op string, slot *[]byte, notFound string, canDelete bool, resp *response) {
	switch r.Method {
	case http.MethodGet:
		resp.rec.Op = "Get" + op
		f.mu.Lock()
		doc := *slot
		f.mu.Unlock()
		if doc == nil {
			resp.fail(http.StatusNotFound, notFound, "The configuration does not exist.")
			return
		}
		resp.rec.Status = http.StatusOK
		resp.done = true
		resp.w.Header().Set("Content-Type", "application/xml")
		_, _ = resp.w.Write(doc)
	case http.MethodPut:
		resp.rec.Op = "Put" + op
		if r.Header.Get("X-Amz-Sdk-Checksum-Algorithm") != "" {
			resp.notImplemented("checksums on Put" + op)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var anyXML struct{ XMLName xml.Name }
		if err := xml.Unmarshal(body, &anyXML); err != nil {
			resp.fail(http.StatusBadRequest, "MalformedXML", "%v", err)
			return
		}
		f.mu.Lock()
		*slot = body
		f.mu.Unlock()
		resp.ok(http.StatusOK, nil)
	case http.MethodDelete:
		resp.rec.Op = "Delete" + op
		if !canDelete {
			resp.notImplemented("Delete" + op)
			return
		}
		f.mu.Lock()
		*slot = nil
		f.mu.Unlock()
		resp.ok(http.StatusNoContent, nil)
	default:
		resp.rec.Op = r.Method + " " + op
		resp.notImplemented(r.Method + " " + op)
	}
}

func (f *Fake) listObjects(r *http.Request, b *bucket, resp *response) {
	prefix := r.URL.Query().Get("prefix")
	type content struct {
		Key          string `xml:"Key"`
		Size         int    `xml:"Size"`
		ETag         string `xml:"ETag"`
		StorageClass string `xml:"StorageClass"`
		LastModified string `xml:"LastModified"`
	}
	out := struct {
		XMLName     xml.Name  `xml:"ListBucketResult"`
		NS          string    `xml:"xmlns,attr"`
		Prefix      string    `xml:"Prefix"`
		KeyCount    int       `xml:"KeyCount"`
		MaxKeys     int       `xml:"MaxKeys"`
		IsTruncated bool      `xml:"IsTruncated"`
		Contents    []content `xml:"Contents"`
	}{NS: s3NS, Prefix: prefix, MaxKeys: 1000}
	f.mu.Lock()
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		o := b.objects[k]
		out.Contents = append(out.Contents, content{Key: k, Size: len(o.Body), ETag: o.ETag, StorageClass: o.StorageClass,
			LastModified: o.LastModified.UTC().Format("2006-01-02T15:04:05.000Z")})
	}
	f.mu.Unlock()
	out.KeyCount = len(out.Contents)
	resp.ok(http.StatusOK, out)
}

func (f *Fake) deleteObjects(r *http.Request, b *bucket, resp *response) {
	var in struct {
		Objects []struct {
			Key string `xml:"Key"`
		} `xml:"Object"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := xml.Unmarshal(body, &in); err != nil {
		resp.fail(http.StatusBadRequest, "MalformedXML", "%v", err)
		return
	}
	type deleted struct {
		Key string `xml:"Key"`
	}
	out := struct {
		XMLName xml.Name  `xml:"DeleteResult"`
		NS      string    `xml:"xmlns,attr"`
		Deleted []deleted `xml:"Deleted"`
	}{NS: s3NS}
	f.mu.Lock()
	for _, o := range in.Objects {
		delete(b.objects, o.Key)
		out.Deleted = append(out.Deleted, deleted{Key: o.Key})
	}
	f.mu.Unlock()
	resp.ok(http.StatusOK, out)
}
