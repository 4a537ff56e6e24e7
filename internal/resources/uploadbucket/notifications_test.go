package uploadbucket_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// TestAccUploadBucket_notificationsDelivery: the bucket's notification
// configuration on kumo, which delivers S3 events to its SQS (SeaweedFS
// has no notifications; see TestAccUploadBucket_notificationsNotImplemented).
// Uploads go through URLs the provider minted — a presigned PUT and a
// presigned POST into the quarantine prefix — and their s3:ObjectCreated
// records arrive on the queue, key URL-encoded; an upload outside the
// prefix produces none. Then: import, EventBridge round-trips, an
// out-of-band destination is drift and is removed, and removing
// notifications empties the configuration.
func TestAccUploadBucket_notificationsDelivery(t *testing.T) {
	acctest.RequireServer(t, testbed.Kumo)
	name := acctest.BucketName()
	client := func() *s3.Client { return acctest.S3For(t, testbed.Kumo) }
	queue := acctest.NewQueue(t, name)
	config := func(notifications string) string {
		return acctest.ProviderBlockFor(testbed.Kumo, "") + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %[1]q
  force_destroy = true
  quarantine    = { prefix = "quarantine/" }
  %[2]s
}

data "filestore_presigned_url" "inside" {
  bucket       = filestore_upload_bucket.test.bucket
  key          = "quarantine/My Photo+1.jpg"
  method       = "PUT"
  content_type = "image/jpeg"
}

data "filestore_presigned_url" "outside" {
  bucket       = filestore_upload_bucket.test.bucket
  key          = "elsewhere/outside.txt"
  method       = "PUT"
  content_type = "text/plain"
}

data "filestore_presigned_post" "form" {
  bucket     = filestore_upload_bucket.test.bucket
  key_prefix = "quarantine/form/"
  max_size   = 1024
}
`, name, notifications)
	}
	queueOnly := fmt.Sprintf(`notifications = {
    queues = [{ arn = %q, events = ["s3:ObjectCreated:*"], prefix = "quarantine/" }]
  }`, queue.ARN)
	withEventBridge := fmt.Sprintf(`notifications = {
    eventbridge = true
    queues      = [{ arn = %q, events = ["s3:ObjectCreated:*"], prefix = "quarantine/" }]
  }`, queue.ARN)
	want := func(eventBridge bool) func(ctx context.Context, c *s3.Client) error {
		return expectNotifications(name, bucketconfig.Notifications{EventBridge: eventBridge, Queues: []bucketconfig.NotificationDestination{{
			ARN: aws.String(queue.ARN), Events: []string{"s3:ObjectCreated:*"}, Prefix: aws.String("quarantine/"), Suffix: aws.String(""),
		}}})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(queueOnly),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "notifications.queues.0.arn", queue.ARN),
					resource.TestCheckResourceAttr(resourceAddr, "notifications.queues.0.suffix", ""),
					resource.TestCheckResourceAttr(resourceAddr, "notifications.eventbridge", "false"),
					onServer(client, name, want(false)),
					uploadThroughMintedURLs(t, queue, name),
				),
			},
			{
				ResourceName:            resourceAddr,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			{
				Config:           config(withEventBridge),
				ConfigPlanChecks: expectUpdate(),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceAddr, "notifications.eventbridge", "true"),
					onServer(client, name, want(true)),
				),
			},
			{
				// Drift: a destination added out of band (a disjoint
				// prefix, so S3 accepts it) is planned away and removed.
				PreConfig: func() {
					_, err := client().PutBucketNotificationConfiguration(context.Background(), &s3.PutBucketNotificationConfigurationInput{
						Bucket: aws.String(name),
						NotificationConfiguration: &s3types.NotificationConfiguration{
							EventBridgeConfiguration: &s3types.EventBridgeConfiguration{},
							QueueConfigurations: []s3types.QueueConfiguration{
								{QueueArn: aws.String(queue.ARN), Events: []s3types.Event{"s3:ObjectCreated:*"}, Filter: prefixFilter("quarantine/")},
								{QueueArn: aws.String(queue.ARN), Events: []s3types.Event{"s3:ObjectRemoved:*"}, Filter: prefixFilter("other/")},
							},
						},
					})
					if err != nil {
						t.Fatalf("adding a destination out of band: %v", err)
					}
				},
				Config:           config(withEventBridge),
				ConfigPlanChecks: expectUpdate(),
				Check:            onServer(client, name, want(true)),
			},
			{
				Config:           config(""),
				ConfigPlanChecks: expectUpdate(),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(resourceAddr, "notifications.eventbridge"),
					onServer(client, name, expectNotifications(name, bucketconfig.Notifications{})),
				),
			},
		},
	})
}

func prefixFilter(prefix string) *s3types.NotificationConfigurationFilter {
	return &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{
		{Name: s3types.FilterRuleNamePrefix, Value: aws.String(prefix)},
	}}}
}

// expectNotifications checks the bucket's notification configuration.
func expectNotifications(bucket string, want bucketconfig.Notifications) func(context.Context, *s3.Client) error {
	return func(ctx context.Context, c *s3.Client) error {
		out, err := c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("GetBucketNotificationConfiguration: %w", err)
		}
		got := bucketconfig.NotificationsFromAPI(s3types.NotificationConfiguration{
			EventBridgeConfiguration: out.EventBridgeConfiguration, QueueConfigurations: out.QueueConfigurations,
			TopicConfigurations: out.TopicConfigurations, LambdaFunctionConfigurations: out.LambdaFunctionConfigurations,
		})
		if !bucketconfig.NotificationsEquivalent(got, want) {
			return fmt.Errorf("notifications: got %+v, want %+v", got, want)
		}
		return nil
	}
}

// uploadThroughMintedURLs uploads outside the quarantine first, then through
// the presigned POST and PUT into it, and receives the queue's records: one
// per upload inside, none for the one outside (it was sent first, so it
// would have arrived too).
func uploadThroughMintedURLs(t *testing.T, queue *acctest.Queue, bucket string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		attr := func(addr, key string) string { return s.RootModule().Resources[addr].Primary.Attributes[key] }
		if code, err := httpPut(ctx, attr("data.filestore_presigned_url.outside", "url"), "text/plain", "outside"); err != nil || code != http.StatusOK {
			return fmt.Errorf("PUT outside the prefix: %d %w", code, err)
		}
		fields := map[string]string{}
		for k, v := range s.RootModule().Resources["data.filestore_presigned_post.form"].Primary.Attributes {
			if f, ok := strings.CutPrefix(k, "fields."); ok && f != "%" {
				fields[f] = v
			}
		}
		fields["key"] = strings.ReplaceAll(fields["key"], "${filename}", "scan me.pdf")
		if code, err := httpPost(ctx, attr("data.filestore_presigned_post.form", "url"), fields, "form upload"); err != nil || code/100 != 2 {
			return fmt.Errorf("POST into the quarantine: %d %w", code, err)
		}
		if code, err := httpPut(ctx, attr("data.filestore_presigned_url.inside", "url"), "image/jpeg", "jpeg bytes"); err != nil || code != http.StatusOK {
			return fmt.Errorf("PUT into the quarantine: %d %w", code, err)
		}
		recs, err := queue.ReceiveS3Events(ctx, time.Minute, func(r []acctest.S3EventRecord) bool { return len(r) >= 2 })
		if err != nil {
			return err
		}
		more, err := queue.ReceiveS3Events(ctx, 3*time.Second, nil)
		if err != nil {
			return err
		}
		recs = append(recs, more...)
		var got []string
		for _, r := range recs {
			if r.Bucket != bucket {
				return fmt.Errorf("record for bucket %q, want %q", r.Bucket, bucket)
			}
			// The key arrives URL-encoded: a space as "+", a "+" as "%2B"
			// (AWS leaves "/" as is, kumo writes "%2F"; both decode the
			// same).
			if strings.ContainsAny(r.Key, " ") || !strings.Contains(r.Key, "+") || r.DecodedKey == r.Key {
				return fmt.Errorf("record key %q is not URL-encoded", r.Key)
			}
			// AWS writes "ObjectCreated:Put", kumo "s3:ObjectCreated:Put".
			got = append(got, strings.TrimPrefix(r.EventName, "s3:")+" "+r.DecodedKey)
		}
		sort.Strings(got)
		want := []string{"ObjectCreated:Post quarantine/form/scan me.pdf", "ObjectCreated:Put quarantine/My Photo+1.jpg"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("queue records (event, decoded key):\n%s\nwant (nothing for elsewhere/outside.txt):\n%s",
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, r := range recs {
			if r.DecodedKey == "quarantine/My Photo+1.jpg" && !strings.Contains(r.Key, "My+Photo%2B1.jpg") {
				return fmt.Errorf("record key %q: want the space as + and the + as %%2B", r.Key)
			}
		}
		return nil
	}
}

func httpPut(ctx context.Context, url, contentType, body string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// httpPost sends a browser-style form: the fields, then the file.
func httpPost(ctx context.Context, url string, fields map[string]string, content string) (int, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := w.WriteField(k, fields[k]); err != nil {
			return 0, err
		}
	}
	fw, err := w.CreateFormFile("file", "scan me.pdf")
	if err != nil {
		return 0, err
	}
	_, _ = fw.Write([]byte(content))
	if err := w.Close(); err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, &buf)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// TestAccUploadBucket_notificationsNotImplemented: SeaweedFS answers
// NotImplemented to PutBucketNotificationConfiguration. A bucket without
// notifications works there (the refresh reads an empty configuration); one
// with notifications fails with an error naming the feature and the
// endpoint, on the notifications attribute.
func TestAccUploadBucket_notificationsNotImplemented(t *testing.T) {
	acctest.RequireServer(t, testbed.SeaweedFS)
	name := acctest.BucketName()
	client := s3Client(t)
	endpoint := acctest.Env().Servers[testbed.SeaweedFS].S3Endpoint
	base := acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket = %q
  %%s
}
`, name)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{Config: fmt.Sprintf(base, "")},
			{
				Config: fmt.Sprintf(base, `notifications = { eventbridge = true }`),
				ExpectError: regexp.MustCompile(`(?s)` + errMatch(`event notifications not implemented by `+endpoint).String() +
					`.*` + errMatch(`The S3 endpoint `+endpoint+` does not implement event notifications: it answered NotImplemented to PutBucketNotificationConfiguration`).String()),
			},
			{
				// Nothing was written: removing the attribute again is a
				// clean plan.
				Config: fmt.Sprintf(base, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}
