package resources

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/ctxutil"
)

// bucketFeature is one sub-configuration of a bucket: its name in messages
// and the attribute that manages it.
type bucketFeature struct {
	Name string
	Attr string
}

var (
	bucketFeatureCORS       = bucketFeature{"CORS", "cors_rules"}
	bucketFeatureEncryption = bucketFeature{"default encryption", "encryption"}
	bucketFeatureLifecycle  = bucketFeature{"lifecycle configuration", "lifecycle_tiers"}
	bucketFeaturePAB        = bucketFeature{"public access block", "block_public_access"}
	bucketFeatureOwnership  = bucketFeature{"object ownership controls", "object_ownership"}
	bucketFeaturePolicy     = bucketFeature{"bucket policy", "policy_json"}
	bucketFeatureVersioning = bucketFeature{"versioning", "versioning"}
	bucketFeatureTagging    = bucketFeature{"tagging", "tags"}
	bucketFeatureLocation   = bucketFeature{"bucket location", "region"}
	bucketFeatureBucket     = bucketFeature{"bucket", "bucket"}
)

// bucketAPIError is a failed S3 call on one feature.
type bucketAPIError struct {
	Feature bucketFeature
	Op      string // S3 operation, e.g. PutBucketCors
	Bucket  string
	Err     error
}

func (e *bucketAPIError) Error() string {
	return fmt.Sprintf("%s on bucket %s: %v", e.Op, e.Bucket, e.Err)
}

func (e *bucketAPIError) Unwrap() error { return e.Err }

// NotImplemented reports whether the store does not implement the feature.
func (e *bucketAPIError) NotImplemented() bool { return awsclient.IsNotImplemented(e.Err) }

// bucketIsMissing reports whether err says the bucket does not exist.
func bucketIsMissing(err error) bool {
	return awsclient.HasCode(err, "NoSuchBucket", "NotFound") || awsclient.HTTPStatus(err) == http.StatusNotFound
}

// Post-create retry of NoSuchBucket: S3 is eventually consistent right after
// CreateBucket, so the first calls on a new bucket may not find it yet. The
// SDK retryer must not retry NoSuchBucket in general (a refresh has to see a
// deleted bucket at once), so the resource retries only in that window.
var (
	bucketCreateRetryAttempts = 8
	bucketCreateRetryBase     = 200 * time.Millisecond
	bucketCreateRetryMax      = 5 * time.Second
)

// bucketOps performs the S3 calls on one bucket.
type bucketOps struct {
	client *s3.Client
	bucket string
	// generic is compatibility = "s3": deleting a feature the store does not
	// implement is a no-op (the store has no such setting to remove).
	generic bool
	// afterCreate retries NoSuchBucket (bounded) right after CreateBucket.
	afterCreate bool
}

func (o *bucketOps) call(ctx context.Context, f bucketFeature, op string, fn func(context.Context) error) error {
	delay := bucketCreateRetryBase
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if o.afterCreate && attempt < bucketCreateRetryAttempts && awsclient.HasCode(err, "NoSuchBucket") && ctx.Err() == nil {
			tflog.Debug(ctx, "bucket not visible yet after CreateBucket; retrying", map[string]any{
				"bucket": o.bucket, "operation": op, "attempt": attempt, "delay_ms": delay.Milliseconds(),
			})
			if cerr := ctxutil.Sleep(ctx, delay); cerr != nil {
				return &bucketAPIError{Feature: f, Op: op, Bucket: o.bucket, Err: errors.Join(cerr, err)}
			}
			delay = min(delay*2, bucketCreateRetryMax)
			continue
		}
		return &bucketAPIError{Feature: f, Op: op, Bucket: o.bucket, Err: err}
	}
}

