package uploadbucket_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// readInProcess runs the resource's Read the way an import does (a prior
// state holding only the name) through the provider's protocol server,
// against one local server as a generic store, and returns the
// diagnostics and the new state as JSON. Tests use it where Terraform's CLI
// would swallow what they check (warnings).
func readInProcess(t *testing.T, server, bucket string) ([]*tfprotov6.Diagnostic, string) {
	t.Helper()
	acctest.RequireServer(t, server)
	env := acctest.Env()
	ctx := context.Background()
	ps, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	endpointsType := providerType.AttributeTypes["endpoints"].(tftypes.Object)
	cfg, err := tfprotov6.NewDynamicValue(providerType, objectValue(providerType, map[string]tftypes.Value{
		"region":            tftypes.NewValue(tftypes.String, env.Region),
		"access_key":        tftypes.NewValue(tftypes.String, env.AccessKey),
		"secret_key":        tftypes.NewValue(tftypes.String, env.SecretKey),
		"compatibility":     tftypes.NewValue(tftypes.String, "s3"),
		"s3_use_path_style": tftypes.NewValue(tftypes.Bool, true),
		"endpoints":         objectValue(endpointsType, map[string]tftypes.Value{"s3": tftypes.NewValue(tftypes.String, env.Servers[server].S3Endpoint)}),
	}))
	if err != nil {
		t.Fatal(err)
	}
	conf, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.6", Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range conf.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("ConfigureProvider: %s: %s", d.Summary, d.Detail)
		}
	}
	resType := schemas.ResourceSchemas["filestore_upload_bucket"].ValueType().(tftypes.Object)
	prior, err := tfprotov6.NewDynamicValue(resType, objectValue(resType, map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, bucket),
		"bucket": tftypes.NewValue(tftypes.String, bucket),
	}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ps.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "filestore_upload_bucket", CurrentState: &prior})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("ReadResource: %s: %s", d.Summary, d.Detail)
		}
	}
	state, err := resp.NewState.Unmarshal(resType)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics, jsonOf(t, state)
}

// objectValue builds a value of t with the given attributes set and every
// other attribute null.
func objectValue(t tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, at := range t.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(t, vals)
}

// jsonOf renders a known value as JSON (objects as maps, lists as arrays).
func jsonOf(t *testing.T, v tftypes.Value) string {
	t.Helper()
	b, err := json.Marshal(plain(v))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func plain(v tftypes.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.Number):
		var f float64
		_ = v.As(&f)
		return f
	case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Set{}), v.Type().Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = plain(e)
		}
		return out
	default:
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := map[string]any{}
		for k, e := range m {
			out[k] = plain(e)
		}
		return out
	}
}
