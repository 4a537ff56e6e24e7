package r2fake_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/filestore/terraform-provider-filestore/internal/r2fake"
)

// client signs like an R2 client: region auto, path style, checksums only
// when required.
func client(endpoint, region string) *s3.Client {
	return s3.New(s3.Options{
		Region:                     region,
		BaseEndpoint:               aws.String(endpoint),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		RetryMaxAttempts:           1,
	})
}

func code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func setup(t *testing.T) (*r2fake.Fake, *s3.Client, string) {
	t.Helper()
	f, url := r2fake.NewServer(t)
	c := client(url, "auto")
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("b")}); err != nil {
		t.Fatal(err)
	}
	return f, c, url
}

func sha256b64(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

func TestRegionAutoAndAliases(t *testing.T) {
	f, url := r2fake.NewServer(t)
	ctx := context.Background()
	for _, region := range []string{"auto", "us-east-1"} {
		if _, err := client(url, region).ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
			t.Errorf("region %s: %v", region, err)
		}
	}
	_, err := client(url, "eu-west-1").ListBuckets(ctx, &s3.ListBucketsInput{})
	if code(err) != "AuthorizationHeaderMalformed" {
		t.Errorf("region eu-west-1: %v, want AuthorizationHeaderMalformed", err)
	}
	if _, err := client(url, "auto").CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("x"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: "auto"}}); err != nil || !f.HasBucket("x") {
		t.Errorf("CreateBucket with LocationConstraint auto: %v", err)
	}
	_, err = client(url, "auto").CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("y"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: "eu-west-1"}})
	if code(err) != "InvalidLocationConstraint" {
		t.Errorf("CreateBucket in eu-west-1: %v", err)
	}
}

func TestWholeObjectChecksums(t *testing.T) {
	f, c, _ := setup(t)
	ctx := context.Background()
	body := []byte("123456789")
	// CRC-64/NVME check value 0xae8b14860a799888, big-endian, base64.
	const crc = "rosUhgp5mIg="
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("crc"), Body: bytes.NewReader(body), ChecksumCRC64NVME: aws.String(crc)}); err != nil {
		t.Fatalf("PutObject with CRC64NVME: %v", err)
	}
	if o, _ := f.Object("b", "crc"); o.ChecksumAlgorithm != "CRC64NVME" || o.ChecksumType != "FULL_OBJECT" {
		t.Errorf("stored checksum %+v", o)
	}
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("bad"), Body: bytes.NewReader(body), ChecksumCRC64NVME: aws.String("AAAAAAAAAAA=")})
	if code(err) != "BadDigest" {
		t.Errorf("wrong CRC64NVME: %v, want BadDigest", err)
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("sha"), Body: bytes.NewReader(body), ChecksumSHA256: aws.String(sha256b64(body))})
	if code(err) != "NotImplemented" {
		t.Errorf("whole-object SHA-256: %v, want NotImplemented", err)
	}
	if _, ok := f.Object("b", "sha"); ok {
		t.Error("a refused PutObject stored the object")
	}
}

