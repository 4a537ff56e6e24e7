package bucketconfig

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func dest(arn string, events []string, prefix, suffix string) NotificationDestination {
	return NotificationDestination{ARN: aws.String(arn), Events: events, Prefix: aws.String(prefix), Suffix: aws.String(suffix)}
}

const (
	testQueue    = "arn:aws:sqs:us-east-1:111122223333:scan"
	testQueue2   = "arn:aws:sqs:us-east-1:111122223333:thumbs"
	testTopic    = "arn:aws:sns:eu-west-1:111122223333:uploads"
	testFunction = "arn:aws:lambda:us-east-1:111122223333:function:thumbnail"
)

func errPaths(errs []FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Path.String())
	}
	return out
}

func TestNotificationEventsIsTheS3List(t *testing.T) {
	ev := NotificationEvents()
	// The event types the S3 User Guide lists for SQS / SNS / Lambda
	// destinations ("Supported event types"), every one of them.
	for _, want := range []string{
		"s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
		"s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
		"s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
		"s3:ReducedRedundancyLostObject",
		"s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold",
		"s3:Replication:OperationReplicatedAfterThreshold", "s3:Replication:OperationNotTracked",
		"s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
		"s3:LifecycleTransition", "s3:IntelligentTiering",
		"s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
		"s3:ObjectAcl:Put",
	} {
		if !slices.Contains(ev, want) {
			t.Errorf("%s missing from NotificationEvents()", want)
		}
	}
	if !slices.IsSorted(ev) {
		t.Error("not sorted")
	}
}

func TestValidateNotificationsARNs(t *testing.T) {
	ok := []string{"s3:ObjectCreated:*"}
	for _, tc := range []struct {
		name   string
		n      Notifications
		want   string // substring of the only error's detail; "" means valid
		wantAt string
	}{
		{"valid queue", Notifications{Queues: []NotificationDestination{dest(testQueue, ok, "", "")}}, "", ""},
		{"valid topic govcloud", Notifications{Topics: []NotificationDestination{dest("arn:aws-us-gov:sns:us-gov-west-1:111122223333:t", ok, "", "")}}, "", ""},
		{"valid function", Notifications{Functions: []NotificationDestination{dest(testFunction, ok, "", "")}}, "", ""},
		{"valid function alias", Notifications{Functions: []NotificationDestination{dest(testFunction+":live", ok, "", "")}}, "", ""},
		{"valid function $LATEST", Notifications{Functions: []NotificationDestination{dest(testFunction+":$LATEST", ok, "", "")}}, "", ""},
		{"topic in queues", Notifications{Queues: []NotificationDestination{dest(testTopic, ok, "", "")}}, "move it to notifications.topics", "notifications.queues[0].arn"},
		{"queue in functions", Notifications{Functions: []NotificationDestination{dest(testQueue, ok, "", "")}}, "move it to notifications.queues", "notifications.functions[0].arn"},
		{"other service", Notifications{Queues: []NotificationDestination{dest("arn:aws:kinesis:us-east-1:111122223333:stream/x", ok, "", "")}}, `"kinesis" service`, "notifications.queues[0].arn"},
		{"short account", Notifications{Queues: []NotificationDestination{dest("arn:aws:sqs:us-east-1:1111:scan", ok, "", "")}}, "is not an SQS queue ARN", "notifications.queues[0].arn"},
		{"no region", Notifications{Topics: []NotificationDestination{dest("arn:aws:sns::111122223333:t", ok, "", "")}}, "is not an SNS topic ARN", "notifications.topics[0].arn"},
		{"not an arn", Notifications{Queues: []NotificationDestination{dest("https://sqs.us-east-1.amazonaws.com/111122223333/scan", ok, "", "")}}, "is not an SQS queue ARN", "notifications.queues[0].arn"},
		{"fifo queue", Notifications{Queues: []NotificationDestination{dest(testQueue+".fifo", ok, "", "")}}, "FIFO", "notifications.queues[0].arn"},
		{"fifo topic", Notifications{Topics: []NotificationDestination{dest(testTopic+".fifo", ok, "", "")}}, "FIFO", "notifications.topics[0].arn"},
		{"function without function:", Notifications{Functions: []NotificationDestination{dest("arn:aws:lambda:us-east-1:111122223333:thumbnail", ok, "", "")}}, "is not a Lambda function ARN", "notifications.functions[0].arn"},
		{"queue name too long", Notifications{Queues: []NotificationDestination{dest("arn:aws:sqs:us-east-1:111122223333:"+strings.Repeat("q", 81), ok, "", "")}}, "is not an SQS queue ARN", "notifications.queues[0].arn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := ValidateNotifications(tc.n, Path{"notifications"})
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Detail, tc.want) || errs[0].Path.String() != tc.wantAt {
				t.Fatalf("errors = %v; want one at %s containing %q", errs, tc.wantAt, tc.want)
			}
		})
	}
}

