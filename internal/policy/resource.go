package policy

import (
	"context"
	"fmt"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// EvaluateResource checks one resource by wrapping it into a one-resource
// plan document (a resource_changes entry, its configuration block and the
// provider configuration carrying the compatibility), so the same
// normalization and rules run as for a whole plan. The engine is the
// provider's providerdata.Guard through this method.
func (e *Engine) EvaluateResource(ctx context.Context, r guardrail.Resource) ([]guardrail.Finding, error) {
	if e.settings.Enforcement == guardrail.LevelOff {
		return nil, nil
	}
	v, err := toValue(wrapResource(r))
	if err != nil {
		return nil, fmt.Errorf("reading the planned %s: %w", r.Type, err)
	}
	rep, err := e.eval(ctx, v)
	if err != nil {
		return nil, err
	}
	return rep.Findings, nil
}

func wrapResource(r guardrail.Resource) map[string]any {
	mode := r.Mode
	if mode == "" {
		mode = guardrail.ModeManaged
	}
	name := "this"
	address := r.Type + "." + name
	if r.Address != "" && strings.Contains(r.Address, ".") {
		address = r.Address
		name = address[strings.LastIndex(address, ".")+1:]
	}
	configAddress := r.Type + "." + name
	if mode == guardrail.ModeData {
		if !strings.HasPrefix(address, "data.") {
			address = "data." + address
		}
		configAddress = "data." + configAddress
	}
	action := "create"
	if mode == guardrail.ModeData {
		action = "read"
	}
	after := r.After
	if after == nil {
		after = map[string]any{}
	}
	unknown := r.AfterUnknown
	if unknown == nil {
		unknown = map[string]any{}
	}
	// Without a compatibility the provider block sets none, and the rules
	// take the default ("aws"), as for a plan.
	provider := map[string]any{"name": "filestore", "expressions": map[string]any{}}
	if r.Compatibility != "" {
		provider["expressions"] = map[string]any{"compatibility": map[string]any{"constant_value": r.Compatibility}}
	}
	return map[string]any{
		"format_version": "1.2",
		"resource_changes": []any{map[string]any{
			"address": address,
			"mode":    mode,
			"type":    r.Type,
			"name":    name,
			"change": map[string]any{
				"actions":       []any{action},
				"after":         after,
				"after_unknown": unknown,
			},
		}},
		"configuration": map[string]any{
			"provider_config": map[string]any{"filestore": provider},
			"root_module": map[string]any{
				"resources": []any{map[string]any{
					"address":             configAddress,
					"mode":                mode,
					"type":                r.Type,
					"name":                name,
					"provider_config_key": "filestore",
					"expressions":         map[string]any{},
				}},
			},
		},
	}
}
