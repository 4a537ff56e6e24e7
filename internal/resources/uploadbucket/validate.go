package uploadbucket

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// ValidateConfig checks what S3 would reject at apply, with attribute paths.
// The rules are bucketconfig's; values unknown until apply are skipped.
func (r *Resource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c Model
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var errs []bucketconfig.FieldError
	if known(c.Bucket) {
		errs = append(errs, bucketconfig.ValidateBucketName(c.Bucket.ValueString(), bucketconfig.Path{"bucket"})...)
	}
	if known(c.BucketPrefix) {
		errs = append(errs, bucketconfig.ValidateBucketPrefix(c.BucketPrefix.ValueString(), bucketconfig.Path{"bucket_prefix"})...)
	}
	if known(c.CORSRules) {
		errs = append(errs, bucketconfig.ValidateCORS(corsFromModel(ctx, c.CORSRules, &resp.Diagnostics), bucketconfig.Path{"cors_rules"})...)
	}
	if e := encryptionFromModel(ctx, c.Encryption, &resp.Diagnostics); e != nil {
		errs = append(errs, bucketconfig.ValidateEncryption(*e, bucketconfig.Path{"encryption"})...)
	}
	if known(c.LifecycleTiers) {
		errs = append(errs, bucketconfig.ValidateLifecycle(tiersFromModel(ctx, c.LifecycleTiers, &resp.Diagnostics), bucketconfig.Path{"lifecycle_tiers"})...)
	}
	if known(c.AbortIncompleteMultipartDays) {
		errs = append(errs, bucketconfig.ValidateAbortMultipartDays(c.AbortIncompleteMultipartDays.ValueInt64(), bucketconfig.Path{"abort_incomplete_multipart_days"})...)
	}
	if known(c.PolicyStatements) {
		_, perrs := bucketconfig.ValidatePolicyStatements(c.PolicyStatements.ValueString(), bucketconfig.Path{"policy_statements"})
		errs = append(errs, perrs...)
	}
	if lock := objectLockFromModel(ctx, c.ObjectLock, &resp.Diagnostics); lock != nil {
		// versioning defaults to false: unset is off.
		versioning := boolPtr(c.Versioning)
		if c.Versioning.IsNull() {
			off := false
			versioning = &off
		}
		errs = append(errs, bucketconfig.ValidateObjectLock(*lock, versioning, bucketconfig.Path{"object_lock"})...)
	}
	if l := accessLoggingFromModel(ctx, c.AccessLogging, &resp.Diagnostics); l != nil {
		errs = append(errs, bucketconfig.ValidateAccessLogging(*l, bucketconfig.Path{"access_logging"})...)
	}
	errs = append(errs, validatePipeline(ctx, &c, &resp.Diagnostics)...)
	addFieldErrors(&resp.Diagnostics, errs)
}

// validatePipeline checks notifications, quarantine and scan_gate, and the
// quarantine against lifecycle_tiers; combinations that work but probably
// not as meant are warnings.
func validatePipeline(ctx context.Context, c *Model, diags *diag.Diagnostics) []bucketconfig.FieldError {
	var errs []bucketconfig.FieldError
	if n, ok := notificationsFromModel(ctx, c.Notifications, diags); ok {
		errs = append(errs, bucketconfig.ValidateNotifications(n, bucketconfig.Path{"notifications"})...)
	}
	q := quarantineFromModel(ctx, c.Quarantine, diags)
	if q != nil {
		errs = append(errs, bucketconfig.ValidateQuarantine(*q, bucketconfig.Path{"quarantine"})...)
		if known(c.LifecycleTiers) {
			tiers := tiersFromModel(ctx, c.LifecycleTiers, diags)
			for i, ev := range c.LifecycleTiers.Elements() {
				// A tier whose prefix is unknown until apply is never a
				// conflict: drop its transitions from the check.
				if obj, ok := ev.(types.Object); ok && i < len(tiers) && (obj.IsUnknown() || obj.Attributes()["prefix"].IsUnknown()) {
					tiers[i].Transitions, tiers[i].NoncurrentTransitions = nil, nil
				}
			}
			errs = append(errs, bucketconfig.ValidateQuarantineTiers(*q, tiers, bucketconfig.Path{"lifecycle_tiers"})...)
		}
	}
	g := scanGateFromModel(ctx, c.ScanGate, diags)
	if g != nil {
		errs = append(errs, bucketconfig.ValidateScanGate(*g, bucketconfig.Path{"scan_gate"})...)
	}
	if q != nil && g != nil {
		for _, w := range bucketconfig.ReadGateWarnings(*q, *g, bucketconfig.Path{"quarantine"}, bucketconfig.Path{"scan_gate"}) {
			diags.AddAttributeWarning(attrPath(w.Path), w.Summary, w.Detail)
		}
	}
	return errs
}