// remove runs a Delete* call: a missing configuration is already removed,
// and with compatibility = "s3" so is a feature the store does not implement.
func (o *bucketOps) remove(ctx context.Context, f bucketFeature, op string, notFound []string, fn func(context.Context) error) error {
	err := o.call(ctx, f, op, fn)
	if err == nil {
		return nil
	}
	var apiErr *bucketAPIError
	if errors.As(err, &apiErr) {
		if len(notFound) > 0 && awsclient.HasCode(apiErr.Err, notFound...) {
			return nil
		}
		if o.generic && apiErr.NotImplemented() {
			tflog.Debug(ctx, "store does not implement the feature; nothing to remove", map[string]any{"bucket": o.bucket, "operation": op})
			return nil
		}
	}
	return err
}

func (o *bucketOps) createBucket(ctx context.Context, region string) error {
	in := &s3.CreateBucketInput{Bucket: aws.String(o.bucket)}
	if region != "" && region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
	}
	return o.call(ctx, bucketFeatureBucket, "CreateBucket", func(ctx context.Context) error {
		_, err := o.client.CreateBucket(ctx, in)
		return err
	})
}

func (o *bucketOps) putVersioning(ctx context.Context, enabled bool) error {
	return o.call(ctx, bucketFeatureVersioning, "PutBucketVersioning", func(ctx context.Context) error {
		_, err := o.client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket:                  aws.String(o.bucket),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: bucketconfig.VersioningStatus(enabled)},
		})
		return err
	})
}

func (o *bucketOps) putCORS(ctx context.Context, rules []bucketconfig.CORSRule) error {
	if len(rules) == 0 {
		return o.remove(ctx, bucketFeatureCORS, "DeleteBucketCors", nil, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketCors(ctx, &s3.DeleteBucketCorsInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeatureCORS, "PutBucketCors", func(ctx context.Context) error {
		_, err := o.client.PutBucketCors(ctx, &s3.PutBucketCorsInput{
			Bucket:            aws.String(o.bucket),
			CORSConfiguration: &s3types.CORSConfiguration{CORSRules: bucketconfig.CORSToAPI(rules)},
		})
		return err
	})
}

func (o *bucketOps) putEncryption(ctx context.Context, e *bucketconfig.Encryption) error {
	if e == nil {
		return o.remove(ctx, bucketFeatureEncryption, "DeleteBucketEncryption", nil, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketEncryption(ctx, &s3.DeleteBucketEncryptionInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeatureEncryption, "PutBucketEncryption", func(ctx context.Context) error {
		_, err := o.client.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
			Bucket:                            aws.String(o.bucket),
			ServerSideEncryptionConfiguration: bucketconfig.EncryptionToAPI(*e),
		})
		return err
	})
}

func (o *bucketOps) putPublicAccessBlock(ctx context.Context, block bool) error {
	if !block {
		return o.remove(ctx, bucketFeaturePAB, "DeletePublicAccessBlock", []string{"NoSuchPublicAccessBlockConfiguration"}, func(ctx context.Context) error {
			_, err := o.client.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeaturePAB, "PutPublicAccessBlock", func(ctx context.Context) error {
		_, err := o.client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
			Bucket:                         aws.String(o.bucket),
			PublicAccessBlockConfiguration: bucketconfig.PublicAccessBlockAll(),
		})
		return err
	})
}

func (o *bucketOps) putOwnership(ctx context.Context, ownership string) error {
	if ownership == "" {
		return o.remove(ctx, bucketFeatureOwnership, "DeleteBucketOwnershipControls", []string{"OwnershipControlsNotFoundError"}, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketOwnershipControls(ctx, &s3.DeleteBucketOwnershipControlsInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeatureOwnership, "PutBucketOwnershipControls", func(ctx context.Context) error {
		_, err := o.client.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{
			Bucket: aws.String(o.bucket),
			OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{
				{ObjectOwnership: s3types.ObjectOwnership(ownership)},
			}},
		})
		return err
	})
}

func (o *bucketOps) putLifecycle(ctx context.Context, tiers []bucketconfig.LifecycleTier, abortDays int64) error {
	rules := bucketconfig.LifecycleToAPI(tiers, abortDays)
	if len(rules) == 0 {
		return o.remove(ctx, bucketFeatureLifecycle, "DeleteBucketLifecycle", nil, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeatureLifecycle, "PutBucketLifecycleConfiguration", func(ctx context.Context) error {
		_, err := o.client.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
			Bucket:                 aws.String(o.bucket),
			LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules},
		})
		return err
	})
}

