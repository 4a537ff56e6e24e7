package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// bigPlan repeats the resource changes of a fixture in copies of its module
// tree (module.copyN.<address>) until the plan has at least n of them.
func bigPlan(t *testing.T, name string, n int) map[string]any {
	t.Helper()
	p := loadPlan(t, name)
	orig, _ := p["resource_changes"].([]any)
	var out []any
	for k := 0; len(out) < n; k++ {
		for _, x := range orig {
			rc := clone(x).(map[string]any)
			if k > 0 {
				prefix := fmt.Sprintf("module.copy%d", k)
				rc["address"] = prefix + "." + rc["address"].(string)
				if ma, _ := rc["module_address"].(string); ma != "" {
					rc["module_address"] = prefix + "." + ma
				} else {
					rc["module_address"] = prefix
				}
			}
			out = append(out, rc)
		}
	}
	p["resource_changes"] = out
	return p
}

func clone(x any) any {
	switch v := x.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = clone(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = clone(e)
		}
		return l
	}
	return x
}

// A large plan evaluated in shares gives the findings of the whole plan.
func TestShardsAddUpToWholePlan(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"aws_upload_stack.json", "tofu_uploads.json", "upload_pipeline.json"} {
		for _, s := range []guardrail.Settings{{}, {Enforcement: guardrail.LevelWarn, Parameters: map[string]string{"required_tags": "team", "exempt:FS005:partner-dropbox": "reviewed"}}} {
			e := newEngine(t, s)
			v, err := PlanValue(bigPlan(t, name, shardMin))
			if err != nil {
				t.Fatal(err)
			}
			inputs := e.shards(v)
			if inputs == nil {
				t.Skip("one core: plans are not split")
			}
			whole, err := e.eval(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			split, err := e.EvaluatePlanValue(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			if whole.Checked != split.Checked || len(whole.Findings) == 0 || !reflect.DeepEqual(whole.Findings, split.Findings) {
				t.Fatalf("%s: sharded evaluation differs: checked %d/%d, %d/%d findings", name, whole.Checked, split.Checked, len(whole.Findings), len(split.Findings))
			}
		}
	}
}

// Local rules may relate documents to each other: no sharding with them.
func TestShardsNotWithLocalRules(t *testing.T) {
	dir := t.TempDir()
	rule := "package filestore.rules.fs990_local\n\nviolations := set()\n"
	if err := os.WriteFile(filepath.Join(dir, "local.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, guardrail.Settings{Paths: []string{dir}})
	v, err := PlanValue(bigPlan(t, "aws_upload_stack.json", shardMin))
	if err != nil {
		t.Fatal(err)
	}
	if e.shards(v) != nil {
		t.Fatal("a plan is split although local rules are compiled in")
	}
}
