package acctest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// TestAccQueue_receivesS3Events checks the queue helper the notification
// acceptance tests rely on, without the provider: a queue notified by a
// bucket (configured directly with S3) receives the s3:ObjectCreated:Put
// record of an object under the prefix, key URL-encoded, and nothing for an
// object outside it. Locally this is kumo (S3 and SQS in one server).
func TestAccQueue_receivesS3Events(t *testing.T) {
	acctest.PreCheck(t)
	var c *s3.Client
	if acctest.IsAWS() {
		c = acctest.S3(t)
	} else {
		c = acctest.S3For(t, testbed.Kumo)
	}
	ctx := acctest.Context(t)
	bucket := acctest.BucketName()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	q := acctest.NewQueue(t, bucket)
	t.Cleanup(func() {
		for _, k := range []string{"other/x.txt", "in/a b+c.txt"} {
			_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(k)})
		}
		_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})
	if _, err := c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
		Bucket: aws.String(bucket),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{
			QueueArn: aws.String(q.ARN), Events: []s3types.Event{s3types.EventS3ObjectCreated},
			Filter: &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{
				{Name: s3types.FilterRuleNamePrefix, Value: aws.String("in/")},
			}}},
		}}},
	}); err != nil {
		t.Fatal(err)
	}
	// Outside the prefix first, then inside: once the second event is in,
	// the first would have been too.
	for _, k := range []string{"other/x.txt", "in/a b+c.txt"} {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := q.ReceiveS3Events(ctx, time.Minute, func(r []acctest.S3EventRecord) bool { return len(r) > 0 })
	if err != nil {
		t.Fatal(err)
	}
	more, err := q.ReceiveS3Events(ctx, 2*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs = append(recs, more...)
	if len(recs) != 1 {
		t.Fatalf("records = %+v, want exactly one (for in/a b+c.txt)", recs)
	}
	r := recs[0]
	if r.EventName != "ObjectCreated:Put" && r.EventName != "s3:ObjectCreated:Put" {
		t.Errorf("eventName = %q", r.EventName)
	}
	// URL-encoded: the space as "+", the "+" as "%2B" (AWS leaves "/" as
	// is, kumo writes "%2F").
	if r.Bucket != bucket || r.DecodedKey != "in/a b+c.txt" || !strings.HasSuffix(r.Key, "a+b%2Bc.txt") {
		t.Errorf("record = %+v; want bucket %s, key in/a b+c.txt URL-encoded", r, bucket)
	}
}
