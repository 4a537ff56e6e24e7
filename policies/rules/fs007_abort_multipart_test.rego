package filestore_test.rules.fs007_abort_multipart

import data.filestore.rules.fs007_abort_multipart as rule
import data.filestore.test.helpers as h

_lc(rules) := h.change("aws_s3_bucket_lifecycle_configuration", "b", {"bucket": "acme", "rule": rules})

_abort(days, filter) := {"status": "Enabled", "filter": filter, "abort_incomplete_multipart_upload": [{"days_after_initiation": days}], "transition": [], "expiration": []}

test_default_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"abort_incomplete_multipart_days": null})
}

test_disabled_denied if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b abort_incomplete_multipart_days"} with input as h.bucket_plan({"abort_incomplete_multipart_days": 0})
}

test_too_long_denied if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b abort_incomplete_multipart_days"} with input as h.bucket_plan({"abort_incomplete_multipart_days": 30})
}

test_parameter_raises_limit if {
	count(rule.violations) == 0 with input as h.bucket_plan({"abort_incomplete_multipart_days": 30})
		with data.filestore.parameters.max_abort_multipart_days as "30"
}

test_unknown_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"abort_incomplete_multipart_days": null}), {"abort_incomplete_multipart_days": true})])
	count(rule.violations) == 0 with input as p
}

test_aws_whole_bucket_rule_passes if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(3, [])])])
	count(rule.violations) == 0 with input as p
}

test_aws_prefix_rule_does_not_cover if {
	f := [{"prefix": "uploads/", "and": [], "tag": []}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(3, f)])])
	h.ids(rule.violations) == {"aws_s3_bucket_lifecycle_configuration.b rule"} with input as p
}

test_aws_tag_filter_does_not_cover if {
	f := [{"prefix": "", "and": [], "tag": [{"key": "k", "value": "v"}]}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(3, f)])])
	count(rule.violations) == 1 with input as p
}

test_aws_size_filter_does_not_cover if {
	f := [{"prefix": "", "object_size_greater_than": 1024}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(3, f)])])
	count(rule.violations) == 1 with input as p
}

test_aws_rule_prefix_legacy if {
	r := object.union(_abort(3, []), {"prefix": "a/"})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([r])])
	count(rule.violations) == 1 with input as p
}

test_aws_and_prefix if {
	f := [{"prefix": "", "and": [{"prefix": "b/", "tags": {}}], "tag": []}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(3, f)])])
	count(rule.violations) == 1 with input as p
}

test_aws_too_long if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([_abort(14, [])])])
	h.ids(rule.violations) == {"aws_s3_bucket_lifecycle_configuration.b rule.0.abort_incomplete_multipart_upload.0.days_after_initiation"} with input as p
}

test_aws_disabled_rule_does_not_cover if {
	r := object.union(_abort(3, []), {"status": "Disabled"})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), _lc([r])])
	count(rule.violations) == 1 with input as p
}

test_aws_unknown_status_undecided if {
	c := h.change_unknown("aws_s3_bucket_lifecycle_configuration", "b", {"bucket": "acme", "rule": [_abort(3, [])]}, {"rule": [{"status": true}]})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), c])
	count(rule.violations) == 0 with input as p
}

test_aws_unknown_filter_undecided if {
	c := h.change_unknown("aws_s3_bucket_lifecycle_configuration", "b", {"bucket": "acme", "rule": [_abort(3, [])]}, {"rule": [{"filter": true}]})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), c])
	count(rule.violations) == 0 with input as p
}

test_aws_unknown_days_undecided if {
	c := h.change_unknown("aws_s3_bucket_lifecycle_configuration", "b", {"bucket": "acme", "rule": [_abort(null, [])]}, {"rule": [{"abort_incomplete_multipart_upload": [{"days_after_initiation": true}]}]})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), c])
	count(rule.violations) == 0 with input as p
}

test_aws_unknown_rules_undecided if {
	c := h.change_unknown("aws_s3_bucket_lifecycle_configuration", "b", {"bucket": "acme"}, {"rule": true})
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), c])
	count(rule.violations) == 0 with input as p
}

test_aws_missing_lifecycle if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}

test_aws_inline_lifecycle_rule if {
	lr := [{"enabled": true, "prefix": "", "abort_incomplete_multipart_upload_days": 5, "expiration": [], "transition": []}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "lifecycle_rule": lr})])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_lifecycle_unknown_configured if {
	p := h.plan_with(
		[h.change_unknown("aws_s3_bucket", "b", {"bucket": "acme"}, {"lifecycle_rule": true})],
		[{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "expressions": {"lifecycle_rule": [{}]}}],
		{},
	)
	count(rule.violations) == 0 with input as p
}
