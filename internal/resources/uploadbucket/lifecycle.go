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

// lifecyclePart is lifecycle_tiers, abort_incomplete_multipart_days and the
// quarantine's expiration rule: one lifecycle configuration.
var lifecyclePart = part{
	feature: featureLifecycle,
	read: getter(featureLifecycle, "GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
			return c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLifecycleConfigurationOutput) {
			rest, prefix, days, found := bucketconfig.SplitQuarantineRule(out.Rules)
			r.Tiers, r.AbortDays = bucketconfig.LifecycleFromAPI(rest)
			r.TiersWithRule = r.Tiers
			if found {
				r.QuarantineRule = &quarantineRule{Prefix: prefix, Days: days}
				r.TiersWithRule, _ = bucketconfig.LifecycleFromAPI(out.Rules)
			}
		}),
	show: func(_ context.Context, s *showing) {
		// A quarantine rule the policy has no quarantine for is shown as a
		// tier: a difference, never dropped.
		tiers := s.remote.Tiers
		if s.remote.QuarantineRule != nil && !s.quarantineRuleClaimed() {
			tiers = s.remote.TiersWithRule
		}
		s.m.LifecycleTiers = tiersValue(tiers)
		s.m.AbortIncompleteMultipartDays = types.Int64Value(s.remote.AbortDays)
	},
	unset: func(m *Model) bool {
		return m.LifecycleTiers.IsNull() && m.AbortIncompleteMultipartDays.ValueInt64() == 0
	},
	apply: func(ctx context.Context, a *applying) error {
		tiers := tiersFromModel(ctx, a.plan.LifecycleTiers, a.diags)
		abort := a.plan.AbortIncompleteMultipartDays.ValueInt64() // unknown (not managed) reads as 0: no rule
		qrule, hasQRule := quarantineRuleOf(ctx, a.plan.Quarantine, a.diags)
		if a.creating() {
			if len(tiers) == 0 && abort == 0 && !hasQRule {
				return nil
			}
		} else if !changed(a.plan.LifecycleTiers, a.state.LifecycleTiers) && !changed(a.plan.AbortIncompleteMultipartDays, a.state.AbortIncompleteMultipartDays) &&
			!quarantineRuleChanged(ctx, a.plan.Quarantine, a.state.Quarantine, a.diags) {
			return nil
		}
		rules := bucketconfig.LifecycleToAPI(tiers, abort)
		if hasQRule {
			rules = append(rules, qrule)
		}
		return putLifecycle(ctx, a.ops, rules)
	},
}

// putLifecycle writes the rules; none deletes the lifecycle configuration.
func putLifecycle(ctx context.Context, o *bucketapi.Ops, rules []s3types.LifecycleRule) error {
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
