package filestore_test.rules.fs005_cors_wildcard_write

import data.filestore.rules.fs005_cors_wildcard_write as rule
import data.filestore.test.helpers as h

_rule(origins, methods) := {"allowed_origins": origins, "allowed_methods": methods, "allowed_headers": []}

test_specific_origin_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_wildcard_put_denied if {
	vs := rule.violations with input as h.bucket_plan({"cors_rules": [_rule(["https://a.example.com"], ["GET"]), _rule(["*"], ["PUT", "GET"])]})
	h.ids(vs) == {"filestore_upload_bucket.b cors_rules.1.allowed_origins"}
}

test_wildcard_get_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"cors_rules": [_rule(["*"], ["GET", "HEAD"])]})
}

test_scheme_wildcard_delete_denied if {
	count(rule.violations) == 1 with input as h.bucket_plan({"cors_rules": [_rule(["https://*"], ["delete"])]})
}

test_unknown_origin_undecided if {
	p := h.plan([h.change_unknown(
		"filestore_upload_bucket", "b",
		h.bucket({"cors_rules": [_rule([null], ["PUT"])]}),
		{"cors_rules": [{"allowed_origins": [true]}]},
	)])
	count(rule.violations) == 0 with input as p
}

test_unknown_rules_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"cors_rules": null}), {"cors_rules": true})])
	count(rule.violations) == 0 with input as p
}

test_aws_inline_cors_rule if {
	p := h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme", "cors_rule": [{"allowed_origins": ["*"], "allowed_methods": ["POST"], "allowed_headers": []}]})])
	h.ids(rule.violations) == {"aws_s3_bucket.b cors_rule.0.allowed_origins"} with input as p
}
