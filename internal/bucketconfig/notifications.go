package bucketconfig

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// DestinationKind is one list under notifications: the attribute name, and
// the AWS service its ARNs name.
type DestinationKind string

// Notification destination kinds, in the order S3's configuration lists them.
const (
	KindQueues    DestinationKind = "queues"
	KindTopics    DestinationKind = "topics"
	KindFunctions DestinationKind = "functions"
)

// DestinationKinds lists every kind, in a stable order.
func DestinationKinds() []DestinationKind {
	return []DestinationKind{KindQueues, KindTopics, KindFunctions}
}

// MaxKeyFilterLength is the longest prefix or suffix filter that can match
// an object key (S3 keys are at most 1,024 bytes).
const MaxKeyFilterLength = 1024

// NotificationDestination is one element of notifications.queues / topics /
// functions. Nil pointers are unknown until apply; EventsUnknown marks an
// events list holding an unknown element (or unknown as a whole).
type NotificationDestination struct {
	ARN           *string
	Events        []string
	EventsUnknown bool
	Prefix        *string
	Suffix        *string
}

// Notifications is the bucket's whole notification configuration.
type Notifications struct {
	EventBridge bool
	Queues      []NotificationDestination
	Topics      []NotificationDestination
	Functions   []NotificationDestination
}

// Destinations returns the list of one kind.
func (n Notifications) Destinations(k DestinationKind) []NotificationDestination {
	switch k {
	case KindQueues:
		return n.Queues
	case KindTopics:
		return n.Topics
	case KindFunctions:
		return n.Functions
	}
	return nil
}

// Empty reports whether n configures nothing (no destination, no
// EventBridge): the bucket then has an empty notification configuration.
func (n Notifications) Empty() bool {
	return !n.EventBridge && len(n.Queues) == 0 && len(n.Topics) == 0 && len(n.Functions) == 0
}

// NotificationEvents lists the event names S3 accepts in a notification
// configuration: the S3 API model's Event enumeration, as the SDK carries it
// (the list in the S3 User Guide, "Supported event types", plus what the API
// added since).
func NotificationEvents() []string {
	vals := s3types.Event("").Values()
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		out = append(out, string(v))
	}
	sort.Strings(out)
	return out
}

func isNotificationEvent(e string) bool {
	return slices.Contains(NotificationEvents(), e)
}

// eventsOverlap reports whether two event names select a common event:
// equal names, or a wildcard ("s3:ObjectCreated:*") and a name of its family
// ("s3:ObjectCreated:Put").
func eventsOverlap(a, b string) bool {
	if a == b {
		return true
	}
	covers := func(wild, e string) bool {
		return strings.HasSuffix(wild, ":*") && strings.HasPrefix(e, strings.TrimSuffix(wild, "*"))
	}
	return covers(a, b) || covers(b, a)
}

// keyFiltersOverlap reports whether some object key matches both filters:
// one prefix starts the other and one suffix ends the other ("" matches every
// key).
func keyFiltersOverlap(p1, s1, p2, s2 string) bool {
	prefixes := strings.HasPrefix(p1, p2) || strings.HasPrefix(p2, p1)
	suffixes := strings.HasSuffix(s1, s2) || strings.HasSuffix(s2, s1)
	return prefixes && suffixes
}

// ARN shapes of each destination kind. Partitions: aws, aws-cn, aws-us-gov,
// aws-iso, ...; account ids have 12 digits.
var (
	arnPartition = `aws(?:-[a-z0-9]+)*`
	arnRegion    = `[a-z]{2}(?:-[a-z0-9]+)+-[0-9]+`
	queueARN     = regexp.MustCompile(`^arn:` + arnPartition + `:sqs:` + arnRegion + `:[0-9]{12}:([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$`)
	topicARN     = regexp.MustCompile(`^arn:` + arnPartition + `:sns:` + arnRegion + `:[0-9]{12}:([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$`)
	functionARN  = regexp.MustCompile(`^arn:` + arnPartition + `:lambda:` + arnRegion + `:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$`)
	anyARN       = regexp.MustCompile(`^arn:[^:]+:([^:]+):`)
)

