package filestore_test.rules.fs008_transition_order

import data.filestore.rules.fs008_transition_order as rule
import data.filestore.test.helpers as h

_tier(transitions, expiration) := {"prefix": "a/", "transitions": transitions, "expiration_days": expiration}

_t(days, class) := {"days": days, "storage_class": class}

test_valid_tiers_pass if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_ia_before_30_days if {
	vs := rule.violations with input as h.bucket_plan({"lifecycle_tiers": [_tier([_t(10, "STANDARD_IA")], null)]})
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.transitions.0.days"}
}

test_glacier_too_soon_after_ia if {
	vs := rule.violations with input as h.bucket_plan({"lifecycle_tiers": [_tier([_t(30, "STANDARD_IA"), _t(45, "GLACIER")], null)]})
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.transitions.1.days"}
}

test_out_of_order if {
	vs := rule.violations with input as h.bucket_plan({"lifecycle_tiers": [_tier([_t(180, "GLACIER"), _t(120, "DEEP_ARCHIVE")], null)]})
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.transitions.1.days"}
}

test_expiration_before_last_transition if {
	vs := rule.violations with input as h.bucket_plan({"lifecycle_tiers": [_tier([_t(90, "GLACIER_IR")], 60)]})
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.expiration_days"}
}

test_unknown_days_undecided if {
	p := h.plan([h.change_unknown(
		"filestore_upload_bucket", "b",
		h.bucket({"lifecycle_tiers": [_tier([_t(null, "STANDARD_IA")], null)]}),
		{"lifecycle_tiers": [{"transitions": [{"days": true}]}]},
	)])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_rule if {
	lr := [{"enabled": true, "prefix": "logs/", "abort_incomplete_multipart_upload_days": 0, "expiration": [{"days": 20}], "transition": [{"days": 30, "storage_class": "ONEZONE_IA"}]}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "lifecycle_rule": lr})])
	h.ids(rule.violations) == {"aws_s3_bucket.b lifecycle_rule.0.expiration.0.days"} with input as p
}
