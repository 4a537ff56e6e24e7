package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrNotAPlan is wrapped by ParsePlan's errors for input that is JSON but
// not a plan.
var ErrNotAPlan = errors.New("not a plan")

// ParsePlan decodes the output of `terraform show -json <planfile>` (or
// `tofu show -json`). It also accepts the HCP Terraform policy input
// ({"plan": {...}}) and unwraps it. Numbers are kept exact (json.Number).
func ParsePlan(r io.Reader) (map[string]any, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: the input is empty (expected the output of terraform show -json <planfile>)", ErrNotAPlan)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the input is not JSON: %w (expected the output of terraform show -json <planfile>)", err)
	}
	if dec.More() {
		return nil, errors.New("the input holds more than one JSON document (expected the output of terraform show -json <planfile>)")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: expected a JSON object, got %s", ErrNotAPlan, kind(v))
	}
	if inner, ok := m["plan"].(map[string]any); ok && m["format_version"] == nil {
		m = inner
	}
	if _, ok := m["format_version"]; !ok {
		return nil, fmt.Errorf("%w: no format_version (expected the output of terraform show -json <planfile>)", ErrNotAPlan)
	}
	_, hasChanges := m["resource_changes"]
	_, hasPlanned := m["planned_values"]
	_, hasConfig := m["configuration"]
	if _, hasValues := m["values"]; hasValues && !hasChanges && !hasPlanned {
		return nil, fmt.Errorf("%w: this is a state (values, no planned_values); run terraform show -json on a saved plan file (terraform plan -out=tfplan)", ErrNotAPlan)
	}
	if !hasChanges && !hasPlanned && !hasConfig {
		return nil, fmt.Errorf("%w: none of resource_changes, planned_values or configuration is present", ErrNotAPlan)
	}
	return m, nil
}

func kind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