// kindInfo is what messages say about each kind.
type kindInfo struct {
	service string // the ARN's service part
	what    string // "an SQS queue"
	form    string // the expected form
	example string
	re      *regexp.Regexp
}

func (k DestinationKind) info() kindInfo {
	switch k {
	case KindQueues:
		return kindInfo{"sqs", "an SQS queue", "arn:<partition>:sqs:<region>:<account-id>:<queue-name>",
			"arn:aws:sqs:us-east-1:111122223333:uploads-scan", queueARN}
	case KindTopics:
		return kindInfo{"sns", "an SNS topic", "arn:<partition>:sns:<region>:<account-id>:<topic-name>",
			"arn:aws:sns:us-east-1:111122223333:uploads", topicARN}
	default:
		return kindInfo{"lambda", "a Lambda function", "arn:<partition>:lambda:<region>:<account-id>:function:<name>[:<version-or-alias>]",
			"arn:aws:lambda:us-east-1:111122223333:function:thumbnail", functionARN}
	}
}

func kindOfService(service string) (DestinationKind, bool) {
	for _, k := range DestinationKinds() {
		if k.info().service == service {
			return k, true
		}
	}
	return "", false
}

// validateDestinationARN checks one ARN against its kind.
func validateDestinationARN(k DestinationKind, arn string, p Path) []FieldError {
	info := k.info()
	const summary = "Invalid notification destination ARN"
	if m := anyARN.FindStringSubmatch(arn); m != nil && m[1] != info.service {
		if other, ok := kindOfService(m[1]); ok {
			return []FieldError{fieldErr(p, summary, "%s: %q is %s ARN, not %s; move it to notifications.%s.",
				p, arn, other.info().what, info.what, other)}
		}
		return []FieldError{fieldErr(p, summary, "%s: %q is an ARN of the %q service; S3 notifies only SQS queues, SNS topics and Lambda functions (or EventBridge: set notifications.eventbridge = true).",
			p, arn, m[1])}
	}
	m := info.re.FindStringSubmatch(arn)
	if m == nil {
		return []FieldError{fieldErr(p, summary, "%s: %q is not %s ARN; expected %s, for example %q.", p, arn, info.what, info.form, info.example)}
	}
	if k != KindFunctions && strings.HasSuffix(m[1], ".fifo") {
		return []FieldError{fieldErr(p, summary, "%s: %q is a FIFO %s; S3 event notifications cannot be sent to FIFO queues or topics. Use a standard one.",
			p, arn, strings.TrimPrefix(strings.TrimPrefix(info.what, "an "), "a "))}
	}
	return nil
}

// destRef is one destination with its place in the configuration.
type destRef struct {
	kind DestinationKind
	idx  int
	d    NotificationDestination
	path Path
}

func (r destRef) name() string { return fmt.Sprintf("notifications.%s[%d]", r.kind, r.idx) }

