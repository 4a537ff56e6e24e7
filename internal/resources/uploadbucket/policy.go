package uploadbucket

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featurePolicy = bucketapi.Feature{Name: "bucket policy", Attr: "policy_json"}

// policyPart is the bucket policy: deny_insecure_transport,
// deny_unencrypted_uploads, cdn_read_access, quarantine and scan_gate
// generate it (see bucketconfig/policy.go), policy_statements follow;
// filestore_cdn_read_access grants found on the bucket are kept; policy_json
// is the policy in effect.
var policyPart = part{
	feature: featurePolicy,
	read: getter(featurePolicy, "GetBucketPolicy", []string{"NoSuchBucketPolicy"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketPolicyOutput, error) {
			return c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketPolicyOutput) { r.Policy = strings.TrimSpace(deref(out.Policy)) }),
	show:  showPolicy,
	unset: func(m *Model) bool { return m.PolicyJSON.IsNull() },
	apply: applyPolicy,
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// policyManaged reports whether the resource writes the bucket policy: with
// compatibility = "s3" only when one of its attributes is set.
func (r *Resource) policyManaged(config *Model) bool {
	return !r.data.Clients.IsGenericS3() || !config.DenyInsecureTransport.IsNull() || !config.DenyUnencryptedUploads.IsNull() ||
		!config.CDNReadAccess.IsNull() || !config.Quarantine.IsNull() || !config.ScanGate.IsNull() || !config.PolicyStatements.IsNull()
}

// userStatements parses policy_statements (nil when null or unknown;
// ValidateConfig has reported a document that does not parse).
func userStatements(doc jsontypes.Normalized) (bucketconfig.ParsedPolicy, bool) {
	if !known(doc) {
		return bucketconfig.ParsedPolicy{}, false
	}
	p, err := bucketconfig.ParsePolicy(doc.ValueString())
	return p, err == nil
}

// policyOptions are the planned policy settings of bucket (without grants);
// known is false while an input is unknown.
func (r *Resource) policyOptions(ctx context.Context, plan, config *Model, bucket string, diags *diag.Diagnostics) (opts bucketconfig.PolicyOptions, ok bool) {
	if bucket == "" || !known(plan.Region) || plan.DenyInsecureTransport.IsUnknown() || plan.DenyUnencryptedUploads.IsUnknown() ||
		!fullyKnown(ctx, plan.CDNReadAccess) || !fullyKnown(ctx, plan.Quarantine) || !fullyKnown(ctx, plan.ScanGate) ||
		plan.PolicyStatements.IsUnknown() {
		return opts, false
	}
	opts = bucketconfig.PolicyOptions{
		Partition:              bucketconfig.Partition(plan.Region.ValueString()),
		Bucket:                 bucket,
		DenyInsecureTransport:  plan.DenyInsecureTransport.ValueBool(),
		DenyUnencryptedUploads: plan.DenyUnencryptedUploads.ValueBool(),
		CDNDistributionARNs:    cdnARNsFromModel(ctx, plan.CDNReadAccess, diags),
		Quarantine:             quarantineFromModel(ctx, plan.Quarantine, diags),
		ScanGate:               scanGateFromModel(ctx, plan.ScanGate, diags),
	}
	if user, ok := userStatements(plan.PolicyStatements); ok {
		opts.ID, opts.Statements = user.ID, user.Statements
	}
	// Require the bucket's own algorithm in the SSE header when the
	// encryption is managed (with a generic store and no encryption set, any
	// algorithm is accepted).
	if opts.DenyUnencryptedUploads && (!r.data.Clients.IsGenericS3() || !config.Encryption.IsNull()) {
		if !fullyKnown(ctx, plan.Encryption) {
			return opts, false
		}
		if e := encryptionFromModel(ctx, plan.Encryption, diags); e != nil {
			if e.Algorithm == nil {
				return opts, false
			}
			opts.RequiredAlgorithm = e.AlgorithmOrDefault()
		}
	}
	return opts, true
}

// grantsIn returns the filestore_cdn_read_access grants of a policy the
// state holds (none when it is null, unknown or unreadable).
func grantsIn(doc jsontypes.Normalized, partition, bucket string) []bucketconfig.Statement {
	if !known(doc) {
		return nil
	}
	f, err := bucketconfig.AnalyzePolicy(doc.ValueString(), partition, bucket)
	if err != nil {
		return nil
	}
	return f.Grants
}

// grantConflict is the error when cdn_read_access is set on a bucket that
// filestore_cdn_read_access grants on too.
func grantConflict(bucket string, grants []bucketconfig.Statement) error {
	sids := make([]string, len(grants))
	for i, g := range grants {
		sids[i] = g.Sid()
	}
	return &bucketapi.ConflictError{Attr: "cdn_read_access", Detail: fmt.Sprintf(
		"filestore_upload_bucket's cdn_read_access and filestore_cdn_read_access (statement %s) both grant CloudFront read access "+
			"on bucket %q, and one bucket policy cannot take both. Use one of them: remove cdn_read_access and list the distributions in "+
			"filestore_cdn_read_access (it also works with bucket_prefix, without a dependency cycle), or remove the "+
			"filestore_cdn_read_access resources.", strings.Join(sids, ", "), bucket)}
}

// policyValue renders a generated policy: null when empty, and the prior
// text when it says the same (servers reformat policies).
func policyValue(doc string, prior jsontypes.Normalized) jsontypes.Normalized {
	if doc == "" {
		return jsontypes.NewNormalizedNull()
	}
	if known(prior) && bucketconfig.PoliciesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	return jsontypes.NewNormalizedValue(doc)
}

// plannedPolicy is policy_json for a plan: the generated policy with the
// grants the state knows of. managed is false when the resource leaves the
// policy alone; known is false while an input is unknown.
func (r *Resource) plannedPolicy(ctx context.Context, plan, config, state *Model, bucket string, diags *diag.Diagnostics) (doc string, managed, isKnown bool) {
	if !r.policyManaged(config) {
		return "", false, true
	}
	opts, ok := r.policyOptions(ctx, plan, config, bucket, diags)
	if !ok {
		return "", true, false
	}
	if state != nil {
		opts.Grants = grantsIn(state.PolicyJSON, opts.Partition, bucket)
	}
	return bucketconfig.BuildPolicy(opts), true, true
}

func applyPolicy(ctx context.Context, a *applying) error {
	if !a.r.policyManaged(a.config) {
		return nil
	}
	opts, ok := a.r.policyOptions(ctx, a.plan, a.config, a.ops.Bucket, a.diags)
	if !ok {
		return nil
	}
	if a.creating() {
		if bucketconfig.BuildPolicy(opts) == "" {
			return nil
		}
	} else {
		withGrants := opts
		withGrants.Grants = grantsIn(a.state.PolicyJSON, opts.Partition, opts.Bucket)
		current := ""
		if known(a.state.PolicyJSON) {
			current = a.state.PolicyJSON.ValueString()
		}
		if bucketconfig.PoliciesEquivalent(bucketconfig.BuildPolicy(withGrants), current) {
			return nil
		}
	}
	_, err := bucketapi.UpdatePolicy(ctx, a.r.data, a.ops, featurePolicy, bucketapi.PolicyWrite{
		Edit: func(current string) (string, error) {
			found, err := bucketconfig.AnalyzePolicy(current, opts.Partition, opts.Bucket)
			if err != nil {
				found = bucketconfig.PolicyOptions{} // unreadable: replaced whole
			}
			if len(found.Grants) > 0 && len(opts.CDNDistributionARNs) > 0 {
				return "", grantConflict(opts.Bucket, found.Grants)
			}
			o := opts
			o.Grants = found.Grants
			return bucketconfig.BuildPolicy(o), nil
		},
		Holds: func(back string) bool {
			found, err := bucketconfig.AnalyzePolicy(back, opts.Partition, opts.Bucket, opts.Statements...)
			if err != nil {
				return false
			}
			o := opts
			o.Grants = found.Grants
			return bucketconfig.PoliciesEquivalent(bucketconfig.BuildPolicy(o), back)
		},
	})
	if errors.Is(err, bucketapi.ErrPolicyNotConfirmed) {
		a.diags.AddAttributeWarning(path.Root("policy_json"), fmt.Sprintf("Bucket policy of %s not confirmed", a.ops.Bucket),
			err.Error()+". The next plan shows any difference.")
		return nil
	}
	return err
}

// showPolicy reads the policy back into the settings that generate it and
// the user's statements (a statement nobody generates shows there: drift).
func showPolicy(ctx context.Context, s *showing) {
	facts, err := s.policyFacts()
	if err != nil {
		s.diags.AddAttributeWarning(path.Root("policy_json"), "Unreadable bucket policy",
			fmt.Sprintf("The policy of bucket %q is not valid JSON (%v); it is kept as is and replaced on the next apply.", s.name, err))
	}
	s.m.DenyInsecureTransport = boolValue(facts.DenyInsecureTransport)
	s.m.DenyUnencryptedUploads = boolValue(facts.DenyUnencryptedUploads)
	s.m.CDNReadAccess = cdnReadAccessValue(facts.CDNDistributionARNs)
	showReadGates(ctx, s, facts)
	s.m.PolicyJSON = remotePolicyValue(s.remote.Policy, facts, s.prior.PolicyJSON, err == nil)
	// With compatibility = "s3" and no policy_statements, the policy's other
	// statements are not this resource's business.
	if err == nil && (!s.r.data.Clients.IsGenericS3() || !s.prior.PolicyStatements.IsNull()) {
		s.m.PolicyStatements = userStatementsValue(bucketconfig.UserPolicy(facts), s.prior.PolicyStatements)
	}
}

// userStatementsValue renders the user statements read back: the prior
// text when it says the same, null when there are none.
func userStatementsValue(doc string, prior jsontypes.Normalized) jsontypes.Normalized {
	if known(prior) && bucketconfig.PoliciesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	if doc == "" {
		return jsontypes.NewNormalizedNull()
	}
	return jsontypes.NewNormalizedValue(doc)
}

// remotePolicyValue renders the policy read from the server. Servers
// reformat stored policies, so when it says the same as the prior state, or
// as the policy this resource generates for what it contains, that text is
// kept: refresh and import then agree with the plan byte for byte.
func remotePolicyValue(doc string, facts bucketconfig.PolicyOptions, prior jsontypes.Normalized, readable bool) jsontypes.Normalized {
	if doc == "" {
		return jsontypes.NewNormalizedNull()
	}
	if known(prior) && bucketconfig.PoliciesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	if readable {
		if gen := bucketconfig.BuildPolicy(facts); gen != "" && bucketconfig.PoliciesEquivalent(gen, doc) {
			return jsontypes.NewNormalizedValue(gen)
		}
	}
	return jsontypes.NewNormalizedValue(doc)
}
