package signing

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Benchmarks of each minter and of the raw cryptography it cannot avoid, so
// that the overhead of the SDK plumbing is visible as a ratio:
//
//	go test ./internal/signing/ -run '^$' -bench . -benchmem
//
// SigV4 minters vs BenchmarkRawSigV4: the five HMAC-SHA256 of the key
// derivation and signature plus the SHA-256 of the canonical request.
// CloudFront minters vs BenchmarkRawRSA2048 / BenchmarkRawECDSAP256.

var benchAt = time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)

func BenchmarkPresignURL_GET(b *testing.B) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	req := URLRequest{Bucket: "uploads", Key: "users/42/report.pdf", ExpiresIn: time.Hour, SigningTime: benchAt, DownloadFilename: "report.pdf"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.PresignURL(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPresignURL_PUT(b *testing.B) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	req := URLRequest{Bucket: "uploads", Key: "users/42/avatar.png", Method: "PUT", ContentType: "image/png", ExpiresIn: time.Hour, SigningTime: benchAt}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.PresignURL(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPresignPost(b *testing.B) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	req := PostRequest{Bucket: "uploads", KeyPrefix: "users/42/", ContentTypePrefix: "image/", MaxSize: i64(10 << 20), ExpiresIn: time.Hour, SigningTime: benchAt}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.PresignPost(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

func benchCF(b *testing.B, key PrivateKey, hashAlg string, cookies bool) {
	req := CloudFrontRequest{URL: "https://d111111abcdef8.cloudfront.net/videos/intro.mp4", ExpiresAt: benchAt.Add(time.Hour), HashAlgorithm: hashAlg, KeyPairID: "K2JCJMDEHXQW5F", Key: key}
	if cookies {
		req.Resource = "https://d111111abcdef8.cloudfront.net/videos/*"
	}
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if cookies {
			_, err = SignCookies(req)
		} else {
			_, err = SignURL(req)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCloudFrontURL_RSA_SHA256(b *testing.B)     { benchCF(b, rsaKey(b), HashSHA256, false) }
func BenchmarkCloudFrontURL_RSA_SHA1(b *testing.B)       { benchCF(b, rsaKey(b), HashSHA1, false) }
func BenchmarkCloudFrontURL_ECDSA_SHA256(b *testing.B)   { benchCF(b, ecKey(b), HashSHA256, false) }
func BenchmarkCloudFrontCookies_RSA_SHA256(b *testing.B) { benchCF(b, rsaKey(b), HashSHA256, true) }
func BenchmarkCloudFrontCookies_ECDSA_SHA256(b *testing.B) {
	benchCF(b, ecKey(b), HashSHA256, true)
}

// BenchmarkRawSigV4 is the cryptographic floor of one SigV4 signature:
// SHA-256 of a canonical request, the four-HMAC key derivation and the HMAC
// of the string to sign.
func BenchmarkRawSigV4(b *testing.B) {
	canonical := []byte("GET\n/uploads/users/42/report.pdf\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261127%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261127T170000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\nhost:127.0.0.1:8333\n\nhost\nUNSIGNED-PAYLOAD")
	secret := []byte("AWS4" + docSecretKey)
	b.ReportAllocs()
	for b.Loop() {
		sum := sha256.Sum256(canonical)
		sts := "AWS4-HMAC-SHA256\n20261127T170000Z\n20261127/us-east-1/s3/aws4_request\n" + hex.EncodeToString(sum[:])
		k := rawHMAC(secret, "20261127")
		k = rawHMAC(k, "us-east-1")
		k = rawHMAC(k, "s3")
		k = rawHMAC(k, "aws4_request")
		_ = hex.EncodeToString(rawHMAC(k, sts))
	}
}

func rawHMAC(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

func benchRawSign(b *testing.B, key PrivateKey) {
	policy := []byte(`{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/intro.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1795885200}}}]}`)
	b.ReportAllocs()
	for b.Loop() {
		d := sha256.Sum256(policy)
		if _, err := key.Signer.Sign(nil, d[:], crypto.SHA256); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawRSA2048 / BenchmarkRawECDSAP256: SHA-256 of a policy and one
// signature, nothing else.
func BenchmarkRawRSA2048(b *testing.B)   { benchRawSign(b, rsaKey(b)) }
func BenchmarkRawECDSAP256(b *testing.B) { benchRawSign(b, ecKey(b)) }

// BenchmarkSDKSignerOnly is the SDK's v4.Signer presigning a prepared
// request: what BenchmarkPresignURL_* cost minus the SDK operation pipeline
// (endpoint rules, middleware stack) that builds the request.
func BenchmarkSDKSignerOnly(b *testing.B) {
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: docAccessKey, SecretAccessKey: docSecretKey}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, "https://127.0.0.1:8333/uploads/users/42/report.pdf?X-Amz-Expires=3600", nil)
		if _, _, err := signer.PresignHTTP(ctx, creds, req, "UNSIGNED-PAYLOAD", "s3", "us-east-1", benchAt); err != nil {
			b.Fatal(err)
		}
	}
}
