package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// quarantine and scan_gate are not parts of their own: their statements are
// in the bucket policy (policy.go builds them with the others; showPolicy
// reads them back) and the quarantine's expiration rule is in the lifecycle
// configuration (lifecycle.go). This file holds the glue between the two.

// quarantineRule is the quarantine's expiration rule as read from the
// bucket.
type quarantineRule struct {
	Prefix string
	Days   int64
}

// quarantineRuleOf is the expiration rule a planned quarantine asks for
// (false: none, or not known yet).
func quarantineRuleOf(ctx context.Context, o types.Object, diags *diag.Diagnostics) (s3types.LifecycleRule, bool) {
	if !fullyKnown(ctx, o) {
		return s3types.LifecycleRule{}, false
	}
	q := quarantineFromModel(ctx, o, diags)
	if q == nil {
		return s3types.LifecycleRule{}, false
	}
	return bucketconfig.QuarantineLifecycleRule(*q)
}

// quarantineRuleChanged reports whether the planned expiration rule differs
// from the state's (a change of readers alone is a policy change only).
func quarantineRuleChanged(ctx context.Context, plan, state types.Object, diags *diag.Diagnostics) bool {
	if plan.IsUnknown() {
		return false
	}
	p, hp := quarantineRuleOf(ctx, plan, diags)
	s, hs := quarantineRuleOf(ctx, state, diags)
	if hp != hs {
		return true
	}
	return hp && (aws.ToString(p.Filter.Prefix) != aws.ToString(s.Filter.Prefix) || aws.ToInt32(p.Expiration.Days) != aws.ToInt32(s.Expiration.Days))
}

// quarantineMayExpire reports whether a planned quarantine adds its
// expiration rule to the lifecycle configuration (or may: a value unknown
// until apply).
func quarantineMayExpire(o types.Object) bool {
	if o.IsNull() {
		return false
	}
	if o.IsUnknown() {
		return true
	}
	days, ok := o.Attributes()["expiration_days"].(types.Int64)
	return !ok || !known(days) || days.ValueInt64() > 0
}

// policyFacts is the bucket policy read back, analyzed once per refresh
// (the statements of the prior policy_statements stay the user's).
func (s *showing) policyFacts() (bucketconfig.PolicyOptions, error) {
	if s.facts == nil {
		prior, _ := userStatements(s.prior.PolicyStatements)
		f, err := bucketconfig.AnalyzePolicy(s.remote.Policy, s.partition, s.name, prior.Statements...)
		s.facts, s.factsErr = &f, err
	}
	return *s.facts, s.factsErr
}

// quarantineRuleClaimed reports whether the lifecycle's quarantine rule
// belongs to the quarantine the policy holds (same prefix).
func (s *showing) quarantineRuleClaimed() bool {
	f, _ := s.policyFacts()
	return s.remote.QuarantineRule != nil && f.Quarantine != nil && aws.ToString(f.Quarantine.Prefix) == s.remote.QuarantineRule.Prefix
}

// showReadGates sets quarantine and scan_gate from the policy (and the
// quarantine's expiration from its lifecycle rule: 0 when there is none).
func showReadGates(ctx context.Context, s *showing, f bucketconfig.PolicyOptions) {
	var q *bucketconfig.Quarantine
	if f.Quarantine != nil {
		c := *f.Quarantine
		days := int64(0)
		if s.quarantineRuleClaimed() {
			days = s.remote.QuarantineRule.Days
		}
		c.ExpirationDays = &days
		q = &c
	}
	s.m.Quarantine = quarantineValue(ctx, q, s.prior.Quarantine, s.diags)
	s.m.ScanGate = scanGateValue(ctx, f.ScanGate, s.prior.ScanGate, s.diags)
}
