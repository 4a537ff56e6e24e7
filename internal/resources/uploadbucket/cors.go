package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureCORS = bucketapi.Feature{Name: "CORS", Attr: "cors_rules"}

// corsPart is cors_rules.
var corsPart = part{
	feature: featureCORS,
	read: getter(featureCORS, "GetBucketCors", []string{"NoSuchCORSConfiguration"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketCorsOutput, error) {
			return c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketCorsOutput) { r.CORS = bucketconfig.CORSFromAPI(out.CORSRules) }),
	show:  func(_ context.Context, s *showing) { s.m.CORSRules = corsValue(s.remote.CORS) },
	unset: func(m *Model) bool { return m.CORSRules.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.CORSRules }) {
			return nil
		}
		return putCORS(ctx, a.ops, corsFromModel(ctx, a.plan.CORSRules, a.diags))
	},
}

// putCORS writes the rules; none deletes the CORS configuration.
func putCORS(ctx context.Context, o *bucketapi.Ops, rules []bucketconfig.CORSRule) error {
	if len(rules) == 0 {
		return o.Remove(ctx, featureCORS, "DeleteBucketCors", nil, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketCors(ctx, &s3.DeleteBucketCorsInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureCORS, "PutBucketCors", func(ctx context.Context) error {
		_, err := o.Client.PutBucketCors(ctx, &s3.PutBucketCorsInput{
			Bucket:            aws.String(o.Bucket),
			CORSConfiguration: &s3types.CORSConfiguration{CORSRules: bucketconfig.CORSToAPI(rules)},
		})
		return err
	})
}
