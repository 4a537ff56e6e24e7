package contentobject

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// ValidateConfig checks what the attribute validators cannot: the total
// metadata size, and kms_key_id only with a KMS server_side_encryption.
func (r *Resource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var sse, kmsKey types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("server_side_encryption"), &sse)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("kms_key_id"), &kmsKey)...)
	if alg, ok := knownString(sse); ok && !kmsKey.IsNull() && !bucketconfig.IsKMSAlgorithm(alg) {
		resp.Diagnostics.AddAttributeError(path.Root("kms_key_id"), "kms_key_id needs a KMS server_side_encryption",
			fmt.Sprintf("kms_key_id names a KMS key, but server_side_encryption is %q, which uses none. Set server_side_encryption = \"aws:kms\" (or \"aws:kms:dsse\"), or remove kms_key_id.", alg))
	}
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
// the default content type, refuses what the store cannot do (R2), plans a
// replacement when the content, and so the key, changes, and warns when a
// resource that adopted a shared object asks for other headers than it has
// (headers.go).
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

	r.checkStore(config, &resp.Diagnostics)
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
		plan.OwnsHeaders = types.BoolUnknown()
	case plan.Key.IsUnknown() || plan.Key.ValueString() != state.Key.ValueString() ||
		plan.Bucket.ValueString() != state.Bucket.ValueString():
		// New content (or prefix): a new object. Unknown counts as a change.
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("sha256"), path.Root("key"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
		plan.OwnsHeaders = types.BoolUnknown()
		if config.StorageClass.IsNull() {
			plan.StorageClass = types.StringUnknown() // the new object's
		}
	case !plan.Size.IsUnknown() && !state.Size.IsNull() && plan.Size.ValueInt64() != state.Size.ValueInt64():
		// Same key, but the stored object has another size (Read refreshes
		// it): the object under our content address is not our content.
		// Replacing re-uploads it (Create overwrites a mismatching object).
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("size"))
		plan.ETag = types.StringUnknown()
		plan.AlreadyPresent = types.BoolUnknown()
		plan.OwnsHeaders = types.BoolUnknown()
		if config.StorageClass.IsNull() {
			plan.StorageClass = types.StringUnknown()
		}
	default:
		plan.ID = state.ID
		plan.AlreadyPresent = state.AlreadyPresent
		plan.OwnsHeaders = types.BoolValue(state.owns())
		if state.owns() && headersChanged(plan, *state) {
			plan.ETag = types.StringUnknown() // the in-place copy may change it
		} else {
			plan.ETag = state.ETag
		}
		if !state.owns() {
			// An adopter never writes the object: say where it differs.
			if stored, ok := recalled(ctx, req.Private); ok {
				warnAdopted(&resp.Diagnostics, plan.Bucket.ValueString(), plan.Key.ValueString(), differences(stored, plan))
			}
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The guardrails see the completed plan, as `terraform show -json` would.
	r.data.CheckPlanned(ctx, guardrail.ModeManaged, "filestore_content_object", resp.Plan.Raw, &resp.Diagnostics)
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

// checkStore refuses, at plan time, what the provider's store cannot do:
// Cloudflare R2 implements no x-amz-server-side-encryption header (it
// encrypts every object itself) and has the STANDARD and STANDARD_IA
// storage classes only.
func (r *Resource) checkStore(config model, diags *diag.Diagnostics) {
	if r.data == nil || !r.data.Clients.IsR2() {
		return
	}
	if _, ok := knownString(config.ServerSideEncryption); ok {
		diags.AddAttributeError(path.Root("server_side_encryption"), "server_side_encryption not available on Cloudflare R2",
			"The provider has compatibility = \"r2\": R2 implements no x-amz-server-side-encryption header and encrypts every object at rest itself. Remove server_side_encryption (and kms_key_id).")
	}
	if sc, ok := knownString(config.StorageClass); ok && !slices.Contains(upload.R2StorageClasses(), sc) {
		diags.AddAttributeError(path.Root("storage_class"), "Storage class not available on Cloudflare R2",
			fmt.Sprintf("The provider has compatibility = \"r2\", and R2 has the storage classes %s only, not %q.", strings.Join(upload.R2StorageClasses(), " and "), sc))
	}
}
