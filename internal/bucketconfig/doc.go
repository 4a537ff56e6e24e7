// Package bucketconfig is the pure logic behind filestore_upload_bucket:
// bucket naming, CORS / lifecycle / encryption validation, the bucket policy
// document the resource generates (and how an actual policy is read back),
// tags, the notification configuration (notifications.go: event names from
// the S3 API model, ARN shapes per destination kind, the overlap rule S3
// enforces), the read gates of the upload pipeline (quarantine.go,
// scangate.go, readgates.go: Deny statements on object reads with principals
// excepted, the quarantine's expiration rule), and the conversion between
// the resource's settings and S3 API types.
//
// It has no Terraform framework imports: the resource converts its model to
// these plain types, calls the functions here and attaches each FieldError to
// the attribute path it names. Values unknown until apply are represented as
// nil pointers (or the Partial flag of a lifecycle tier) and are skipped by
// validation, never reported as violations.
package bucketconfig