func (o *bucketOps) putPolicy(ctx context.Context, doc string) error {
	if doc == "" {
		return o.remove(ctx, bucketFeaturePolicy, "DeleteBucketPolicy", []string{"NoSuchBucketPolicy"}, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeaturePolicy, "PutBucketPolicy", func(ctx context.Context) error {
		_, err := o.client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(o.bucket), Policy: aws.String(doc)})
		return err
	})
}

func (o *bucketOps) putTags(ctx context.Context, tags map[string]string) error {
	if len(tags) == 0 {
		return o.remove(ctx, bucketFeatureTagging, "DeleteBucketTagging", []string{"NoSuchTagSet"}, func(ctx context.Context) error {
			_, err := o.client.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: aws.String(o.bucket)})
			return err
		})
	}
	return o.call(ctx, bucketFeatureTagging, "PutBucketTagging", func(ctx context.Context) error {
		_, err := o.client.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
			Bucket:  aws.String(o.bucket),
			Tagging: &s3types.Tagging{TagSet: bucketconfig.TagsToAPI(tags)},
		})
		return err
	})
}

// bucketRemote is what the server says about a bucket.
type bucketRemote struct {
	Region              string // "" when the store does not say
	Versioning          bool
	CORS                []bucketconfig.CORSRule
	Encryption          *bucketconfig.Encryption
	Tiers               []bucketconfig.LifecycleTier
	AbortDays           int64
	PublicAccessBlocked bool
	Ownership           string
	Policy              string
	Tags                map[string]string
}

// exists runs HeadBucket: false when the bucket is gone.
func (o *bucketOps) exists(ctx context.Context) (bool, error) {
	err := o.call(ctx, bucketFeatureBucket, "HeadBucket", func(ctx context.Context) error {
		_, err := o.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(o.bucket)})
		return err
	})
	if err != nil && bucketIsMissing(err) {
		return false, nil
	}
	return err == nil, err
}

// bucketReadGet runs one Get* call of a concurrent read. A not-found code
// means the bucket has no such configuration; NotImplemented is "none" when
// tolerate says so (compatibility = "s3" and the attribute was not set).
func bucketReadGet[T any](ctx context.Context, o *bucketOps, f bucketFeature, op string, notFound []string,
	tolerate func(bucketFeature) bool, call func(context.Context) (T, error), use func(T)) error {
	var out T
	err := o.call(ctx, f, op, func(ctx context.Context) error {
		var err error
		out, err = call(ctx)
		return err
	})
	var apiErr *bucketAPIError
	switch {
	case err == nil:
		use(out)
	case errors.As(err, &apiErr) && len(notFound) > 0 && awsclient.HasCode(apiErr.Err, notFound...):
	case errors.As(err, &apiErr) && apiErr.NotImplemented() && tolerate(f):
		tflog.Debug(ctx, "store does not implement the feature; reading it as none", map[string]any{"bucket": o.bucket, "operation": op})
	default:
		return err
	}
	return nil
}

