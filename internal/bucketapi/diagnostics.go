package bucketapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

// AddError turns an S3 failure into a diagnostic on the attribute of the
// feature it concerns, naming the endpoint, and saying what to do when the
// store does not implement the feature or denied the call.
func AddError(ctx context.Context, data *providerdata.Data, diags *diag.Diagnostics, summary string, err error) {
	var conflict *ConflictError
	if errors.As(err, &conflict) {
		diags.AddAttributeError(path.Root(conflict.Attr), summary, conflict.Detail)
		return
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, err.Error())
		return
	}
	p := path.Root(apiErr.Feature.Attr)
	endpoint := data.Clients.S3EndpointDescription(ctx)
	switch {
	case apiErr.NotImplemented():
		what := fmt.Sprintf("The S3 endpoint %s does not implement %s: it answered NotImplemented to %s for bucket %q.",
			endpoint, apiErr.Feature.Name, apiErr.Op, apiErr.Bucket)
		if data.Clients.IsGenericS3() {
			what += fmt.Sprintf(" Remove `%s` from the configuration (with compatibility = \"s3\" it is applied only when set), or use a store that implements %s.",
				apiErr.Feature.Attr, apiErr.Feature.Name)
		} else {
			what += " If this endpoint is not Amazon S3, set compatibility = \"s3\" in the provider block: AWS-only settings are then applied only when set explicitly."
		}
		diags.AddAttributeError(p, fmt.Sprintf("%s: %s not implemented by %s", summary, apiErr.Feature.Name, endpoint), what)
	case awsclient.HasCode(apiErr.Err, "AccessDenied"):
		diags.AddAttributeError(p, summary, fmt.Sprintf("%s was denied by %s: %v. Check the credentials' permissions (and any bucket policy that denies them).",
			apiErr.Op, endpoint, apiErr.Err))
	default:
		diags.AddAttributeError(p, summary, fmt.Sprintf("%s failed at %s: %v", apiErr.Op, endpoint, apiErr.Err))
	}
}

// ConflictError is a write refused because of what another resource (or an
// out-of-band change) put on the bucket; the diagnostic goes on Attr.
type ConflictError struct {
	Attr   string
	Detail string
}

func (e *ConflictError) Error() string { return e.Detail }
