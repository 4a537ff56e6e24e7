package resources

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

var (
	_ resource.Resource                   = &UploadBucket{}
	_ resource.ResourceWithConfigure      = &UploadBucket{}
	_ resource.ResourceWithImportState    = &UploadBucket{}
	_ resource.ResourceWithModifyPlan     = &UploadBucket{}
	_ resource.ResourceWithValidateConfig = &UploadBucket{}
)

// bucketCompatNote is appended to the description of every attribute whose
// default depends on the provider's compatibility mode.
const bucketCompatNote = " With `compatibility = \"s3\"` this default does not apply: left unset, the setting is not managed " +
	"(nothing is sent; the attribute shows what the store reports)."

// bucketDistributionARN matches a CloudFront distribution ARN.
var bucketDistributionARN = regexp.MustCompile(`^arn:[a-z-]+:cloudfront::[0-9]+:distribution/[A-Za-z0-9]+$`)

// UploadBucket is the filestore_upload_bucket resource: one private upload
// bucket with every setting the pattern needs.
type UploadBucket struct {
	data *providerdata.Data
}

// NewUploadBucket returns the resource.
func NewUploadBucket() resource.Resource { return &UploadBucket{} }

// Metadata sets the type name.
func (r *UploadBucket) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_upload_bucket"
}

// Configure receives the provider data.
func (r *UploadBucket) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerdata.FromAny(req.ProviderData, &resp.Diagnostics)
}

