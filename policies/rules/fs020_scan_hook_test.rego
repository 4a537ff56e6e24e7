package filestore_test.rules.fs020_scan_hook

import data.filestore.lib.findings
import data.filestore.rules.fs020_scan_hook as rule
import data.filestore.test.helpers as h

_quarantine := {"prefix": "quarantine/", "reader_principal_arns": [], "expiration_days": 7}

_queue(events, prefix, suffix) := {"arn": "arn:aws:sqs:us-east-1:111122223333:scan", "events": events, "prefix": prefix, "suffix": suffix}

_notifications(queues) := {"eventbridge": false, "queues": queues, "topics": [], "functions": []}

_bucket(overrides) := h.change("filestore_upload_bucket", "b", h.bucket(object.union({"quarantine": _quarantine}, overrides)))

test_no_hook_denied if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b quarantine.prefix"} with input as h.plan([_bucket({})])
}

test_queue_on_the_prefix_passes if {
	b := _bucket({"notifications": _notifications([_queue(["s3:ObjectCreated:*"], "quarantine/", "")])})
	count(rule.violations) == 0 with input as h.plan([b])
}

test_queue_on_the_whole_bucket_passes if {
	b := _bucket({"notifications": _notifications([_queue(["s3:ObjectCreated:*"], null, null)])})
	count(rule.violations) == 0 with input as h.plan([b])
}

test_queue_elsewhere_denied if {
	b := _bucket({"notifications": _notifications([_queue(["s3:ObjectCreated:*"], "uploads/", "")])})
	count(rule.violations) == 1 with input as h.plan([b])
}

test_suffix_filter_does_not_cover if {
	b := _bucket({"notifications": _notifications([_queue(["s3:ObjectCreated:*"], "quarantine/", ".png")])})
	count(rule.violations) == 1 with input as h.plan([b])
}

test_put_only_does_not_cover if {
	b := _bucket({"notifications": _notifications([_queue(["s3:ObjectCreated:Put"], "quarantine/", "")])})
	count(rule.violations) == 1 with input as h.plan([b])
}

test_every_upload_event_covers if {
	events := ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:CompleteMultipartUpload"]
	count(rule.violations) == 0 with input as h.plan([_bucket({"notifications": _notifications([_queue(events, "quarantine/", "")])})])
}

test_eventbridge_covers if {
	b := _bucket({"notifications": {"eventbridge": true, "queues": [], "topics": [], "functions": []}})
	count(rule.violations) == 0 with input as h.plan([b])
}

test_unknown_notifications_undecided if {
	b := h.change_unknown("filestore_upload_bucket", "b", h.bucket({"quarantine": _quarantine, "notifications": _notifications([_queue(["s3:ObjectCreated:*"], null, "")])}), {"notifications": {"queues": [{"prefix": true}]}})
	count(rule.violations) == 0 with input as h.plan([b])
}

_guardduty(bucket_name, prefixes) := h.change("aws_guardduty_malware_protection_plan", "scan", {
	"role": "arn:aws:iam::111122223333:role/guardduty-s3",
	"protected_resource": [{"s3_bucket": [{"bucket_name": bucket_name, "object_prefixes": prefixes}]}],
	"actions": [{"tagging": [{"status": "ENABLED"}]}],
})

test_guardduty_plan_covers if {
	count(rule.violations) == 0 with input as h.plan([_bucket({}), _guardduty("acme-uploads", null)])
	count(rule.violations) == 0 with input as h.plan([_bucket({}), _guardduty("acme-uploads", ["quarantine/"])])
}

test_guardduty_plan_on_other_prefixes_denied if {
	count(rule.violations) == 1 with input as h.plan([_bucket({}), _guardduty("acme-uploads", ["uploads/"])])
}

test_guardduty_plan_on_another_bucket_denied if {
	count(rule.violations) == 1 with input as h.plan([_bucket({}), _guardduty("other-bucket", null)])
}

test_guardduty_plan_by_reference if {
	g := h.change_unknown("aws_guardduty_malware_protection_plan", "scan", {"protected_resource": [{"s3_bucket": [{"bucket_name": null, "object_prefixes": null}]}]}, {"protected_resource": [{"s3_bucket": [{"bucket_name": true}]}]})
	cfg := [{
		"address": "aws_guardduty_malware_protection_plan.scan", "mode": "managed", "type": "aws_guardduty_malware_protection_plan", "name": "scan",
		"provider_config_key": "aws",
		"expressions": {"protected_resource": [{"s3_bucket": [{"bucket_name": {"references": ["filestore_upload_bucket.b.bucket", "filestore_upload_bucket.b"]}}]}]},
	}]
	count(rule.violations) == 0 with input as h.plan_with([_bucket({}), g], cfg, {})
}

