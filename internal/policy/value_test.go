package policy

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// toValue gives the value rego.EvalInput builds (a JSON round trip first),
// number spelling included: messages print numbers as they are spelled.
func TestToValueMatchesEvalInput(t *testing.T) {
	wrapped, _ := wrapResource(guardrail.Resource{Type: "filestore_presigned_post", After: map[string]any{
		"max_size": float64(5368709120), "ratio": 0.5, "tiny": 1e-7, "huge": 1e21, "neg": float64(-3), "zero": float64(0),
		"list":    []any{float64(1), "a", nil, true, map[string]any{"x": json.Number("7")}},
		"strings": []string{"a", "b"}, "ints": []int{1, 2}, "u": uint8(3),
	}})
	docs := []any{
		wrapped,
		loadPlan(t, "aws_upload_stack.json"),
		loadPlan(t, "tofu_uploads.json"),
	}
	for i, doc := range docs {
		got, err := toValue(doc)
		if err != nil {
			t.Fatal(err)
		}
		x := doc
		if err := util.RoundTripFast(&x); err != nil {
			t.Fatal(err)
		}
		want, err := ast.InterfaceToValue(x)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 || got.String() != want.String() {
			t.Fatalf("doc %d: toValue differs from rego's conversion:\n got %s\nwant %s", i, got, want)
		}
	}
	big := bigPlan(t, "aws_upload_stack.json", shardMin)
	got, err := PlanValue(big)
	if err != nil {
		t.Fatal(err)
	}
	want, err := toValue(big)
	if err != nil {
		t.Fatal(err)
	}
	if got.Compare(want) != 0 {
		t.Fatal("PlanValue (parallel) differs from toValue")
	}
}
