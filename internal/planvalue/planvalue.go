// Package planvalue converts planned Terraform values (tftypes.Value) into the
// JSON shape of `terraform show -json`: `after` (known values, with unknowns
// rendered as null) and `after_unknown` (true where a value is unknown until
// apply; objects/lists mirror the structure and omit known leaves).
//
// The guardrails read exactly this shape, so the provider at plan time and
// `policy check` over a saved plan feed identical documents to the same Rego.
package planvalue

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Convert returns after and after_unknown for an object value. A null or
// wholly unknown value yields empty maps (and unknown=true for the latter).
func Convert(v tftypes.Value) (after map[string]any, afterUnknown map[string]any, err error) {
	after = map[string]any{}
	afterUnknown = map[string]any{}
	if v.IsNull() || !v.IsKnown() {
		return after, afterUnknown, nil
	}
	a, u, err := convert(v)
	if err != nil {
		return nil, nil, err
	}
	if m, ok := a.(map[string]any); ok {
		after = m
	}
	if m, ok := u.(map[string]any); ok {
		afterUnknown = m
	}
	return after, afterUnknown, nil
}

// convert returns the JSON value and the unknown mask for v. The mask is true
// for an unknown value, a map/slice mirroring containers, or nil when fully
// known (callers omit nil entries, as Terraform does for known leaves).
func convert(v tftypes.Value) (any, any, error) {
	if !v.IsKnown() {
		return nil, true, nil
	}
	if v.IsNull() {
		return nil, nil, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		if err := v.As(&s); err != nil {
			return nil, nil, err
		}
		return s, nil, nil
	case typ.Is(tftypes.Bool):
		var b bool
		if err := v.As(&b); err != nil {
			return nil, nil, err
		}
		return b, nil, nil
	case typ.Is(tftypes.Number):
		var n big.Float
		if err := v.As(&n); err != nil {
			return nil, nil, err
		}
		if n.IsInt() {
			if i, acc := n.Int64(); acc == big.Exact {
				return float64(i), nil, nil
			}
		}
		f, _ := n.Float64()
		return f, nil, nil
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, nil, err
		}
		out := make(map[string]any, len(m))
		mask := map[string]any{}
		for k, ev := range m {
			a, u, err := convert(ev)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = a
			if u != nil {
				mask[k] = u
			}
		}
		if len(mask) == 0 {
			return out, nil, nil
		}
		return out, mask, nil
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			return nil, nil, err
		}
		out := make([]any, len(l))
		mask := make([]any, len(l))
		anyUnknown := false
		for i, ev := range l {
			a, u, err := convert(ev)
			if err != nil {
				return nil, nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = a
			if u != nil {
				mask[i] = u
				anyUnknown = true
			} else {
				mask[i] = false
			}
		}
		if !anyUnknown {
			return out, nil, nil
		}
		return out, mask, nil
	case typ.Is(tftypes.DynamicPseudoType):
		return nil, true, nil
	}
	return nil, nil, fmt.Errorf("unsupported type %s", typ)
}
