package policy

import (
	"context"
	"fmt"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// EvaluateResource checks one resource by wrapping it into a plan document
// (a resource_changes entry, its configuration block and the provider
// configuration carrying the compatibility), so the same normalization and
// rules run as for a whole plan, in the "resource" view
// (data.filestore.view). r.Related (the bucket a presigned URL names) join
// the document so rules relating the two decide; only r's own findings are
// returned. The engine is the provider's providerdata.Guard through this
// method.
func (e *Engine) EvaluateResource(ctx context.Context, r guardrail.Resource) ([]guardrail.Finding, error) {
	if e.settings.Enforcement == guardrail.LevelOff {
		return nil, nil
	}
	e.resourceOnce.Do(func() {
		e.resourceQuery, e.resourceErr = e.compiled.prepare(ctx, e.settings, viewResource)
	})
	if e.resourceErr != nil {
		return nil, e.resourceErr
	}
	doc, address := wrapResource(r)
	v, err := toValue(doc)
	if err != nil {
		return nil, fmt.Errorf("reading the planned %s: %w", r.Type, err)
	}
	rep, err := evalWith(ctx, e.resourceQuery, v)
	if err != nil {
		return nil, err
	}
	if len(r.Related) == 0 {
		return rep.Findings, nil
	}
	own := rep.Findings[:0]
	for _, f := range rep.Findings {
		if f.Resource == address || f.Address == address {
			own = append(own, f)
		}
	}
	return own, nil
}

// wrapResource returns the plan document of r and its related resources,
// and r's address in it.
func wrapResource(r guardrail.Resource) (map[string]any, string) {
	change, config, address := wrapOne(r, "this")
	changes, configs := []any{change}, []any{config}
	for i, rel := range r.Related {
		rel.Address = ""
		c, cfg, _ := wrapOne(rel, fmt.Sprintf("related_%d", i))
		changes = append(changes, c)
		configs = append(configs, cfg)
	}
	// Without a compatibility the provider block sets none, and the rules
	// take the default ("aws"), as for a plan.
	provider := map[string]any{"name": "filestore", "expressions": map[string]any{}}
	if r.Compatibility != "" {
		provider["expressions"] = map[string]any{"compatibility": map[string]any{"constant_value": r.Compatibility}}
	}
	return map[string]any{
		"format_version":   "1.2",
		"resource_changes": changes,
		"configuration": map[string]any{
			"provider_config": map[string]any{"filestore": provider},
			"root_module":     map[string]any{"resources": configs},
		},
	}, address
}

// wrapOne returns the resource_changes entry and the configuration block of
// r (named name unless r.Address says otherwise), and its address.
func wrapOne(r guardrail.Resource, name string) (change, config map[string]any, address string) {
	mode := r.Mode
	if mode == "" {
		mode = guardrail.ModeManaged
	}
	address = r.Type + "." + name
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
	change = map[string]any{
		"address": address,
		"mode":    mode,
		"type":    r.Type,
		"name":    name,
		"change": map[string]any{
			"actions":       []any{action},
			"after":         after,
			"after_unknown": unknown,
		},
	}
	config = map[string]any{
		"address":             configAddress,
		"mode":                mode,
		"type":                r.Type,
		"name":                name,
		"provider_config_key": "filestore",
		"expressions":         map[string]any{},
	}
	return change, config, address
}
