package cdnreadaccess

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

var (
	_ resource.Resource                = &Resource{}
	_ resource.ResourceWithConfigure   = &Resource{}
	_ resource.ResourceWithImportState = &Resource{}
	_ resource.ResourceWithModifyPlan  = &Resource{}
)

// feature is where a failed policy call's diagnostic goes.
var feature = bucketapi.Feature{Name: "bucket policy", Attr: "distribution_arns"}

// Resource is filestore_cdn_read_access.
type Resource struct {
	data *providerdata.Data
}

// New returns the resource.
func New() resource.Resource { return &Resource{} }

// Metadata sets the type name.
func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cdn_read_access"
}

// Configure receives the provider data.
func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

// ops returns the S3 calls on bucket and the partition its ARNs are in.
func (r *Resource) ops(ctx context.Context, bucket string, diags *diag.Diagnostics) (*bucketapi.Ops, string) {
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		diags.AddError("Configuring the S3 client", err.Error())
		return nil, ""
	}
	region, _ := r.data.Clients.Region(ctx)
	return &bucketapi.Ops{Client: client, Bucket: bucket, Generic: r.data.Clients.IsGenericS3()}, bucketconfig.Partition(region)
}

// bothError is the refusal to grant on a bucket whose own cdn_read_access
// grants already.
func bothError(bucket string) error {
	return &bucketapi.ConflictError{Attr: "bucket", Detail: fmt.Sprintf(
		"Bucket %q already grants CloudFront read access through filestore_upload_bucket's cdn_read_access; filestore_cdn_read_access "+
			"and cdn_read_access cannot both grant on one bucket. Use one of them: remove cdn_read_access from the bucket and list its "+
			"distributions here (this resource avoids the bucket <-> distribution dependency cycle), or remove this resource.", bucket)}
}

// ModifyPlan computes the statement id of a new grant, warns when the
// bucket's own cdn_read_access grants already, and runs the guardrails.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if fullyKnown(ctx, plan.DistributionARNs) {
			arns := plan.arns(ctx, &resp.Diagnostics)
			plan.Sid = types.StringValue(bucketconfig.CDNReadAccessSid(arns))
			if !plan.Bucket.IsUnknown() {
				plan.ID = types.StringValue(resourceID(plan.Bucket.ValueString(), plan.Sid.ValueString()))
			}
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	if !plan.Bucket.IsUnknown() {
		r.warnBucketGrant(ctx, plan.Bucket.ValueString(), &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r.data.CheckPlanned(ctx, guardrail.ModeManaged, "filestore_cdn_read_access", resp.Plan.Raw, &resp.Diagnostics)
}

// warnBucketGrant reads the bucket's policy at plan time and warns when the
// bucket's own cdn_read_access grants already. It cannot refuse: this plan
// may remove cdn_read_access from the bucket (moving its distributions
// here), and the bucket's planned configuration is not visible from this
// resource. The refusal comes at apply if the bucket's statement is still
// there, and at plan time from the bucket's side once this grant exists. A
// policy that cannot be read (no bucket yet, no permission) is skipped.
func (r *Resource) warnBucketGrant(ctx context.Context, bucket string, diags *diag.Diagnostics) {
	var d diag.Diagnostics
	ops, partition := r.ops(ctx, bucket, &d)
	if ops == nil {
		return
	}
	doc, err := bucketapi.GetPolicy(ctx, ops, feature)
	if err != nil {
		tflog.Debug(ctx, "bucket policy not readable at plan time; the conflict check runs at apply", map[string]any{"bucket": bucket, "error": err.Error()})
		return
	}
	if has, _ := bucketconfig.HasBucketCDNStatement(doc, partition, bucket); has {
		diags.AddAttributeWarning(path.Root("bucket"), fmt.Sprintf("Bucket %s grants CloudFront read access through cdn_read_access", bucket),
			bothError(bucket).Error()+" Unless this plan removes cdn_read_access from the bucket, applying it fails.")
	}
}

func fullyKnown(ctx context.Context, s types.Set) bool {
	v, err := s.ToTerraformValue(ctx)
	return err == nil && v.IsFullyKnown()
}

// write puts the grant sid for arns into the bucket policy (nil arns:
// removes it). creating refuses a statement with the Sid that grants other
// distributions (another resource's).
func (r *Resource) write(ctx context.Context, bucket, sid string, arns []string, creating bool, diags *diag.Diagnostics) error {
	ops, partition := r.ops(ctx, bucket, diags)
	if ops == nil {
		return errors.New("no S3 client")
	}
	_, err := bucketapi.UpdatePolicy(ctx, r.data, ops, feature, bucketapi.PolicyWrite{
		Edit: func(current string) (string, error) {
			if arns == nil {
				return bucketconfig.RemoveCDNGrant(current, sid)
			}
			if has, _ := bucketconfig.HasBucketCDNStatement(current, partition, bucket); has {
				return "", bothError(bucket)
			}
			if creating {
				if g, _ := bucketconfig.FindCDNGrant(current, partition, bucket, sid); g.Found && !slices.Equal(g.DistributionARNs, arns) {
					return "", &bucketapi.ConflictError{Attr: "distribution_arns", Detail: fmt.Sprintf(
						"The policy of bucket %q already has a statement %s, granting %s: another filestore_cdn_read_access grants the same first "+
							"distribution on this bucket. Grant each distribution from one resource.", bucket, sid, strings.Join(g.DistributionARNs, ", "))}
				}
			}
			return bucketconfig.SetCDNGrant(current, partition, bucket, sid, arns)
		},
		Holds: func(back string) bool {
			g, err := bucketconfig.FindCDNGrant(back, partition, bucket, sid)
			if err != nil {
				return false
			}
			if arns == nil {
				return !g.Found
			}
			return g.Found && slices.Equal(g.DistributionARNs, arns)
		},
	})
	if errors.Is(err, bucketapi.ErrPolicyNotConfirmed) {
		diags.AddAttributeWarning(path.Root("distribution_arns"), fmt.Sprintf("CloudFront read access on bucket %s not confirmed", bucket),
			err.Error()+". The next plan shows whether the grant is in place.")
		return nil
	}
	return err
}

// Create adds the grant.
func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket := plan.Bucket.ValueString()
	arns := plan.arns(ctx, &resp.Diagnostics)
	sid := bucketconfig.CDNReadAccessSid(arns)
	summary := fmt.Sprintf("Granting CloudFront read access on bucket %s", bucket)
	if err := r.write(ctx, bucket, sid, arns, true, &resp.Diagnostics); err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
	plan.Sid = types.StringValue(sid)
	plan.ID = types.StringValue(resourceID(bucket, sid))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read finds the grant by its Sid: gone (or the bucket gone) leaves the
// state, so the next plan adds it again; changed shows as a difference.
func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, sid := state.Bucket.ValueString(), state.Sid.ValueString()
	ops, partition := r.ops(ctx, bucket, &resp.Diagnostics)
	if ops == nil {
		return
	}
	doc, err := bucketapi.GetPolicy(ctx, ops, feature)
	if err != nil && bucketapi.IsMissing(err) {
		tflog.Warn(ctx, "bucket no longer exists; removing the CloudFront read grant from state", map[string]any{"bucket": bucket})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, fmt.Sprintf("Reading CloudFront read access on bucket %s", bucket), err)
		return
	}
	g, err := bucketconfig.FindCDNGrant(doc, partition, bucket, sid)
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("distribution_arns"), "Unreadable bucket policy",
			fmt.Sprintf("The policy of bucket %q is not valid JSON (%v); the grant is written again on the next apply.", bucket, err))
	}
	if !g.Found {
		tflog.Warn(ctx, "CloudFront read grant no longer in the bucket policy; removing it from state", map[string]any{"bucket": bucket, "sid": sid})
		resp.State.RemoveResource(ctx)
		return
	}
	// A statement changed out of band into something else than the grant
	// reads as no distributions: the plan writes it again.
	state.DistributionARNs = arnsValue(g.DistributionARNs)
	state.ID = types.StringValue(resourceID(bucket, sid))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update rewrites the grant (same Sid) for the new distributions.
