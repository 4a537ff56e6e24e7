package datasources_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/provider"
)

// The provider side of one presigned URL at plan time, in process: the
// ValidateDataResourceConfig and ReadDataSource RPCs OpenTofu sends for each
// instance (framework decoding, validation, guardrails, minting, encoding).
// Compare with internal/signing's BenchmarkPresignURL_PUT (minting alone):
//
//	go test ./internal/datasources/ -run '^$' -bench . -benchmem
func BenchmarkPresignedURLRPC_guardrailsOn(b *testing.B) { benchRPC(b, nil) }
func BenchmarkPresignedURLRPC_guardrailsOff(b *testing.B) {
	benchRPC(b, map[string]string{"enforcement": "off"})
}

func benchRPC(b *testing.B, policy map[string]string) {
	b.Setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
	b.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	b.Setenv("AWS_REGION", "us-east-1")
	b.Setenv("AWS_ENDPOINT_URL_S3", "https://127.0.0.1:9")
	b.Setenv("AWS_CONFIG_FILE", "/dev/null")
	b.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	b.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(provider.New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	pt := sch.Provider.ValueType().(tftypes.Object)
	pv := nulls(pt)
	if policy != nil {
		polType := pt.AttributeTypes["policy"].(tftypes.Object)
		pol := nulls(polType)
		for k, v := range policy {
			pol[k] = tftypes.NewValue(tftypes.String, v)
		}
		pv["policy"] = tftypes.NewValue(polType, pol)
	}
	pcfg, err := tfprotov6.NewDynamicValue(pt, tftypes.NewValue(pt, pv))
	if err != nil {
		b.Fatal(err)
	}
	if r, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &pcfg}); err != nil || len(r.Diagnostics) > 0 {
		b.Fatal(err, r.Diagnostics)
	}
	dt := sch.DataSourceSchemas["filestore_presigned_url"].ValueType().(tftypes.Object)
	dv := nulls(dt)
	dv["bucket"] = tftypes.NewValue(tftypes.String, "bench-bucket")
	dv["key"] = tftypes.NewValue(tftypes.String, "objects/00042.bin")
	dv["method"] = tftypes.NewValue(tftypes.String, "PUT")
	dv["content_type"] = tftypes.NewValue(tftypes.String, "application/octet-stream")
	dv["expires_in"] = tftypes.NewValue(tftypes.String, "15m")
	cfg, err := tfprotov6.NewDynamicValue(dt, tftypes.NewValue(dt, dv))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "filestore_presigned_url", Config: &cfg})
		if err != nil || len(v.Diagnostics) > 0 {
			b.Fatal(err, v.Diagnostics)
		}
		r, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "filestore_presigned_url", Config: &cfg})
		if err != nil || len(r.Diagnostics) > 0 {
			b.Fatal(err, r.Diagnostics)
		}
	}
}

func nulls(t tftypes.Object) map[string]tftypes.Value {
	m := map[string]tftypes.Value{}
	for k, at := range t.AttributeTypes {
		m[k] = tftypes.NewValue(at, nil)
	}
	return m
}
