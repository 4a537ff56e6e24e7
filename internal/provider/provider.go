// Package provider is the filestore provider: its schema, configuration, and
// the registration of every resource, data source, ephemeral resource and
// function. Configuration builds one awsclient.Factory and makes no network
// call; clients and credentials are resolved on first use.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/clock"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

var (
	_ provider.Provider                       = &FilestoreProvider{}
	_ provider.ProviderWithEphemeralResources = &FilestoreProvider{}
	_ provider.ProviderWithFunctions          = &FilestoreProvider{}
)

// Option customises a provider instance (tests replace the clock).
type Option func(*FilestoreProvider)

// WithClock makes the provider use c instead of the wall clock.
func WithClock(c clock.Clock) Option { return func(p *FilestoreProvider) { p.clock = c } }

// FilestoreProvider is the provider implementation.
type FilestoreProvider struct {
	version string
	clock   clock.Clock
}

// New returns a constructor for the provider at the given version.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &FilestoreProvider{version: version, clock: clock.Real{}}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

// Model is the provider block.
type Model struct {
	Region         types.String `tfsdk:"region"`
	Profile        types.String `tfsdk:"profile"`
	AccessKey      types.String `tfsdk:"access_key"`
	SecretKey      types.String `tfsdk:"secret_key"`
	Token          types.String `tfsdk:"token"`
	Endpoints      types.Object `tfsdk:"endpoints"`
	S3UsePathStyle types.Bool   `tfsdk:"s3_use_path_style"`
	CustomCABundle types.String `tfsdk:"custom_ca_bundle"`
	Compatibility  types.String `tfsdk:"compatibility"`
	AssumeRole     types.Object `tfsdk:"assume_role"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	DefaultTags    types.Map    `tfsdk:"default_tags"`
	Policy         types.Object `tfsdk:"policy"`
}

// EndpointsModel is the `endpoints` attribute.
type EndpointsModel struct {
	S3         types.String `tfsdk:"s3"`
	CloudFront types.String `tfsdk:"cloudfront"`
	STS        types.String `tfsdk:"sts"`
}

// PolicyModel is the `policy` attribute.
type PolicyModel struct {
	Enforcement   types.String `tfsdk:"enforcement"`
	Overrides     types.Map    `tfsdk:"overrides"`
	Paths         types.List   `tfsdk:"paths"`
	Parameters    types.Map    `tfsdk:"parameters"`
	AllowBuiltins types.List   `tfsdk:"allow_builtins"`
}

// Metadata sets the provider type name.
func (p *FilestoreProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "filestore"
	resp.Version = p.version
}

var ruleIDPattern = regexp.MustCompile(`^FS[0-9]{3}$`)

var urlValidator = stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^\s/]+`),
	"must be an absolute http:// or https:// URL")

