package filestore_test.rules.fs015_tmp_prefix_expiration

import data.filestore.rules.fs015_tmp_prefix_expiration as rule
import data.filestore.test.helpers as h

_tiers(tiers) := h.bucket_plan({"lifecycle_tiers": tiers})

test_tmp_with_expiration_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_tmp_without_expiration if {
	vs := rule.violations with input as _tiers([{"prefix": "uploads/tmp/", "transitions": [], "expiration_days": null}])
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.expiration_days"}
}

test_temp_covered_by_enclosing_rule if {
	count(rule.violations) == 0 with input as _tiers([
		{"prefix": "temp/", "transitions": [], "expiration_days": null},
		{"prefix": "", "transitions": [], "expiration_days": 30},
	])
}

test_enclosing_unknown_undecided if {
	p := h.plan([h.change_unknown(
		"filestore_upload_bucket", "b",
		h.bucket({"lifecycle_tiers": [{"prefix": "tmp/", "expiration_days": null}, {"prefix": "", "expiration_days": null}]}),
		{"lifecycle_tiers": [{}, {"expiration_days": true}]},
	)])
	count(rule.violations) == 0 with input as p
}

test_unknown_prefix_undecided if {
	p := h.plan([h.change_unknown(
		"filestore_upload_bucket", "b",
		h.bucket({"lifecycle_tiers": [{"prefix": "tmp/", "expiration_days": null}, {"prefix": null, "expiration_days": 3}]}),
		{"lifecycle_tiers": [{}, {"prefix": true}]},
	)])
	count(rule.violations) == 0 with input as p
}

test_other_prefix_passes if {
	count(rule.violations) == 0 with input as _tiers([{"prefix": "template/", "transitions": [], "expiration_days": null}])
}
