package policy

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// toValue converts a decoded JSON document (json.Number or float64 numbers,
// map[string]any, []any) to an OPA value. The result is the one
// rego.EvalInput produces, which first copies the whole document through
// util.RoundTripFast: a float64 (or any other Go type) goes through
// util.RoundTrip, which spells numbers as JSON does (3600, not 3.6e+03).
// Building the value directly skips copying every map and slice.
func toValue(x any) (ast.Value, error) {
	switch v := x.(type) {
	case nil:
		return ast.NullValue, nil
	case bool:
		return ast.InternedTerm(v).Value, nil
	case string:
		return ast.InterfaceToValue(v)
	case json.Number:
		return ast.InterfaceToValue(v)
	case map[string]any:
		items := make([][2]*ast.Term, 0, len(v))
		for k, e := range v {
			ev, err := toValue(e)
			if err != nil {
				return nil, err
			}
			items = append(items, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(ev)})
		}
		return ast.NewObject(items...), nil
	case []any:
		terms := make([]*ast.Term, len(v))
		for i, e := range v {
			ev, err := toValue(e)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(ev)
		}
		return ast.NewArray(terms...), nil
	default:
		y := x
		if err := util.RoundTrip(&y); err != nil {
			return nil, fmt.Errorf("converting %T: %w", x, err)
		}
		return toValue(y)
	}
}

// PlanValue converts a plan decoded by ParsePlan to an OPA value, the
// resource_changes of a large plan on every core.
func PlanValue(plan map[string]any) (ast.Value, error) {
	changes, _ := plan["resource_changes"].([]any)
	workers := runtime.GOMAXPROCS(0)
	if len(changes) < 1000 || workers < 2 {
		return toValue(plan)
	}
	rest := make(map[string]any, len(plan))
	for k, v := range plan {
		if k != "resource_changes" {
			rest[k] = v
		}
	}
	top, err := toValue(rest)
	if err != nil {
		return nil, err
	}
	terms := make([]*ast.Term, len(changes))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(changes); i += workers {
				v, err := toValue(changes[i])
				if err != nil {
					errs[w] = err
					return
				}
				terms[i] = ast.NewTerm(v)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	obj := top.(ast.Object)
	obj.Insert(ast.StringTerm("resource_changes"), ast.ArrayTerm(terms...))
	return obj, nil
}
