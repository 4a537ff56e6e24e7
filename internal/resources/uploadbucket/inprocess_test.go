package uploadbucket_test

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// readInProcess runs the resource's Read the way an import does (a prior
// state holding only the name) through the provider's protocol server,
// against one local server as a generic store, and returns the
// diagnostics and the new state as JSON. Tests use it where Terraform's CLI
// would swallow what they check (warnings).
func readInProcess(t *testing.T, server, bucket string) ([]*tfprotov6.Diagnostic, string) {
	t.Helper()
	acctest.RequireServer(t, server)
	ctx := context.Background()
	env := acctest.Env()
	p, err := acctest.NewInProcess(ctx, env, env.Servers[server].S3Endpoint, "s3")
	if err != nil {
		t.Fatal(err)
	}
	resp, state, err := p.ReadResource(ctx, "filestore_upload_bucket", map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, bucket),
		"bucket": tftypes.NewValue(tftypes.String, bucket),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics, jsonOf(t, state)
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
		var f big.Float // tftypes reads numbers into *big.Float only
		_ = v.As(&f)
		x, _ := f.Float64()
		return x
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
