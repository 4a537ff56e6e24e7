package filestore_test.rules.fs016_required_tags

import data.filestore.rules.fs016_required_tags as rule
import data.filestore.test.helpers as h

test_no_requirement_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"tags_all": {}})
}

test_missing_tags if {
	vs := rule.violations with input as h.bucket_plan({"tags": {"team": "media"}, "tags_all": {"team": "media"}})
		with data.filestore.parameters.required_tags as "team, env,cost-center"
	h.ids(vs) == {"filestore_upload_bucket.b tags"}
	some v in vs
	v.message == "missing required tags: cost-center, env"
}

test_default_tags_count if {
	count(rule.violations) == 0 with input as h.bucket_plan({"tags": {}, "tags_all": {"team": "media"}})
		with data.filestore.parameters.required_tags as ["team"]
}

test_null_tags if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "tags": null})])
	count(rule.violations) == 1 with input as p with data.filestore.parameters.required_tags as "team"
}

test_unknown_tags_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"tags_all": null}), {"tags_all": true})])
	count(rule.violations) == 0 with input as p with data.filestore.parameters.required_tags as "team"
}
