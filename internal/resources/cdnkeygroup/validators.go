package cdnkeygroup

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
)

// stringCheck adapts a cdnkeys string check to a framework validator.
type stringCheck struct {
	check   func(string) error
	summary string
	desc    string
}

func (v stringCheck) Description(context.Context) string { return v.desc }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, capitalize(err.Error())+".")
	}
}

// keysCheck validates public_keys with cdnkeys.ValidateKeys: errors
// carry the path of the offending key (public_keys["name"]).
type keysCheck struct{}

func (keysCheck) Description(context.Context) string {
	return fmt.Sprintf("%d to %d PEM public keys (%s)", cdnkeys.MinKeys, cdnkeys.MaxKeys, strings.Join(cdnkeys.AcceptedKeyTypes(), " or "))
}

func (v keysCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (keysCheck) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	pems := map[string]string{}
	for logical, v := range elems {
		s, ok := v.(pemKey)
		if !ok || s.IsUnknown() || s.IsNull() {
			if ok && s.IsNull() {
				resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(logical), "Invalid CloudFront public key", "The PEM must not be null.")
			}
			continue
		}
		pems[logical] = s.ValueString()
	}
	for _, p := range cdnkeys.ValidateKeys(len(elems), pems) {
		at := req.Path
		if p.Key != "" {
			at = req.Path.AtMapKey(p.Key)
		}
		resp.Diagnostics.AddAttributeError(at, "Invalid CloudFront public key", capitalize(p.Message)+".")
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