// read fetches every sub-configuration concurrently: after HeadBucket, a
// refresh costs about one round trip, not one per sub-configuration.
func (o *bucketOps) read(ctx context.Context, tolerate func(bucketFeature) bool) (*bucketRemote, error) {
	r := &bucketRemote{}
	var mu sync.Mutex // guards r (fields are distinct, but keep the race detector honest)
	set := func(fn func()) { mu.Lock(); fn(); mu.Unlock() }
	b := aws.String(o.bucket)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureCORS, "GetBucketCors", []string{"NoSuchCORSConfiguration"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketCorsOutput, error) {
				return o.client.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
			},
			func(out *s3.GetBucketCorsOutput) { set(func() { r.CORS = bucketconfig.CORSFromAPI(out.CORSRules) }) })
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureEncryption, "GetBucketEncryption", []string{"ServerSideEncryptionConfigurationNotFoundError"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketEncryptionOutput, error) {
				return o.client.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
			},
			func(out *s3.GetBucketEncryptionOutput) {
				set(func() { r.Encryption = bucketconfig.EncryptionFromAPI(out.ServerSideEncryptionConfiguration) })
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureLifecycle, "GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketLifecycleConfigurationOutput, error) {
				return o.client.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
			},
			func(out *s3.GetBucketLifecycleConfigurationOutput) {
				set(func() { r.Tiers, r.AbortDays = bucketconfig.LifecycleFromAPI(out.Rules) })
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeaturePAB, "GetPublicAccessBlock", []string{"NoSuchPublicAccessBlockConfiguration"}, tolerate,
			func(ctx context.Context) (*s3.GetPublicAccessBlockOutput, error) {
				return o.client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
			},
			func(out *s3.GetPublicAccessBlockOutput) {
				set(func() { r.PublicAccessBlocked = bucketconfig.PublicAccessBlocked(out.PublicAccessBlockConfiguration) })
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureOwnership, "GetBucketOwnershipControls", []string{"OwnershipControlsNotFoundError"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketOwnershipControlsOutput, error) {
				return o.client.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
			},
			func(out *s3.GetBucketOwnershipControlsOutput) {
				if out.OwnershipControls != nil && len(out.OwnershipControls.Rules) > 0 {
					set(func() { r.Ownership = string(out.OwnershipControls.Rules[0].ObjectOwnership) })
				}
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeaturePolicy, "GetBucketPolicy", []string{"NoSuchBucketPolicy"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketPolicyOutput, error) {
				return o.client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
			},
			func(out *s3.GetBucketPolicyOutput) {
				set(func() { r.Policy = strings.TrimSpace(aws.ToString(out.Policy)) })
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureVersioning, "GetBucketVersioning", nil, tolerate,
			func(ctx context.Context) (*s3.GetBucketVersioningOutput, error) {
				return o.client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
			},
			func(out *s3.GetBucketVersioningOutput) {
				set(func() { r.Versioning = bucketconfig.VersioningEnabled(out.Status) })
			})
	})
	g.Go(func() error {
		return bucketReadGet(gctx, o, bucketFeatureTagging, "GetBucketTagging", []string{"NoSuchTagSet", "NoSuchTagSetError"}, tolerate,
			func(ctx context.Context) (*s3.GetBucketTaggingOutput, error) {
				return o.client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
			},
			func(out *s3.GetBucketTaggingOutput) { set(func() { r.Tags = bucketconfig.TagsFromAPI(out.TagSet) }) })
	})
	g.Go(func() error {
		// The location only names the region; a store that does not
		// implement it leaves the region the provider's.
		return bucketReadGet(gctx, o, bucketFeatureLocation, "GetBucketLocation", nil, func(bucketFeature) bool { return true },
			func(ctx context.Context) (*s3.GetBucketLocationOutput, error) {
				return o.client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b})
			},
			func(out *s3.GetBucketLocationOutput) {
				set(func() { r.Region = bucketconfig.RegionFromLocationConstraint(string(out.LocationConstraint)) })
			})
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return r, nil
}