func TestValidateNotificationsEvents(t *testing.T) {
	n := Notifications{Queues: []NotificationDestination{
		dest(testQueue, []string{"s3:ObjectCreated:*", "s3:objectcreated:put", "s3:ObjectUploaded"}, "a/", ""),
		dest(testQueue2, nil, "b/", ""),
	}}
	errs := ValidateNotifications(n, Path{"notifications"})
	got := errPaths(errs)
	want := []string{"notifications.queues[0].events[1]", "notifications.queues[0].events[2]", "notifications.queues[1].events"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("paths = %v, want %v (%v)", got, want, errs)
	}
	if !strings.Contains(errs[0].Detail, `did you mean "s3:ObjectCreated:Put"`) {
		t.Errorf("case hint missing: %s", errs[0].Detail)
	}
	if !strings.Contains(errs[1].Detail, "s3:ObjectTagging:Put") {
		t.Errorf("the accepted list is missing: %s", errs[1].Detail)
	}
	// Unknown events (not yet known at plan time) are never reported.
	n = Notifications{Queues: []NotificationDestination{{ARN: aws.String(testQueue), EventsUnknown: true, Prefix: aws.String(""), Suffix: aws.String("")}}}
	if errs := ValidateNotifications(n, Path{"notifications"}); len(errs) > 0 {
		t.Fatal(errs)
	}
}

func TestValidateNotificationsOverlap(t *testing.T) {
	created := []string{"s3:ObjectCreated:*"}
	put := []string{"s3:ObjectCreated:Put"}
	removed := []string{"s3:ObjectRemoved:*"}
	for _, tc := range []struct {
		name string
		a, b NotificationDestination
		kb   DestinationKind // kind of b; a is a queue
		over bool
	}{
		{"same event, same prefix", dest(testQueue, created, "q/", ""), dest(testQueue2, created, "q/", ""), KindQueues, true},
		{"wildcard vs specific", dest(testQueue, created, "q/", ""), dest(testQueue2, put, "q/", ""), KindQueues, true},
		{"specific vs wildcard", dest(testQueue, put, "", ""), dest(testTopic, created, "", ""), KindTopics, true},
		{"nested prefixes", dest(testQueue, created, "q/", ""), dest(testFunction, created, "q/images/", ""), KindFunctions, true},
		{"empty prefix covers all", dest(testQueue, created, "", ""), dest(testQueue2, created, "q/", ""), KindQueues, true},
		{"prefix vs suffix", dest(testQueue, created, "images/", ""), dest(testQueue2, created, "", ".jpg"), KindQueues, true},
		{"nested suffixes", dest(testQueue, created, "", ".jpg"), dest(testQueue2, created, "", "thumb.jpg"), KindQueues, true},
		{"same destination twice", dest(testQueue, created, "a/", ""), dest(testQueue, put, "a/", ""), KindQueues, true},
		{"disjoint prefixes", dest(testQueue, created, "q/", ""), dest(testQueue2, created, "derived/", ""), KindQueues, false},
		{"disjoint suffixes", dest(testQueue, created, "q/", ".jpg"), dest(testQueue2, created, "q/", ".png"), KindQueues, false},
		{"different event types", dest(testQueue, created, "q/", ""), dest(testQueue2, removed, "q/", ""), KindQueues, false},
		{"different families", dest(testQueue, []string{"s3:ObjectRestore:*"}, "", ""), dest(testQueue2, []string{"s3:ObjectRemoved:Delete"}, "", ""), KindQueues, false},
		{"specific vs specific", dest(testQueue, put, "", ""), dest(testQueue2, []string{"s3:ObjectCreated:Post"}, "", ""), KindQueues, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := Notifications{Queues: []NotificationDestination{tc.a}}
			switch tc.kb {
			case KindQueues:
				n.Queues = append(n.Queues, tc.b)
			case KindTopics:
				n.Topics = []NotificationDestination{tc.b}
			case KindFunctions:
				n.Functions = []NotificationDestination{tc.b}
			}
			errs := ValidateNotifications(n, Path{"notifications"})
			if !tc.over {
				if len(errs) > 0 {
					t.Fatalf("unexpected: %v", errs)
				}
				return
			}
			if len(errs) != 1 || errs[0].Summary != "Overlapping notification destinations" {
				t.Fatalf("errors = %v, want one overlap", errs)
			}
			idx := 0
			if tc.kb == KindQueues {
				idx = 1
			}
			wantPath := Path{"notifications", string(tc.kb), idx}.String()
			if errs[0].Path.String() != wantPath || !strings.Contains(errs[0].Detail, "notifications.queues[0]") {
				t.Fatalf("error %v: want it on %s naming notifications.queues[0]", errs[0], wantPath)
			}
		})
	}
	// An unknown prefix is never an overlap.
	n := Notifications{Queues: []NotificationDestination{dest(testQueue, created, "", ""), {ARN: aws.String(testQueue2), Events: created, Suffix: aws.String("")}}}
	if errs := ValidateNotifications(n, Path{"notifications"}); len(errs) > 0 {
		t.Fatal(errs)
	}
	// Three destinations overlapping: each later one is reported once.
	n = Notifications{Queues: []NotificationDestination{dest(testQueue, created, "", ""), dest(testQueue2, created, "", ""), dest(testQueue, put, "", "")}}
	if got := errPaths(ValidateNotifications(n, Path{"notifications"})); !reflect.DeepEqual(got, []string{"notifications.queues[1]", "notifications.queues[2]"}) {
		t.Fatal(got)
	}
}

