package uploadbucket_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// TestAccUploadBucket_pipelineBadInput: notifications, quarantine and
// scan_gate configurations S3 would refuse (or that cannot work) are
// plan-time errors naming the attribute path; overlapping destinations
// are refused before anything reaches S3 (kumo and S3 would answer
// "overlapping filter rules for the same event type"). Values unknown
// until apply are not flagged, and the planned values carry what the
// guardrails read (FS018-FS020).
func TestAccUploadBucket_pipelineBadInput(t *testing.T) {
	const q1 = "arn:aws:sqs:us-east-1:111122223333:scan"
	const q2 = "arn:aws:sqs:us-east-1:111122223333:thumbs"
	named := func(body string) string {
		return acctest.ProviderBlock() + "resource \"filestore_upload_bucket\" \"test\" {\n  bucket = \"tf-acc-bad-pipeline\"\n" + body + "\n}\n"
	}
	cases := []struct {
		config string
		want   string
	}{
		{named(`  notifications = { queues = [
    { arn = "` + q1 + `", events = ["s3:ObjectCreated:*"], prefix = "quarantine/" },
    { arn = "` + q2 + `", events = ["s3:ObjectCreated:Put"], prefix = "quarantine/images/" },
  ] }`), `notifications.queues[1]: notifications.queues[0] and notifications.queues[1] both receive s3:ObjectCreated:* / s3:ObjectCreated:Put`},
		{named(`  notifications = {
    queues = [{ arn = "` + q1 + `", events = ["s3:ObjectRemoved:*"], suffix = ".jpg" }]
    topics = [{ arn = "arn:aws:sns:us-east-1:111122223333:t", events = ["s3:ObjectRemoved:Delete"], prefix = "images/" }]
  }`), `notifications.topics[0]: notifications.queues[0] and notifications.topics[0] both receive s3:ObjectRemoved:* / s3:ObjectRemoved:Delete`},
		{named(`  notifications = { queues = [{ arn = "arn:aws:sns:us-east-1:111122223333:t", events = ["s3:ObjectCreated:*"] }] }`),
			`notifications.queues[0].arn: "arn:aws:sns:us-east-1:111122223333:t" is an SNS topic ARN, not an SQS queue; move it to notifications.topics.`},
		{named(`  notifications = { functions = [{ arn = "arn:aws:lambda:us-east-1:111122223333:thumbnail", events = ["s3:ObjectCreated:*"] }] }`),
			`notifications.functions[0].arn: "arn:aws:lambda:us-east-1:111122223333:thumbnail" is not a Lambda function ARN`},
		{named(`  notifications = { queues = [{ arn = "` + q1 + `.fifo", events = ["s3:ObjectCreated:*"] }] }`),
			`S3 event notifications cannot be sent to FIFO queues or topics`},
		{named(`  notifications = { queues = [{ arn = "` + q1 + `", events = ["s3:ObjectCreated"] }] }`),
			`notifications.queues[0].events[0]: "s3:ObjectCreated" is not an S3 event name.`},
		{named(`  notifications = { queues = [{ arn = "` + q1 + `", events = ["s3:objectcreated:*"] }] }`),
			`did you mean "s3:ObjectCreated:*"?`},
		{named(`  notifications = { queues = [{ arn = "` + q1 + `", events = [] }] }`), `notifications.queues[0].events: list at least one event`},
		{named(`  quarantine = { prefix = "" }`), `quarantine.prefix: an empty prefix quarantines the whole bucket`},
		{named(`  quarantine = { prefix = "q/*" }`), `quarantine.prefix: "q/*" contains`},
		{named(`  quarantine = { prefix = "q/", reader_principal_arns = ["scanner"] }`), `quarantine.reader_principal_arns[0]: "scanner" is not an IAM principal ARN`},
		{named(`  quarantine = { prefix = "q/", expiration_days = -1 }`), `quarantine.expiration_days: -1 is negative`},
		{named(`  quarantine = { prefix = "quarantine/" }
  lifecycle_tiers = [{ transitions = [{ days = 30, storage_class = "STANDARD_IA" }] }]`),
			`lifecycle_tiers[0].transitions: the tier for prefix "" transitions objects under quarantine.prefix "quarantine/"`},
		{named(`  quarantine = { prefix = "quarantine/" }
  versioning = true
  lifecycle_tiers = [{ prefix = "quarantine/", noncurrent_transitions = [{ days = 30, storage_class = "GLACIER" }] }]`),
			`lifecycle_tiers[0].noncurrent_transitions: the tier for prefix "quarantine/" transitions noncurrent versions under quarantine.prefix`},
		{named(`  quarantine = { prefix = "quarantine/" }
  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "DenyReadsInQuarantine", Effect = "Deny",
    Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::tf-acc-bad-pipeline/*" }] })`),
			`policy_statements: statement 0 (Sid "DenyReadsInQuarantine"): the provider generates a statement with this Sid`},
		{named(`  policy_statements = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "DenyScanTagExceptScanner", Effect = "Deny",
    Principal = "*", Action = "s3:PutObjectTagging", Resource = "arn:aws:s3:::tf-acc-bad-pipeline/*" }] })`),
			`policy_statements: statement 0 (Sid "DenyScanTagExceptScanner"): the provider generates a statement with this Sid`},
		{named(`  scan_gate = { prefixes = [] }`), `scan_gate.prefixes: an empty list gates nothing`},
		{named(`  scan_gate = { tag_key = "scan#status" }`), `scan_gate.tag_key: "scan#status" is not an S3 object tag key`},
		{named(`  scan_gate = { exempt_principal_arns = ["*"] }`), `scan_gate.exempt_principal_arns[0]: "*" matches every principal`},
	}
	// The quarantine's expiration rule is a lifecycle configuration that can
	// hold transition_default_minimum_object_size; without it (and with no
	// abort rule: FS007 off) there is none.
	noAbortRule := func(quarantine string) string {
		return `provider "filestore" {
  policy = { overrides = { FS007 = "off" } }
}
resource "filestore_upload_bucket" "test" {
  bucket                                 = "tf-acc-bad-pipeline"
  quarantine                             = ` + quarantine + `
  abort_incomplete_multipart_days        = 0
  transition_default_minimum_object_size = "varies_by_storage_class"
}
`
	}
	cases = append(cases, struct {
		config string
		want   string
	}{noAbortRule(`{ prefix = "quarantine/", expiration_days = 0 }`),
		`no quarantine expiration). Add a lifecycle tier or remove the setting.`})
	var steps []resource.TestStep
	steps = append(steps, resource.TestStep{
		Config:             noAbortRule(`{ prefix = "quarantine/" }`),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: errMatch(c.want)})
	}
	// A quarantine reader the gate does not exempt is a warning, not an
	// error; the planned values hold every fact the guardrails read, with
	// the defaults filled in.
	steps = append(steps, resource.TestStep{
		Config: named(`  quarantine = { prefix = "quarantine/", reader_principal_arns = ["arn:aws:iam::111122223333:role/scanner"] }
  scan_gate  = {}
  notifications = {
    eventbridge = true
    queues      = [{ arn = "` + q1 + `", events = ["s3:ObjectCreated:*"], prefix = "quarantine/" }]
  }`),
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("quarantine").AtMapKey("prefix"), knownvalue.StringExact("quarantine/")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("quarantine").AtMapKey("expiration_days"), knownvalue.Int64Exact(7)),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("scan_gate").AtMapKey("prefixes"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("")})),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("scan_gate").AtMapKey("tag_key"), knownvalue.StringExact("GuardDutyMalwareScanStatus")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("scan_gate").AtMapKey("clean_value"), knownvalue.StringExact("NO_THREATS_FOUND")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("notifications").AtMapKey("eventbridge"), knownvalue.Bool(true)),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("notifications").AtMapKey("queues").AtSliceIndex(0).AtMapKey("suffix"), knownvalue.StringExact("")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("policy_json"), knownvalue.StringRegexp(regexp.MustCompile(`DenyReadsInQuarantine.*DenyReadsUntilScannedClean.*DenyScanTagExceptScanner`))),
		}},
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	// Unknown until apply: ARNs, prefixes and events computed from another
	// resource are not validated at plan time.
	steps = append(steps, resource.TestStep{
		Config: acctest.ProviderBlock() + `
resource "filestore_upload_bucket" "other" {
  bucket_prefix = "tf-acc-other-"
}
resource "filestore_upload_bucket" "test" {
  bucket = "tf-acc-unknown-pipeline"
  notifications = { queues = [
    { arn = "arn:aws:sqs:us-east-1:111122223333:${filestore_upload_bucket.other.id}", events = ["s3:ObjectCreated:*"] },
    { arn = "` + q2 + `", events = ["s3:ObjectCreated:*"], prefix = filestore_upload_bucket.other.id },
  ] }
  quarantine = { prefix = "${filestore_upload_bucket.other.id}/", reader_principal_arns = [filestore_upload_bucket.other.arn] }
  lifecycle_tiers = [{ transitions = [{ days = 30, storage_class = "STANDARD_IA" }], prefix = filestore_upload_bucket.other.id }]
  scan_gate  = { prefixes = [filestore_upload_bucket.other.id] }
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("policy_json")),
		}},
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps:                    steps,
	})
}
