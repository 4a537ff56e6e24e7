package bucketconfig

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Object ownership settings.
const (
	OwnershipBucketOwnerEnforced  = "BucketOwnerEnforced"
	OwnershipBucketOwnerPreferred = "BucketOwnerPreferred"
	OwnershipObjectWriter         = "ObjectWriter"
)

// ObjectOwnerships lists the accepted object_ownership values; the first is
// the default (ACLs disabled).
func ObjectOwnerships() []string {
	return []string{OwnershipBucketOwnerEnforced, OwnershipBucketOwnerPreferred, OwnershipObjectWriter}
}

// PublicAccessBlockAll is the public access block with all four flags on.
func PublicAccessBlockAll() *s3types.PublicAccessBlockConfiguration {
	return &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls:       aws.Bool(true),
		BlockPublicPolicy:     aws.Bool(true),
		IgnorePublicAcls:      aws.Bool(true),
		RestrictPublicBuckets: aws.Bool(true),
	}
}

// PublicAccessBlocked reports whether all four flags are on (nil: no public
// access block, not blocked).
func PublicAccessBlocked(c *s3types.PublicAccessBlockConfiguration) bool {
	return c != nil && aws.ToBool(c.BlockPublicAcls) && aws.ToBool(c.BlockPublicPolicy) &&
		aws.ToBool(c.IgnorePublicAcls) && aws.ToBool(c.RestrictPublicBuckets)
}

// VersioningEnabled reads GetBucketVersioning's status: only Enabled is on
// (Suspended and never-enabled are off).
func VersioningEnabled(status s3types.BucketVersioningStatus) bool {
	return status == s3types.BucketVersioningStatusEnabled
}

// VersioningStatus is the status PutBucketVersioning needs for enabled.
func VersioningStatus(enabled bool) s3types.BucketVersioningStatus {
	if enabled {
		return s3types.BucketVersioningStatusEnabled
	}
	return s3types.BucketVersioningStatusSuspended
}
