package uploadbucket

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureAccessLogging = bucketapi.Feature{Name: "server access logging", Attr: "access_logging"}

// accessLoggingPart is access_logging (GetBucketLogging / PutBucketLogging;
// an empty logging status turns it off).
var accessLoggingPart = part{
	feature: featureAccessLogging,
	read: getter(featureAccessLogging, "GetBucketLogging", nil,
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketLoggingOutput, error) {
			return c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketLoggingOutput) {
			r.AccessLogging, r.AccessLoggingUnheld = bucketconfig.LoggingFromAPI(out.LoggingEnabled)
		}),
	show: func(_ context.Context, s *showing) {
		s.m.AccessLogging = accessLoggingValue(s.remote.AccessLogging)
		if len(s.remote.AccessLoggingUnheld) > 0 {
			s.diags.AddAttributeWarning(path.Root("access_logging"), fmt.Sprintf("Access logging of bucket %s holds more than access_logging", s.name),
				"The bucket's logging configuration also has "+strings.Join(s.remote.AccessLoggingUnheld, " and ")+
					". They are kept until access_logging is next written, which replaces them.")
		}
	},
	unset: func(m *Model) bool { return m.AccessLogging.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if !a.wants(func(m *Model) attr.Value { return m.AccessLogging }) {
			return nil
		}
		return putAccessLogging(ctx, a.ops, accessLoggingFromModel(ctx, a.plan.AccessLogging, a.diags))
	},
}

// putAccessLogging turns logging on to l, or off (nil).
func putAccessLogging(ctx context.Context, o *bucketapi.Ops, l *bucketconfig.AccessLogging) error {
	put := func(ctx context.Context) error {
		_, err := o.Client.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{
			Bucket:              aws.String(o.Bucket),
			BucketLoggingStatus: bucketconfig.LoggingToAPI(l),
		})
		return err
	}
	if l == nil {
		return o.Remove(ctx, featureAccessLogging, "PutBucketLogging", nil, put)
	}
	return o.Call(ctx, featureAccessLogging, "PutBucketLogging", put)
}
