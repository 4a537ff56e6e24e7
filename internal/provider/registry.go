package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The registry: one line per resource, data source, ephemeral resource and
// function. Keep each list sorted by type name.

var resourceConstructors = []func() resource.Resource{}

var dataSourceConstructors = []func() datasource.DataSource{}

var ephemeralConstructors = []func() ephemeral.EphemeralResource{}

var functionConstructors = []func() function.Function{}
