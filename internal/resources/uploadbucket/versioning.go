package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureVersioning = bucketapi.Feature{Name: "versioning", Attr: "versioning"}

// versioningPart is versioning (on, or suspended once it was on).
var versioningPart = part{
	feature: featureVersioning,
	read: getter(featureVersioning, "GetBucketVersioning", nil,
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketVersioningOutput, error) {
			return c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketVersioningOutput) {
			r.Versioning = bucketconfig.VersioningEnabled(out.Status)
		}),
	show:  func(_ context.Context, s *showing) { s.m.Versioning = types.BoolValue(s.remote.Versioning) },
	unset: func(m *Model) bool { return !m.Versioning.ValueBool() },
	apply: func(ctx context.Context, a *applying) error {
		if a.creating() {
			if !a.plan.Versioning.ValueBool() {
				return nil // a new bucket is unversioned
			}
		} else if !changed(a.plan.Versioning, a.state.Versioning) {
			return nil
		}
		return putVersioning(ctx, a.ops, a.plan.Versioning.ValueBool())
	},
}

func putVersioning(ctx context.Context, o *bucketapi.Ops, enabled bool) error {
	return o.Call(ctx, featureVersioning, "PutBucketVersioning", func(ctx context.Context) error {
		_, err := o.Client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket:                  aws.String(o.Bucket),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: bucketconfig.VersioningStatus(enabled)},
		})
		return err
	})
}
