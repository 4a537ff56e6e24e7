// Package testbed starts the real servers the acceptance tests, the demo and
// the benchmarks run against, all bound to 127.0.0.1 on free ports:
//
//   - SeaweedFS (`weed mini`): the S3 server. It verifies SigV4 and enforces
//     bucket policies, so its S3 API is served over HTTPS with a certificate
//     from a throw-away test CA generated here (trusted through
//     AWS_CA_BUNDLE / custom_ca_bundle). Telemetry is always off.
//   - kumo: the CloudFront API and edge, and the one S3 that keeps lifecycle
//     transitions (driven as a generic store, compatibility = "s3").
//   - versitygw: a generic S3-compatible store that answers NotImplemented
//     for encryption, lifecycle and public access block.
//   - MinIO (AGPL-3.0, run as a separate test process only, never linked
//     into the provider): the server that evaluates s3:ExistingObjectTag in
//     bucket policies (the allow-after-clean side of scan_gate). Its root
//     credentials bypass bucket policies; policy tests use anonymous
//     requests. Console off, health checked on /minio/health/live.
//
// Binaries come from scripts/tools.sh (pinned versions, built from the Go
// module proxy, cached under ~/.cache/terraform-provider-filestore/tools).
// Known server defects are listed in TESTBED.md and in DESIGN.md; tests
// exercise each behaviour against the server that implements it correctly.
//
// A test run either starts its own servers (Start) or reuses the ones a
// `filestore-testbed up` process started for the whole `make test` run: that
// process writes a JSON description whose path is exported as
// FILESTORE_TESTBED; Load reads it.
package testbed
