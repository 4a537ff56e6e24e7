package filestore_test.rules.fs003_secure_transport

import data.filestore.rules.fs003_secure_transport as rule
import data.filestore.test.helpers as h

_deny_tls := json.marshal({
	"Version": "2012-10-17",
	"Statement": [{
		"Effect": "Deny",
		"Principal": {"AWS": "*"},
		"Action": "s3:*",
		"Resource": ["arn:aws:s3:::acme", "arn:aws:s3:::acme/*"],
		"Condition": {"Bool": {"aws:SecureTransport": "false"}},
	}],
})

_allow_only := json.marshal({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::acme/*"}})

test_default_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"deny_insecure_transport": null})
}

test_off_denied if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b deny_insecure_transport"} with input as h.bucket_plan({"deny_insecure_transport": false})
}

test_aws_policy_denying_tls_passes if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), h.change("aws_s3_bucket_policy", "b", {"bucket": "acme", "policy": _deny_tls})])
	count(rule.violations) == 0 with input as p
}

test_aws_policy_without_tls_statement if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), h.change("aws_s3_bucket_policy", "b", {"bucket": "acme", "policy": _allow_only})])
	h.ids(rule.violations) == {"aws_s3_bucket_policy.b policy"} with input as p
}

test_aws_policy_invalid_json if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), h.change("aws_s3_bucket_policy", "b", {"bucket": "acme", "policy": "{not json"})])
	h.ids(rule.violations) == {"aws_s3_bucket_policy.b policy"} with input as p
}

test_aws_policy_unknown_undecided if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), h.change_unknown("aws_s3_bucket_policy", "b", {"bucket": "acme"}, {"policy": true})])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_policy if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "policy": _deny_tls})])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_policy_configured_unknown if {
	p := h.plan_with(
		[h.change_unknown("aws_s3_bucket", "b", {"bucket": "acme"}, {"policy": true})],
		[{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "expressions": {"policy": {"references": ["data.aws_iam_policy_document.p.json"]}}}],
		{},
	)
	count(rule.violations) == 0 with input as p
}

test_aws_no_policy if {
	p := h.plan([h.change_unknown("aws_s3_bucket", "b", {"bucket": "acme"}, {"policy": true})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}
