package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/provider"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// InProcess is the provider served in-process through its protocol 6
// server, configured, for tests and benchmarks that call it directly: where
// the CLI would swallow what they check (warnings), or add its own overhead
// to what they measure (bench/refresh).
type InProcess struct {
	Server  tfprotov6.ProviderServer
	Schemas *tfprotov6.GetProviderSchemaResponse
}

// NewInProcess configures the provider for an S3 endpoint of the test bed
// env: its region and keys, path-style requests, and compatibility ("":
// the provider's default).
func NewInProcess(ctx context.Context, env *testbed.Env, s3Endpoint, compatibility string) (*InProcess, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		return nil, err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	endpointsType := providerType.AttributeTypes["endpoints"].(tftypes.Object)
	attrs := map[string]tftypes.Value{
		"region":            tftypes.NewValue(tftypes.String, env.Region),
		"access_key":        tftypes.NewValue(tftypes.String, env.AccessKey),
		"secret_key":        tftypes.NewValue(tftypes.String, env.SecretKey),
		"s3_use_path_style": tftypes.NewValue(tftypes.Bool, true),
		"endpoints":         ObjectValue(endpointsType, map[string]tftypes.Value{"s3": tftypes.NewValue(tftypes.String, s3Endpoint)}),
	}
	if compatibility != "" {
		attrs["compatibility"] = tftypes.NewValue(tftypes.String, compatibility)
	}
	cfg, err := tfprotov6.NewDynamicValue(providerType, ObjectValue(providerType, attrs))
	if err != nil {
		return nil, err
	}
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.6", Config: &cfg})
	if err != nil {
		return nil, err
	}
	if err := DiagnosticsError(conf.Diagnostics); err != nil {
		return nil, fmt.Errorf("ConfigureProvider: %w", err)
	}
	return &InProcess{Server: server, Schemas: schemas}, nil
}

// ReadResource runs the Read of resource type typ from a prior state that
// holds only attrs (as an import does). Error diagnostics are an error;
// the response carries the others.
func (p *InProcess) ReadResource(ctx context.Context, typ string, attrs map[string]tftypes.Value) (*tfprotov6.ReadResourceResponse, tftypes.Value, error) {
	resType := p.Schemas.ResourceSchemas[typ].ValueType().(tftypes.Object)
	prior, err := tfprotov6.NewDynamicValue(resType, ObjectValue(resType, attrs))
	if err != nil {
		return nil, tftypes.Value{}, err
	}
	resp, err := p.Server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typ, CurrentState: &prior})
	if err != nil {
		return nil, tftypes.Value{}, err
	}
	if err := DiagnosticsError(resp.Diagnostics); err != nil {
		return resp, tftypes.Value{}, err
	}
	state, err := resp.NewState.Unmarshal(resType)
	if err != nil {
		return resp, tftypes.Value{}, fmt.Errorf("reading the new state: %w", err)
	}
	if state.IsNull() {
		return resp, tftypes.Value{}, fmt.Errorf("ReadResource removed the %s from the state (not found)", typ)
	}
	return resp, state, nil
}

// ObjectValue builds a value of t with the given attributes set and every
// other attribute null.
func ObjectValue(t tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
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

// DiagnosticsError is the first error diagnostic, nil when there is none.
func DiagnosticsError(diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}