func bucketQuoted(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// Schema defines the resource.
func (r *UploadBucket) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A private S3 bucket for browser uploads, with everything the pattern needs in one resource: " +
			"CORS for direct `PUT` / `POST` from the browser, default encryption, a bucket policy that denies plain HTTP " +
			"(and optionally unencrypted uploads, and grants CloudFront read access through an origin access control), " +
			"the public access block, object ownership, lifecycle tiers that move objects to colder storage classes, " +
			"and an abort-incomplete-multipart-upload rule.\n\n" +
			"Invalid names, CORS methods, storage classes and lifecycle orderings are rejected at plan time with the " +
			"attribute path. Every setting is read back on refresh (concurrently), so out-of-band changes show as a diff. " +
			"If a step after `CreateBucket` fails, the bucket is kept in state as tainted rather than orphaned.\n\n" +
			"With the provider's `compatibility = \"s3\"` (a generic S3-compatible store), the AWS-only settings and their defaults " +
			"(`encryption`, `deny_insecure_transport`, `deny_unencrypted_uploads`, `block_public_access`, `object_ownership`, " +
			"`abort_incomplete_multipart_days`) are applied only when set explicitly; a store that answers NotImplemented to one " +
			"that is set is an error naming the feature and the endpoint.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "The bucket name.",
			},
			"bucket": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("Bucket name, validated at plan time against the S3 naming rules: %d to %d characters, "+
					"lowercase letters, digits, hyphens and dots, beginning and ending with a letter or digit, no two adjacent dots, "+
					"not an IP address, not starting with %s and not ending with %s. Conflicts with `bucket_prefix`; when neither is "+
					"set a name starting with `%s` is generated. Changing it replaces the bucket.",
					bucketconfig.MinBucketNameLength, bucketconfig.MaxBucketNameLength,
					bucketQuoted(bucketconfig.ReservedPrefixes()), bucketQuoted(bucketconfig.ReservedSuffixes()), bucketconfig.DefaultBucketPrefix),
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("bucket_prefix"))},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
			},
			"bucket_prefix": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Creates a unique bucket name beginning with this prefix (at most %d characters, so that the "+
					"%d-character generated suffix fits). Conflicts with `bucket`. Changing it replaces the bucket.",
					bucketconfig.MaxBucketPrefixLength, bucketconfig.GeneratedSuffixLength),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Destroy a non-empty bucket: first delete every object version, delete marker and " +
					"in-progress multipart upload. Default `false`: destroying a non-empty bucket fails. Set it (and apply) " +
					"before destroying; imports read it as `false`.",
			},
			"versioning": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Keep every version of every object. Default `false`; turning it off after it was on " +
					"suspends versioning (S3 cannot un-version a bucket; existing versions stay).",
			},
			"cors_rules": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "CORS rules, so that browsers can upload directly to the bucket. Removing them deletes the bucket's CORS configuration.",
				Validators:          []validator.List{listvalidator.SizeBetween(1, 100)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"allowed_origins": schema.ListAttribute{
						ElementType: types.StringType, Required: true,
						MarkdownDescription: "Origins allowed to make cross-origin requests, e.g. `https://app.example.com`.",
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"allowed_methods": schema.ListAttribute{
						ElementType: types.StringType, Required: true,
						MarkdownDescription: "HTTP methods allowed, a subset of " + bucketQuoted(bucketconfig.CORSMethods()) + " (upper case).",
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"allowed_headers": schema.ListAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Request headers allowed in the preflight (`Access-Control-Request-Headers`), e.g. `content-type`, `x-amz-*`.",
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"expose_headers": schema.ListAttribute{
						ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Response headers browsers may read, e.g. `ETag` (needed for multipart uploads from the browser).",
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"max_age_seconds": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Seconds browsers may cache the preflight answer.",
					},
				}},
			},
			"encryption": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Default encryption of new objects. Default `{ algorithm = \"AES256\" }` (SSE-S3)." + bucketCompatNote,
				Attributes: map[string]schema.Attribute{
					"algorithm": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString(bucketconfig.DefaultEncryptionAlgorithm),
						MarkdownDescription: "Server-side encryption algorithm: " + bucketQuoted(bucketconfig.EncryptionAlgorithms()) + ". Default `AES256`.",
					},
					"kms_key_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "KMS key ARN, id or alias for `aws:kms` / `aws:kms:dsse`; without it S3 uses the AWS managed key `aws/s3`. Rejected at plan time with `AES256`.",
					},
					"bucket_key_enabled": schema.BoolAttribute{
						Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Use an S3 Bucket Key to cut KMS request costs. `aws:kms` only. Default `false`.",
					},
				},
			},
			"deny_insecure_transport": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The bucket policy denies every `s3:*` request made over plain HTTP (`aws:SecureTransport = false`), on the bucket and its objects. Default `true`." + bucketCompatNote,
			},
			"deny_unencrypted_uploads": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The bucket policy denies `s3:PutObject` without the `x-amz-server-side-encryption` header, and with a header naming another algorithm than `encryption.algorithm`. " +
					"Presigned PUT URLs must then sign that header. Default `false`." + bucketCompatNote,
			},
			"block_public_access": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Turn on all four public access block flags (block and ignore public ACLs, block public policies, restrict public buckets); `false` removes the public access block. Default `true`." + bucketCompatNote,
			},
			"object_ownership": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Object ownership: " + bucketQuoted(bucketconfig.ObjectOwnerships()) + ". Default `BucketOwnerEnforced` (ACLs disabled, the bucket owner owns every object)." + bucketCompatNote,
				Validators:          []validator.String{stringvalidator.OneOf(bucketconfig.ObjectOwnerships()...)},
			},
			"lifecycle_tiers": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Lifecycle tiers, one lifecycle rule each: objects under `prefix` move to colder storage classes as they age and expire. " +
					"Checked at plan time: storage classes; transitions to `STANDARD_IA` / `ONEZONE_IA` not before day 30; " +
					"a transition at least 30 days after a transition to an IA class; days strictly increasing and each class colder than the previous one " +
					"(" + strings.Join(bucketconfig.TransitionStorageClasses(), " → ") + "); expiration after the last transition.",
				Validators: []validator.List{listvalidator.SizeBetween(1, 999)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"prefix": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString(""),
						MarkdownDescription: "Key prefix the tier applies to, e.g. `uploads/`. Default `\"\"`: the whole bucket.",
					},
					"transitions": schema.ListNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Storage-class transitions, in increasing `days`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"days": schema.Int64Attribute{
								Required:            true,
								MarkdownDescription: "Object age in days at which it moves.",
							},
							"storage_class": schema.StringAttribute{
								Required:            true,
								MarkdownDescription: "Target storage class: " + bucketQuoted(bucketconfig.TransitionStorageClasses()) + ".",
							},
						}},
					},
					"expiration_days": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Object age in days at which current versions expire (after the last transition).",
					},
					"noncurrent_expiration_days": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Days after becoming noncurrent at which old versions are deleted (versioned buckets).",
					},
				}},
			},
			"abort_incomplete_multipart_days": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("Abort multipart uploads still incomplete this many days after they started, "+
					"bucket-wide (a lifecycle rule of its own, so abandoned browser uploads stop accruing charges). Default `%d`. "+
					"Set `0` to disable the rule: Terraform cannot tell `null` from unset, so `null` means the default.",
					bucketconfig.DefaultAbortMultipartDays) + bucketCompatNote + " (With `compatibility = \"s3\"` and `lifecycle_tiers` set, the lifecycle configuration is managed, and the default applies.)",
			},
			"cdn_read_access": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Let CloudFront distributions read objects through an origin access control: the bucket policy allows " +
					"`s3:GetObject` to the `cloudfront.amazonaws.com` service principal when `AWS:SourceArn` is one of the distributions.",
				Attributes: map[string]schema.Attribute{
					"distribution_arns": schema.SetAttribute{
						ElementType: types.StringType, Required: true,
						MarkdownDescription: "ARNs of the distributions, `arn:aws:cloudfront::<account>:distribution/<id>`.",
						Validators: []validator.Set{
							setvalidator.SizeAtLeast(1),
							setvalidator.ValueStringsAre(stringvalidator.RegexMatches(bucketDistributionARN, "must be a CloudFront distribution ARN, arn:aws:cloudfront::<account>:distribution/<id>")),
						},
					},
				},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Tags of the bucket, merged with the provider's `default_tags` (on conflict these tags win); see `tags_all`.",
			},
			"tags_all": schema.MapAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "The bucket's effective tags: the provider's `default_tags` merged with `tags`.",
			},
			"arn": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Bucket ARN, `arn:aws:s3:::<bucket>`.",
			},
			"region": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Region the bucket lives in (from `GetBucketLocation`; the provider's region when the store does not say).",
			},
			"bucket_domain_name": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Global virtual-hosted domain name, `<bucket>.s3.amazonaws.com` (the AWS form, also with a custom endpoint).",
			},
			"bucket_regional_domain_name": schema.StringAttribute{
				Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Regional domain name, `<bucket>.s3.<region>.amazonaws.com`: the origin domain for CloudFront.",
			},
			"policy_json": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{}, Computed: true,
				MarkdownDescription: "The bucket policy in effect (null when the bucket has none). The resource generates it from " +
					"`deny_insecure_transport`, `deny_unencrypted_uploads` and `cdn_read_access`, with stable statement ids; " +
					"a policy changed out of band shows here as a diff and is replaced on apply. With `compatibility = \"s3\"` the policy " +
					"is managed only when one of those three attributes is set (the unset booleans then count as `false`).",
			},
		},
	}
}

