package cdnkeygroup

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

var (
	_ resource.ResourceWithConfigure   = &Resource{}
	_ resource.ResourceWithImportState = &Resource{}
	_ resource.ResourceWithModifyPlan  = &Resource{}
)

// Resource is filestore_cdn_key_group: a CloudFront key group and the
// public keys in it, rotated without downtime.
type Resource struct {
	data     *providerdata.Data
	typeName string
}

// New is the resource constructor.
func New() resource.Resource { return &Resource{} }

// Metadata sets the type name.
func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.typeName = req.ProviderTypeName + "_cdn_key_group"
	resp.TypeName = r.typeName
}

// Configure receives the provider data.
func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

// ImportState adopts a key group by id; Read fills in the rest.
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

func (r *Resource) api(ctx context.Context, diags *diag.Diagnostics, summary string) (cfAPI, bool) {
	if r.data == nil {
		diags.AddError(summary, "The provider is not configured. This is a bug in the provider; please report it.")
		return cfAPI{}, false
	}
	cf, err := r.data.Clients.CloudFront(ctx)
	if err != nil {
		diags.AddError(summary, fmt.Sprintf("Building the CloudFront client: %v. Check the provider's region and credentials.", err))
		return cfAPI{}, false
	}
	return cfAPI{cf: cf}, true
}

// ModifyPlan runs the guardrails and keeps the ids of untouched keys known,
// so that signers referencing them do not change during a rotation.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !r.data.CheckPlanned(ctx, guardrail.ModeManaged, r.typeNameOr(), req.Plan.Raw, &resp.Diagnostics) {
		return
	}
	if req.State.Raw.IsNull() {
		return // create: everything computed is unknown
	}
	var plan, state Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.PublicKeys.IsUnknown() {
		return
	}
	existing := existingKeys(state)
	ids := map[string]attr.Value{}
	changed := !plan.Name.Equal(state.Name) || !plan.Comment.Equal(state.Comment)
	for logical, v := range plan.PublicKeys.Elements() {
		pemValue, ok := v.(pemKey)
		cur, had := existing[logical]
		if ok && !pemValue.IsUnknown() && had && cdnkeys.SamePEM(cur.PEM, pemValue.ValueString()) {
			ids[logical] = types.StringValue(cur.ID)
			continue
		}
		ids[logical] = types.StringUnknown()
		changed = true
	}
	for logical := range existing {
		if _, ok := plan.PublicKeys.Elements()[logical]; !ok {
			changed = true
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("public_key_ids"), types.MapValueMust(types.StringType, ids))...)
	if changed {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("etag"), types.StringUnknown())...)
	} else {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("etag"), state.ETag)...)
	}
}

func (r *Resource) typeNameOr() string {
	if r.typeName != "" {
		return r.typeName
	}
	return "filestore_cdn_key_group"
}

