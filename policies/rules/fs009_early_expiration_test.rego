package filestore_test.rules.fs009_early_expiration

import data.filestore.rules.fs009_early_expiration as rule
import data.filestore.test.helpers as h

test_long_enough_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_glacier_expired_early if {
	tier := {"prefix": "a/", "transitions": [{"days": 30, "storage_class": "STANDARD_IA"}, {"days": 90, "storage_class": "DEEP_ARCHIVE"}], "expiration_days": 200}
	vs := rule.violations with input as h.bucket_plan({"lifecycle_tiers": [tier]})
	h.ids(vs) == {"filestore_upload_bucket.b lifecycle_tiers.0.expiration_days"}
	some v in vs
	contains(v.message, "DEEP_ARCHIVE")
}

test_no_transition_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"lifecycle_tiers": [{"prefix": "a/", "transitions": [], "expiration_days": 2}]})
}
