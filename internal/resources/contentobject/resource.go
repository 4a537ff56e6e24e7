package contentobject

import (
	"context"
	"errors"
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
		r.adopt(ctx, &plan, head, resp)
	case err == nil || awsclient.IsNotFound(err):
		// Absent: store it, unless another writer does first (the upload is
		// conditional on the key being absent). Present with other bytes:
		// the content address holds the wrong content; overwrite it.
		absent := err != nil
		if !absent {
			tflog.Warn(ctx, "The object at the content address has other content (size or SHA-256 differ); overwriting it",
				map[string]any{"stored_size": strconv.FormatInt(aws.ToInt64(head.ContentLength), 10), "size": strconv.FormatInt(obj.Size, 10)})
		}
		etag, uerr := r.upload(ctx, c, plan, obj, absent, action, &resp.Diagnostics)
		if errors.Is(uerr, upload.ErrObjectExists) {
			tflog.Info(ctx, "Another writer stored the object first; adopting it")
			head, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key), ChecksumMode: s3types.ChecksumModeEnabled})
			if err == nil && !sameContent(head, obj) {
				err = errors.New("it holds other content")
			}
			if err != nil {
				resp.Diagnostics.AddError(action, fmt.Sprintf("Another writer stored s3://%s/%s first, and reading it back on %s failed: %v. Run the apply again.", obj.Bucket, obj.Key, r.endpoint(ctx), err))
				return
			}
			r.adopt(ctx, &plan, head, resp)
			break
		}
		if uerr != nil {
			return
		}
		plan.AlreadyPresent = types.BoolValue(false)
		plan.OwnsHeaders = types.BoolValue(true)
		plan.ETag = types.StringValue(etag)
		if plan.StorageClass.IsUnknown() {
			plan.StorageClass = types.StringValue("STANDARD") // none requested
		}
		written := writtenHeaders(obj)
		resp.Diagnostics.Append(rememberStored(ctx, resp.Private, &written)...)
	default:
		resp.Diagnostics.AddError(action, fmt.Sprintf("Checking whether the object exists (HeadObject on %s): %v", r.endpoint(ctx), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// adopt takes an object another resource or stack stored as it is: the
// first writer's headers win (headers.go). It never writes the object.
func (r *Resource) adopt(ctx context.Context, plan *model, head *s3.HeadObjectOutput, resp *resource.CreateResponse) {
	tflog.Info(ctx, "Content object already present; skipping the upload and keeping its headers", map[string]any{"size": strconv.FormatInt(plan.Size.ValueInt64(), 10)})
	plan.AlreadyPresent = types.BoolValue(true)
	plan.OwnsHeaders = types.BoolValue(false)
	plan.ETag = types.StringValue(aws.ToString(head.ETag))
	stored := headersOf(head)
	if plan.StorageClass.IsUnknown() {
		plan.StorageClass = types.StringValue(stored.StorageClass)
	}
	warnAdopted(&resp.Diagnostics, plan.Bucket.ValueString(), plan.Key.ValueString(), differences(stored, *plan))
	resp.Diagnostics.Append(rememberStored(ctx, resp.Private, &stored)...)
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
	state.OwnsHeaders = types.BoolValue(state.owns())
	stored := headersOf(head)
	if !state.owns() {
		// An adopter keeps its configured headers in the state (so its plan
		// stays empty) and remembers the stored ones to warn at plan time.
		resp.Diagnostics.Append(rememberStored(ctx, resp.Private, &stored)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	// The owner: the stored headers are the truth, and a difference is drift.
	state.ContentType = types.StringValue(stored.ContentType)
	state.CacheControl = types.StringValue(stored.CacheControl)
	if len(head.Metadata) == 0 && state.Metadata.IsNull() {
		// No metadata configured and none stored: stay null.
	} else {
		md, diags := types.MapValueFrom(ctx, types.StringType, head.Metadata)
		resp.Diagnostics.Append(diags...)
		state.Metadata = md
	}
	// server_side_encryption is refreshed only when managed: unset, the
	// bucket's default applies and is not this resource's to report (and a
	// value here would make FS021 miss an unencrypted upload). kms_key_id is
	// not: the store answers with the key's ARN, the configuration may name
	// an id or alias. The storage class is always the object's.
	if !state.ServerSideEncryption.IsNull() {
		state.ServerSideEncryption = types.StringValue(stored.ServerSideEncryption)
	}
	state.StorageClass = types.StringValue(stored.StorageClass)
	resp.Diagnostics.Append(rememberStored(ctx, resp.Private, &stored)...)
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
	plan.OwnsHeaders = types.BoolValue(state.owns())
	if !state.owns() {
		// An adopter never rewrites the shared object (the first writer's
		// headers win); its new configuration is kept, with a warning where
		// it differs from the object.
		if stored, ok := recalled(ctx, req.Private); ok {
			warnAdopted(&resp.Diagnostics, plan.Bucket.ValueString(), plan.Key.ValueString(), differences(stored, plan))
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if !headersChanged(plan, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if stored, ok := recalled(ctx, req.Private); ok && len(differences(stored, plan)) == 0 {
		// The object already has every planned header (a value configured
		// after an import, say): nothing to copy.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	obj := targetOf(plan)
	action := fmt.Sprintf("Updating content object s3://%s/%s", obj.Bucket, obj.Key)
	c := r.client(ctx, &resp.Diagnostics, action)
	if c == nil {
		return
	}
	tflog.Info(ctx, "Replacing the headers, encryption and storage class (server-side copy)", map[string]any{"bucket": obj.Bucket, "key": obj.Key})
	etag, err := upload.ReplaceHeaders(ctx, c, obj, "", upload.CopyOptions{Store: r.store()})
	if err != nil {
		resp.Diagnostics.AddError(action, fmt.Sprintf("Copying the object onto itself with the new headers on %s: %v%s", r.endpoint(ctx), err, encryptionHint(err, plan)))
		return
	}
	plan.ETag = types.StringValue(etag)
	written := writtenHeaders(obj)
	resp.Diagnostics.Append(rememberStored(ctx, resp.Private, &written)...)
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
