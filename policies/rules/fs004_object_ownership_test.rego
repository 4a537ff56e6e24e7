package filestore_test.rules.fs004_object_ownership

import data.filestore.rules.fs004_object_ownership as rule
import data.filestore.test.helpers as h

test_default_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"object_ownership": null})
}

test_object_writer_denied if {
	vs := rule.violations with input as h.bucket_plan({"object_ownership": "ObjectWriter"})
	h.ids(vs) == {"filestore_upload_bucket.b object_ownership"}
	some v in vs
	contains(v.message, "ObjectWriter")
}

test_aws_controls if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket_ownership_controls", "b", {"bucket": "acme", "rule": [{"object_ownership": "BucketOwnerPreferred"}]}),
	])
	h.ids(rule.violations) == {"aws_s3_bucket_ownership_controls.b rule.0.object_ownership"} with input as p
}

test_aws_rule_without_value if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"}), h.change("aws_s3_bucket_ownership_controls", "b", {"bucket": "acme", "rule": [{"object_ownership": null}]})])
	some v in rule.violations with input as p
	contains(v.message, "unset")
}

test_aws_missing if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}