func TestRefusedHeadersAndOperations(t *testing.T) {
	_, c, _ := setup(t)
	ctx := context.Background()
	put := func(mod func(*s3.PutObjectInput)) error {
		in := &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), Body: strings.NewReader("x")}
		mod(in)
		_, err := c.PutObject(ctx, in)
		return err
	}
	if err := put(func(in *s3.PutObjectInput) { in.ServerSideEncryption = s3types.ServerSideEncryptionAes256 }); code(err) != "NotImplemented" {
		t.Errorf("SSE: %v", err)
	}
	if err := put(func(in *s3.PutObjectInput) { in.StorageClass = s3types.StorageClassGlacier }); code(err) != "InvalidStorageClass" {
		t.Errorf("GLACIER: %v", err)
	}
	if err := put(func(in *s3.PutObjectInput) { in.StorageClass = s3types.StorageClassStandardIa }); err != nil {
		t.Errorf("STANDARD_IA: %v", err)
	}
	if err := put(func(in *s3.PutObjectInput) { in.IfNoneMatch = aws.String("*") }); code(err) != "PreconditionFailed" {
		t.Errorf("If-None-Match on an existing key: %v, want PreconditionFailed", err)
	}
	if _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("b")}); code(err) != "NotImplemented" {
		t.Errorf("GetBucketPolicy: %v", err)
	}
	if _, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("b")}); code(err) != "NotImplemented" {
		t.Errorf("GetBucketVersioning: %v", err)
	}
	if out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String("b")}); err != nil ||
		out.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != s3types.ServerSideEncryptionAes256 {
		t.Errorf("GetBucketEncryption: %v", err)
	}
	if _, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("b"), Key: aws.String("k2"), CopySource: aws.String("b/k"),
		MetadataDirective: s3types.MetadataDirectiveReplace, ContentType: aws.String("text/plain"), CopySourceIfMatch: aws.String(`"nope"`)}); code(err) != "PreconditionFailed" {
		t.Errorf("CopyObject with a stale If-Match: %v", err)
	}
}

func TestMultipartCompositeSHA256(t *testing.T) {
	f, c, _ := setup(t)
	ctx := context.Background()
	created, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("mp"),
		ContentType: aws.String("application/gzip"), ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256})
	if err != nil {
		t.Fatal(err)
	}
	p1, p2 := bytes.Repeat([]byte("a"), 5<<20), []byte("tail")
	var parts []s3types.CompletedPart
	for i, p := range [][]byte{p1, p2} {
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("b"), Key: aws.String("mp"), UploadId: created.UploadId,
			PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(p), ChecksumSHA256: aws.String(sha256b64(p))})
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		parts = append(parts, s3types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(int32(i + 1)), ChecksumSHA256: aws.String(sha256b64(p))})
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("b"), Key: aws.String("mp"), UploadId: created.UploadId,
		PartNumber: aws.Int32(3), Body: bytes.NewReader(p2), ChecksumSHA256: aws.String(sha256b64(p1))})
	if code(err) != "BadDigest" {
		t.Errorf("part with a wrong SHA-256: %v", err)
	}
	_, err = c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("b"), Key: aws.String("mp"), UploadId: created.UploadId,
		PartNumber: aws.Int32(4), CopySource: aws.String("b/mp"), CopySourceIfMatch: aws.String(`"x"`)})
	if code(err) != "NotImplemented" {
		t.Errorf("conditional UploadPartCopy: %v", err)
	}
	if _, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("mp"), UploadId: created.UploadId,
		MultipartUpload: &s3types.CompletedMultipartUpload{Parts: parts}}); err != nil {
		t.Fatal(err)
	}
	o, ok := f.Object("b", "mp")
	if !ok || len(o.Body) != len(p1)+len(p2) || o.ChecksumType != "COMPOSITE" || !strings.HasSuffix(o.Checksum, "-2") || o.ContentType != "application/gzip" {
		t.Errorf("stored %v %d bytes %s %s %s", ok, len(o.Body), o.ChecksumType, o.Checksum, o.ContentType)
	}
	if f.PendingUploads() != 0 {
		t.Error("completed upload still pending")
	}
}

// A browser POST Object form, as filestore_presigned_post would have it
// sent: R2 refuses it.
func TestPostObjectRefused(t *testing.T) {
	f, _, url := setup(t)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("key", "k")
	_ = w.WriteField("policy", "e30=")
	_ = w.WriteField("X-Amz-Credential", "AKID/20260101/auto/s3/aws4_request")
	fw, _ := w.CreateFormFile("file", "f.txt")
	_, _ = fw.Write([]byte("x"))
	_ = w.Close()
	resp, err := http.Post(url+"/b", w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("POST Object: %d, want 400", resp.StatusCode)
	}
	reqs := f.Requests()
	if last := reqs[len(reqs)-1]; last.Op != "PostObject" || last.Code != "InvalidArgument" {
		t.Errorf("recorded %+v", last)
	}
	if _, ok := f.Object("b", "k"); ok {
		t.Error("POST stored an object")
	}
}