// ValidateNotifications checks what S3 would refuse: ARNs of the wrong form
// or service (and FIFO queues / topics, which S3 cannot notify), unknown or
// missing event names, filters longer than a key, and two destinations that
// share an event type with overlapping prefix / suffix filters (S3: "Configurations
// overlap. Configurations on the same bucket cannot share a common event
// type."). p is the path of notifications.
func ValidateNotifications(n Notifications, p Path) []FieldError {
	var errs []FieldError
	var all []destRef
	for _, k := range DestinationKinds() {
		for i, d := range n.Destinations(k) {
			dp := p.At(string(k), i)
			all = append(all, destRef{kind: k, idx: i, d: d, path: dp})
			if d.ARN != nil {
				errs = append(errs, validateDestinationARN(k, *d.ARN, dp.At("arn"))...)
			}
			if !d.EventsUnknown {
				if len(d.Events) == 0 {
					errs = append(errs, fieldErr(dp.At("events"), "Notification without events",
						"%s: list at least one event, for example \"s3:ObjectCreated:*\".", dp.At("events")))
				}
				for j, e := range d.Events {
					if !isNotificationEvent(e) {
						errs = append(errs, unknownEventError(e, dp.At("events", j)))
					}
				}
			}
			for _, f := range []struct {
				name string
				v    *string
			}{{"prefix", d.Prefix}, {"suffix", d.Suffix}} {
				if f.v != nil && len(*f.v) > MaxKeyFilterLength {
					errs = append(errs, fieldErr(dp.At(f.name), "Notification filter too long",
						"%s is %d bytes; object keys are at most %d bytes, so it can match nothing.", dp.At(f.name), len(*f.v), MaxKeyFilterLength))
				}
			}
		}
	}
	for j := range all {
		for i := 0; i < j; i++ {
			if e := overlapError(all[i], all[j]); e != nil {
				errs = append(errs, *e)
				break
			}
		}
	}
	return errs
}

func unknownEventError(e string, p Path) FieldError {
	for _, known := range NotificationEvents() {
		if strings.EqualFold(known, e) {
			return fieldErr(p, "Unknown notification event", "%s: %q is not an S3 event name; event names are case-sensitive: did you mean %q?", p, e, known)
		}
	}
	return fieldErr(p, "Unknown notification event", "%s: %q is not an S3 event name. S3 accepts: %s.", p, e, strings.Join(NotificationEvents(), ", "))
}

// overlapError reports b overlapping a (a is listed first), or nil. Values
// unknown until apply never overlap.
func overlapError(a, b destRef) *FieldError {
	if a.d.EventsUnknown || b.d.EventsUnknown || a.d.Prefix == nil || b.d.Prefix == nil || a.d.Suffix == nil || b.d.Suffix == nil {
		return nil
	}
	if !keyFiltersOverlap(*a.d.Prefix, *a.d.Suffix, *b.d.Prefix, *b.d.Suffix) {
		return nil
	}
	for _, ea := range a.d.Events {
		for _, eb := range b.d.Events {
			if !eventsOverlap(ea, eb) {
				continue
			}
			shared := ea
			if ea != eb {
				shared = ea + " / " + eb
			}
			e := fieldErr(b.path, "Overlapping notification destinations",
				"%s: %s and %s both receive %s for keys matching prefix %q / suffix %q and prefix %q / suffix %q; S3 refuses overlapping filter rules for the same event type. "+
					"Give them disjoint prefixes or suffixes, split the events, or deliver to one SNS topic (or EventBridge) and fan out from there.",
				b.path, a.name(), b.name(), shared, *a.d.Prefix, *a.d.Suffix, *b.d.Prefix, *b.d.Suffix)
			return &e
		}
	}
	return nil
}

// --- S3 API conversion ---

func keyFilterToAPI(prefix, suffix string) *s3types.NotificationConfigurationFilter {
	var rules []s3types.FilterRule
	if prefix != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNamePrefix, Value: aws.String(prefix)})
	}
	if suffix != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNameSuffix, Value: aws.String(suffix)})
	}
	if len(rules) == 0 {
		return nil
	}
	return &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: rules}}
}

func keyFilterFromAPI(f *s3types.NotificationConfigurationFilter) (prefix, suffix string) {
	if f == nil || f.Key == nil {
		return "", ""
	}
	for _, r := range f.Key.FilterRules {
		switch {
		case strings.EqualFold(string(r.Name), string(s3types.FilterRuleNamePrefix)):
			prefix = aws.ToString(r.Value)
		case strings.EqualFold(string(r.Name), string(s3types.FilterRuleNameSuffix)):
			suffix = aws.ToString(r.Value)
		}
	}
	return prefix, suffix
}

