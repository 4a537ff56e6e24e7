// Package guard adapts the policy engine to the provider: it implements
// providerdata.Guard, so resources check their planned values (and data
// sources / ephemeral resources their configuration) in ModifyPlan and
// before minting. Kept apart from internal/policy so that the engine stays
// free of framework imports.
package guard

import (
	"context"

	"github.com/filestore/terraform-provider-filestore/internal/policy"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

// Guard is the provider's guardrail checker.
type Guard struct {
	engine *policy.Engine
}

var _ providerdata.Guard = (*Guard)(nil)

// New builds the guard from the provider's validated `policy` block; it is
// the provider's default GuardFactory. A Rego error in policy.paths is
// returned (the provider reports it on the policy attribute).
func New(ctx context.Context, s providerdata.PolicySettings) (providerdata.Guard, error) {
	e, err := policy.New(ctx, policy.Settings{
		Enforcement: s.Enforcement,
		Overrides:   s.Overrides,
		Parameters:  s.Parameters,
		Paths:       s.Paths,
	})
	if err != nil {
		return nil, err
	}
	return &Guard{engine: e}, nil
}

// Check evaluates one planned resource or minting request.
func (g *Guard) Check(ctx context.Context, in providerdata.GuardInput) ([]providerdata.Finding, error) {
	fs, err := g.engine.EvaluateResource(ctx, policy.Resource{
		Mode:          in.Mode,
		Type:          in.Type,
		Address:       in.Address,
		After:         in.After,
		AfterUnknown:  in.AfterUnknown,
		Compatibility: in.Compatibility,
	})
	if err != nil {
		return nil, err
	}
	out := make([]providerdata.Finding, 0, len(fs))
	for _, f := range fs {
		msg := f.Message
		if p := f.PathString(); p != "" {
			// Terraform and OpenTofu point a diagnostic at the deepest part
			// of the configuration they can resolve, which for a nested
			// attribute (cors_rules[0].allowed_origins) may be the whole
			// block: name the attribute in the text as well.
			msg = p + ": " + msg
		}
		out = append(out, providerdata.Finding{
			RuleID:    f.RuleID,
			Level:     f.Level,
			Title:     f.Title,
			Message:   msg,
			Path:      f.Path,
			Exemption: f.Exemption,
		})
	}
	return out, nil
}
