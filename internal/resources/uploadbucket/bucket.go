package uploadbucket

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
)

// The bucket itself: create, exists, empty (force_destroy), delete.

var featureBucket = bucketapi.Feature{Name: "bucket", Attr: "bucket"}

func createBucket(ctx context.Context, o *bucketapi.Ops, region string, objectLock bool) error {
	in := &s3.CreateBucketInput{Bucket: aws.String(o.Bucket)}
	if objectLock {
		// Object lock enabled at creation (S3 then turns versioning on).
		in.ObjectLockEnabledForBucket = aws.Bool(true)
	}
	if region != "" && region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
	}
	return o.Call(ctx, featureBucket, "CreateBucket", func(ctx context.Context) error {
		_, err := o.Client.CreateBucket(ctx, in)
		return err
	})
}

// bucketExists runs HeadBucket: false when the bucket is gone.
func bucketExists(ctx context.Context, o *bucketapi.Ops) (bool, error) {
	err := o.Call(ctx, featureBucket, "HeadBucket", func(ctx context.Context) error {
		_, err := o.Client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(o.Bucket)})
		return err
	})
	if err != nil && bucketapi.IsMissing(err) {
		return false, nil
	}
	return err == nil, err
}

// emptyBucket deletes every object version, delete marker and in-progress
// multipart upload (force_destroy). It returns how many it removed.
func emptyBucket(ctx context.Context, o *bucketapi.Ops) (int, error) {
	removed := 0
	var batch []s3types.ObjectIdentifier
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var out *s3.DeleteObjectsOutput
		err := o.Call(ctx, featureBucket, "DeleteObjects", func(ctx context.Context) error {
			var err error
			out, err = o.Client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
				Bucket: aws.String(o.Bucket),
				Delete: &s3types.Delete{Objects: batch, Quiet: aws.Bool(true)},
			})
			return err
		})
		if err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return &bucketapi.APIError{Feature: featureBucket, Op: "DeleteObjects", Bucket: o.Bucket,
				Err: fmt.Errorf("%d of %d objects not deleted; first: %s (version %s): %s %s", len(out.Errors), len(batch),
					aws.ToString(e.Key), aws.ToString(e.VersionId), aws.ToString(e.Code), aws.ToString(e.Message))}
		}
		removed += len(batch)
		tflog.Debug(ctx, "deleted object versions", map[string]any{"bucket": o.Bucket, "count": len(batch)})
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

	versions := s3.NewListObjectVersionsPaginator(o.Client, &s3.ListObjectVersionsInput{Bucket: aws.String(o.Bucket)})
	for versions.HasMorePages() {
		page, err := versions.NextPage(ctx)
		if err != nil && awsclient.IsNotImplemented(err) {
			// A store without versioning (Cloudflare R2, for one) lists
			// no versions: delete the current objects instead.
			tflog.Debug(ctx, "store does not list object versions; deleting current objects", map[string]any{"bucket": o.Bucket})
			if err := emptyUnversioned(ctx, o, add); err != nil {
				return removed, err
			}
			break
		}
		if err != nil {
			return removed, &bucketapi.APIError{Feature: featureBucket, Op: "ListObjectVersions", Bucket: o.Bucket, Err: err}
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

	uploads := s3.NewListMultipartUploadsPaginator(o.Client, &s3.ListMultipartUploadsInput{Bucket: aws.String(o.Bucket)})
	for uploads.HasMorePages() {
		page, err := uploads.NextPage(ctx)
		if err != nil && awsclient.IsNotImplemented(err) {
			break // a store that does not list multipart uploads has none to abort
		}
		if err != nil {
			return removed, &bucketapi.APIError{Feature: featureBucket, Op: "ListMultipartUploads", Bucket: o.Bucket, Err: err}
		}
		for _, u := range page.Uploads {
			err := o.Remove(ctx, featureBucket, "AbortMultipartUpload", []string{"NoSuchUpload"}, func(ctx context.Context) error {
				_, err := o.Client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
					Bucket: aws.String(o.Bucket), Key: u.Key, UploadId: u.UploadId,
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
func emptyUnversioned(ctx context.Context, o *bucketapi.Ops, add func(key, version *string) error) error {
	objects := s3.NewListObjectsV2Paginator(o.Client, &s3.ListObjectsV2Input{Bucket: aws.String(o.Bucket)})
	for objects.HasMorePages() {
		page, err := objects.NextPage(ctx)
		if err != nil {
			return &bucketapi.APIError{Feature: featureBucket, Op: "ListObjectsV2", Bucket: o.Bucket, Err: err}
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
func deleteBucket(ctx context.Context, o *bucketapi.Ops) error {
	err := o.Call(ctx, featureBucket, "DeleteBucket", func(ctx context.Context) error {
		_, err := o.Client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(o.Bucket)})
		return err
	})
	if err != nil && awsclient.HasCode(err, "NoSuchBucket") {
		return nil
	}
	return err
}
