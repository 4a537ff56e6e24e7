// Package cdnreadaccess is the filestore_cdn_read_access resource: the
// origin-access-control read grant for CloudFront distributions, written into
// a bucket's policy from outside the bucket resource.
//
// Why a resource of its own: a distribution needs the bucket's
// bucket_regional_domain_name, and the grant needs the distribution's ARN.
// Held by filestore_upload_bucket (cdn_read_access) that is a dependency
// cycle; as its own resource the graph is bucket -> distribution -> grant,
// one apply, also with bucket_prefix.
//
// The grant is one statement with Sid CDNReadAccess<first distribution id>
// (bucketconfig.CDNReadAccessSid); the id is "<bucket>/<sid>". The bucket
// resource keeps such statements when it writes its policy. Every write is
// the locked read-modify-write of bucketapi.UpdatePolicy, which also covers
// two of these resources on one bucket. Using this resource and the bucket's
// cdn_read_access on one bucket is refused (at plan time when the bucket's
// policy can be read, else when writing), naming both.
package cdnreadaccess