// ImportState adopts a bucket by name.
func (r *UploadBucket) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resource.ImportStatePassthroughID(ctx, path.Root("bucket"), req, resp)
}

// --- validation ---

// ValidateConfig checks what S3 would reject at apply, with attribute paths.
// Values unknown until apply are skipped.
func (r *UploadBucket) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c uploadBucketModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var errs []bucketconfig.FieldError
	if bucketKnown(c.Bucket) {
		errs = append(errs, bucketconfig.ValidateBucketName(c.Bucket.ValueString(), bucketconfig.Path{"bucket"})...)
	}
	if bucketKnown(c.BucketPrefix) {
		errs = append(errs, bucketconfig.ValidateBucketPrefix(c.BucketPrefix.ValueString(), bucketconfig.Path{"bucket_prefix"})...)
	}
	if bucketKnown(c.CORSRules) {
		var checks []bucketconfig.CORSRuleCheck
		for _, ev := range c.CORSRules.Elements() {
			obj, ok := ev.(types.Object)
			if !ok || !bucketKnown(obj) {
				checks = append(checks, bucketconfig.CORSRuleCheck{})
				continue
			}
			var m bucketCORSRuleModel
			resp.Diagnostics.Append(obj.As(ctx, &m, bucketObjectAs)...)
			check := bucketconfig.CORSRuleCheck{MaxAgeSeconds: bucketInt64Ptr(m.MaxAgeSeconds)}
			if bucketKnown(m.AllowedMethods) {
				for _, mv := range m.AllowedMethods.Elements() {
					s, ok := mv.(types.String)
					if ok && bucketKnown(s) {
						v := s.ValueString()
						check.AllowedMethods = append(check.AllowedMethods, &v)
					} else {
						check.AllowedMethods = append(check.AllowedMethods, nil)
					}
				}
			}
			checks = append(checks, check)
		}
		errs = append(errs, bucketconfig.ValidateCORS(checks, bucketconfig.Path{"cors_rules"})...)
	}
	if bucketKnown(c.Encryption) {
		var m bucketEncryptionModel
		resp.Diagnostics.Append(c.Encryption.As(ctx, &m, bucketObjectAs)...)
		e := bucketconfig.Encryption{}
		switch {
		case m.Algorithm.IsNull():
			a := bucketconfig.DefaultEncryptionAlgorithm
			e.Algorithm = &a
		case bucketKnown(m.Algorithm):
			a := m.Algorithm.ValueString()
			e.Algorithm = &a
		}
		if bucketKnown(m.KMSKeyID) {
			k := m.KMSKeyID.ValueString()
			e.KMSKeyID = &k
		}
		if bucketKnown(m.BucketKeyEnabled) {
			b := m.BucketKeyEnabled.ValueBool()
			e.BucketKeyEnabled = &b
		}
		errs = append(errs, bucketconfig.ValidateEncryption(e, bucketconfig.Path{"encryption"})...)
	}
	if bucketKnown(c.LifecycleTiers) {
		errs = append(errs, bucketconfig.ValidateLifecycle(bucketTiersFromModel(ctx, c.LifecycleTiers, &resp.Diagnostics), bucketconfig.Path{"lifecycle_tiers"})...)
	}
	if bucketKnown(c.AbortIncompleteMultipartDays) {
		errs = append(errs, bucketconfig.ValidateAbortMultipartDays(c.AbortIncompleteMultipartDays.ValueInt64(), bucketconfig.Path{"abort_incomplete_multipart_days"})...)
	}
	for _, e := range errs {
		resp.Diagnostics.AddAttributeError(bucketFrameworkPath(e.Path), e.Summary, e.Detail)
	}
}

func bucketFrameworkPath(p bucketconfig.Path) path.Path {
	out := path.Empty()
	for _, s := range p {
		switch v := s.(type) {
		case int:
			out = out.AtListIndex(v)
		case string:
			out = out.AtName(v)
		}
	}
	return out
}

// --- planning ---

// bucketPolicyPlan decides the bucket policy from the planned values: managed
// is false with compatibility = "s3" when none of the policy attributes is set
// (the policy is then left alone); known is false while an input is unknown.
func (r *UploadBucket) bucketPolicyPlan(ctx context.Context, plan, config *uploadBucketModel, bucket string, diags *diag.Diagnostics) (doc string, managed, known bool) {
	generic := r.data.Clients.IsGenericS3()
	managed = !generic || !config.DenyInsecureTransport.IsNull() || !config.DenyUnencryptedUploads.IsNull() || !config.CDNReadAccess.IsNull()
	if !managed {
		return "", false, true
	}
	if bucket == "" || !bucketKnown(plan.Region) || plan.DenyInsecureTransport.IsUnknown() || plan.DenyUnencryptedUploads.IsUnknown() ||
		!bucketFullyKnown(ctx, plan.CDNReadAccess) {
		return "", true, false
	}
	opts := bucketconfig.PolicyOptions{
		Partition:              bucketconfig.Partition(plan.Region.ValueString()),
		Bucket:                 bucket,
		DenyInsecureTransport:  plan.DenyInsecureTransport.ValueBool(),
		DenyUnencryptedUploads: plan.DenyUnencryptedUploads.ValueBool(),
	}
	if bucketKnown(plan.CDNReadAccess) {
		opts.CDNDistributionARNs = bucketCDNARNsFromModel(ctx, plan.CDNReadAccess, diags)
	}
	// Require the bucket's own algorithm in the SSE header when the
	// encryption is managed (with a generic store and no encryption set, any
	// algorithm is accepted).
	if opts.DenyUnencryptedUploads && (!generic || !config.Encryption.IsNull()) {
		if !bucketFullyKnown(ctx, plan.Encryption) {
			return "", true, false
		}
		if e := bucketEncryptionFromModel(ctx, plan.Encryption, diags); e != nil {
			if e.Algorithm == nil {
				return "", true, false
			}
			opts.RequiredAlgorithm = e.AlgorithmOrDefault()
		}
	}
	return bucketconfig.BuildPolicy(opts), true, true
}

