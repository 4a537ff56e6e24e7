package uploadbucket

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureLifecycle = bucketapi.Feature{Name: "lifecycle configuration", Attr: "lifecycle_tiers"}

// lifecyclePart is lifecycle_tiers, abort_incomplete_multipart_days and
// transition_default_minimum_object_size: one lifecycle configuration.
var lifecyclePart = part{
	feature: featureLifecycle,
	read: getter(featureLifecycle, "GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
			return c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLifecycleConfigurationOutput) {
			r.Lifecycle = bucketconfig.LifecycleFromAPI(out.Rules)
			r.Lifecycle.MinimumObjectSize = string(out.TransitionDefaultMinimumObjectSize)
		}),
	show: showLifecycle,
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
		} else if !changed(a.plan.LifecycleTiers, a.state.LifecycleTiers) && !changed(a.plan.AbortIncompleteMultipartDays, a.state.AbortIncompleteMultipartDays) &&
			!changed(a.plan.TransitionMinimumObjectSize, a.state.TransitionMinimumObjectSize) {
			return nil
		}
		return putLifecycle(ctx, a.ops, tiers, abort, a.plan.TransitionMinimumObjectSize.ValueString())
	},
}

func showLifecycle(_ context.Context, s *showing) {
	l := s.remote.Lifecycle
	s.m.LifecycleTiers = tiersValue(l.Tiers)
	s.m.AbortIncompleteMultipartDays = types.Int64Value(l.AbortDays)
	switch {
	case l.MinimumObjectSize == "":
		// The store does not say (or there is no lifecycle configuration):
		// nothing to compare with.
		if len(l.Tiers) == 0 && l.AbortDays == 0 {
			s.m.TransitionMinimumObjectSize = types.StringNull()
		}
	case l.MinimumObjectSize == bucketconfig.MinimumObjectSizeAllStorageClasses128K && s.prior.TransitionMinimumObjectSize.IsNull():
		// AWS's default, which leaving the attribute unset also means.
	default:
		s.m.TransitionMinimumObjectSize = types.StringValue(l.MinimumObjectSize)
	}
	if len(l.Unheld) > 0 {
		s.diags.AddAttributeWarning(path.Root("lifecycle_tiers"), fmt.Sprintf("Lifecycle rules of bucket %s that lifecycle_tiers cannot hold", s.name),
			"The bucket's lifecycle configuration holds what lifecycle_tiers cannot express:\n- "+strings.Join(l.Unheld, "\n- ")+
				"\n\nIt keeps working until the lifecycle configuration is next written (a change to lifecycle_tiers, abort_incomplete_multipart_days "+
				"or transition_default_minimum_object_size), which replaces the whole configuration and removes it. "+
				"To keep its effect, express it with lifecycle_tiers (days instead of a date, an enabled rule) before then.")
	}
}

// putLifecycle writes the tiers, the abort rule and the transition minimum
// object size ("": the store's default); nothing to write deletes the
// lifecycle configuration.
func putLifecycle(ctx context.Context, o *bucketapi.Ops, tiers []bucketconfig.LifecycleTier, abortDays int64, minimumObjectSize string) error {
	rules := bucketconfig.LifecycleToAPI(tiers, abortDays)
	if len(rules) == 0 {
		return o.Remove(ctx, featureLifecycle, "DeleteBucketLifecycle", nil, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureLifecycle, "PutBucketLifecycleConfiguration", func(ctx context.Context) error {
		_, err := o.Client.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
			Bucket:                             aws.String(o.Bucket),
			LifecycleConfiguration:             &s3types.BucketLifecycleConfiguration{Rules: rules},
			TransitionDefaultMinimumObjectSize: s3types.TransitionDefaultMinimumObjectSize(minimumObjectSize),
		})
		return err
	})
}
