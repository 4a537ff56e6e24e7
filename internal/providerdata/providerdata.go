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
	"github.com/filestore/terraform-provider-filestore/internal/planvalue"
)

// PolicySettings is the provider's `policy` block, validated.
type PolicySettings struct {
	// Enforcement is "deny" (default), "warn" or "off".
	Enforcement string
	// Overrides maps a rule id (FS006) to "deny", "warn" or "off".
	Overrides map[string]string
	// Paths are extra Rego directories evaluated with the built-in rules.
	Paths []string
	// Parameters are rule parameters (max_presign_seconds = "3600").
	Parameters map[string]string
}

// Data is the configured provider.
type Data struct {
	Clients     *awsclient.Factory
	DefaultTags map[string]string
	Clock       clock.Clock
	Policy      PolicySettings
	// Guard checks planned values against the guardrails; nil when
	// enforcement is "off" or no engine is installed.
	Guard Guard
	// Locks serializes read-modify-writes of shared remote documents (a
	// bucket policy) by this provider instance's resources.
	Locks Locks
}

// Guard is implemented by the policy engine. It is an interface here so that
// providerdata does not depend on OPA.
type Guard interface {
	// Check evaluates one resource / data source / ephemeral resource and
	// returns its findings with enforcement and overrides already applied
	// (level "deny" or "warn"; "off" findings are dropped).
	Check(ctx context.Context, in GuardInput) ([]Finding, error)
}

// GuardInput is one object to check, in the shape of an entry of a plan's
// resource_changes: planned values as JSON-compatible Go values
// (map[string]any, []any, string, float64/json.Number, bool, nil) and the
// unknown-value mask (true where a value is unknown until apply), exactly as
// `terraform show -json` renders `after` and `after_unknown`.
type GuardInput struct {
	Mode         string // "managed" or "data" (ephemeral resources are checked as "data")
	Type         string // filestore_upload_bucket
	Address      string // best effort; the framework does not tell a resource its address
	After        map[string]any
	AfterUnknown map[string]any
	// Compatibility is the provider's `compatibility` ("aws" or "s3"); filled
	// in by CheckGuardrails from the client factory when empty. The AWS-only
	// rules (FS002-FS004, the KMS part of FS001) skip generic S3 stores.
	Compatibility string
}

// Finding is one guardrail result.
type Finding struct {
	RuleID  string
	Level   string // "deny" or "warn"
	Title   string
	Message string
	// Path is the attribute path the finding concerns: strings are attribute
	// names, ints are list indexes. Empty means the whole resource.
	Path []any
	// Exemption is set when the resource is exempt from the rule; the finding
	// is then reported as a warning that quotes the written reason.
	Exemption string
}

// AttributePath converts a finding path to a framework path.
func (f Finding) AttributePath() path.Path {
	p := path.Empty()
	for _, step := range f.Path {
		switch s := step.(type) {
		case string:
			p = p.AtName(s)
		case int:
			p = p.AtListIndex(s)
		case int64:
			p = p.AtListIndex(int(s))
		case float64:
			p = p.AtListIndex(int(s))
		}
	}
	return p
}

// CheckGuardrails runs the guard (if any) and turns findings into
// diagnostics: deny findings are errors on the attribute path, warn findings
// warnings. It reports whether the caller may proceed (no deny finding).
func (d *Data) CheckGuardrails(ctx context.Context, in GuardInput, diags *diag.Diagnostics) bool {
	if d == nil || d.Guard == nil {
		return true
	}
	if in.Compatibility == "" && d.Clients != nil {
		in.Compatibility = d.Clients.Compatibility()
	}
	findings, err := d.Guard.Check(ctx, in)
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
		switch {
		case f.Exemption != "":
			detail += fmt.Sprintf("\n\nExempted: %s\n\nGuardrail %s is reported as a warning for this resource.", f.Exemption, f.RuleID)
		case f.Level == "deny":
			detail += fmt.Sprintf("\n\nGuardrail %s (deny). Change the configuration; or exempt this resource with a written reason "+
				"(see the guardrails guide); or lower the rule with policy.overrides = { %s = \"warn\" } in the provider block.", f.RuleID, f.RuleID)
		default:
			detail += fmt.Sprintf("\n\nGuardrail %s (warn). Change the configuration, or silence the rule with "+
				"policy.overrides = { %s = \"off\" } in the provider block.", f.RuleID, f.RuleID)
		}
		p := f.AttributePath()
		switch {
		case f.Level == "deny" && f.Exemption == "":
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

// Modes of GuardInput.
const (
	ModeManaged = "managed"
	ModeData    = "data"
)

// CheckPlanned checks a planned (resources, in ModifyPlan) or configured
// (data sources and ephemeral resources, before minting) value against the
// guardrails. mode is ModeManaged or ModeData; typeName is the full type name
// (filestore_upload_bucket). Unknown values are passed as unknown, never as
// violations. It reports whether the caller may proceed.
func (d *Data) CheckPlanned(ctx context.Context, mode, typeName string, v tftypes.Value, diags *diag.Diagnostics) bool {
	if d == nil || d.Guard == nil || v.IsNull() {
		return true
	}
	after, unknown, err := planvalue.Convert(v)
	if err != nil {
		diags.AddError("Evaluating guardrails", fmt.Sprintf("Converting the planned %s: %v. This is a bug in the provider.", typeName, err))
		return false
	}
	return d.CheckGuardrails(ctx, GuardInput{Mode: mode, Type: typeName, Address: typeName, After: after, AfterUnknown: unknown}, diags)
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
