// Package datasources holds the URL-minting data sources and their ephemeral
// twins. Each minter has one implementation (schema, plan-time validation,
// mint function) in its own file; dataSource[M] and ephemeralResource[M]
// adapt it to the two framework interfaces so that the data source and the
// ephemeral resource of the same name cannot drift apart. The signing itself
// is internal/signing.
package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

// providerTypeName is the provider's type name; the framework does not pass
// it to Read / Open, and the guardrails need the full type name.
const providerTypeName = "filestore"

// minter is one URL minter. M is its model struct (tfsdk tags), shared by
// both twins.
type minter[M any] interface {
	// name is the type name without the provider prefix ("presigned_url").
	name() string
	// spec is the schema, identical for both twins.
	spec() schemaSpec
	// validate reports configuration errors that need no clock and no
	// credentials, with attribute paths; unknown values are skipped.
	validate(ctx context.Context, m *M, diags *diag.Diagnostics)
	// mint fills the computed attributes of m. It makes no network call.
	mint(ctx context.Context, data *providerdata.Data, m *M, diags *diag.Diagnostics)
}

// targetChecker is implemented by minters whose configuration some stores
// cannot serve (compatibility = "r2"): it reports that before the
// guardrails run and anything is minted.
type targetChecker[M any] interface {
	supported(data *providerdata.Data, m *M, diags *diag.Diagnostics)
}

type dataSource[M any] struct {
	impl minter[M]
	data *providerdata.Data
}

var (
	_ datasource.DataSourceWithConfigure      = &dataSource[presignedURLModel]{}
	_ datasource.DataSourceWithValidateConfig = &dataSource[presignedURLModel]{}
)

func (d *dataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.impl.name()
}

func (d *dataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.impl.spec().dataSource()
}

func (d *dataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

func (d *dataSource[M]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d.impl.validate(ctx, &m, &resp.Diagnostics)
}

func (d *dataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !mintable(ctx, d.data, d.impl, &m, req.Config.Raw.IsNull(), &resp.Diagnostics) {
		return
	}
	if !d.data.CheckPlanned(ctx, guardrail.ModeData, providerTypeName+"_"+d.impl.name(), req.Config.Raw, &resp.Diagnostics) {
		return
	}
	d.impl.mint(ctx, d.data, &m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type ephemeralResource[M any] struct {
	impl minter[M]
	data *providerdata.Data
}

var (
	_ ephemeral.EphemeralResourceWithConfigure      = &ephemeralResource[presignedURLModel]{}
	_ ephemeral.EphemeralResourceWithValidateConfig = &ephemeralResource[presignedURLModel]{}
)

func (e *ephemeralResource[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + e.impl.name()
}

func (e *ephemeralResource[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = e.impl.spec().ephemeral()
}

func (e *ephemeralResource[M]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

func (e *ephemeralResource[M]) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	e.impl.validate(ctx, &m, &resp.Diagnostics)
}

func (e *ephemeralResource[M]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !mintable(ctx, e.data, e.impl, &m, req.Config.Raw.IsNull(), &resp.Diagnostics) {
		return
	}
	if !e.data.CheckPlanned(ctx, guardrail.ModeData, providerTypeName+"_"+e.impl.name(), req.Config.Raw, &resp.Diagnostics) {
		return
	}
	e.impl.mint(ctx, e.data, &m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// mintable runs the plan-time validation again (Read / Open can be reached
// without ValidateConfig, e.g. by other tools speaking the protocol), checks
// that the provider is configured and that its store can serve the request.
func mintable[M any](ctx context.Context, data *providerdata.Data, impl minter[M], m *M, null bool, diags *diag.Diagnostics) bool {
	if null {
		diags.AddError("Minting "+providerTypeName+"_"+impl.name(), "The configuration is null. This is a bug in the provider or in Terraform.")
		return false
	}
	if data == nil {
		diags.AddError("Minting "+providerTypeName+"_"+impl.name(),
			"The provider is not configured. This is a bug in the provider; please report it.")
		return false
	}
	impl.validate(ctx, m, diags)
	if tc, ok := impl.(targetChecker[M]); ok && !diags.HasError() {
		tc.supported(data, m, diags)
	}
	return !diags.HasError()
}
