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

// lifecyclePart is lifecycle_tiers, abort_incomplete_multipart_days,
// transition_default_minimum_object_size and the quarantine's expiration
// rule: one lifecycle configuration.
var lifecyclePart = part{
	feature: featureLifecycle,
	read: getter(featureLifecycle, "GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
			return c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLifecycleConfigurationOutput) {
			rest, prefix, days, found := bucketconfig.SplitQuarantineRule(out.Rules)
			r.Lifecycle = bucketconfig.LifecycleFromAPI(rest)
			r.LifecycleWithRule = r.Lifecycle
			if found {
				r.QuarantineRule = &quarantineRule{Prefix: prefix, Days: days}
				r.LifecycleWithRule = bucketconfig.LifecycleFromAPI(out.Rules)
			}
			r.Lifecycle.MinimumObjectSize = string(out.TransitionDefaultMinimumObjectSize)
			r.LifecycleWithRule.MinimumObjectSize = r.Lifecycle.MinimumObjectSize
		}),
	show: showLifecycle,
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
			!changed(a.plan.TransitionMinimumObjectSize, a.state.TransitionMinimumObjectSize) &&
			!quarantineRuleChanged(ctx, a.plan.Quarantine, a.state.Quarantine, a.diags) {
			return nil
		}
		rules := bucketconfig.LifecycleToAPI(tiers, abort)
		if hasQRule {
			rules = append(rules, qrule)
		}
		return putLifecycle(ctx, a.ops, rules, a.plan.TransitionMinimumObjectSize.ValueString())
	},
}

// showLifecycle shows the lifecycle configuration. The quarantine's
// expiration rule is the quarantine's (showReadGates), not a tier, when the
// policy holds the quarantine it belongs to; otherwise it is shown as a tier:
// a difference, never dropped.
func showLifecycle(_ context.Context, s *showing) {
	l := s.remote.Lifecycle
	if s.remote.QuarantineRule != nil && !s.quarantineRuleClaimed() {
		l = s.remote.LifecycleWithRule
	}
	s.m.LifecycleTiers = tiersValue(l.Tiers)
	s.m.AbortIncompleteMultipartDays = types.Int64Value(l.AbortDays)
	switch {
	case l.MinimumObjectSize == "":
		// The store does not say (or there is no lifecycle configuration):
		// nothing to compare with.
		if len(l.Tiers) == 0 && l.AbortDays == 0 && s.remote.QuarantineRule == nil {
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
				"\n\nIt keeps working until the lifecycle configuration is next written (a change to lifecycle_tiers, abort_incomplete_multipart_days, "+
				"transition_default_minimum_object_size or quarantine), which replaces the whole configuration and removes it. "+
				"To keep its effect, express it with lifecycle_tiers (days instead of a date, an enabled rule) before then.")
	}
}

// putLifecycle writes the rules and the transition minimum object size ("":
// the store's default); no rule deletes the lifecycle configuration.
func putLifecycle(ctx context.Context, o *bucketapi.Ops, rules []s3types.LifecycleRule, minimumObjectSize string) error {
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
