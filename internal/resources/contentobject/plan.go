package contentobject

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// ValidateConfig checks what the attribute validators cannot: the total
// metadata size.
func (r *Resource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var md types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("metadata"), &md)...)
	if md.IsNull() || md.IsUnknown() {
		return
	}
	total := 0
	for k, v := range md.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return
		}
		total += len(k) + len(s.ValueString())
	}
	if total > maxMetadataBytes {
		resp.Diagnostics.AddAttributeError(path.Root("metadata"), "Metadata too large",
			fmt.Sprintf("The metadata keys and values add up to %d bytes; S3 accepts at most %d. Move large values into the object or another store.", total, maxMetadataBytes))
	}
}

// ModifyPlan hashes the content (streaming files), derives the key, fills
// the default content type, and plans a replacement when the content, and so
// the key, changes.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *model
	if !req.State.Raw.IsNull() {
		state = &model{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	digest, size, known := digestOf(config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if known {
		plan.SHA256 = types.StringValue(digest)
		plan.Size = types.Int64Value(size)
	} else {
		plan.SHA256 = types.StringUnknown()
		plan.Size = types.Int64Unknown()
	}
	if known && !plan.KeyPrefix.IsUnknown() {
		key, err := contentkey.Key(digest, plan.KeyPrefix.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("key_prefix"), "Invalid key prefix", err.Error())
			return
		}
		plan.Key = types.StringValue(key)
	} else {
		plan.Key = types.StringUnknown()
	}
	if !plan.Bucket.IsUnknown() && !plan.Key.IsUnknown() {
		plan.ID = types.StringValue(plan.Bucket.ValueString() + "/" + plan.Key.ValueString())
	} else {
		plan.ID = types.StringUnknown()
	}
	if config.ContentType.IsNull() {
		switch {
		case !config.Source.IsNull() && !config.Source.IsUnknown():
			plan.ContentType = types.StringValue(upload.DetectContentType(config.Source.ValueString()))
		case !config.Source.IsNull():
			plan.ContentType = types.StringUnknown()
		default:
			plan.ContentType = types.StringValue(upload.DefaultContentType)
		}
	}

	switch {
	case state == nil:
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	case plan.Key.IsUnknown() || plan.Key.ValueString() != state.Key.ValueString() ||
		plan.Bucket.ValueString() != state.Bucket.ValueString():
		// New content (or prefix): a new object. Unknown counts as a change.
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("sha256"), path.Root("key"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	case !plan.Size.IsUnknown() && !state.Size.IsNull() && plan.Size.ValueInt64() != state.Size.ValueInt64():
		// Same key, but the stored object has another size (Read refreshes
		// it): the object under our content address is not our content.
		// Replacing re-uploads it (Create overwrites a mismatching object).
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("size"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
	default:
		plan.ID = state.ID
		plan.AlreadyPresent = state.AlreadyPresent
		if headersChanged(plan, *state) {
			plan.ETag = types.StringUnknown() // the in-place copy may change it
		} else {
			plan.ETag = state.ETag
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The guardrails see the completed plan, as `terraform show -json` would.
	r.data.CheckPlanned(ctx, providerdata.ModeManaged, "filestore_content_object", resp.Plan.Raw, &resp.Diagnostics)
}

// digestOf hashes the configured content. known is false while
// the content is unknown (it depends on values computed at apply).
func digestOf(config model, diags *diag.Diagnostics) (digest string, size int64, known bool) {
	switch {
	case config.Source.IsUnknown() || config.Content.IsUnknown() || config.ContentBase64.IsUnknown():
		return "", 0, false
	case !config.Source.IsNull():
		p := config.Source.ValueString()
		d, n, err := upload.HashFile(p)
		if err != nil {
			diags.AddAttributeError(path.Root("source"), "Reading content object source",
				fmt.Sprintf("Cannot hash %q: %v. The path is relative to the directory Terraform runs in; the file must exist at plan time.", p, err))
			return "", 0, false
		}
		return d, n, true
	case !config.Content.IsNull():
		b := []byte(config.Content.ValueString())
		return upload.HashBytes(b), int64(len(b)), true
	case !config.ContentBase64.IsNull():
		b, err := base64.StdEncoding.DecodeString(config.ContentBase64.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("content_base64"), "Invalid base64 content", err.Error())
			return "", 0, false
		}
		return upload.HashBytes(b), int64(len(b)), true
	default:
		// The ExactlyOneOf validators have already reported it.
		return "", 0, false
	}
}
