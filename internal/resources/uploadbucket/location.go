package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureLocation = bucketapi.Feature{Name: "bucket location", Attr: "region"}

// readLocation reads the bucket's region. It only names the region: a store
// that does not implement GetBucketLocation leaves it the provider's.
func readLocation(ctx context.Context, o *bucketapi.Ops, save store) error {
	return getter(featureLocation, "GetBucketLocation", nil,
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLocationOutput, error) {
			return c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLocationOutput) {
			r.Region = bucketconfig.RegionFromLocationConstraint(string(out.LocationConstraint))
		})(ctx, o, true, save)
}
