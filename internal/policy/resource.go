package policy

import (
	"context"
	"fmt"
	"strings"
)

// Compatibility values of the provider configuration.
const (
	CompatibilityAWS = "aws"
	CompatibilityS3  = "s3"
)

// Resource is one object the provider checks at plan time: a resource's
// planned values, or a data source's / ephemeral resource's configuration,
// in the `after` / `after_unknown` shape of a saved plan.
type Resource struct {
	Mode         string // "managed" or "data"
	Type         string // filestore_upload_bucket
	Address      string // optional; the framework does not tell a resource its address
	After        map[string]any
	AfterUnknown map[string]any
	// Compatibility is the provider's `compatibility` ("aws" when empty).
	Compatibility string
}

// EvaluateResource checks one resource by wrapping it into a one-resource
// plan document (a resource_changes entry, its configuration block and the
// provider configuration carrying the compatibility), so the same
// normalization and rules run as for a whole plan.
func (e *Engine) EvaluateResource(ctx context.Context, r Resource) ([]Finding, error) {
	if e.settings.Enforcement == LevelOff {
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

func wrapResource(r Resource) map[string]any {
	mode := r.Mode
	if mode == "" {
		mode = "managed"
	}
	name := "this"
	address := r.Type + "." + name
	if r.Address != "" && strings.Contains(r.Address, ".") {
		address = r.Address
		name = address[strings.LastIndex(address, ".")+1:]
	}
	configAddress := r.Type + "." + name
	if mode == "data" {
		if !strings.HasPrefix(address, "data.") {
			address = "data." + address
		}
		configAddress = "data." + configAddress
	}
	action := "create"
	if mode == "data" {
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
	compat := r.Compatibility
	if compat == "" {
		compat = CompatibilityAWS
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
			"provider_config": map[string]any{
				"filestore": map[string]any{
					"name":        "filestore",
					"expressions": map[string]any{"compatibility": map[string]any{"constant_value": compat}},
				},
			},
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
