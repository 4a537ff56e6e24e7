package filestore_test.rules.fs024_compliance_object_lock

import data.filestore.rules.fs024_compliance_object_lock as rule
import data.filestore.test.helpers as h

_tagged(overrides) := h.bucket_plan(object.union({"tags_all": {"team": "media", "compliance": "sox"}}, overrides))

test_off_without_parameter if {
	count(rule.violations) == 0 with input as _tagged({})
}

test_tagged_without_lock_denied if {
	h.ids(rule.violations) == {"filestore_upload_bucket.b object_lock"} with input as _tagged({})
		with data.filestore.parameters.compliance_tag as "compliance"
}

test_tagged_with_lock_passes if {
	count(rule.violations) == 0 with input as _tagged({"object_lock": {"mode": "COMPLIANCE", "days": 365, "years": null}})
		with data.filestore.parameters.compliance_tag as "compliance"
}

test_untagged_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({}) with data.filestore.parameters.compliance_tag as "compliance"
}

test_unknown_lock_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"tags_all": {"compliance": "x"}}), {"object_lock": true})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.compliance_tag as "compliance"
}

test_aws_bucket_without_lock_denied if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}, "object_lock_enabled": false})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p with data.filestore.parameters.compliance_tag as "compliance"
}

test_aws_bucket_lock_flag if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}, "object_lock_enabled": true})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.compliance_tag as "compliance"
}

# object_lock_enabled is computed: unknown and not configured is false; set
# from a variable it is undecided.
test_aws_unconfigured_flag_is_off if {
	p := h.plan([h.change_unknown("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}}, {"object_lock_enabled": true})])
	count(rule.violations) == 1 with input as p with data.filestore.parameters.compliance_tag as "compliance"
}

test_aws_flag_from_variable_undecided if {
	b := h.change_unknown("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}}, {"object_lock_enabled": true})
	cfg := [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "provider_config_key": "aws", "expressions": {"object_lock_enabled": {"references": ["var.lock"]}}}]
	count(rule.violations) == 0 with input as h.plan_with([b], cfg, {}) with data.filestore.parameters.compliance_tag as "compliance"
}

test_aws_lock_configuration_sibling if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}}),
		h.change("aws_s3_bucket_object_lock_configuration", "b", {"bucket": "acme", "object_lock_enabled": "Enabled", "rule": []}),
	])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.compliance_tag as "compliance"
}

test_aws_inline_lock_configuration if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "tags_all": {"compliance": "x"}, "object_lock_configuration": [{"object_lock_enabled": "Enabled", "rule": []}]})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.compliance_tag as "compliance"
}
