package filestore_test.rules.fs023_access_logging

import data.filestore.rules.fs023_access_logging as rule
import data.filestore.test.helpers as h

test_logging_configured_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_no_logging_warned if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b access_logging"} with input as h.bucket_plan({"access_logging": null})
}

test_unknown_logging_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"access_logging": null}), {"access_logging": true})])
	count(rule.violations) == 0 with input as p
}

test_generic_store_skipped if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"access_logging": null}))], [], h.s3_provider)
	count(rule.violations) == 0 with input as p
}

# The log bucket receives the other's logs: it is not asked to log itself.
test_log_target_not_asked if {
	p := h.plan([
		h.change("filestore_upload_bucket", "b", h.bucket({})),
		h.change("filestore_upload_bucket", "logs", h.bucket({"bucket": "acme-logs", "access_logging": null})),
	])
	count(rule.violations) == 0 with input as p
}

test_aws_bucket_without_logging_warned if {
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"})])
}

test_aws_logging_sibling if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket", "logs", {"bucket": "acme-logs"}),
		h.change("aws_s3_bucket_logging", "b", {"bucket": "acme", "target_bucket": "acme-logs", "target_prefix": "s3/"}),
	])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_logging if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "logging": [{"target_bucket": "elsewhere", "target_prefix": ""}]})])
	count(rule.violations) == 0 with input as p
}

# A logging sibling whose bucket cannot be told could be this bucket's.
test_ambiguous_sibling_undecided if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change_unknown("aws_s3_bucket_logging", "x", {"target_bucket": "elsewhere"}, {"bucket": true}),
	])
	count(rule.violations) == 0 with input as p
}

# A log target known only by reference (the logs bucket's name is unknown).
test_log_target_by_reference if {
	logs := h.change_unknown("aws_s3_bucket", "logs", {}, {"bucket": true})
	sib := h.change_unknown("aws_s3_bucket_logging", "b", {"bucket": "acme", "target_prefix": ""}, {"target_bucket": true})
	cfg := [{
		"address": "aws_s3_bucket_logging.b", "mode": "managed", "type": "aws_s3_bucket_logging", "name": "b",
		"provider_config_key": "aws",
		"expressions": {"bucket": {"constant_value": "acme"}, "target_bucket": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]}},
	}]
	h.ids(rule.violations) == set() with input as h.plan_with([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), logs, sib], cfg, {})
}

test_inside_the_provider_says_so if {
	[v] := [v | some v in rule.violations] with input as h.bucket_plan({"access_logging": null}) with data.filestore.view as "resource"
	v.partial
	contains(v.message, "`policy check` over the saved plan decides")
}