# A plan whose bucket is neither known nor referenced could be this
# bucket's: undecided.
test_guardduty_plan_unresolved_undecided if {
	g := h.change_unknown("aws_guardduty_malware_protection_plan", "scan", {"protected_resource": [{"s3_bucket": [{"bucket_name": null}]}]}, {"protected_resource": [{"s3_bucket": [{"bucket_name": true}]}]})
	count(rule.violations) == 0 with input as h.plan([_bucket({}), g])
}

test_scan_gate_whole_bucket_denied if {
	b := h.change("filestore_upload_bucket", "b", h.bucket({"scan_gate": {"prefixes": null, "tag_key": null, "clean_value": null, "exempt_principal_arns": []}}))
	h.ids(rule.violations) == {"filestore_upload_bucket.b scan_gate.prefixes"} with input as h.plan([b])
}

test_scan_gate_prefixes if {
	b := h.change("filestore_upload_bucket", "b", h.bucket({
		"scan_gate": {"prefixes": ["uploads/", "avatars/"]},
		"notifications": _notifications([_queue(["s3:ObjectCreated:*"], "uploads/", "")]),
	}))
	h.ids(rule.violations) == {"filestore_upload_bucket.b scan_gate.prefixes.1"} with input as h.plan([b])
}

# With a quarantine, the hook covers the quarantine: the scanner moves clean
# objects out to the gated prefixes.
test_quarantine_and_gate_need_the_quarantine_covered if {
	b := _bucket({
		"scan_gate": {"prefixes": ["uploads/"]},
		"notifications": _notifications([_queue(["s3:ObjectCreated:*"], "quarantine/", "")]),
	})
	count(rule.violations) == 0 with input as h.plan([b])
}

test_no_quarantine_no_gate_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

_tbac_policy := json.marshal({"Version": "2012-10-17", "Statement": [{
	"Effect": "Deny",
	"NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/guardduty-s3"]},
	"Action": ["s3:GetObject", "s3:PutObjectTagging"],
	"Resource": ["arn:aws:s3:::acme-media/*"],
	"Condition": {"StringNotEquals": {"s3:ExistingObjectTag/GuardDutyMalwareScanStatus": "NO_THREATS_FOUND"}},
}]})

test_aws_bucket_gate_without_hook_denied if {
	p := h.plan([
		h.change("aws_s3_bucket", "media", {"bucket": "acme-media"}),
		h.change("aws_s3_bucket_policy", "media", {"bucket": "acme-media", "policy": _tbac_policy}),
	])
	h.ids(rule.violations) == {"aws_s3_bucket_policy.media policy"} with input as p
}

test_aws_bucket_gate_with_notification_passes if {
	p := h.plan([
		h.change("aws_s3_bucket", "media", {"bucket": "acme-media"}),
		h.change("aws_s3_bucket_policy", "media", {"bucket": "acme-media", "policy": _tbac_policy}),
		h.change("aws_s3_bucket_notification", "media", {
			"bucket": "acme-media", "eventbridge": false, "topic": [], "lambda_function": [],
			"queue": [{"queue_arn": "arn:aws:sqs:us-east-1:111122223333:scan", "events": ["s3:ObjectCreated:*"], "filter_prefix": "", "filter_suffix": ""}],
		}),
	])
	count(rule.violations) == 0 with input as p
}

test_aws_bucket_gate_with_guardduty_passes if {
	p := h.plan([
		h.change("aws_s3_bucket", "media", {"bucket": "acme-media"}),
		h.change("aws_s3_bucket_policy", "media", {"bucket": "acme-media", "policy": _tbac_policy}),
		_guardduty("acme-media", null),
	])
	count(rule.violations) == 0 with input as p
}

test_aws_bucket_without_gate_passes if {
	count(rule.violations) == 0 with input as h.plan([h.change("aws_s3_bucket", "media", {"bucket": "acme-media"})])
}

# Inside the provider (view "resource") a GuardDuty plan is invisible: the
# finding is a warning that says so.
test_inside_the_provider_a_warning if {
	fs := findings.all with input as h.plan([_bucket({})]) with data.filestore.view as "resource"
	[f] := [f | some f in fs; f.rule_id == "FS020"]
	f.level == "warn"
	contains(f.message, "`policy check` over the saved plan decides; reported here as a warning")
	[g] := [g | some g in findings.all with input as h.plan([_bucket({})]); g.rule_id == "FS020"]
	g.level == "deny"
}
