package testbed

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// TestTestbed checks the facts the acceptance suite relies on, against the
// real servers: SeaweedFS serves S3 over HTTPS with the generated CA,
// verifies signatures and enforces a deny-insecure-transport bucket policy on
// its plain-http port; kumo, versitygw and MinIO answer S3. Runs with TF_ACC=1.
func TestTestbed(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("starts real servers; set TF_ACC=1")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var env *Env
	if p := os.Getenv(EnvVar); p != "" {
		e, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		env = e
	} else {
		e, err := Start(ctx, Options{})
		if err != nil {
			t.Fatal(err)
		}
		env = e
		defer env.Stop()
	}

	t.Run("seaweedfs", func(t *testing.T) {
		srv := env.Servers[SeaweedFS]
		if !strings.HasPrefix(srv.S3Endpoint, "https://127.0.0.1:") {
			t.Fatalf("S3 endpoint %q is not HTTPS on 127.0.0.1", srv.S3Endpoint)
		}
		c := env.S3Client(SeaweedFS)
		bucket := "testbed-selftest"
		if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("k"), Body: strings.NewReader("v")}); err != nil {
			t.Fatal(err)
		}

		// Wrong secret: signature verification must fail.
		bad := s3.NewFromConfig(env.AWSConfig(), func(o *s3.Options) {
			o.BaseEndpoint = aws.String(srv.S3Endpoint)
			o.UsePathStyle = true
			o.Credentials = credentials.NewStaticCredentialsProvider(env.AccessKey, "wrong-secret", "")
		})
		if _, err := bad.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")}); err == nil {
			t.Fatal("SeaweedFS accepted a request signed with the wrong secret")
		}

		// Plain http works before the policy, is denied after it.
		plain := s3.NewFromConfig(env.AWSConfig(), func(o *s3.Options) {
			o.BaseEndpoint = aws.String(srv.S3HTTPEndpoint)
			o.UsePathStyle = true
		})
		if _, err := plain.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")}); err != nil {
			t.Fatalf("plain http before policy: %v", err)
		}
		policy := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",` +
			`"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
		if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)}); err != nil {
			t.Fatal(err)
		}
		_, err := plain.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDenied" {
			t.Fatalf("plain http after deny-insecure-transport policy: err = %v, want AccessDenied", err)
		}
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")})
		if err != nil {
			t.Fatalf("https after policy: %v", err)
		}
		b, _ := io.ReadAll(out.Body)
		_ = out.Body.Close()
		if string(b) != "v" {
			t.Fatalf("body = %q", b)
		}
		_, _ = c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)})
		_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")})
		_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})

	for _, name := range []string{Kumo, Versitygw, MinIO} {
		t.Run(name, func(t *testing.T) {
			c := env.S3Client(name)
			bucket := "testbed-selftest-" + name
			if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
				t.Fatal(err)
			}
			_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
		})
	}

	t.Run("kumo-cloudfront", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, env.Servers[Kumo].EdgeURL+"/ENOSUCH/x", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("edge for an unknown distribution answered %d", resp.StatusCode)
		}
	})
}
