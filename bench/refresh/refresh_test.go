// Package refresh benchmarks one filestore_upload_bucket refresh (the
// resource's Read) through a proxy that adds 50 ms to every request in front
// of SeaweedFS, and reports how many round trips' worth of wall time it took.
// The goal is about 2: HeadBucket, then every sub-configuration read in
// parallel (12 of them, with the bucket location); a sequential
// implementation would take about 13. (SeaweedFS has no notifications and no
// server access logging: its GetBucketNotificationConfiguration returns an
// empty configuration and its GetBucketLogging answers "off", each costing
// the same round trip.)
//
//	bench/refresh.sh            (or: go test ./bench/refresh/ -run '^$' -bench . -benchtime 10x)
//
// It drives the provider in-process through its protocol 6 server
// (ConfigureProvider, then ReadResource with an import-like prior state), so
// OpenTofu's own overhead is not measured. It starts SeaweedFS through
// internal/testbed unless FILESTORE_TESTBED names a running test bed.
package refresh

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/faultproxy"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// Latency is added by the proxy to every request.
const Latency = 50 * time.Millisecond

const resourceType = "filestore_upload_bucket"

func startTestbed(b *testing.B) *testbed.Env {
	b.Helper()
	if p := os.Getenv(testbed.EnvVar); p != "" {
		env, err := testbed.Load(p)
		if err != nil {
			b.Fatal(err)
		}
		return env
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	env, err := testbed.Start(ctx, testbed.Options{Servers: []string{testbed.SeaweedFS}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Stop)
	return env
}

// setUpBucket creates a bucket with every sub-configuration set (a
// quarantine and a scan gate too; SeaweedFS has no notifications, so that
// read returns an empty configuration), directly (not through the proxy).
func setUpBucket(b *testing.B, c *s3.Client, name string) {
	b.Helper()
	ctx := context.Background()
	bk := aws.String(name)
	steps := []func() error{
		func() error { _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bk}); return err },
		func() error {
			_, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: bk, OwnershipControls: &s3types.OwnershipControls{
				Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}}}})
			return err
		},
		func() error {
			_, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: bk, PublicAccessBlockConfiguration: bucketconfig.PublicAccessBlockAll()})
			return err
		},
		func() error {
			_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bk, Policy: aws.String(bucketconfig.BuildPolicy(bucketconfig.PolicyOptions{
				Partition: "aws", Bucket: name, DenyInsecureTransport: true,
				Quarantine: &bucketconfig.Quarantine{Prefix: aws.String("quarantine/")},
				ScanGate:   &bucketconfig.ScanGate{Prefixes: []string{"uploads/"}}}))})
			return err
		},
		func() error {
			_, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: bk, ServerSideEncryptionConfiguration: bucketconfig.EncryptionToAPI(bucketconfig.Encryption{})})
			return err
		},
		func() error {
			_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: bk, VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
			return err
		},
		func() error {
			// After versioning: object lock on an existing versioned bucket.
			_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: bk,
				ObjectLockConfiguration: bucketconfig.ObjectLockToAPI(&bucketconfig.ObjectLock{Mode: aws.String(bucketconfig.ObjectLockGovernance), Days: aws.Int64(1)})})
			return err
		},
		func() error {
			_, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: bk, CORSConfiguration: &s3types.CORSConfiguration{CORSRules: bucketconfig.CORSToAPI([]bucketconfig.CORSRule{
				{AllowedOrigins: []string{"https://app.example.com"}, AllowedMethods: []string{"PUT", "POST"}}})}})
			return err
		},
		func() error {
			exp := int64(30)
			quarantine, _ := bucketconfig.QuarantineLifecycleRule(bucketconfig.Quarantine{Prefix: aws.String("quarantine/")})
			_, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: bk, LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{
				Rules: append(bucketconfig.LifecycleToAPI([]bucketconfig.LifecycleTier{{Prefix: "tmp/", ExpirationDays: &exp}}, 7), quarantine)}})
			return err
		},
		func() error {
			_, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: bk, Tagging: &s3types.Tagging{TagSet: bucketconfig.TagsToAPI(map[string]string{"app": "bench"})}})
			return err
		},
	}
	for i, step := range steps {
		err := step()
		// A new bucket may not be visible at once (SeaweedFS under load, as
		// S3): retry NoSuchBucket briefly.
		for try := 0; err != nil && awsclient.HasCode(err, "NoSuchBucket") && try < 20; try++ {
			time.Sleep(100 * time.Millisecond)
			err = step()
		}
		if err != nil {
			b.Fatalf("setting up bucket %s (step %d): %v", name, i, err)
		}
	}
	b.Cleanup(func() {
		_, _ = c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: bk})
	})
}

func BenchmarkUploadBucketRefresh(b *testing.B) {
	env := startTestbed(b)
	direct := env.S3Client(testbed.SeaweedFS)
	name := fmt.Sprintf("bench-refresh-%d", time.Now().UnixNano())
	setUpBucket(b, direct, name)

	// Keep the proxy's own connections to SeaweedFS alive across reads (the
	// default keeps 2 per host), so that TLS handshakes of the proxy hop are
	// not measured as the provider's round trips.
	tr := env.HTTPClient().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	proxy, err := faultproxy.New(env.Servers[testbed.SeaweedFS].S3Endpoint, tr)
	if err != nil {
		b.Fatal(err)
	}
	proxyURL := proxy.Start()
	b.Cleanup(proxy.Close)
	proxy.SetLatency(Latency)

	ctx := context.Background()
	p, err := acctest.NewInProcess(ctx, env, proxyURL, "")
	if err != nil {
		b.Fatal(err)
	}
	read := func() {
		if _, _, err := p.ReadResource(ctx, resourceType, map[string]tftypes.Value{
			"id":     tftypes.NewValue(tftypes.String, name),
			"bucket": tftypes.NewValue(tftypes.String, name),
		}); err != nil {
			b.Fatal(err)
		}
	}
	read() // warm up: SDK configuration, connections to the proxy and SeaweedFS

	before := proxy.Requests("")
	var total time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		read()
		total += time.Since(start)
		n++
	}
	perRead := total / time.Duration(n)
	roundTrips := float64(perRead) / float64(Latency)
	requests := float64(proxy.Requests("")-before) / float64(n)
	b.ReportMetric(roundTrips, "round-trips/op")
	b.ReportMetric(requests, "requests/op")
	fmt.Printf("upload bucket refresh: %.0f requests in %v per read with %v per request = %.2f round trips (goal: about 2; sequential would be %.0f)\n",
		requests, perRead.Round(time.Millisecond), Latency, roundTrips, requests)
}
