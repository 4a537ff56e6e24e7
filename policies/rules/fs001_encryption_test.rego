package filestore_test.rules.fs001_encryption

import data.filestore.rules.fs001_encryption as rule
import data.filestore.test.helpers as h

test_default_encryption_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"encryption": null})
}

test_kms_tag_requires_kms if {
	vs := rule.violations with input as h.bucket_plan({"tags_all": {"pii": "yes"}})
		with data.filestore.parameters.require_kms_tag as "pii"
	h.ids(vs) == {"filestore_upload_bucket.b encryption.algorithm"}
}

test_kms_tag_with_kms_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"tags_all": {"pii": "yes"}, "encryption": {"algorithm": "aws:kms", "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/x"}})
		with data.filestore.parameters.require_kms_tag as "pii"
}

test_kms_tag_not_on_generic_store if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"tags_all": {"pii": "yes"}}))], [], h.s3_provider)
	count(rule.violations) == 0 with input as p with data.filestore.parameters.require_kms_tag as "pii"
}

test_kms_tag_unknown_tags_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"tags_all": null}), {"tags_all": true})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.require_kms_tag as "pii"
}

test_unknown_encryption_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"encryption": null}), {"encryption": true})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.require_kms_tag as "pii"
}

test_aws_bucket_without_sse_denied if {
	p := h.plan([h.change_unknown("aws_s3_bucket", "b", {"bucket": "x", "tags_all": {}}, {"server_side_encryption_configuration": true})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}

test_aws_sibling_without_algorithm if {
	p := h.plan_with(
		[
			h.change_unknown("aws_s3_bucket", "b", {"bucket": "x"}, {"id": true}),
			h.change_unknown("aws_s3_bucket_server_side_encryption_configuration", "b", {"bucket": null, "rule": [{"apply_server_side_encryption_by_default": [], "bucket_key_enabled": true}]}, {"bucket": true}),
		],
		[{"address": "aws_s3_bucket_server_side_encryption_configuration.b", "mode": "managed", "type": "aws_s3_bucket_server_side_encryption_configuration", "name": "b", "expressions": {"bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}}],
		{},
	)
	h.ids(rule.violations) == {"aws_s3_bucket_server_side_encryption_configuration.b rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"} with input as p
}

test_aws_inline_sse_configured_but_unknown if {
	p := h.plan_with(
		[h.change_unknown("aws_s3_bucket", "b", {"bucket": "x"}, {"server_side_encryption_configuration": true})],
		[{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "expressions": {"server_side_encryption_configuration": [{"rule": [{}]}]}}],
		{},
	)
	count(rule.violations) == 0 with input as p
}

test_aws_inline_sse_known_kms_required if {
	sse := [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256", "kms_master_key_id": ""}]}]}]
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "x", "tags_all": {"pii": "1"}, "server_side_encryption_configuration": sse})])
	h.ids(rule.violations) == {"aws_s3_bucket.b server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"} with input as p
		with data.filestore.parameters.require_kms_tag as "pii"
}

test_aws_inline_sse_empty_is_absent if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "x", "server_side_encryption_configuration": []})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}

test_ambiguous_sibling_undecided if {
	p := h.plan([
		h.change_unknown("aws_s3_bucket", "b", {"bucket": null}, {"bucket": true, "server_side_encryption_configuration": true}),
		h.change_unknown("aws_s3_bucket_server_side_encryption_configuration", "s", {"bucket": null, "rule": []}, {"bucket": true, "rule": true}),
	])
	count(rule.violations) == 0 with input as p
}
