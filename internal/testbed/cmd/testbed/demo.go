package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "testbed:", err)
	os.Exit(1)
}

// keygen writes an RSA 2048 signing key pair (the demo has no openssl or tls
// provider to rely on). CloudFront also accepts ECDSA P-256 keys, but kumo's
// edge verifies RSA signatures only.
func keygen() {
	fs := flag.NewFlagSet("keygen", flag.ExitOnError)
	out := fs.String("out", "", "directory for signing.pem and signing.pub.pem")
	_ = fs.Parse(os.Args[2:])
	if *out == "" {
		usage()
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		fail(err)
	}
	priv, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		fail(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "signing.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv}), 0o600); err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "signing.pub.pem"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644); err != nil {
		fail(err)
	}
}

// cdn creates, in kumo, the distribution a real deployment would declare with
// aws_cloudfront_distribution: its default behaviour trusts the key group and
// its origin is the S3 bucket. kumo's edge can only serve kumo's own S3, so
// the bucket named here is created in kumo (the demo mirrors the uploaded
// object into it; on AWS the origin is the upload bucket itself, reached
// through cdn_read_access).
func cdn() {
	fs := flag.NewFlagSet("cdn", flag.ExitOnError)
	envFile := fs.String("testbed", os.Getenv(testbed.EnvVar), "test bed description")
	keyGroup := fs.String("key-group", "", "trusted key group id")
	bucket := fs.String("bucket", "", "origin bucket (created in kumo's S3 if missing)")
	_ = fs.Parse(os.Args[2:])
	if *envFile == "" || *keyGroup == "" || *bucket == "" {
		usage()
	}
	env, err := testbed.Load(*envFile)
	if err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s3c := env.S3Client(testbed.Kumo)
	if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(*bucket)}); err != nil {
		if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(*bucket)}); err != nil {
			fail(fmt.Errorf("creating origin bucket in kumo: %w", err))
		}
	}
	originID := "s3-" + *bucket
	out, err := env.CloudFrontClient().CreateDistribution(ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: &cftypes.DistributionConfig{
			CallerReference: aws.String(fmt.Sprintf("filestore-demo-%d", time.Now().UnixNano())),
			Comment:         aws.String("filestore demo"),
			Enabled:         aws.Bool(true),
			Origins: &cftypes.Origins{Quantity: aws.Int32(1), Items: []cftypes.Origin{{
				Id:             aws.String(originID),
				DomainName:     aws.String(*bucket + ".s3.us-east-1.amazonaws.com"),
				S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: aws.String("")},
			}}},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
				TargetOriginId:       aws.String(originID),
				ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
				TrustedKeyGroups: &cftypes.TrustedKeyGroups{
					Enabled: aws.Bool(true), Quantity: aws.Int32(1), Items: []string{*keyGroup},
				},
				CachePolicyId: aws.String("658327ea-f89d-4fab-a63d-7e88639e58f6"), // Managed-CachingOptimized
			},
		},
	})
	if err != nil {
		fail(fmt.Errorf("creating distribution in kumo: %w", err))
	}
	fmt.Println(aws.ToString(out.Distribution.Id))
}

// cdnDelete deletes a distribution created by cdn (disabling it first when
// the server insists, as CloudFront does).
func cdnDelete() {
	fs := flag.NewFlagSet("cdn-delete", flag.ExitOnError)
	envFile := fs.String("testbed", os.Getenv(testbed.EnvVar), "test bed description")
	id := fs.String("id", "", "distribution id")
	_ = fs.Parse(os.Args[2:])
	if *envFile == "" || *id == "" {
		usage()
	}
	env, err := testbed.Load(*envFile)
	if err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cf := env.CloudFrontClient()
	got, err := cf.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: id})
	if err != nil {
		fail(err)
	}
	etag := got.ETag
	if aws.ToBool(got.DistributionConfig.Enabled) {
		got.DistributionConfig.Enabled = aws.Bool(false)
		upd, err := cf.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: id, IfMatch: etag, DistributionConfig: got.DistributionConfig})
		if err == nil {
			etag = upd.ETag
		}
	}
	if _, err := cf.DeleteDistribution(ctx, &cloudfront.DeleteDistributionInput{Id: id, IfMatch: etag}); err != nil {
		fail(err)
	}
}

// put uploads a file to one of the test bed's S3 servers.
func put() {
	fs := flag.NewFlagSet("put", flag.ExitOnError)
	envFile := fs.String("testbed", os.Getenv(testbed.EnvVar), "test bed description")
	server := fs.String("server", testbed.Kumo, "server name")
	bucket := fs.String("bucket", "", "bucket")
	key := fs.String("key", "", "object key")
	file := fs.String("file", "", "file to upload")
	_ = fs.Parse(os.Args[2:])
	if *envFile == "" || *bucket == "" || *key == "" || *file == "" {
		usage()
	}
	env, err := testbed.Load(*envFile)
	if err != nil {
		fail(err)
	}
	f, err := os.Open(*file)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := env.S3Client(*server).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(*bucket), Key: aws.String(*key), Body: f}); err != nil {
		fail(err)
	}
}
