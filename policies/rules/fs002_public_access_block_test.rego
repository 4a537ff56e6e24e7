package filestore_test.rules.fs002_public_access_block

import data.filestore.rules.fs002_public_access_block as rule
import data.filestore.test.helpers as h

test_default_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"block_public_access": null})
}

test_off_denied_once if {
	vs := rule.violations with input as h.bucket_plan({"block_public_access": false})
	h.ids(vs) == {"filestore_upload_bucket.b block_public_access"}
	count(vs) == 1
}

test_generic_store_skipped if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"block_public_access": false}))], [], h.s3_provider)
	count(rule.violations) == 0 with input as p
}

test_r2_skipped if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"block_public_access": false}))], [], h.r2_provider)
	count(rule.violations) == 0 with input as p
}

test_compatibility_from_variable_undecided if {
	pc := {"filestore": {"name": "filestore", "expressions": {"compatibility": {"references": ["var.compat"]}}}}
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"block_public_access": false}))], [], pc)
	count(rule.violations) == 0 with input as p
}

test_compatibility_parameter_wins if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({"block_public_access": false}))], [], h.s3_provider)
	count(rule.violations) == 1 with input as p with data.filestore.parameters.compatibility as "aws"
}

test_aws_flag_off if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket_public_access_block", "b", {"bucket": "acme", "block_public_acls": false, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": true}),
	])
	vs := rule.violations with input as p
	h.ids(vs) == {"aws_s3_bucket_public_access_block.b block_public_acls", "aws_s3_bucket_public_access_block.b block_public_policy"}
}

test_aws_missing_block if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme"})])
	h.ids(rule.violations) == {"aws_s3_bucket.b "} with input as p
}

test_aws_all_on_passes if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket_public_access_block", "b", {"bucket": "acme", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}),
	])
	count(rule.violations) == 0 with input as p
}
