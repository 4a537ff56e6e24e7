package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
)

var featureOwnership = bucketapi.Feature{Name: "object ownership controls", Attr: "object_ownership"}

// ownershipPart is object_ownership (GetBucketOwnershipControls).
var ownershipPart = part{
	feature: featureOwnership,
	read: getter(featureOwnership, "GetBucketOwnershipControls", []string{"OwnershipControlsNotFoundError"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketOwnershipControlsOutput, error) {
			return c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketOwnershipControlsOutput) {
			if out.OwnershipControls != nil && len(out.OwnershipControls.Rules) > 0 {
				r.Ownership = string(out.OwnershipControls.Rules[0].ObjectOwnership)
			}
		}),
	show: func(_ context.Context, s *showing) {
		if s.remote.Ownership == "" {
			s.m.ObjectOwnership = types.StringNull()
		} else {
			s.m.ObjectOwnership = types.StringValue(s.remote.Ownership)
		}
	},
	unset: func(m *Model) bool { return m.ObjectOwnership.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.ObjectOwnership }) {
			return nil
		}
		return putOwnership(ctx, a.ops, a.plan.ObjectOwnership.ValueString())
	},
}

// putOwnership sets object ownership; "" deletes the ownership controls.
func putOwnership(ctx context.Context, o *bucketapi.Ops, ownership string) error {
	if ownership == "" {
		return o.Remove(ctx, featureOwnership, "DeleteBucketOwnershipControls", []string{"OwnershipControlsNotFoundError"}, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketOwnershipControls(ctx, &s3.DeleteBucketOwnershipControlsInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureOwnership, "PutBucketOwnershipControls", func(ctx context.Context) error {
		_, err := o.Client.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{
			Bucket: aws.String(o.Bucket),
			OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{
				{ObjectOwnership: s3types.ObjectOwnership(ownership)},
			}},
		})
		return err
	})
}