// Schema defines the provider block.
func (p *FilestoreProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The filestore provider declares private upload buckets, CloudFront signing keys and " +
			"content-addressed objects, mints S3 presigned URLs and CloudFront signed URLs and cookies, and " +
			"checks every plan against OPA guardrails before anything is created.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "AWS region. Defaults to `AWS_REGION` / `AWS_DEFAULT_REGION` or the profile's region, as the AWS SDK resolves it. With `compatibility = \"s3\"` and no region anywhere, `us-east-1` is used for signing; with `compatibility = \"r2\"` the region is `auto`.",
			},
			"profile": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Named profile from the shared AWS configuration files. Without it the SDK default credential chain is used.",
			},
			"access_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Static access key id. Requires `secret_key`. Prefer the default credential chain.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("secret_key"))},
			},
			"secret_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Static secret access key. Requires `access_key`.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("access_key"))},
			},
			"token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Session token for temporary static credentials.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("access_key"))},
			},
			"endpoints": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Custom service endpoints (S3-compatible stores, local emulators). `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_CLOUDFRONT` and `AWS_ENDPOINT_URL_STS` are honoured too.",
				Attributes: map[string]schema.Attribute{
					"s3": schema.StringAttribute{
						Optional: true, MarkdownDescription: "S3 endpoint URL, e.g. `https://127.0.0.1:8333`.",
						Validators: []validator.String{urlValidator},
					},
					"cloudfront": schema.StringAttribute{
						Optional: true, MarkdownDescription: "CloudFront API endpoint URL.",
						Validators: []validator.String{urlValidator},
					},
					"sts": schema.StringAttribute{
						Optional: true, MarkdownDescription: "STS endpoint URL, for `assume_role` (a VPC endpoint, a FIPS endpoint, a local emulator).",
						Validators: []validator.String{urlValidator},
					},
				},
			},
			"s3_use_path_style": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Address buckets as `endpoint/bucket` instead of `bucket.endpoint`. Default `false` (IP-address endpoints always use path style).",
			},
			"custom_ca_bundle": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path to a PEM file of certificate authorities to trust, for private CAs and local stores. `AWS_CA_BUNDLE` is honoured too. " +
					"It must be a regular file of at most 16 MiB (checked at plan time; a pipe or a device is refused).",
			},
			"compatibility": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`aws` (default) for Amazon S3, `s3` for a generic S3-compatible store (MinIO, Ceph, SeaweedFS, versitygw), or `r2` for Cloudflare R2. " +
					"With `s3`, AWS-only features (public access block, ownership controls, bucket policy, KMS) are applied only when set explicitly, and the AWS-only guardrails (FS002–FS004, FS023, the KMS part of FS001) do not apply. " +
					"`r2` is `s3` plus what Cloudflare documents for R2: requests are signed for region `auto` (`us-east-1` is an alias), " +
					"`filestore_presigned_post` is refused at plan time (R2 has no POST Object: use a presigned PUT), `server_side_encryption` is refused (R2 encrypts every object itself and implements no SSE header), " +
					"and uploads carry only checksums R2 accepts (CRC-64/NVME for whole objects, SHA-256 per multipart part). `endpoints.s3` (or `AWS_ENDPOINT_URL_S3`) must name the account's R2 endpoint. See the R2 guide.",
				Validators: []validator.String{stringvalidator.OneOf(awsclient.CompatibilityValues()...)},
			},
			"assume_role": assumeRoleSchema(),
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("Maximum retries of an API call on throttling and transient errors. Default %d.", awsclient.DefaultMaxRetries),
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"default_tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Tags applied to every taggable resource of this provider; a resource's own `tags` win on conflict.",
			},
			"policy": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Guardrails evaluated at plan time against every resource's planned values and every minting request. See the guardrails guide.",
				Attributes: map[string]schema.Attribute{
					"enforcement": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "`deny` (default): deny-level findings are plan errors; `warn`: every finding is a warning; `off`: no checks.",
						Validators:          []validator.String{stringvalidator.OneOf(guardrail.Levels()...)},
					},
					"overrides": schema.MapAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Per-rule level, by rule id: `{ FS006 = \"deny\", FS011 = \"off\" }`.",
						Validators: []validator.Map{
							mapvalidator.KeysAre(stringvalidator.RegexMatches(ruleIDPattern, "must be a rule id such as FS006")),
							mapvalidator.ValueStringsAre(stringvalidator.OneOf(guardrail.Levels()...)),
						},
					},
					"paths": schema.ListAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Extra directories of Rego v1 rules evaluated with the built-in ones (subdirectories included, `_test.rego` files skipped). " +
							"A relative path is resolved against the working directory of the Terraform process — the directory `terraform` runs in, or its `-chdir` directory — " +
							"not against the directory of the `.tf` file that configures the provider. The two coincide when the provider block is in the root module; " +
							"a provider block anywhere else (a child module, a test fixture) should say `\"${path.module}/guardrails\"`.",
						Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
					},
					"parameters": schema.MapAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Rule parameters, e.g. `max_presign_seconds = \"3600\"`, `required_tags = \"team,env\"`, and exemptions " +
							"(`\"exempt:FS005:<bucket name>\" = \"<reason>\"`). An unknown name, an unknown rule id or a value of the wrong type is a plan-time error on the parameter.",
					},
					"allow_builtins": schema.ListAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "OPA builtins the rules may call although they reach the network: " + quotedNames(policy.WithheldBuiltins()) +
							". Without them no rule (built-in or under `paths`) can make a network request; name one only for a local rule you trust with the plan's values.",
						Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(policy.WithheldBuiltins()...))},
					},
				},
			},
		},
	}
}

// objectAsOptions converts nested objects whose unset attributes are null.
var objectAsOptions = basetypes.ObjectAsOptions{}

