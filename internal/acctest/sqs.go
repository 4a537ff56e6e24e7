package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

// SQS returns a client for the queues S3 notifies: kumo's SQS locally (kumo
// delivers its own buckets' event notifications to it), AWS otherwise.
func SQS(t *testing.T) *sqs.Client {
	t.Helper()
	SkipUnlessAcceptance(t)
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return sqs.NewFromConfig(cfg)
	}
	RequireServer(t, testbed.Kumo)
	return env.SQSClient()
}

// Queue is an SQS queue a test created; it is deleted when the test ends.
type Queue struct {
	URL    string
	ARN    string
	client *sqs.Client
}

// NewQueue creates a queue that the bucket named bucket may notify (on AWS
// S3 checks, when the notification configuration is written, that the
// queue's policy lets s3.amazonaws.com send from that bucket; kumo does not
// check, and the same policy is set there).
func NewQueue(t *testing.T, bucket string) *Queue {
	t.Helper()
	c := SQS(t)
	ctx := Context(t)
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(RandomName("tf-acc-"))})
	if err != nil {
		t.Fatalf("creating a queue: %v", err)
	}
	q := &Queue{URL: aws.ToString(out.QueueUrl), client: c}
	t.Cleanup(func() {
		_, _ = c.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: aws.String(q.URL)})
	})
	attrs, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(q.URL), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		t.Fatalf("reading the queue ARN: %v", err)
	}
	q.ARN = attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	policy, _ := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "AllowS3Notifications", "Effect": "Allow",
			"Principal": map[string]any{"Service": "s3.amazonaws.com"},
			"Action":    "sqs:SendMessage", "Resource": q.ARN,
			"Condition": map[string]any{"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:s3:::" + bucket}},
		}},
	})
	if _, err := c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: aws.String(q.URL), Attributes: map[string]string{string(sqstypes.QueueAttributeNamePolicy): string(policy)},
	}); err != nil {
		t.Fatalf("setting the queue policy: %v", err)
	}
	return q
}

// S3EventRecord is one record of an S3 event notification message.
type S3EventRecord struct {
	EventName string
	Bucket    string
	// Key is the object key as S3 sends it: URL-encoded (a space is "+").
	Key string
	// DecodedKey is Key decoded.
	DecodedKey string
}

// s3EventMessage is the body S3 sends to a queue; the test message S3 sends
// when a configuration is written ("Event": "s3:TestEvent") has no Records.
type s3EventMessage struct {
	Records []struct {
		EventName string `json:"eventName"`
		S3        struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key string `json:"key"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
}

// ReceiveS3Events receives (and deletes) messages until until reports true
// for the records received so far or wait has passed, and returns every S3
// event record received. Test events and unreadable bodies are skipped.
func (q *Queue) ReceiveS3Events(ctx context.Context, wait time.Duration, until func([]S3EventRecord) bool) ([]S3EventRecord, error) {
	var out []S3EventRecord
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		poll := min(time.Until(deadline), 5*time.Second)
		msgs, err := q.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 10, WaitTimeSeconds: int32(max(poll/time.Second, 1)),
		})
		if err != nil {
			return out, fmt.Errorf("receiving from %s: %w", q.URL, err)
		}
		for _, m := range msgs.Messages {
			var body s3EventMessage
			if json.Unmarshal([]byte(aws.ToString(m.Body)), &body) == nil {
				for _, r := range body.Records {
					rec := S3EventRecord{EventName: r.EventName, Bucket: r.S3.Bucket.Name, Key: r.S3.Object.Key}
					if d, err := url.QueryUnescape(r.S3.Object.Key); err == nil {
						rec.DecodedKey = d
					}
					out = append(out, rec)
				}
			}
			_, _ = q.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.URL), ReceiptHandle: m.ReceiptHandle})
		}
		if until != nil && until(out) {
			break
		}
	}
	return out, nil
}
