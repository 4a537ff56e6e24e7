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

var featureLifecycle = bucketapi.Feature{Name: "lifecycle configuration", Attr: "lifecycle_tiers"}

// lifecyclePart is lifecycle_tiers and abort_incomplete_multipart_days: one
// lifecycle configuration.
var lifecyclePart = part{
	feature: featureLifecycle,
	read: getter(featureLifecycle, "GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
			return c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLifecycleConfigurationOutput) {
			r.Tiers, r.AbortDays = bucketconfig.LifecycleFromAPI(out.Rules)
		}),
	show: func(_ context.Context, s *showing) {
		s.m.LifecycleTiers = tiersValue(s.remote.Tiers)
		s.m.AbortIncompleteMultipartDays = types.Int64Value(s.remote.AbortDays)
	},
	unset: func(m *Model) bool {
		return m.LifecycleTiers.IsNull() && m.AbortIncompleteMultipartDays.ValueInt64() == 0
	},
	apply: func(ctx context.Context, a *applying) error {
		tiers := tiersFromModel(ctx, a.plan.LifecycleTiers, a.diags)
		abort := a.plan.AbortIncompleteMultipartDays.ValueInt64() // unknown (not managed) reads as 0: no rule
		if a.creating() {
			if len(tiers) == 0 && abort == 0 {
				return nil
			}
		} else if !changed(a.plan.LifecycleTiers, a.state.LifecycleTiers) && !changed(a.plan.AbortIncompleteMultipartDays, a.state.AbortIncompleteMultipartDays) {
			return nil
		}
		return putLifecycle(ctx, a.ops, tiers, abort)
	},
}

// putLifecycle writes the tiers and the abort rule; nothing to write deletes
// the lifecycle configuration.
func putLifecycle(ctx context.Context, o *bucketapi.Ops, tiers []bucketconfig.LifecycleTier, abortDays int64) error {
	rules := bucketconfig.LifecycleToAPI(tiers, abortDays)
	if len(rules) == 0 {
		return o.Remove(ctx, featureLifecycle, "DeleteBucketLifecycle", nil, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureLifecycle, "PutBucketLifecycleConfiguration", func(ctx context.Context) error {
		_, err := o.Client.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
			Bucket:                 aws.String(o.Bucket),
			LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules},
		})
		return err
	})
}
