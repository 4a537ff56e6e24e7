package datasources

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// twinSpecificDescriptions are the attributes whose description differs
// between the twins, with what each must say. A data source's arguments are
// stored in the state and cannot be ephemeral values (Terraform refuses
// them), so its docs must never advise an ephemeral source.
var twinSpecificDescriptions = map[string]struct{ dataSource, ephemeral string }{
	"filestore_cloudfront_signed_url.private_key_pem":     {"use the ephemeral resource of the same name", "may come from an ephemeral value"},
	"filestore_cloudfront_signed_cookies.private_key_pem": {"use the ephemeral resource of the same name", "may come from an ephemeral value"},
}

// The data source and the ephemeral resource of each minter have the same
// name and the same schema, attribute by attribute.
func TestTwinsHaveTheSameSchema(t *testing.T) {
	ctx := context.Background()
	pairs := []struct {
		ds func() datasource.DataSource
		ep func() ephemeral.EphemeralResource
	}{
		{NewPresignedURLDataSource, NewPresignedURLEphemeralResource},
		{NewPresignedPostDataSource, NewPresignedPostEphemeralResource},
		{NewCloudFrontSignedURLDataSource, NewCloudFrontSignedURLEphemeralResource},
		{NewCloudFrontSignedCookiesDataSource, NewCloudFrontSignedCookiesEphemeralResource},
	}
	sensitive := map[string][]string{
		"filestore_presigned_url":             {"url"},
		"filestore_presigned_post":            {"fields"},
		"filestore_cloudfront_signed_url":     {"private_key_pem", "signed_url"},
		"filestore_cloudfront_signed_cookies": {"private_key_pem", "cookies"},
	}
	for _, p := range pairs {
		ds, ep := p.ds(), p.ep()
		var dm datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "filestore"}, &dm)
		var em ephemeral.MetadataResponse
		ep.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "filestore"}, &em)
		if dm.TypeName != em.TypeName {
			t.Fatalf("type names differ: %s / %s", dm.TypeName, em.TypeName)
		}
		var dsr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &dsr)
		var esr ephemeral.SchemaResponse
		ep.Schema(ctx, ephemeral.SchemaRequest{}, &esr)
		if dsr.Diagnostics.HasError() || esr.Diagnostics.HasError() {
			t.Fatal(dsr.Diagnostics, esr.Diagnostics)
		}
		if d := dsr.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("%s data source schema: %v", dm.TypeName, d)
		}
		if d := esr.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("%s ephemeral schema: %v", dm.TypeName, d)
		}
		if len(dsr.Schema.Attributes) != len(esr.Schema.Attributes) || dsr.Schema.MarkdownDescription != esr.Schema.MarkdownDescription {
			t.Errorf("%s: schemas differ in size or description", dm.TypeName)
		}
		for name, da := range dsr.Schema.Attributes {
			ea, ok := esr.Schema.Attributes[name]
			if !ok {
				t.Errorf("%s.%s: missing from the ephemeral schema", dm.TypeName, name)
				continue
			}
			if !da.GetType().Equal(ea.GetType()) || da.IsRequired() != ea.IsRequired() || da.IsOptional() != ea.IsOptional() ||
				da.IsComputed() != ea.IsComputed() || da.IsSensitive() != ea.IsSensitive() {
				t.Errorf("%s.%s differs between the twins", dm.TypeName, name)
			}
			if want, ok := twinSpecificDescriptions[dm.TypeName+"."+name]; ok {
				if !strings.Contains(da.GetMarkdownDescription(), want.dataSource) || !strings.Contains(ea.GetMarkdownDescription(), want.ephemeral) {
					t.Errorf("%s.%s: the data source must say %q and the ephemeral resource %q", dm.TypeName, name, want.dataSource, want.ephemeral)
				}
			} else if da.GetMarkdownDescription() != ea.GetMarkdownDescription() {
				t.Errorf("%s.%s: descriptions differ between the twins", dm.TypeName, name)
			}
			if da.GetMarkdownDescription() == "" {
				t.Errorf("%s.%s has no description", dm.TypeName, name)
			}
		}
		for _, name := range sensitive[dm.TypeName] {
			if !dsr.Schema.Attributes[name].IsSensitive() {
				t.Errorf("%s.%s must be sensitive", dm.TypeName, name)
			}
		}
		for name, a := range dsr.Schema.Attributes {
			if a.IsSensitive() && !contains(sensitive[dm.TypeName], name) {
				t.Errorf("%s.%s is sensitive but not listed here", dm.TypeName, name)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
