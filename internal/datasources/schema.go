package datasources

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The data source and ephemeral resource schema packages have distinct (but
// parallel) attribute types. A minter describes its schema once, as a
// schemaSpec, and both twins build theirs from it.

type attrKind int

const (
	kindString attrKind = iota
	kindInt64
	kindStringMap
	kindRFC3339
)

type attrSpec struct {
	kind                                  attrKind
	required, optional, computed, secrets bool
	desc                                  string
	// dataSourceDesc and ephemeralDesc are appended to desc in the data
	// source's and in the ephemeral resource's schema: what differs between
	// the twins (for example whether an input may be an ephemeral value).
	dataSourceDesc, ephemeralDesc string
	strValidators                 []validator.String
	intValidators                 []validator.Int64
}

// descFor is the attribute description in one twin's schema.
func (a attrSpec) descFor(ephemeral bool) string {
	if ephemeral {
		return a.desc + a.ephemeralDesc
	}
	return a.desc + a.dataSourceDesc
}

type schemaSpec struct {
	desc  string
	attrs map[string]attrSpec
}

func (s schemaSpec) dataSource() dsschema.Schema {
	out := dsschema.Schema{MarkdownDescription: s.desc, Attributes: map[string]dsschema.Attribute{}}
	for name, a := range s.attrs {
		switch a.kind {
		case kindString:
			out.Attributes[name] = dsschema.StringAttribute{Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(false), Validators: a.strValidators}
		case kindRFC3339:
			out.Attributes[name] = dsschema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(false), Validators: a.strValidators}
		case kindInt64:
			out.Attributes[name] = dsschema.Int64Attribute{Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(false), Validators: a.intValidators}
		case kindStringMap:
			out.Attributes[name] = dsschema.MapAttribute{ElementType: types.StringType, Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(false)}
		}
	}
	return out
}

func (s schemaSpec) ephemeral() epschema.Schema {
	out := epschema.Schema{MarkdownDescription: s.desc, Attributes: map[string]epschema.Attribute{}}
	for name, a := range s.attrs {
		switch a.kind {
		case kindString:
			out.Attributes[name] = epschema.StringAttribute{Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(true), Validators: a.strValidators}
		case kindRFC3339:
			out.Attributes[name] = epschema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(true), Validators: a.strValidators}
		case kindInt64:
			out.Attributes[name] = epschema.Int64Attribute{Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(true), Validators: a.intValidators}
		case kindStringMap:
			out.Attributes[name] = epschema.MapAttribute{ElementType: types.StringType, Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.secrets, MarkdownDescription: a.descFor(true)}
		}
	}
	return out
}

// Shared description fragments.
const (
	twinNote = "\n\nThis type exists twice with the same schema: as a **data source** (the minted value is stored in the " +
		"plan and the state — use it when the value must feed outputs, modules or resources) and as an **ephemeral " +
		"resource** (Terraform 1.10+ / OpenTofu 1.11+: the value is never written to the plan or the state — prefer it " +
		"wherever the value is consumed by a provider configuration, a provisioner or a write-only attribute). " +
		"Minting is local computation: nothing is sent to S3 or CloudFront."

	windowDesc = "Signing window, a duration such as `\"1h\"`. The signing time is truncated to the window (UTC-aligned), " +
		"and the expiry counts from that truncated time, so every plan within the same window produces the identical " +
		"value and downstream resources see no diff. The trade-off: a value minted late in a window remains valid only " +
		"for the expiry minus the time already elapsed in the window, so the window must be shorter than the expiry " +
		"(e.g. `expires_in = \"2h\"`, `signing_window = \"1h\"` guarantees at least one hour). Without a window the " +
		"value changes on every read."

	durationSyntax = "A Go duration (`\"90s\"`, `\"15m\"`, `\"1h30m\"`) optionally preceded by whole days (`\"7d\"`, `\"1d12h\"`); whole seconds only."
)
