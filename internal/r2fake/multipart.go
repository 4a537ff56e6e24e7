package r2fake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

type part struct {
	body     []byte
	etag     string
	checksum string
}

type upload struct {
	bucket, key       string
	contentType       string
	cacheControl      string
	metadata          map[string]string
	storageClass      string
	checksumAlgorithm string
	parts             map[int]part
}

func (f *Fake) createUpload(r *http.Request, bucketName, key string, resp *response) {
	if !refuseUnimplementedHeaders(r, resp) {
		return
	}
	sc, ok := storageClass(r, resp)
	if !ok {
		return
	}
	alg := strings.ToUpper(r.Header.Get("X-Amz-Checksum-Algorithm"))
	switch alg {
	case "", "SHA256", "SHA1", "CRC32", "CRC32C":
	default:
		// CRC64NVME is FULL_OBJECT only on R2.
		resp.notImplemented("a COMPOSITE " + alg + " checksum")
		return
	}
	if t := r.Header.Get("X-Amz-Checksum-Type"); t != "" && !strings.EqualFold(t, "COMPOSITE") {
		resp.notImplemented("checksum type " + t + " on a multipart upload")
		return
	}
	f.mu.Lock()
	id := f.nextID()
	f.uploads[id] = &upload{
		bucket: bucketName, key: key, contentType: r.Header.Get("Content-Type"), cacheControl: r.Header.Get("Cache-Control"),
		metadata: userMetadata(r.Header), storageClass: sc, checksumAlgorithm: alg, parts: map[int]part{},
	}
	f.mu.Unlock()
	if alg != "" {
		resp.w.Header().Set("X-Amz-Checksum-Algorithm", alg)
	}
	resp.ok(http.StatusOK, struct {
		XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
		NS       string   `xml:"xmlns,attr"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		UploadID string   `xml:"UploadId"`
	}{NS: s3NS, Bucket: bucketName, Key: key, UploadID: id})
}

// findUpload returns the upload for this bucket and key. The caller holds f.mu.
func (f *Fake) findUpload(bucketName, key, id string, resp *response) (*upload, bool) {
	u, ok := f.uploads[id]
	if !ok || u.bucket != bucketName || u.key != key {
		resp.fail(http.StatusNotFound, "NoSuchUpload", "The specified multipart upload does not exist.")
		return nil, false
	}
	return u, true
}

func partNumber(r *http.Request, resp *response) (int, bool) {
	n, err := strconv.Atoi(r.URL.Query().Get("partNumber"))
	if err != nil || n < 1 || n > 10000 {
		resp.fail(http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
		return 0, false
	}
	return n, true
}

func (f *Fake) uploadPart(r *http.Request, bucketName, key string, resp *response) {
	if !refuseUnimplementedHeaders(r, resp) {
		return
	}
	n, ok := partNumber(r, resp)
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
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.findUpload(bucketName, key, r.URL.Query().Get("uploadId"), resp)
	if !ok {
		return
	}
	sum, ok := partChecksum(r, u.checksumAlgorithm, body, resp)
	if !ok {
		return
	}
	p := part{body: body, etag: f.newETag(body), checksum: sum}
	u.parts[n] = p
	resp.w.Header().Set("ETag", p.etag)
	if sum != "" {
		resp.w.Header().Set("X-Amz-Checksum-"+strings.ToLower(u.checksumAlgorithm), sum)
	}
	resp.ok(http.StatusOK, nil)
}

func (f *Fake) uploadPartCopy(r *http.Request, bucketName, key string, resp *response) {
	for name := range r.Header {
		if strings.HasPrefix(strings.ToLower(name), "x-amz-copy-source-if-") {
			resp.notImplemented("conditional UploadPartCopy (" + strings.ToLower(name) + ")")
			return
		}
	}
	n, ok := partNumber(r, resp)
	if !ok {
		return
	}
	src, ok := f.copySource(r, resp)
	if !ok {
		return
	}
	body := src.Body
	if rg := r.Header.Get("X-Amz-Copy-Source-Range"); rg != "" {
		first, last, err := byteRange(rg, len(src.Body))
		if err != nil {
			resp.fail(http.StatusBadRequest, "InvalidRange", "%v", err)
			return
		}
		body = src.Body[first : last+1]
	}
	f.mu.Lock()
	u, ok := f.findUpload(bucketName, key, r.URL.Query().Get("uploadId"), resp)
	if !ok {
		f.mu.Unlock()
		return
	}
	p := part{body: append([]byte(nil), body...), etag: f.newETag(body)}
	if u.checksumAlgorithm == "SHA256" {
		p.checksum = sha256Base64(body)
	}
	u.parts[n] = p
	f.mu.Unlock()
	resp.ok(http.StatusOK, struct {
		XMLName xml.Name `xml:"CopyPartResult"`
		ETag    string   `xml:"ETag"`
	}{ETag: p.etag})
}

func (f *Fake) completeUpload(r *http.Request, b *bucket, bucketName, key, id string, resp *response) {
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Match") != "" {
		// R2 documents conditional headers for PutObject only.
		resp.notImplemented("conditional CompleteMultipartUpload")
		return
	}
	var in struct {
		Parts []struct {
			PartNumber     int    `xml:"PartNumber"`
			ETag           string `xml:"ETag"`
			ChecksumSHA256 string `xml:"ChecksumSHA256"`
		} `xml:"Part"`
	}
	raw, _ := io.ReadAll(r.Body)
	if err := xml.Unmarshal(raw, &in); err != nil {
		resp.fail(http.StatusBadRequest, "MalformedXML", "%v", err)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.findUpload(bucketName, key, id, resp)
	if !ok {
		return
	}
	if len(in.Parts) == 0 || !sort.SliceIsSorted(in.Parts, func(i, j int) bool { return in.Parts[i].PartNumber < in.Parts[j].PartNumber }) {
		resp.fail(http.StatusBadRequest, "InvalidPartOrder", "The list of parts was not in ascending order.")
		return
	}
	var body []byte
	composite := sha256.New()
	for i, p := range in.Parts {
		got, ok := u.parts[p.PartNumber]
		if !ok || got.etag != p.ETag {
			resp.fail(http.StatusBadRequest, "InvalidPart", "One or more of the specified parts could not be found.")
			return
		}
		if u.checksumAlgorithm == "SHA256" && p.ChecksumSHA256 != got.checksum {
			resp.fail(http.StatusBadRequest, "InvalidPart", "The checksum of part %d does not match.", p.PartNumber)
			return
		}
		if i < len(in.Parts)-1 && len(got.body) < 5<<20 {
			resp.fail(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.")
			return
		}
		body = append(body, got.body...)
		if d, err := base64.StdEncoding.DecodeString(got.checksum); err == nil {
			composite.Write(d)
		}
	}
	o := &Object{
		Body: body, ContentType: u.contentType, CacheControl: u.cacheControl, Metadata: u.metadata,
		StorageClass: u.storageClass, ETag: fmt.Sprintf("%q", fmt.Sprintf("%s-%d", md5Hex(body), len(in.Parts))), LastModified: f.now(),
	}
	if u.checksumAlgorithm == "SHA256" {
		o.ChecksumAlgorithm, o.ChecksumType = "SHA256", "COMPOSITE"
		o.Checksum = fmt.Sprintf("%s-%d", base64.StdEncoding.EncodeToString(composite.Sum(nil)), len(in.Parts))
	}
	b.objects[key] = o
	delete(f.uploads, id)
	resp.ok(http.StatusOK, struct {
		XMLName xml.Name `xml:"CompleteMultipartUploadResult"`
		NS      string   `xml:"xmlns,attr"`
		Bucket  string   `xml:"Bucket"`
		Key     string   `xml:"Key"`
		ETag    string   `xml:"ETag"`
	}{NS: s3NS, Bucket: bucketName, Key: key, ETag: o.ETag})
}

func (f *Fake) abortUpload(bucketName, key, id string, resp *response) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.findUpload(bucketName, key, id, resp); !ok {
		return
	}
	delete(f.uploads, id)
	resp.ok(http.StatusNoContent, nil)
}

func (f *Fake) listUploads(bucketName string, resp *response) {
	type item struct {
		Key      string `xml:"Key"`
		UploadID string `xml:"UploadId"`
	}
	out := struct {
		XMLName xml.Name `xml:"ListMultipartUploadsResult"`
		NS      string   `xml:"xmlns,attr"`
		Bucket  string   `xml:"Bucket"`
		Uploads []item   `xml:"Upload"`
	}{NS: s3NS, Bucket: bucketName}
	f.mu.Lock()
	ids := make([]string, 0, len(f.uploads))
	for id, u := range f.uploads {
		if u.bucket == bucketName {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		out.Uploads = append(out.Uploads, item{Key: f.uploads[id].key, UploadID: id})
	}
	f.mu.Unlock()
	resp.ok(http.StatusOK, out)
}
