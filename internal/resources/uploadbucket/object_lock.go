package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureObjectLock = bucketapi.Feature{Name: "object lock", Attr: "object_lock"}

// objectLockPart is object_lock: object lock on the bucket and the default
// retention of new versions. On a new bucket CreateBucket enables object lock
// (ObjectLockEnabledForBucket, see createBucket); on an existing one
// PutObjectLockConfiguration with ObjectLockEnabled enables it (S3 allows it
// once versioning is on; versioningPart is written before this part). S3
// cannot turn object lock off: ModifyPlan refuses removing object_lock.
var objectLockPart = part{
	feature: featureObjectLock,
	read: getter(featureObjectLock, "GetObjectLockConfiguration", []string{"ObjectLockConfigurationNotFoundError"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetObjectLockConfigurationOutput, error) {
			return c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetObjectLockConfigurationOutput) {
			r.ObjectLockEnabled, r.ObjectLock = bucketconfig.ObjectLockFromAPI(out.ObjectLockConfiguration)
		}),
	// A bucket with object lock but no default retention shows none:
	// object_lock is the default retention.
	show:  func(_ context.Context, s *showing) { s.m.ObjectLock = objectLockValue(s.remote.ObjectLock) },
	unset: func(m *Model) bool { return m.ObjectLock.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.ObjectLock }) {
			return nil
		}
		lock := objectLockFromModel(ctx, a.plan.ObjectLock, a.diags)
		if lock == nil {
			return nil // removal is refused at plan time
		}
		return putObjectLock(ctx, a.ops, lock)
	},
}

// putObjectLock enables object lock with lock as the default retention.
func putObjectLock(ctx context.Context, o *bucketapi.Ops, lock *bucketconfig.ObjectLock) error {
	return o.Call(ctx, featureObjectLock, "PutObjectLockConfiguration", func(ctx context.Context) error {
		_, err := o.Client.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{
			Bucket:                  aws.String(o.Bucket),
			ObjectLockConfiguration: bucketconfig.ObjectLockToAPI(lock),
		})
		return err
	})
}
