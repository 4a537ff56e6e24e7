package contentobject

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

var (
	_ resource.Resource                   = &Resource{}
	_ resource.ResourceWithConfigure      = &Resource{}
	_ resource.ResourceWithModifyPlan     = &Resource{}
	_ resource.ResourceWithImportState    = &Resource{}
	_ resource.ResourceWithValidateConfig = &Resource{}
)

// DefaultCacheControl is the default Cache-Control: the key
// changes whenever the content does, so the content under a key never does.
const DefaultCacheControl = "public, max-age=31536000, immutable"

// maxMetadataBytes is the S3 limit on user metadata (keys and
// values, without the x-amz-meta- prefix).
const maxMetadataBytes = 2048

// New is the filestore_content_object constructor.
func New() resource.Resource { return &Resource{} }

// Resource is filestore_content_object: an object stored at a key
// derived from its SHA-256 (contentkey.Key), uploaded only when that key is
// absent. The hash is computed at plan time, so a changed source plans a new
// key and a replacement.
type Resource struct {
	data *providerdata.Data
}

func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_content_object"
}

func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

func (r *Resource) client(ctx context.Context, diags *diag.Diagnostics, action string) *s3.Client {
	if r.data == nil {
		diags.AddError(action, "The provider is not configured. This is a bug in the provider; please report it.")
		return nil
	}
	c, err := r.data.Clients.S3(ctx)
	if err != nil {
		diags.AddError(action, fmt.Sprintf("Building the S3 client: %v. Check the provider block and the AWS environment variables.", err))
		return nil
	}
	return c
}

func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	obj := targetOf(plan)
	action := fmt.Sprintf("Creating content object s3://%s/%s", obj.Bucket, obj.Key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	ctx = tflog.SetField(ctx, "bucket", obj.Bucket)
	ctx = tflog.SetField(ctx, "key", obj.Key)

	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key), ChecksumMode: s3types.ChecksumModeEnabled,
	})
	switch {
	case err == nil && sameContent(head, obj):
		tflog.Info(ctx, "Content object already present; skipping the upload", map[string]any{"size": strconv.FormatInt(obj.Size, 10)})
		plan.AlreadyPresent = types.BoolValue(true)
		plan.ETag = types.StringValue(aws.ToString(head.ETag))
		if !headMatches(head, obj) {
			tflog.Info(ctx, "Applying the configured content type, cache control and metadata to the existing object")
			etag, err := upload.ReplaceHeaders(ctx, c, obj, aws.ToString(head.ETag), upload.CopyOptions{})
			if err != nil {
				resp.Diagnostics.AddError(action, fmt.Sprintf("The object already exists at %s with other headers, and copying it onto itself with the configured content_type, cache_control and metadata failed: %v", r.endpoint(ctx), err))
				return
			}
			plan.ETag = types.StringValue(etag)
		}
	case err == nil || awsclient.IsNotFound(err):
		if err == nil {
			tflog.Warn(ctx, "The object at the content address has other content (size or SHA-256 differ); overwriting it",
				map[string]any{"stored_size": strconv.FormatInt(aws.ToInt64(head.ContentLength), 10), "size": strconv.FormatInt(obj.Size, 10)})
		}
		etag, ok := r.upload(ctx, c, plan, obj, action, &resp.Diagnostics)
		if !ok {
			return
		}
		plan.AlreadyPresent = types.BoolValue(false)
		plan.ETag = types.StringValue(etag)
	default:
		resp.Diagnostics.AddError(action, fmt.Sprintf("Checking whether the object exists (HeadObject on %s): %v", r.endpoint(ctx), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *Resource) endpoint(ctx context.Context) string {
	return r.data.Clients.S3EndpointDescription(ctx)
}

func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, key := state.Bucket.ValueString(), state.Key.ValueString()
	action := fmt.Sprintf("Reading content object s3://%s/%s", bucket, key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if awsclient.IsNotFound(err, "NoSuchKey", "NoSuchBucket", "NotFound") {
		tflog.Warn(ctx, "Content object no longer exists; removing it from the state so that the next plan uploads it again",
			map[string]any{"bucket": bucket, "key": key})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(action, fmt.Sprintf("HeadObject on %s: %v", r.endpoint(ctx), err))
		return
	}
	state.ID = types.StringValue(bucket + "/" + key)
	state.ETag = types.StringValue(aws.ToString(head.ETag))
	state.Size = types.Int64Value(aws.ToInt64(head.ContentLength))
	state.ContentType = types.StringValue(aws.ToString(head.ContentType))
	state.CacheControl = types.StringValue(aws.ToString(head.CacheControl))
	if len(head.Metadata) == 0 && state.Metadata.IsNull() {
		// No metadata configured and none stored: stay null.
	} else {
		md, diags := types.MapValueFrom(ctx, types.StringType, head.Metadata)
		resp.Diagnostics.Append(diags...)
		state.Metadata = md
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ETag = state.ETag
	if headersChanged(plan, state) {
		obj := targetOf(plan)
		action := fmt.Sprintf("Updating content object s3://%s/%s", obj.Bucket, obj.Key)
		c := r.client(ctx, &resp.Diagnostics, action)
		if c == nil {
			return
		}
		tflog.Info(ctx, "Replacing the content type, cache control and metadata (server-side copy)", map[string]any{"bucket": obj.Bucket, "key": obj.Key})
		etag, err := upload.ReplaceHeaders(ctx, c, obj, "", upload.CopyOptions{})
		if err != nil {
			resp.Diagnostics.AddError(action, fmt.Sprintf("Copying the object onto itself with the new content_type, cache_control and metadata on %s: %v", r.endpoint(ctx), err))
			return
		}
		plan.ETag = types.StringValue(etag)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, key := state.Bucket.ValueString(), state.Key.ValueString()
	if state.RetainOnDestroy.IsNull() || state.RetainOnDestroy.ValueBool() {
		tflog.Info(ctx, "retain_on_destroy is true: leaving the content object in the bucket", map[string]any{"bucket": bucket, "key": key})
		return
	}
	action := fmt.Sprintf("Deleting content object s3://%s/%s", bucket, key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil && !awsclient.IsNotFound(err, "NoSuchKey", "NoSuchBucket", "NotFound") {
		resp.Diagnostics.AddError(action, fmt.Sprintf("DeleteObject on %s: %v", r.endpoint(ctx), err))
	}
}
