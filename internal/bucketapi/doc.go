// Package bucketapi is the S3 bucket API as the resources use it: the calls
// on one bucket that more than one resource makes, with the behaviour they
// share.
//
//   - Ops runs one call on one bucket. A failure becomes an *APIError that
//     names the sub-configuration (Feature) and the attribute that manages
//     it, so AddError can put the diagnostic on that attribute and name the
//     endpoint when the store answers NotImplemented. Right after
//     CreateBucket, NoSuchBucket is retried (bounded): S3 is eventually
//     consistent there, and only there.
//   - Get runs one Get* call of a refresh: a not-found code is "none", and a
//     NotImplemented answer is "none" when the caller says the attribute is
//     not set.
//   - UpdatePolicy is the read-modify-write of the bucket policy that
//     filestore_upload_bucket and filestore_cdn_read_access both do (see
//     policy.go for how concurrent writers are handled).
//
// What a sub-configuration means (conversions, validation, the policy
// document) is pure logic in internal/bucketconfig; which sub-configurations
// a resource manages is the resource's business (internal/resources/...).
package bucketapi
