package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/filestore/terraform-provider-filestore/internal/datasources"
	"github.com/filestore/terraform-provider-filestore/internal/functions"
	"github.com/filestore/terraform-provider-filestore/internal/resources/cdnkeygroup"
	"github.com/filestore/terraform-provider-filestore/internal/resources/cdnreadaccess"
	"github.com/filestore/terraform-provider-filestore/internal/resources/contentobject"
	"github.com/filestore/terraform-provider-filestore/internal/resources/uploadbucket"
)

// The registry: one line per resource, data source, ephemeral resource and
// function. Keep each list sorted by type name.

var resourceConstructors = []func() resource.Resource{
	cdnkeygroup.New,
	cdnreadaccess.New,
	contentobject.New,
	uploadbucket.New,
}

var dataSourceConstructors = []func() datasource.DataSource{
	datasources.NewCloudFrontSignedCookiesDataSource,
	datasources.NewCloudFrontSignedURLDataSource,
	datasources.NewPresignedPostDataSource,
	datasources.NewPresignedURLDataSource,
}

var ephemeralConstructors = []func() ephemeral.EphemeralResource{
	datasources.NewCloudFrontSignedCookiesEphemeralResource,
	datasources.NewCloudFrontSignedURLEphemeralResource,
	datasources.NewPresignedPostEphemeralResource,
	datasources.NewPresignedURLEphemeralResource,
}

var functionConstructors = []func() function.Function{
	functions.NewContentKey,
}
