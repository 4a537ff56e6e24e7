package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featurePublicAccessBlock = bucketapi.Feature{Name: "public access block", Attr: "block_public_access"}

// publicAccessBlockPart is block_public_access (all four flags, or none).
var publicAccessBlockPart = part{
	feature: featurePublicAccessBlock,
	read: getter(featurePublicAccessBlock, "GetPublicAccessBlock", []string{"NoSuchPublicAccessBlockConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetPublicAccessBlockOutput, error) {
			return c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
		},
		func(r *remote, out *s3.GetPublicAccessBlockOutput) {
			r.PublicAccessBlocked = bucketconfig.PublicAccessBlocked(out.PublicAccessBlockConfiguration)
		}),
	show: func(_ context.Context, s *showing) {
		s.m.BlockPublicAccess = types.BoolValue(s.remote.PublicAccessBlocked)
	},
	unset: func(m *Model) bool { return !m.BlockPublicAccess.ValueBool() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.BlockPublicAccess }) {
			return nil
		}
		return putPublicAccessBlock(ctx, a.ops, a.plan.BlockPublicAccess.ValueBool())
	},
}

// putPublicAccessBlock turns all four flags on, or removes the block.
func putPublicAccessBlock(ctx context.Context, o *bucketapi.Ops, block bool) error {
	if !block {
		return o.Remove(ctx, featurePublicAccessBlock, "DeletePublicAccessBlock", []string{"NoSuchPublicAccessBlockConfiguration"}, func(ctx context.Context) error {
			_, err := o.Client.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featurePublicAccessBlock, "PutPublicAccessBlock", func(ctx context.Context) error {
		_, err := o.Client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
			Bucket:                         aws.String(o.Bucket),
			PublicAccessBlockConfiguration: bucketconfig.PublicAccessBlockAll(),
		})
		return err
	})
}
