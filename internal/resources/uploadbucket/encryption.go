package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureEncryption = bucketapi.Feature{Name: "default encryption", Attr: "encryption"}

// encryptionPart is encryption (the bucket's default encryption).
var encryptionPart = part{
	feature: featureEncryption,
	read: getter(featureEncryption, "GetBucketEncryption", []string{"ServerSideEncryptionConfigurationNotFoundError"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketEncryptionOutput, error) {
			return c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketEncryptionOutput) {
			r.Encryption = bucketconfig.EncryptionFromAPI(out.ServerSideEncryptionConfiguration)
		}),
	show:  func(_ context.Context, s *showing) { s.m.Encryption = encryptionValue(s.remote.Encryption) },
	unset: func(m *Model) bool { return m.Encryption.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.Encryption }) {
			return nil
		}
		return putEncryption(ctx, a.ops, encryptionFromModel(ctx, a.plan.Encryption, a.diags))
	},
}

// putEncryption writes the default encryption; nil deletes it.
func putEncryption(ctx context.Context, o *bucketapi.Ops, e *bucketconfig.Encryption) error {
	if e == nil {
		return o.Remove(ctx, featureEncryption, "DeleteBucketEncryption", nil, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketEncryption(ctx, &s3.DeleteBucketEncryptionInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureEncryption, "PutBucketEncryption", func(ctx context.Context) error {
		_, err := o.Client.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
			Bucket:                            aws.String(o.Bucket),
			ServerSideEncryptionConfiguration: bucketconfig.EncryptionToAPI(*e),
		})
		return err
	})
}