func TestNotificationsAPIRoundTrip(t *testing.T) {
	n := Notifications{
		EventBridge: true,
		Queues:      []NotificationDestination{dest(testQueue, []string{"s3:ObjectCreated:*"}, "quarantine/", "")},
		Topics:      []NotificationDestination{dest(testTopic, []string{"s3:ObjectRemoved:*", "s3:ObjectRestore:*"}, "", ".jpg")},
		Functions:   []NotificationDestination{dest(testFunction, []string{"s3:ObjectCreated:Put"}, "images/", ".png")},
	}
	c := NotificationsToAPI(n)
	if c.EventBridgeConfiguration == nil || len(c.QueueConfigurations) != 1 || len(c.TopicConfigurations) != 1 || len(c.LambdaFunctionConfigurations) != 1 {
		t.Fatalf("%+v", c)
	}
	q := c.QueueConfigurations[0]
	if aws.ToString(q.QueueArn) != testQueue || len(q.Filter.Key.FilterRules) != 1 || q.Filter.Key.FilterRules[0].Name != s3types.FilterRuleNamePrefix {
		t.Fatalf("queue %+v", q)
	}
	if f := c.LambdaFunctionConfigurations[0].Filter.Key.FilterRules; len(f) != 2 {
		t.Fatalf("function filter %+v", f)
	}
	back := NotificationsFromAPI(*c)
	if !reflect.DeepEqual(back, n) {
		t.Fatalf("round trip:\n%+v\n%+v", back, n)
	}

	// Empty: a configuration that removes everything.
	empty := NotificationsToAPI(Notifications{})
	if !reflect.DeepEqual(*empty, s3types.NotificationConfiguration{}) {
		t.Fatalf("%+v", empty)
	}
	if !(Notifications{}).Empty() || n.Empty() {
		t.Fatal("Empty")
	}

	// Servers answer filter rule names in any case ("Prefix", "prefix").
	lower := s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{
		QueueArn: aws.String(testQueue), Events: []s3types.Event{"s3:ObjectCreated:*"},
		Filter: &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{{Name: "prefix", Value: aws.String("q/")}}}},
	}}}
	if got := NotificationsFromAPI(lower).Queues[0]; aws.ToString(got.Prefix) != "q/" || aws.ToString(got.Suffix) != "" {
		t.Fatalf("%+v", got)
	}
}

func TestNotificationsEquivalent(t *testing.T) {
	a := Notifications{Queues: []NotificationDestination{
		dest(testQueue, []string{"s3:ObjectCreated:Put", "s3:ObjectCreated:Post"}, "q/", ""),
		dest(testQueue2, []string{"s3:ObjectRemoved:*"}, "", ""),
	}}
	reordered := Notifications{Queues: []NotificationDestination{
		dest(testQueue2, []string{"s3:ObjectRemoved:*"}, "", ""),
		dest(testQueue, []string{"s3:ObjectCreated:Post", "s3:ObjectCreated:Put"}, "q/", ""),
	}}
	if !NotificationsEquivalent(a, reordered) {
		t.Fatal("order must not matter")
	}
	for name, b := range map[string]Notifications{
		"eventbridge":         {EventBridge: true, Queues: a.Queues},
		"out-of-band queue":   {Queues: append(slices.Clone(a.Queues), dest("arn:aws:sqs:us-east-1:111122223333:extra", []string{"s3:ObjectCreated:*"}, "x/", ""))},
		"as a topic":          {Queues: a.Queues[:1], Topics: a.Queues[1:]},
		"other prefix":        {Queues: []NotificationDestination{dest(testQueue, []string{"s3:ObjectCreated:Put", "s3:ObjectCreated:Post"}, "r/", ""), a.Queues[1]}},
		"one event less":      {Queues: []NotificationDestination{dest(testQueue, []string{"s3:ObjectCreated:Put"}, "q/", ""), a.Queues[1]}},
		"destination removed": {Queues: a.Queues[:1]},
	} {
		if NotificationsEquivalent(a, b) {
			t.Errorf("%s: reported equivalent", name)
		}
	}
}
