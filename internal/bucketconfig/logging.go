package bucketconfig

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// AccessLogging is access_logging: server access logs delivered to
// TargetBucket under TargetPrefix.
type AccessLogging struct {
	TargetBucket *string // nil: unknown until apply
	TargetPrefix *string
}

// ValidateAccessLogging checks the target bucket's name. p is the path of
// access_logging.
func ValidateAccessLogging(l AccessLogging, p Path) []FieldError {
	if l.TargetBucket == nil {
		return nil
	}
	return ValidateBucketName(*l.TargetBucket, p.At("target_bucket"))
}

// LoggingToAPI is the status PutBucketLogging takes; nil turns logging off
// (an empty BucketLoggingStatus is how S3 disables it).
func LoggingToAPI(l *AccessLogging) *s3types.BucketLoggingStatus {
	if l == nil {
		return &s3types.BucketLoggingStatus{}
	}
	return &s3types.BucketLoggingStatus{LoggingEnabled: &s3types.LoggingEnabled{
		TargetBucket: aws.String(aws.ToString(l.TargetBucket)),
		TargetPrefix: aws.String(aws.ToString(l.TargetPrefix)),
	}}
}

// LoggingFromAPI reads GetBucketLogging (nil: logging off) and names what
// access_logging cannot hold (target grants, a partitioned key format).
func LoggingFromAPI(e *s3types.LoggingEnabled) (l *AccessLogging, unheld []string) {
	if e == nil || aws.ToString(e.TargetBucket) == "" {
		return nil, nil
	}
	l = &AccessLogging{TargetBucket: aws.String(aws.ToString(e.TargetBucket)), TargetPrefix: aws.String(aws.ToString(e.TargetPrefix))}
	if len(e.TargetGrants) > 0 {
		unheld = append(unheld, fmt.Sprintf("%d target grants (access_logging does not manage grants; use the target bucket's policy)", len(e.TargetGrants)))
	}
	if f := e.TargetObjectKeyFormat; f != nil && f.PartitionedPrefix != nil {
		unheld = append(unheld, "a partitioned log object key format")
	}
	return l, unheld
}
