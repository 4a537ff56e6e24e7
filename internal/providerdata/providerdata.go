// Package providerdata is what the provider's Configure hands to every
// resource, data source, ephemeral resource and function: the client factory,
// default tags, the clock and the guardrail checker. It sits in its own
// package so that internal/resources and internal/datasources do not import
// internal/provider (which registers them).
package providerdata

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/clock"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/planvalue"
)

// Data is the configured provider.
type Data struct {
	Clients     *awsclient.Factory
	DefaultTags map[string]string
	Clock       clock.Clock
	Policy      guardrail.Settings
	// Guard checks planned values against the guardrails; nil when
	// enforcement is "off" or no engine is installed.
	Guard Guard
	// Locks serializes read-modify-writes of shared remote documents (a
	// bucket policy) by this provider instance's resources.
	Locks Locks
	// Buckets are the buckets this provider process has checked, so that
	// the check of a presigned URL or a content object sees the bucket it
	// names (guardrail.Buckets). Nil: no relation.
	Buckets *guardrail.Buckets
}

// Guard is implemented by the policy engine (*policy.Engine). It is an
// interface here so that providerdata does not depend on OPA.
type Guard interface {
	// EvaluateResource evaluates one resource / data source / ephemeral
	// resource and returns its findings with enforcement and overrides
	// already applied (level "deny" or "warn"; "off" findings are dropped).
	EvaluateResource(ctx context.Context, in guardrail.Resource) ([]guardrail.Finding, error)
}

// AttributePath converts a finding path (attribute names and list indexes)
// to a framework path.
func AttributePath(p []any) path.Path {
	out := path.Empty()
	for _, step := range p {
		switch s := step.(type) {
		case string:
			out = out.AtName(s)
		case int:
			out = out.AtListIndex(s)
		case int64:
			out = out.AtListIndex(int(s))
		case float64:
			out = out.AtListIndex(int(s))
		}
	}
	return out
}

// CheckGuardrails runs the guard (if any) and turns findings into
// diagnostics: deny findings are errors on the attribute path, warn findings
// warnings. It reports whether the caller may proceed (no deny finding).
func (d *Data) CheckGuardrails(ctx context.Context, in guardrail.Resource, diags *diag.Diagnostics) bool {
	if d == nil || d.Guard == nil {
		return true
	}
	if in.Compatibility == "" && d.Clients != nil {
		in.Compatibility = d.Clients.Compatibility()
	}
	findings, err := d.Guard.EvaluateResource(ctx, in)
	if err != nil {
		diags.AddError("Evaluating guardrails", fmt.Sprintf("The guardrail policies could not be evaluated for %s: %v", in.Type, err))
		return false
	}
	ok := true
	for _, f := range findings {
		// Rule titles state the requirement ("No CORS write access from any
		// origin"); the summary says it is not met.
		summary := fmt.Sprintf("Guardrail %s not met: %s", f.RuleID, f.Title)
		detail := f.Message
		if p := f.PathString(); p != "" {
			// Terraform and OpenTofu point a diagnostic at the deepest part
			// of the configuration they can resolve, which for a nested
			// attribute (cors_rules[0].allowed_origins) may be the whole
			// block: name the attribute in the text as well.
			detail = p + ": " + detail
		}
		switch {
		case f.Exemption != "":
			detail += fmt.Sprintf("\n\nExempted: %s\n\nGuardrail %s is reported as a warning for this resource.", f.Exemption, f.RuleID)
		case f.Level == guardrail.LevelDeny:
			detail += fmt.Sprintf("\n\nGuardrail %s (deny). Change the configuration; or exempt this resource with a written reason "+
				"(see the guardrails guide); or lower the rule with policy.overrides = { %s = \"warn\" } in the provider block.", f.RuleID, f.RuleID)
		default:
			detail += fmt.Sprintf("\n\nGuardrail %s (warn). Change the configuration, or silence the rule with "+
				"policy.overrides = { %s = \"off\" } in the provider block.", f.RuleID, f.RuleID)
		}
		p := AttributePath(f.Path)
		switch {
		case f.Level == guardrail.LevelDeny && f.Exemption == "":
			ok = false
			if len(f.Path) > 0 {
				diags.AddAttributeError(p, summary, detail)
			} else {
				diags.AddError(summary, detail)
			}
		default:
			if len(f.Path) > 0 {
				diags.AddAttributeWarning(p, summary, detail)
			} else {
				diags.AddWarning(summary, detail)
			}
		}
	}
	return ok
}

// CheckPlanned checks a planned (resources, in ModifyPlan) or configured
// (data sources and ephemeral resources, before minting) value against the
// guardrails. mode is guardrail.ModeManaged or guardrail.ModeData; typeName is the full type name
// (filestore_upload_bucket). Unknown values are passed as unknown, never as
// violations. A bucket is remembered in d.Buckets, and a resource naming a
// remembered bucket is checked with it (FS018, FS019, FS021). It reports
// whether the caller may proceed.
func (d *Data) CheckPlanned(ctx context.Context, mode, typeName string, v tftypes.Value, diags *diag.Diagnostics) bool {
	if d == nil || d.Guard == nil || v.IsNull() {
		return true
	}
	after, unknown, err := planvalue.Convert(v)
	if err != nil {
		diags.AddError("Evaluating guardrails", fmt.Sprintf("Converting the planned %s: %v. This is a bug in the provider.", typeName, err))
		return false
	}
	r := guardrail.Resource{Mode: mode, Type: typeName, Address: typeName, After: after, AfterUnknown: unknown}
	if d.Clients != nil {
		r.Compatibility = d.Clients.Compatibility()
	}
	d.Buckets.Remember(r)
	for _, b := range d.Buckets.Related(r) {
		b.Compatibility = r.Compatibility
		r.Related = append(r.Related, b)
	}
	return d.CheckGuardrails(ctx, r, diags)
}

// FromAny converts the ProviderData a resource receives in Configure. It
// returns nil without diagnostics when the provider is not configured yet
// (the framework calls Configure early with nil during validation).
func FromAny(v any, diags *diag.Diagnostics) *Data {
	if v == nil {
		return nil
	}
	d, ok := v.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is a bug in the provider; please report it.", v))
		return nil
	}
	return d
}