// bucketPolicyValue renders a generated policy: null when empty, and the prior
// text when it says the same (servers reformat policies).
func bucketPolicyValue(doc string, prior jsontypes.Normalized) jsontypes.Normalized {
	if doc == "" {
		return jsontypes.NewNormalizedNull()
	}
	if bucketKnown(prior) && bucketconfig.PoliciesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	return jsontypes.NewNormalizedValue(doc)
}

// ModifyPlan applies the compatibility-dependent defaults, computes what can be
// known at plan time (tags_all, policy_json, names), and runs the guardrails.
func (r *UploadBucket) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or the provider is not configured yet
	}
	var plan, config uploadBucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *uploadBucketModel
	if !req.State.Raw.IsNull() {
		state = &uploadBucketModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	generic := r.data.Clients.IsGenericS3()

	// Compatibility-dependent defaults. With compatibility = "aws" an unset
	// attribute takes its default, so a change made out of band shows as a
	// diff. With "s3" it is not managed: it keeps the value read from the
	// store (unknown until the first read after create).
	policyManaged := !generic || !config.DenyInsecureTransport.IsNull() || !config.DenyUnencryptedUploads.IsNull() || !config.CDNReadAccess.IsNull()
	if config.Encryption.IsNull() {
		switch {
		case !generic:
			plan.Encryption = bucketDefaultEncryptionValue()
		case state != nil:
			plan.Encryption = state.Encryption
		}
	}
	bucketPlanDefaultBool(&plan.DenyInsecureTransport, config.DenyInsecureTransport, bucketStateBool(state, func(m *uploadBucketModel) types.Bool { return m.DenyInsecureTransport }),
		policyManaged, bucketconfig.DefaultDenyInsecureTransport, generic)
	bucketPlanDefaultBool(&plan.DenyUnencryptedUploads, config.DenyUnencryptedUploads, bucketStateBool(state, func(m *uploadBucketModel) types.Bool { return m.DenyUnencryptedUploads }),
		policyManaged, bucketconfig.DefaultDenyUnencryptedUploads, generic)
	bucketPlanDefaultBool(&plan.BlockPublicAccess, config.BlockPublicAccess, bucketStateBool(state, func(m *uploadBucketModel) types.Bool { return m.BlockPublicAccess }),
		false, bucketconfig.DefaultBlockPublicAccess, generic)
	if config.ObjectOwnership.IsNull() {
		switch {
		case !generic:
			plan.ObjectOwnership = types.StringValue(bucketconfig.DefaultObjectOwnership)
		case state != nil:
			plan.ObjectOwnership = state.ObjectOwnership
		}
	}
	if config.AbortIncompleteMultipartDays.IsNull() {
		switch {
		case !generic || !config.LifecycleTiers.IsNull():
			// With "s3" the lifecycle configuration is sent anyway when
			// lifecycle_tiers is set, so the abort rule's default joins it.
			plan.AbortIncompleteMultipartDays = types.Int64Value(bucketconfig.DefaultAbortMultipartDays)
		case state != nil:
			plan.AbortIncompleteMultipartDays = state.AbortIncompleteMultipartDays
		}
	}

	// Names known at plan time.
	if state == nil {
		if region, err := r.data.Clients.Region(ctx); err == nil && region != "" {
			plan.Region = types.StringValue(region)
		}
	}
	if bucketKnown(plan.Bucket) && bucketKnown(plan.Region) {
		name, region := plan.Bucket.ValueString(), plan.Region.ValueString()
		plan.ID = types.StringValue(name)
		plan.ARN = types.StringValue(bucketconfig.BucketARN(bucketconfig.Partition(region), name))
		plan.BucketDomainName = types.StringValue(bucketconfig.BucketDomainName(name, region))
		plan.BucketRegionalDomainName = types.StringValue(bucketconfig.BucketRegionalDomainName(name, region))
	}

	// tags_all: default tags merged with the resource's.
	if !bucketFullyKnown(ctx, plan.Tags) {
		plan.TagsAll = types.MapUnknown(types.StringType)
	} else {
		plan.TagsAll = bucketTagsValue(bucketconfig.MergeTags(r.data.DefaultTags, bucketTagsFromModel(ctx, plan.Tags, &resp.Diagnostics)), false)
	}

	// policy_json.
	var prior jsontypes.Normalized
	if state != nil {
		prior = state.PolicyJSON
	}
	bucket := ""
	if bucketKnown(plan.Bucket) {
		bucket = plan.Bucket.ValueString()
	}
	doc, managed, known := r.bucketPolicyPlan(ctx, &plan, &config, bucket, &resp.Diagnostics)
	switch {
	case !managed && state != nil:
		plan.PolicyJSON = state.PolicyJSON
	case !managed || !known:
		plan.PolicyJSON = jsontypes.NewNormalizedUnknown()
	default:
		plan.PolicyJSON = bucketPolicyValue(doc, prior)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The guardrails see the effective plan, defaults included.
	r.data.CheckPlanned(ctx, guardrail.ModeManaged, "filestore_upload_bucket", resp.Plan.Raw, &resp.Diagnostics)
}

func bucketStateBool(state *uploadBucketModel, get func(*uploadBucketModel) types.Bool) *types.Bool {
	if state == nil {
		return nil
	}
	v := get(state)
	return &v
}

// bucketPlanDefaultBool applies a compatibility-dependent default to an unset
// boolean: the default with "aws"; with "s3", false when the feature is
// managed anyway (forceManaged: another policy attribute is set, so the whole
// policy is generated), else the state's value (unknown on create).
func bucketPlanDefaultBool(dst *types.Bool, config types.Bool, state *types.Bool, forceManaged bool, def, generic bool) {
	if !config.IsNull() {
		return
	}
	switch {
	case !generic:
		*dst = types.BoolValue(def)
	case forceManaged:
		*dst = types.BoolValue(false)
	case state != nil:
		*dst = *state
	default:
		*dst = types.BoolUnknown()
	}
}

// --- diagnostics ---

// bucketAddError turns an S3 failure into a diagnostic on the attribute of the
// feature, naming the endpoint when the store does not implement it.
func (r *UploadBucket) bucketAddError(ctx context.Context, diags *diag.Diagnostics, summary string, err error) {
	var apiErr *bucketAPIError
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, err.Error())
		return
	}
	p := path.Root(apiErr.Feature.Attr)
	endpoint := r.data.Clients.S3EndpointDescription(ctx)
	switch {
	case apiErr.NotImplemented():
		what := fmt.Sprintf("The S3 endpoint %s does not implement %s: it answered NotImplemented to %s for bucket %q.",
			endpoint, apiErr.Feature.Name, apiErr.Op, apiErr.Bucket)
		if r.data.Clients.IsGenericS3() {
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

// --- create ---

// Create creates the bucket, saves it in state at once, then applies every
// sub-configuration. A failure after CreateBucket returns an error with the
// bucket in state: Terraform marks it tainted and replaces it on the next
// apply, so it is never orphaned.
func (r *UploadBucket) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config uploadBucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Configuring the S3 client", err.Error())
		return
	}
	name := plan.Bucket.ValueString()
	if !bucketKnown(plan.Bucket) {
		prefix := bucketconfig.DefaultBucketPrefix
		if bucketKnown(config.BucketPrefix) {
			prefix = config.BucketPrefix.ValueString()
		}
		if name, err = bucketconfig.GenerateBucketName(prefix, r.data.Clock.Now(), nil); err != nil {
			resp.Diagnostics.AddError("Naming the upload bucket", err.Error())
			return
		}
	}
	region := plan.Region.ValueString()
	if region == "" {
		if region, err = r.data.Clients.Region(ctx); err != nil {
			resp.Diagnostics.AddError("Resolving the region", err.Error())
			return
		}
	}
	summary := fmt.Sprintf("Creating upload bucket %s", name)
	ops := &bucketOps{client: client, bucket: name, generic: r.data.Clients.IsGenericS3(), afterCreate: true}
	tflog.Info(ctx, "creating upload bucket", map[string]any{"bucket": name, "region": region})
	if err := ops.createBucket(ctx, region); err != nil {
		switch {
		case awsclient.HasCode(err, "BucketAlreadyOwnedByYou"):
			resp.Diagnostics.AddAttributeError(path.Root("bucket"), summary,
				fmt.Sprintf("The bucket %q already exists and is yours. To manage it with this resource, import it: terraform import <address> %s", name, name))
		case awsclient.HasCode(err, "BucketAlreadyExists"):
			resp.Diagnostics.AddAttributeError(path.Root("bucket"), summary,
				fmt.Sprintf("The bucket name %q is taken (bucket names are global across all accounts). Choose another name, or use bucket_prefix.", name))
		default:
			r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		}
		return
	}

	// The bucket exists: record it before anything else can fail.
	identity := bucketIdentityModel(plan, name, region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &identity)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if err := r.bucketApplyCreate(ctx, ops, &plan, &config); err != nil {
		r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		resp.Diagnostics.AddWarning("Upload bucket kept in state as tainted",
			fmt.Sprintf("The bucket %q was created but configuring it failed; it is recorded in state and will be replaced on the next apply (set force_destroy if it may hold objects by then).", name))
		return
	}
	final, diags := r.bucketFinalState(ctx, ops, &plan, &config, name, region, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

// bucketIdentityModel is the state right after CreateBucket: the identity and
// force_destroy (so that destroying the tainted bucket honours it); every
// sub-configuration null, since none is applied yet.
func bucketIdentityModel(plan uploadBucketModel, name, region string) uploadBucketModel {
	m := uploadBucketModel{
		ID:                           types.StringValue(name),
		Bucket:                       types.StringValue(name),
		BucketPrefix:                 plan.BucketPrefix,
		ForceDestroy:                 types.BoolValue(plan.ForceDestroy.ValueBool()),
		Versioning:                   types.BoolNull(),
		CORSRules:                    bucketCORSValue(nil),
		Encryption:                   types.ObjectNull(bucketEncryptionAttrTypes),
		DenyInsecureTransport:        types.BoolNull(),
		DenyUnencryptedUploads:       types.BoolNull(),
		BlockPublicAccess:            types.BoolNull(),
		ObjectOwnership:              types.StringNull(),
		LifecycleTiers:               bucketTiersValue(nil),
		AbortIncompleteMultipartDays: types.Int64Null(),
		CDNReadAccess:                types.ObjectNull(bucketCDNReadAccessAttrTypes),
		Tags:                         types.MapNull(types.StringType),
		TagsAll:                      types.MapNull(types.StringType),
		ARN:                          types.StringValue(bucketconfig.BucketARN(bucketconfig.Partition(region), name)),
		Region:                       types.StringValue(region),
		BucketDomainName:             types.StringValue(bucketconfig.BucketDomainName(name, region)),
		BucketRegionalDomainName:     types.StringValue(bucketconfig.BucketRegionalDomainName(name, region)),
		PolicyJSON:                   jsontypes.NewNormalizedNull(),
	}
	if plan.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	return m
}

// bucketApplyCreate applies every managed sub-configuration of a new bucket.
// A value still unknown in the plan is not managed (compatibility = "s3").
// Ownership, public access block and policy go first so the bucket is locked
// down before it is otherwise usable.
func (r *UploadBucket) bucketApplyCreate(ctx context.Context, ops *bucketOps, plan, config *uploadBucketModel) error {
	var diags diag.Diagnostics
	if bucketKnown(plan.ObjectOwnership) {
		if err := ops.putOwnership(ctx, plan.ObjectOwnership.ValueString()); err != nil {
			return err
		}
	}
	if bucketKnown(plan.BlockPublicAccess) {
		if err := ops.putPublicAccessBlock(ctx, plan.BlockPublicAccess.ValueBool()); err != nil {
			return err
		}
	}
	doc, managed, known := r.bucketPolicyPlan(ctx, plan, config, ops.bucket, &diags)
	if managed && known && doc != "" {
		if err := ops.putPolicy(ctx, doc); err != nil {
			return err
		}
	}
	if e := bucketEncryptionFromModel(ctx, plan.Encryption, &diags); e != nil {
		if err := ops.putEncryption(ctx, e); err != nil {
			return err
		}
	}
	if plan.Versioning.ValueBool() {
		if err := ops.putVersioning(ctx, true); err != nil {
			return err
		}
	}
	if rules := bucketCORSFromModel(ctx, plan.CORSRules, &diags); len(rules) > 0 {
		if err := ops.putCORS(ctx, rules); err != nil {
			return err
		}
	}
	tiers := bucketTiersFromModel(ctx, plan.LifecycleTiers, &diags)
	abort := plan.AbortIncompleteMultipartDays.ValueInt64() // unknown (not managed) reads as 0: no rule
	if len(tiers) > 0 || abort > 0 {
		if err := ops.putLifecycle(ctx, tiers, abort); err != nil {
			return err
		}
	}
	if tags := bucketconfig.MergeTags(r.data.DefaultTags, bucketTagsFromModel(ctx, plan.Tags, &diags)); len(tags) > 0 {
		if err := ops.putTags(ctx, tags); err != nil {
			return err
		}
	}
	if diags.HasError() {
		return fmt.Errorf("converting the plan: %v", diags)
	}
	return nil
}

// bucketFinalState is the state after a successful create or update: the plan
// with every computed value filled in. Values the plan left unknown (settings
// not managed with compatibility = "s3") are read from the store.
func (r *UploadBucket) bucketFinalState(ctx context.Context, ops *bucketOps, plan, config *uploadBucketModel, name, region string, prior *uploadBucketModel) (*uploadBucketModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := *plan
	m.ID = types.StringValue(name)
	m.Bucket = types.StringValue(name)
	if m.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	m.Region = types.StringValue(region)
	m.ARN = types.StringValue(bucketconfig.BucketARN(bucketconfig.Partition(region), name))
	m.BucketDomainName = types.StringValue(bucketconfig.BucketDomainName(name, region))
	m.BucketRegionalDomainName = types.StringValue(bucketconfig.BucketRegionalDomainName(name, region))
	m.TagsAll = bucketTagsValue(bucketconfig.MergeTags(r.data.DefaultTags, bucketTagsFromModel(ctx, plan.Tags, &diags)), false)
	var priorPolicy jsontypes.Normalized
	if prior != nil {
		priorPolicy = prior.PolicyJSON
	}
	if doc, managed, known := r.bucketPolicyPlan(ctx, &m, config, name, &diags); managed && known {
		m.PolicyJSON = bucketPolicyValue(doc, priorPolicy)
	}
	unknown := m.Encryption.IsUnknown() || m.DenyInsecureTransport.IsUnknown() || m.DenyUnencryptedUploads.IsUnknown() ||
		m.BlockPublicAccess.IsUnknown() || m.ObjectOwnership.IsUnknown() || m.AbortIncompleteMultipartDays.IsUnknown() ||
		m.PolicyJSON.IsUnknown() || m.CDNReadAccess.IsUnknown()
	if !unknown {
		return &m, diags
	}
	remote, err := ops.read(ctx, func(bucketFeature) bool { return ops.generic })
	if err != nil {
		r.bucketAddError(ctx, &diags, fmt.Sprintf("Reading upload bucket %s", name), err)
		return nil, diags
	}
	read := r.bucketModelFromRemote(ctx, &m, remote, region, &diags)
	if m.Encryption.IsUnknown() {
		m.Encryption = read.Encryption
	}
	if m.DenyInsecureTransport.IsUnknown() {
		m.DenyInsecureTransport = read.DenyInsecureTransport
	}
	if m.DenyUnencryptedUploads.IsUnknown() {
		m.DenyUnencryptedUploads = read.DenyUnencryptedUploads
	}
	if m.BlockPublicAccess.IsUnknown() {
		m.BlockPublicAccess = read.BlockPublicAccess
	}
	if m.ObjectOwnership.IsUnknown() {
		m.ObjectOwnership = read.ObjectOwnership
	}
	if m.AbortIncompleteMultipartDays.IsUnknown() {
		m.AbortIncompleteMultipartDays = read.AbortIncompleteMultipartDays
	}
	if m.PolicyJSON.IsUnknown() {
		m.PolicyJSON = read.PolicyJSON
	}
	if m.CDNReadAccess.IsUnknown() {
		m.CDNReadAccess = read.CDNReadAccess
	}
	return &m, diags
}

// --- read ---

// Read refreshes every sub-configuration from the server: HeadBucket, then
// all the Get* calls concurrently.
func (r *UploadBucket) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state uploadBucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if name == "" {
		name = state.Bucket.ValueString()
	}
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Configuring the S3 client", err.Error())
		return
	}
	summary := fmt.Sprintf("Reading upload bucket %s", name)
	ops := &bucketOps{client: client, bucket: name, generic: r.data.Clients.IsGenericS3()}
	exists, err := ops.exists(ctx)
	if err != nil {
		r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		return
	}
	if !exists {
		tflog.Warn(ctx, "upload bucket not found; removing it from state", map[string]any{"bucket": name})
		resp.State.RemoveResource(ctx)
		return
	}
	// With compatibility = "s3", a part the store does not implement reads as
	// none when the state has none either (the user did not set it).
	tolerate := func(f bucketFeature) bool { return ops.generic && bucketStateHasNone(&state, f) }
	remote, err := ops.read(ctx, tolerate)
	if err != nil {
		r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		return
	}
	region := remote.Region
	if region == "" {
		region = state.Region.ValueString()
	}
	if region == "" {
		region, _ = r.data.Clients.Region(ctx)
	}
	m := r.bucketModelFromRemote(ctx, &state, remote, region, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func bucketStateHasNone(s *uploadBucketModel, f bucketFeature) bool {
	switch f {
	case bucketFeatureCORS:
		return s.CORSRules.IsNull()
	case bucketFeatureEncryption:
		return s.Encryption.IsNull()
	case bucketFeatureLifecycle:
		return s.LifecycleTiers.IsNull() && s.AbortIncompleteMultipartDays.ValueInt64() == 0
	case bucketFeaturePAB:
		return !s.BlockPublicAccess.ValueBool()
	case bucketFeatureOwnership:
		return s.ObjectOwnership.IsNull()
	case bucketFeaturePolicy:
		return s.PolicyJSON.IsNull()
	case bucketFeatureVersioning:
		return !s.Versioning.ValueBool()
	case bucketFeatureTagging:
		return len(s.TagsAll.Elements()) == 0
	}
	return false
}

// bucketModelFromRemote is prior with every server-side value replaced by what
// the server says.
func (r *UploadBucket) bucketModelFromRemote(ctx context.Context, prior *uploadBucketModel, remote *bucketRemote, region string, diags *diag.Diagnostics) *uploadBucketModel {
	m := *prior
	name := prior.ID.ValueString()
	if name == "" {
		name = prior.Bucket.ValueString()
	}
	partition := bucketconfig.Partition(region)
	m.ID = types.StringValue(name)
	m.Bucket = types.StringValue(name)
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false) // import
	}
	if m.BucketPrefix.IsUnknown() {
		m.BucketPrefix = types.StringNull()
	}
	m.Region = types.StringValue(region)
	m.ARN = types.StringValue(bucketconfig.BucketARN(partition, name))
	m.BucketDomainName = types.StringValue(bucketconfig.BucketDomainName(name, region))
	m.BucketRegionalDomainName = types.StringValue(bucketconfig.BucketRegionalDomainName(name, region))
	m.Versioning = types.BoolValue(remote.Versioning)
	m.CORSRules = bucketCORSValue(remote.CORS)
	m.Encryption = bucketEncryptionValue(remote.Encryption)
	m.BlockPublicAccess = types.BoolValue(remote.PublicAccessBlocked)
	if remote.Ownership == "" {
		m.ObjectOwnership = types.StringNull()
	} else {
		m.ObjectOwnership = types.StringValue(remote.Ownership)
	}
	m.LifecycleTiers = bucketTiersValue(remote.Tiers)
	m.AbortIncompleteMultipartDays = types.Int64Value(remote.AbortDays)

	facts, err := bucketconfig.AnalyzePolicy(remote.Policy, partition, name)
	if err != nil {
		diags.AddAttributeWarning(path.Root("policy_json"), "Unreadable bucket policy",
			fmt.Sprintf("The policy of bucket %q is not valid JSON (%v); it is kept as is and replaced on the next apply.", name, err))
	}
	m.DenyInsecureTransport = types.BoolValue(facts.DenyInsecureTransport)
	m.DenyUnencryptedUploads = types.BoolValue(facts.DenyUnencryptedUploads)
	m.CDNReadAccess = bucketCDNReadAccessValue(facts.CDNDistributionARNs)
	m.PolicyJSON = bucketRemotePolicyValue(remote, facts, partition, name, prior.PolicyJSON)

	tagsAll := remote.Tags
	m.TagsAll = bucketTagsValue(tagsAll, false)
	var priorTags map[string]string
	if bucketKnown(prior.Tags) {
		priorTags = bucketTagsFromModel(ctx, prior.Tags, diags)
	}
	own := bucketconfig.ResourceTags(tagsAll, r.data.DefaultTags, priorTags)
	m.Tags = bucketTagsValue(own, bucketKnown(prior.Tags) && len(prior.Tags.Elements()) == 0)
	return &m
}

