package uploadbucket

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

var (
	_ resource.Resource                   = &Resource{}
	_ resource.ResourceWithConfigure      = &Resource{}
	_ resource.ResourceWithImportState    = &Resource{}
	_ resource.ResourceWithModifyPlan     = &Resource{}
	_ resource.ResourceWithValidateConfig = &Resource{}
)

// Resource is the filestore_upload_bucket resource: one private upload
// bucket with every setting the pattern needs.
type Resource struct {
	data *providerdata.Data
}

// New returns the resource.
func New() resource.Resource { return &Resource{} }

// Metadata sets the type name.
func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_upload_bucket"
}

// Configure receives the provider data.
func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

// ImportState adopts a bucket by name.
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resource.ImportStatePassthroughID(ctx, path.Root("bucket"), req, resp)
}

func (r *Resource) ops(ctx context.Context, diags *diag.Diagnostics, name string) *bucketapi.Ops {
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		diags.AddError("Configuring the S3 client", err.Error())
		return nil
	}
	return &bucketapi.Ops{Client: client, Bucket: name, Generic: r.data.Clients.IsGenericS3()}
}

// apply writes every part that needs it, in the order of parts.
func (r *Resource) apply(ctx context.Context, ops *bucketapi.Ops, plan, config, state *Model, diags *diag.Diagnostics) error {
	a := &applying{r: r, ops: ops, plan: plan, config: config, state: state, diags: diags}
	for i := range parts {
		if err := parts[i].apply(ctx, a); err != nil {
			return err
		}
		if diags.HasError() {
			return fmt.Errorf("converting the plan: %v", diags)
		}
	}
	return nil
}

// Create creates the bucket, saves it in state at once, then applies every
// sub-configuration. A failure after CreateBucket returns an error with the
// bucket in state: Terraform marks it tainted and replaces it on the next
// apply, so it is never orphaned.
func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Bucket.ValueString()
	if !known(plan.Bucket) {
		prefix := bucketconfig.DefaultBucketPrefix
		if known(config.BucketPrefix) {
			prefix = config.BucketPrefix.ValueString()
		}
		var err error
		if name, err = bucketconfig.GenerateBucketName(prefix, r.data.Clock.Now(), nil); err != nil {
			resp.Diagnostics.AddError("Naming the upload bucket", err.Error())
			return
		}
	}
	region := plan.Region.ValueString()
	if region == "" {
		var err error
		if region, err = r.data.Clients.Region(ctx); err != nil {
			resp.Diagnostics.AddError("Resolving the region", err.Error())
			return
		}
	}
	ops := r.ops(ctx, &resp.Diagnostics, name)
	if ops == nil {
		return
	}
	ops.AfterCreate = true
	summary := fmt.Sprintf("Creating upload bucket %s", name)
	tflog.Info(ctx, "creating upload bucket", map[string]any{"bucket": name, "region": region})
	if err := createBucket(ctx, ops, region, known(plan.ObjectLock)); err != nil {
		switch {
		case awsclient.HasCode(err, "BucketAlreadyOwnedByYou"):
			resp.Diagnostics.AddAttributeError(path.Root("bucket"), summary,
				fmt.Sprintf("The bucket %q already exists and is yours. To manage it with this resource, import it: terraform import <address> %s", name, name))
		case awsclient.HasCode(err, "BucketAlreadyExists"):
			resp.Diagnostics.AddAttributeError(path.Root("bucket"), summary,
				fmt.Sprintf("The bucket name %q is taken (bucket names are global across all accounts). Choose another name, or use bucket_prefix.", name))
		default:
			bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		}
		return
	}

	// The bucket exists: record it before anything else can fail.
	identity := identityModel(plan, name, region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &identity)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.apply(ctx, ops, &plan, &config, nil, &resp.Diagnostics); err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		resp.Diagnostics.AddWarning("Upload bucket kept in state as tainted",
			fmt.Sprintf("The bucket %q was created but configuring it failed; it is recorded in state and will be replaced on the next apply (set force_destroy if it may hold objects by then).", name))
		return
	}
	final, diags := r.finalState(ctx, ops, &plan, &config, name, region, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

// Read refreshes every sub-configuration from the server: HeadBucket, then
// all the parts' reads concurrently.
func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if name == "" {
		name = state.Bucket.ValueString()
	}
	ops := r.ops(ctx, &resp.Diagnostics, name)
	if ops == nil {
		return
	}
	summary := fmt.Sprintf("Reading upload bucket %s", name)
	exists, err := bucketExists(ctx, ops)
	if err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
	if !exists {
		tflog.Warn(ctx, "upload bucket not found; removing it from state", map[string]any{"bucket": name})
		resp.State.RemoveResource(ctx)
		return
	}
	// With compatibility = "s3", a part the store does not implement reads as
	// none when the state has none either (the user did not set it).
	remote, err := readRemote(ctx, ops, func(p *part) bool { return ops.Generic && p.unset(&state) })
	if err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
	region := remote.Region
	if region == "" {
		region = state.Region.ValueString()
	}
	if region == "" {
		region, _ = r.data.Clients.Region(ctx)
	}
	m := r.modelFromRemote(ctx, &state, remote, region, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Update applies only the sub-configurations that changed.
func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	region := state.Region.ValueString()
	ops := r.ops(ctx, &resp.Diagnostics, name)
	if ops == nil {
		return
	}
	summary := fmt.Sprintf("Updating upload bucket %s", name)
	plan.Region = state.Region
	if err := r.apply(ctx, ops, &plan, &config, &state, &resp.Diagnostics); err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
	final, diags := r.finalState(ctx, ops, &plan, &config, name, region, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

// Delete deletes the bucket; with force_destroy it first removes every
// object version, delete marker and in-progress multipart upload.
func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	ops := r.ops(ctx, &resp.Diagnostics, name)
	if ops == nil {
		return
	}
	summary := fmt.Sprintf("Deleting upload bucket %s", name)
	force := state.ForceDestroy.ValueBool()
	// Objects written while emptying make DeleteBucket fail with
	// BucketNotEmpty; empty again, a bounded number of times.
	for attempt := 1; ; attempt++ {
		if force {
			n, err := emptyBucket(ctx, ops)
			if err != nil {
				if bucketapi.IsMissing(err) {
					return
				}
				bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
				return
			}
			tflog.Info(ctx, "emptied upload bucket", map[string]any{"bucket": name, "removed": n})
		}
		err := deleteBucket(ctx, ops)
		if err == nil {
			return
		}
		if awsclient.HasCode(err, "BucketNotEmpty") {
			if !force {
				resp.Diagnostics.AddAttributeError(path.Root("force_destroy"), summary,
					fmt.Sprintf("The bucket %q is not empty (objects, object versions, delete markers or multipart uploads remain). "+
						"Set force_destroy = true and apply, then destroy again to delete everything in it, or empty the bucket yourself.", name))
				return
			}
			if attempt < 3 {
				continue
			}
		}
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
}
