// Package bucketconfig is the pure logic behind filestore_upload_bucket:
// bucket naming, CORS / lifecycle / encryption validation, the bucket policy
// document the resource generates (and how an actual policy is read back),
// tags, and the conversion between the resource's settings and S3 API types.
//
// It has no Terraform framework imports: the resource converts its model to
// these plain types, calls the functions here and attaches each FieldError to
// the attribute path it names. Values unknown until apply are represented as
// nil pointers (or the Partial flag of a lifecycle tier) and are skipped by
// validation, never reported as violations.
package bucketconfig