// bucketRemotePolicyValue renders the policy read from the server. Servers
// reformat stored policies, so when it says the same as the prior state, or as
// the policy this resource would generate for what it contains, that text is
// kept: refresh and import then agree with the plan byte for byte.
func bucketRemotePolicyValue(remote *bucketRemote, facts bucketconfig.PolicyFacts, partition, bucket string, prior jsontypes.Normalized) jsontypes.Normalized {
	if remote.Policy == "" {
		return jsontypes.NewNormalizedNull()
	}
	if bucketKnown(prior) && bucketconfig.PoliciesEquivalent(prior.ValueString(), remote.Policy) {
		return prior
	}
	candidates := []string{""}
	if remote.Encryption != nil {
		candidates = append(candidates, remote.Encryption.AlgorithmOrDefault())
	}
	for _, alg := range candidates {
		gen := bucketconfig.BuildPolicy(bucketconfig.PolicyOptions{
			Partition: partition, Bucket: bucket,
			DenyInsecureTransport: facts.DenyInsecureTransport, DenyUnencryptedUploads: facts.DenyUnencryptedUploads,
			RequiredAlgorithm: alg, CDNDistributionARNs: facts.CDNDistributionARNs,
		})
		if gen != "" && bucketconfig.PoliciesEquivalent(gen, remote.Policy) {
			return jsontypes.NewNormalizedValue(gen)
		}
	}
	return jsontypes.NewNormalizedValue(remote.Policy)
}

