package contentobject

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
)

// prefixValidator applies contentkey.ValidatePrefix at plan time.
type prefixValidator struct{}

func (prefixValidator) Description(context.Context) string {
	return "no leading or trailing /, no empty, . or .. segment, no control character"
}

func (v prefixValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (prefixValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := contentkey.ValidatePrefix(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid key prefix", err.Error()+". Use a prefix such as \"cas\" or \"assets/cas\".")
	}
}

// base64Validator checks content_base64 at validate time.
type base64Validator struct{}

func (base64Validator) Description(context.Context) string {
	return "standard, padded base64"
}

func (v base64Validator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (base64Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := base64.StdEncoding.DecodeString(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base64 content",
			fmt.Sprintf("content_base64 is not standard padded base64 (%v). Use filebase64() or base64encode().", err))
	}
}