func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state Model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, sid := state.Bucket.ValueString(), state.Sid.ValueString()
	summary := fmt.Sprintf("Updating CloudFront read access on bucket %s", bucket)
	if err := r.write(ctx, bucket, sid, plan.arns(ctx, &resp.Diagnostics), false, &resp.Diagnostics); err != nil {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, summary, err)
		return
	}
	plan.Sid, plan.ID = state.Sid, state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the grant, and nothing else, from the bucket policy.
func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state Model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket, sid := state.Bucket.ValueString(), state.Sid.ValueString()
	err := r.write(ctx, bucket, sid, nil, false, &resp.Diagnostics)
	if err != nil && !bucketapi.IsMissing(err) {
		bucketapi.AddError(ctx, r.data, &resp.Diagnostics, fmt.Sprintf("Removing CloudFront read access from bucket %s", bucket), err)
	}
}

// ImportState adopts a grant by "<bucket>/<sid>", or by "<bucket>" when the
// bucket's policy has exactly one filestore_cdn_read_access grant.
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	bucket, sid, _ := strings.Cut(req.ID, "/")
	if bucket == "" {
		resp.Diagnostics.AddError("Importing CloudFront read access", fmt.Sprintf("The import ID %q is not <bucket>/<sid> or <bucket>.", req.ID))
		return
	}
	if sid == "" {
		ops, partition := r.ops(ctx, bucket, &resp.Diagnostics)
		if ops == nil {
			return
		}
		doc, err := bucketapi.GetPolicy(ctx, ops, feature)
		if err != nil {
			bucketapi.AddError(ctx, r.data, &resp.Diagnostics, "Importing CloudFront read access on bucket "+bucket, err)
			return
		}
		sids, err := bucketconfig.CDNGrantSids(doc, partition, bucket)
		if err != nil || len(sids) != 1 {
			resp.Diagnostics.AddError("Importing CloudFront read access on bucket "+bucket, fmt.Sprintf(
				"The bucket policy has %d filestore_cdn_read_access statements (%s); import one with <bucket>/<sid>.", len(sids), strings.Join(sids, ", ")))
			return
		}
		sid = sids[0]
	}
	if !strings.HasPrefix(sid, bucketconfig.CDNReadAccessSidPrefix) {
		resp.Diagnostics.AddError("Importing CloudFront read access", fmt.Sprintf("%q is not the Sid of a filestore_cdn_read_access statement (they start with %q).", sid, bucketconfig.CDNReadAccessSidPrefix))
		return
	}
	state := Model{
		ID:               types.StringValue(resourceID(bucket, sid)),
		Bucket:           types.StringValue(bucket),
		Sid:              types.StringValue(sid),
		DistributionARNs: types.SetNull(types.StringType),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