// --- update ---

// Update applies only the sub-configurations that changed.
func (r *UploadBucket) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config uploadBucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Configuring the S3 client", err.Error())
		return
	}
	name := state.ID.ValueString()
	region := state.Region.ValueString()
	summary := fmt.Sprintf("Updating upload bucket %s", name)
	ops := &bucketOps{client: client, bucket: name, generic: r.data.Clients.IsGenericS3()}
	plan.Region = state.Region
	if err := r.bucketApplyUpdate(ctx, ops, &plan, &state, &config, &resp.Diagnostics); err != nil {
		r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	final, diags := r.bucketFinalState(ctx, ops, &plan, &config, name, region, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

func bucketChanged(plan, state attr.Value) bool { return !plan.IsUnknown() && !plan.Equal(state) }

func (r *UploadBucket) bucketApplyUpdate(ctx context.Context, ops *bucketOps, plan, state, config *uploadBucketModel, diags *diag.Diagnostics) error {
	if bucketChanged(plan.ObjectOwnership, state.ObjectOwnership) {
		if err := ops.putOwnership(ctx, plan.ObjectOwnership.ValueString()); err != nil {
			return err
		}
	}
	if bucketChanged(plan.BlockPublicAccess, state.BlockPublicAccess) {
		if err := ops.putPublicAccessBlock(ctx, plan.BlockPublicAccess.ValueBool()); err != nil {
			return err
		}
	}
	if doc, managed, known := r.bucketPolicyPlan(ctx, plan, config, ops.bucket, diags); managed && known {
		current := ""
		if bucketKnown(state.PolicyJSON) {
			current = state.PolicyJSON.ValueString()
		}
		if !bucketconfig.PoliciesEquivalent(doc, current) {
			if err := ops.putPolicy(ctx, doc); err != nil {
				return err
			}
		}
	}
	if bucketChanged(plan.Encryption, state.Encryption) {
		if err := ops.putEncryption(ctx, bucketEncryptionFromModel(ctx, plan.Encryption, diags)); err != nil {
			return err
		}
	}
	if bucketChanged(plan.Versioning, state.Versioning) {
		if err := ops.putVersioning(ctx, plan.Versioning.ValueBool()); err != nil {
			return err
		}
	}
	if bucketChanged(plan.CORSRules, state.CORSRules) {
		if err := ops.putCORS(ctx, bucketCORSFromModel(ctx, plan.CORSRules, diags)); err != nil {
			return err
		}
	}
	if bucketChanged(plan.LifecycleTiers, state.LifecycleTiers) || bucketChanged(plan.AbortIncompleteMultipartDays, state.AbortIncompleteMultipartDays) {
		if err := ops.putLifecycle(ctx, bucketTiersFromModel(ctx, plan.LifecycleTiers, diags), plan.AbortIncompleteMultipartDays.ValueInt64()); err != nil {
			return err
		}
	}
	want := bucketconfig.MergeTags(r.data.DefaultTags, bucketTagsFromModel(ctx, plan.Tags, diags))
	have := bucketTagsFromModel(ctx, state.TagsAll, diags)
	if !maps.Equal(want, have) {
		if err := ops.putTags(ctx, want); err != nil {
			return err
		}
	}
	return nil
}

// --- delete ---

// Delete deletes the bucket; with force_destroy it first removes every object
// version, delete marker and in-progress multipart upload.
func (r *UploadBucket) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state uploadBucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := r.data.Clients.S3(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Configuring the S3 client", err.Error())
		return
	}
	name := state.ID.ValueString()
	summary := fmt.Sprintf("Deleting upload bucket %s", name)
	ops := &bucketOps{client: client, bucket: name, generic: r.data.Clients.IsGenericS3()}
	force := state.ForceDestroy.ValueBool()
	// Objects written while emptying make DeleteBucket fail with
	// BucketNotEmpty; empty again, a bounded number of times.
	for attempt := 1; ; attempt++ {
		if force {
			n, err := ops.empty(ctx)
			if err != nil {
				if bucketIsMissing(err) {
					return
				}
				r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
				return
			}
			tflog.Info(ctx, "emptied upload bucket", map[string]any{"bucket": name, "removed": n})
		}
		err := ops.deleteBucket(ctx)
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
		r.bucketAddError(ctx, &resp.Diagnostics, summary, err)
		return
	}
}
