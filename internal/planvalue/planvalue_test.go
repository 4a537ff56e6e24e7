package planvalue

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestConvertMatchesShowJSONShape(t *testing.T) {
	ruleType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"allowed_origins": tftypes.List{ElementType: tftypes.String},
		"max_age_seconds": tftypes.Number,
	}}
	objType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"bucket":     tftypes.String,
		"arn":        tftypes.String,
		"versioning": tftypes.Bool,
		"tags":       tftypes.Map{ElementType: tftypes.String},
		"cors_rules": tftypes.List{ElementType: ruleType},
		"missing":    tftypes.String,
	}}
	v := tftypes.NewValue(objType, map[string]tftypes.Value{
		"bucket":     tftypes.NewValue(tftypes.String, "b"),
		"arn":        tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"versioning": tftypes.NewValue(tftypes.Bool, true),
		"tags": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{
			"team": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}),
		"cors_rules": tftypes.NewValue(tftypes.List{ElementType: ruleType}, []tftypes.Value{
			tftypes.NewValue(ruleType, map[string]tftypes.Value{
				"allowed_origins": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
					tftypes.NewValue(tftypes.String, "*"),
				}),
				"max_age_seconds": tftypes.NewValue(tftypes.Number, 3600),
			}),
		}),
		"missing": tftypes.NewValue(tftypes.String, nil),
	})
	after, unknown, err := Convert(v)
	if err != nil {
		t.Fatal(err)
	}
	gotAfter, _ := json.Marshal(after)
	gotUnknown, _ := json.Marshal(unknown)
	wantAfter := `{"arn":null,"bucket":"b","cors_rules":[{"allowed_origins":["*"],"max_age_seconds":3600}],"missing":null,"tags":{"team":null},"versioning":true}`
	wantUnknown := `{"arn":true,"tags":{"team":true}}`
	if string(gotAfter) != wantAfter {
		t.Errorf("after = %s\nwant   %s", gotAfter, wantAfter)
	}
	if string(gotUnknown) != wantUnknown {
		t.Errorf("after_unknown = %s\nwant           %s", gotUnknown, wantUnknown)
	}
}

func TestConvertUnknownObject(t *testing.T) {
	objType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	after, unknown, err := Convert(tftypes.NewValue(objType, tftypes.UnknownValue))
	if err != nil || len(after) != 0 || len(unknown) != 0 {
		t.Fatalf("got %v %v %v", after, unknown, err)
	}
}