// Create creates the public keys first and then the group holding all of
// them: one CreateKeyGroup, no UpdateKeyGroup.
func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	summary := fmt.Sprintf("Creating CDN key group %s", name)
	api, ok := r.api(ctx, &resp.Diagnostics, summary)
	if !ok {
		return
	}

	created, err := api.createKeys(ctx, name, desiredKeys(plan))
	if err != nil {
		leftovers := api.discardCreated(ctx, created)
		resp.Diagnostics.AddAttributeError(path.Root("public_keys"), summary,
			fmt.Sprintf("Creating the public keys failed: %v.%s", err, leftoversNote(leftovers)))
		return
	}
	ids := make(map[string]string, len(created))
	for logical, k := range created {
		ids[logical] = k.ID
	}
	cfg := groupConfig(plan, ids)
	out, err := api.cf.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &cfg})
	if err != nil {
		leftovers := api.discardCreated(ctx, created)
		detail := fmt.Sprintf("CreateKeyGroup failed: %v.", err)
		if awsclient.HasCode(err, "KeyGroupAlreadyExists") {
			detail = fmt.Sprintf("A key group named %q already exists in the account.", name)
			if id, findErr := api.findGroupByName(ctx, name); findErr == nil && id != "" {
				detail += fmt.Sprintf(" Choose another name, or adopt it: terraform import <address> %s", id)
			}
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), summary, detail+leftoversNote(leftovers))
		return
	}
	plan.ID = types.StringValue(aws.ToString(out.KeyGroup.Id))
	plan.ETag = types.StringValue(aws.ToString(out.ETag))
	plan.PublicKeyIDs = idsValue(ids)
	tflog.Info(ctx, "created CloudFront key group", map[string]any{"key_group": name, "key_group_id": plan.ID.ValueString(), "keys": len(ids)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func leftoversNote(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return fmt.Sprintf(" The public keys created by this apply could not all be deleted again; delete %s by hand (aws cloudfront delete-public-key).", strings.Join(ids, ", "))
}

// Read refreshes the group: its name, comment, ETag and members. Members
// that left the group out of band leave the state (the plan re-adds them);
// members added out of band enter it under their recovered logical names
// (the plan removes them). A deleted group leaves the state (the plan
// re-creates it).
func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	summary := fmt.Sprintf("Reading CDN key group %s", id)
	api, ok := r.api(ctx, &resp.Diagnostics, summary)
	if !ok {
		return
	}
	out, err := api.getGroup(ctx, id)
	if awsclient.IsNotFound(err, "NoSuchResource") {
		tflog.Warn(ctx, "CloudFront key group no longer exists; removing it from state", map[string]any{"key_group_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("GetKeyGroup failed: %v", err))
		return
	}
	var cfg cftypes.KeyGroupConfig
	if out.KeyGroup != nil && out.KeyGroup.KeyGroupConfig != nil {
		cfg = *out.KeyGroup.KeyGroupConfig
	}
	groupName := aws.ToString(cfg.Name)

	// Members we know keep their logical name and PEM (key material is
	// immutable in CloudFront); the others are read.
	priorIDs := map[string]string{} // key id -> logical name
	priorPEMs := map[string]attr.Value{}
	for logical, ex := range existingKeys(state) {
		priorIDs[ex.ID] = logical
		priorPEMs[logical] = state.PublicKeys.Elements()[logical]
	}
	pems := map[string]attr.Value{}
	ids := map[string]string{}
	var unknown []string
	for _, keyID := range cfg.Items {
		if logical, ok := priorIDs[keyID]; ok {
			pems[logical] = priorPEMs[logical]
			ids[logical] = keyID
			continue
		}
		unknown = append(unknown, keyID)
	}
	if len(unknown) > 0 {
		fetched, err := api.readKeys(ctx, unknown)
		if err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("Reading the group's public keys failed: %v", err))
			return
		}
		for _, k := range fetched {
			logical := k.logicalName(groupName)
			if _, taken := ids[logical]; taken {
				logical = k.Name
			}
			if _, taken := ids[logical]; taken {
				logical = k.ID
			}
			pems[logical] = newPEMKey(k.EncodedKey)
			ids[logical] = k.ID
		}
	}

	state.Name = types.StringValue(groupName)
	switch c := aws.ToString(cfg.Comment); {
	case c != "":
		state.Comment = types.StringValue(c)
	case !state.Comment.IsNull() && state.Comment.ValueString() == "":
		// keep an explicit empty comment
	default:
		state.Comment = types.StringNull()
	}
	state.ETag = types.StringValue(aws.ToString(out.ETag))
	state.PublicKeys = types.MapValueMust(pemKeyType{}, pems)
	state.PublicKeyIDs = idsValue(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fetchedKey is a public key read from CloudFront.
type fetchedKey struct {
	ID, Name, Comment, EncodedKey string
}

func (k fetchedKey) logicalName(group string) string {
	parsed, err := cdnkeys.ParsePEM(k.EncodedKey)
	if err != nil {
		return k.Name
	}
	return cdnkeys.LogicalName(group, k.Name, k.Comment, parsed.Fingerprint())
}

// readKeys reads public keys concurrently, in the order of ids.
func (a cfAPI) readKeys(ctx context.Context, ids []string) ([]fetchedKey, error) {
	out := make([]fetchedKey, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(createParallel)
	for i, id := range ids {
		g.Go(func() error {
			got, err := a.cf.GetPublicKey(gctx, &cloudfront.GetPublicKeyInput{Id: aws.String(id)})
			if err != nil {
				return fmt.Errorf("public key %s: %w", id, err)
			}
			k := fetchedKey{ID: id}
			if got.PublicKey != nil && got.PublicKey.PublicKeyConfig != nil {
				k.Name = aws.ToString(got.PublicKey.PublicKeyConfig.Name)
				k.EncodedKey = aws.ToString(got.PublicKey.PublicKeyConfig.EncodedKey)
				k.Comment = aws.ToString(got.PublicKey.PublicKeyConfig.Comment)
			}
			if k.Name == "" {
				k.Name = id
			}
			out[i] = k
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// Deterministic logical-name collision handling: by name, then id.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Update rotates keys: create the new keys, put the group's new list of
// keys in place with one UpdateKeyGroup (If-Match: the ETag of the last
// read, re-read on 412), then delete the keys that left the group.
func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	summary := fmt.Sprintf("Updating CDN key group %s", plan.Name.ValueString())
	api, ok := r.api(ctx, &resp.Diagnostics, summary)
	if !ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	rot := cdnkeys.PlanRotation(existingKeys(state), desiredKeys(plan))
	tflog.Info(ctx, "rotating CloudFront key group", map[string]any{
		"key_group_id": id, "keep": len(rot.Keep), "create": rot.Create, "remove": len(rot.Remove)})

	// 1. New keys (added names and replaced PEMs).
	toCreate := map[string]string{}
	desired := desiredKeys(plan)
	for _, logical := range rot.Create {
		toCreate[logical] = desired[logical]
	}
	created, err := api.createKeys(ctx, plan.Name.ValueString(), toCreate)
	if err != nil {
		leftovers := api.discardCreated(ctx, created)
		resp.Diagnostics.AddAttributeError(path.Root("public_keys"), summary,
			fmt.Sprintf("Creating the new public keys failed: %v. The key group was not changed.%s", err, leftoversNote(leftovers)))
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	createdIDs := make(map[string]string, len(created))
	for logical, k := range created {
		createdIDs[logical] = k.ID
	}
	ids := rot.KeyIDs(createdIDs)

	// 2. The group: new members in, old members out, name and comment, in one call.
	etag := state.ETag.ValueString()
	if rot.ChangesMembership() || !plan.Name.Equal(state.Name) || !plan.Comment.Equal(state.Comment) {
		etag, err = api.updateGroup(ctx, id, etag, groupConfig(plan, ids))
		if err != nil {
			leftovers := api.discardCreated(ctx, created)
			detail := fmt.Sprintf("UpdateKeyGroup failed: %v. The key group was not changed; the public keys created for it were deleted again.%s", err, leftoversNote(leftovers))
			if awsclient.IsNotFound(err, "NoSuchResource") {
				detail += " The key group no longer exists: run a plan again to re-create it."
			}
			resp.Diagnostics.AddError(summary, detail)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
	}

	// 3. Old keys, now out of the group.
	plan.ID = state.ID
	plan.ETag = types.StringValue(etag)
	plan.PublicKeyIDs = idsValue(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	var failures []string
	for _, rm := range rot.Remove {
		if err := api.deleteKey(ctx, rm.ID); err != nil {
			failures = append(failures, fmt.Sprintf("- %s (key %q): %v", rm.ID, rm.Logical, err))
		}
	}
	if len(failures) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("public_keys"), summary,
			"The key group was updated, but public keys that left it could not be deleted:\n"+strings.Join(failures, "\n")+
				"\n\nThey no longer sign anything for this group. Delete them once nothing else uses them (aws cloudfront delete-public-key).")
	}
}

// Delete deletes the group (If-Match: its ETag, re-read on 412) and then
// its public keys (each with its own ETag).
func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, name := state.ID.ValueString(), state.Name.ValueString()
	summary := fmt.Sprintf("Deleting CDN key group %s", name)
	api, ok := r.api(ctx, &resp.Diagnostics, summary)
	if !ok {
		return
	}
	if err := api.deleteGroup(ctx, id, name, state.ETag.ValueString()); err != nil {
		detail := fmt.Sprintf("DeleteKeyGroup failed: %v", err)
		var inUse *inUseError
		if errors.As(err, &inUse) && len(inUse.Distributions) > 0 {
			detail = fmt.Sprintf("CloudFront distribution(s) %s still trust key group %s (%s). Remove it from their cache behaviours' trusted key groups, then destroy again.\n\n%v",
				strings.Join(inUse.Distributions, ", "), name, id, err)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	existing := existingKeys(state)
	logicals := make([]string, 0, len(existing))
	for logical := range existing {
		logicals = append(logicals, logical)
	}
	sort.Strings(logicals)
	var mu sync.Mutex
	var failures []string
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(createParallel)
	for _, logical := range logicals {
		keyID := existing[logical].ID
		g.Go(func() error {
			if err := api.deleteKey(gctx, keyID); err != nil {
				mu.Lock()
				failures = append(failures, fmt.Sprintf("- %s (key %q): %v", keyID, logical, err))
				mu.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait()
	if len(failures) > 0 {
		sort.Strings(failures)
		resp.Diagnostics.AddError(summary,
			"The key group was deleted, but some of its public keys could not be:\n"+strings.Join(failures, "\n")+
				"\n\nDelete them once nothing else uses them (aws cloudfront delete-public-key).")
	}
}