// empty deletes every object version, delete marker and in-progress
// multipart upload (force_destroy). It returns how many it removed.
func (o *bucketOps) empty(ctx context.Context) (int, error) {
	removed := 0
	var batch []s3types.ObjectIdentifier
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var out *s3.DeleteObjectsOutput
		err := o.call(ctx, bucketFeatureBucket, "DeleteObjects", func(ctx context.Context) error {
			var err error
			out, err = o.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
				Bucket: aws.String(o.bucket),
				Delete: &s3types.Delete{Objects: batch, Quiet: aws.Bool(true)},
			})
			return err
		})
		if err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return &bucketAPIError{Feature: bucketFeatureBucket, Op: "DeleteObjects", Bucket: o.bucket,
				Err: fmt.Errorf("%d of %d objects not deleted; first: %s (version %s): %s %s", len(out.Errors), len(batch),
					aws.ToString(e.Key), aws.ToString(e.VersionId), aws.ToString(e.Code), aws.ToString(e.Message))}
		}
		removed += len(batch)
		tflog.Debug(ctx, "deleted object versions", map[string]any{"bucket": o.bucket, "count": len(batch)})
		batch = batch[:0]
		return nil
	}
	add := func(key, version *string) error {
		batch = append(batch, s3types.ObjectIdentifier{Key: key, VersionId: version})
		if len(batch) == 1000 {
			return flush()
		}
		return nil
	}

	versions := s3.NewListObjectVersionsPaginator(o.client, &s3.ListObjectVersionsInput{Bucket: aws.String(o.bucket)})
	for versions.HasMorePages() {
		page, err := versions.NextPage(ctx)
		if err != nil && awsclient.IsNotImplemented(err) {
			// A store without versioning (Cloudflare R2, for one) lists
			// no versions: delete the current objects instead.
			tflog.Debug(ctx, "store does not list object versions; deleting current objects", map[string]any{"bucket": o.bucket})
			if err := o.emptyUnversioned(ctx, add); err != nil {
				return removed, err
			}
			break
		}
		if err != nil {
			return removed, &bucketAPIError{Feature: bucketFeatureBucket, Op: "ListObjectVersions", Bucket: o.bucket, Err: err}
		}
		for _, v := range page.Versions {
			if err := add(v.Key, v.VersionId); err != nil {
				return removed, err
			}
		}
		for _, m := range page.DeleteMarkers {
			if err := add(m.Key, m.VersionId); err != nil {
				return removed, err
			}
		}
	}
	if err := flush(); err != nil {
		return removed, err
	}

	uploads := s3.NewListMultipartUploadsPaginator(o.client, &s3.ListMultipartUploadsInput{Bucket: aws.String(o.bucket)})
	for uploads.HasMorePages() {
		page, err := uploads.NextPage(ctx)
		if err != nil && awsclient.IsNotImplemented(err) {
			break // a store that does not list multipart uploads has none to abort
		}
		if err != nil {
			return removed, &bucketAPIError{Feature: bucketFeatureBucket, Op: "ListMultipartUploads", Bucket: o.bucket, Err: err}
		}
		for _, u := range page.Uploads {
			err := o.remove(ctx, bucketFeatureBucket, "AbortMultipartUpload", []string{"NoSuchUpload"}, func(ctx context.Context) error {
				_, err := o.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
					Bucket: aws.String(o.bucket), Key: u.Key, UploadId: u.UploadId,
				})
				return err
			})
			if err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}

// emptyUnversioned lists the current objects (ListObjectsV2) for deletion.
func (o *bucketOps) emptyUnversioned(ctx context.Context, add func(key, version *string) error) error {
	objects := s3.NewListObjectsV2Paginator(o.client, &s3.ListObjectsV2Input{Bucket: aws.String(o.bucket)})
	for objects.HasMorePages() {
		page, err := objects.NextPage(ctx)
		if err != nil {
			return &bucketAPIError{Feature: bucketFeatureBucket, Op: "ListObjectsV2", Bucket: o.bucket, Err: err}
		}
		for _, obj := range page.Contents {
			if err := add(obj.Key, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteBucket runs DeleteBucket; a bucket already gone is deleted.
func (o *bucketOps) deleteBucket(ctx context.Context) error {
	err := o.call(ctx, bucketFeatureBucket, "DeleteBucket", func(ctx context.Context) error {
		_, err := o.client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(o.bucket)})
		return err
	})
	if err != nil && awsclient.HasCode(err, "NoSuchBucket") {
		return nil
	}
	return err
}
