package uploadbucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureNotifications = bucketapi.Feature{Name: "event notifications", Attr: "notifications"}

// notificationsPart is notifications: the bucket's whole notification
// configuration. S3 has no delete call for it: an empty configuration
// removes every destination. A new bucket has none, so create writes only
// when there is something to write (a store without the feature then works
// as long as notifications is unset).
var notificationsPart = part{
	feature: featureNotifications,
	read: getter(featureNotifications, "GetBucketNotificationConfiguration", nil,
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketNotificationConfigurationOutput, error) {
			return c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketNotificationConfigurationOutput) {
			r.Notifications = bucketconfig.NotificationsFromAPI(s3types.NotificationConfiguration{
				EventBridgeConfiguration:     out.EventBridgeConfiguration,
				QueueConfigurations:          out.QueueConfigurations,
				TopicConfigurations:          out.TopicConfigurations,
				LambdaFunctionConfigurations: out.LambdaFunctionConfigurations,
			})
		}),
	show: func(ctx context.Context, s *showing) {
		s.m.Notifications = notificationsValue(ctx, s.remote.Notifications, s.prior.Notifications, s.diags)
	},
	unset: func(m *Model) bool { return m.Notifications.IsNull() },
	apply: func(ctx context.Context, a *applying) error {
		if a.plan.Notifications.IsUnknown() {
			return nil
		}
		want, _ := notificationsFromModel(ctx, a.plan.Notifications, a.diags)
		if a.creating() {
			if want.Empty() {
				return nil
			}
		} else if have, _ := notificationsFromModel(ctx, a.state.Notifications, a.diags); bucketconfig.NotificationsEquivalent(want, have) {
			return nil
		}
		return putNotifications(ctx, a.ops, want)
	},
}

// putNotifications writes the whole configuration; an empty one removes
// every destination (and, like any removal, is a no-op on a generic store
// that does not implement the feature).
func putNotifications(ctx context.Context, o *bucketapi.Ops, n bucketconfig.Notifications) error {
	call := func(ctx context.Context) error {
		_, err := o.Client.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket:                    aws.String(o.Bucket),
			NotificationConfiguration: bucketconfig.NotificationsToAPI(n),
		})
		return err
	}
	if n.Empty() {
		return o.Remove(ctx, featureNotifications, "PutBucketNotificationConfiguration", nil, call)
	}
	return o.Call(ctx, featureNotifications, "PutBucketNotificationConfiguration", call)
}