// Configure builds the provider data. It makes no network call.
func (p *FilestoreProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m Model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg := awsclient.Config{
		Region:         m.Region.ValueString(),
		Profile:        m.Profile.ValueString(),
		AccessKey:      m.AccessKey.ValueString(),
		SecretKey:      m.SecretKey.ValueString(),
		Token:          m.Token.ValueString(),
		S3UsePathStyle: m.S3UsePathStyle.ValueBool(),
		CABundlePath:   m.CustomCABundle.ValueString(),
		Compatibility:  m.Compatibility.ValueString(),
		UserAgent:      "terraform-provider-filestore/" + p.version,
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		v := int(m.MaxRetries.ValueInt64())
		cfg.MaxRetries = &v
	}
	if !m.Endpoints.IsNull() && !m.Endpoints.IsUnknown() {
		var ep EndpointsModel
		resp.Diagnostics.Append(m.Endpoints.As(ctx, &ep, objectAsOptions)...)
		cfg.S3Endpoint = ep.S3.ValueString()
		cfg.CloudFrontEndpoint = ep.CloudFront.ValueString()
		cfg.STSEndpoint = ep.STS.ValueString()
	}
	cfg.AssumeRole, cfg.AssumeRoleUnknown = assumeRoleConfig(ctx, m.AssumeRole, &resp.Diagnostics)
	if err := awsclient.CheckR2Region(cfg.Compatibility, cfg.Region); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Region not available on R2", err.Error()+".")
	}
	// Checked without reading it (Configure reads no file): a regular
	// file within awsclient.MaxCABundleBytes. The client reads it bounded.
	if p, from := awsclient.CABundleSource(cfg.CABundlePath); p != "" {
		if err := awsclient.CheckCABundle(p); err != nil {
			detail := fmt.Sprintf("The CA bundle %q cannot be read: %v. Give the path of a PEM file (at most %d MiB).", p, err, awsclient.MaxCABundleBytes>>20)
			if from == "custom_ca_bundle" {
				resp.Diagnostics.AddAttributeError(path.Root("custom_ca_bundle"), "Cannot read custom_ca_bundle", detail)
			} else {
				resp.Diagnostics.AddError("Cannot read AWS_CA_BUNDLE", detail+" It comes from the AWS_CA_BUNDLE environment variable.")
			}
		}
	}

	defaultTags := map[string]string{}
	if !m.DefaultTags.IsNull() && !m.DefaultTags.IsUnknown() {
		resp.Diagnostics.Append(m.DefaultTags.ElementsAs(ctx, &defaultTags, false)...)
	}

	settings := guardrail.Settings{Enforcement: guardrail.LevelDeny, Overrides: map[string]string{}, Parameters: map[string]string{}}
	if !m.Policy.IsNull() && !m.Policy.IsUnknown() {
		var pm PolicyModel
		resp.Diagnostics.Append(m.Policy.As(ctx, &pm, objectAsOptions)...)
		if v := pm.Enforcement.ValueString(); v != "" {
			settings.Enforcement = v
		}
		if !pm.Overrides.IsNull() && !pm.Overrides.IsUnknown() {
			resp.Diagnostics.Append(pm.Overrides.ElementsAs(ctx, &settings.Overrides, false)...)
		}
		if !pm.Paths.IsNull() && !pm.Paths.IsUnknown() {
			resp.Diagnostics.Append(pm.Paths.ElementsAs(ctx, &settings.Paths, false)...)
		}
		if !pm.Parameters.IsNull() && !pm.Parameters.IsUnknown() {
			resp.Diagnostics.Append(pm.Parameters.ElementsAs(ctx, &settings.Parameters, false)...)
		}
		if !pm.AllowBuiltins.IsNull() && !pm.AllowBuiltins.IsUnknown() {
			resp.Diagnostics.Append(pm.AllowBuiltins.ElementsAs(ctx, &settings.AllowBuiltins, false)...)
		}
		for i, dir := range settings.Paths {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				resp.Diagnostics.AddAttributeError(path.Root("policy").AtName("paths").AtListIndex(i),
					"Policy directory not found",
					fmt.Sprintf("policy.paths[%d] = %q is not a readable directory of Rego files. Give the path of a directory of Rego v1 (.rego) files, relative to the working directory.", i, dir))
			}
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	data := &providerdata.Data{
		Clients:     awsclient.New(cfg),
		DefaultTags: defaultTags,
		Clock:       p.clock,
		Policy:      settings,
		Buckets:     guardrail.NewBuckets(),
	}
	if settings.Enforcement != guardrail.LevelOff {
		g, err := policy.New(ctx, settings)
		if err != nil {
			addPolicyError(&resp.Diagnostics, err)
			return
		}
		data.Guard = g
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
}

// Resources lists the managed resources.
func (p *FilestoreProvider) Resources(_ context.Context) []func() resource.Resource {
	return resourceConstructors
}

// DataSources lists the data sources.
func (p *FilestoreProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return dataSourceConstructors
}

// EphemeralResources lists the ephemeral resources.
func (p *FilestoreProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return ephemeralConstructors
}

// Functions lists the provider functions.
func (p *FilestoreProvider) Functions(_ context.Context) []func() function.Function {
	return functionConstructors
}

// addPolicyError reports why the guardrail engine refused the policy block:
// each setting problem on its own attribute (policy.parameters["name"],
// policy.overrides["FS999"]), anything else (a Rego error under
// policy.paths) on the policy attribute.
func addPolicyError(diags *diag.Diagnostics, err error) {
	var errs guardrail.SettingErrors
	if !errors.As(err, &errs) {
		diags.AddAttributeError(path.Root("policy"), "Invalid guardrail policies", err.Error())
		return
	}
	for _, e := range errs {
		p := path.Root("policy").AtName(e.Setting)
		switch e.Setting {
		case guardrail.SettingParameters, guardrail.SettingOverrides:
			p = p.AtMapKey(e.Key)
		}
		diags.AddAttributeError(p, "Invalid guardrail setting",
			e.Message+". See the guardrails guide for the rules' parameters and ids.")
	}
}

// quotedNames renders names as `a`, `b` for a description.
func quotedNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	return strings.Join(q, ", ")
}