func eventsToAPI(events []string) []s3types.Event {
	out := make([]s3types.Event, len(events))
	for i, e := range events {
		out[i] = s3types.Event(e)
	}
	return out
}

func eventsFromAPI(events []s3types.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e)
	}
	return out
}

// NotificationsToAPI converts n (every value known) to the configuration
// PutBucketNotificationConfiguration writes. An empty configuration removes
// every destination (S3 has no delete call for it).
func NotificationsToAPI(n Notifications) *s3types.NotificationConfiguration {
	c := &s3types.NotificationConfiguration{}
	if n.EventBridge {
		c.EventBridgeConfiguration = &s3types.EventBridgeConfiguration{}
	}
	for _, d := range n.Queues {
		c.QueueConfigurations = append(c.QueueConfigurations, s3types.QueueConfiguration{
			QueueArn: d.ARN, Events: eventsToAPI(d.Events), Filter: keyFilterToAPI(aws.ToString(d.Prefix), aws.ToString(d.Suffix)),
		})
	}
	for _, d := range n.Topics {
		c.TopicConfigurations = append(c.TopicConfigurations, s3types.TopicConfiguration{
			TopicArn: d.ARN, Events: eventsToAPI(d.Events), Filter: keyFilterToAPI(aws.ToString(d.Prefix), aws.ToString(d.Suffix)),
		})
	}
	for _, d := range n.Functions {
		c.LambdaFunctionConfigurations = append(c.LambdaFunctionConfigurations, s3types.LambdaFunctionConfiguration{
			LambdaFunctionArn: d.ARN, Events: eventsToAPI(d.Events), Filter: keyFilterToAPI(aws.ToString(d.Prefix), aws.ToString(d.Suffix)),
		})
	}
	return c
}

func destination(arn *string, events []s3types.Event, f *s3types.NotificationConfigurationFilter) NotificationDestination {
	prefix, suffix := keyFilterFromAPI(f)
	return NotificationDestination{ARN: aws.String(aws.ToString(arn)), Events: eventsFromAPI(events), Prefix: &prefix, Suffix: &suffix}
}

// NotificationsFromAPI reads GetBucketNotificationConfiguration's answer
// back, in the server's order.
func NotificationsFromAPI(c s3types.NotificationConfiguration) Notifications {
	n := Notifications{EventBridge: c.EventBridgeConfiguration != nil}
	for _, q := range c.QueueConfigurations {
		n.Queues = append(n.Queues, destination(q.QueueArn, q.Events, q.Filter))
	}
	for _, t := range c.TopicConfigurations {
		n.Topics = append(n.Topics, destination(t.TopicArn, t.Events, t.Filter))
	}
	for _, f := range c.LambdaFunctionConfigurations {
		n.Functions = append(n.Functions, destination(f.LambdaFunctionArn, f.Events, f.Filter))
	}
	return n
}

// destinationKey is a destination reduced to what it means (events as a
// sorted set).
func destinationKey(d NotificationDestination) string {
	ev := append([]string(nil), d.Events...)
	sort.Strings(ev)
	ev = slices.Compact(ev)
	return aws.ToString(d.ARN) + "\x00" + strings.Join(ev, ",") + "\x00" + aws.ToString(d.Prefix) + "\x00" + aws.ToString(d.Suffix)
}

// NotificationsEquivalent reports whether two configurations deliver the same
// events to the same destinations, whatever the order of the lists and of
// the events in each (servers need not keep either).
func NotificationsEquivalent(a, b Notifications) bool {
	if a.EventBridge != b.EventBridge {
		return false
	}
	for _, k := range DestinationKinds() {
		ka, kb := destinationKeys(a.Destinations(k)), destinationKeys(b.Destinations(k))
		if !slices.Equal(ka, kb) {
			return false
		}
	}
	return true
}

func destinationKeys(ds []NotificationDestination) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = destinationKey(d)
	}
	sort.Strings(out)
	return out
}
