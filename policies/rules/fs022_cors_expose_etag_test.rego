package filestore_test.rules.fs022_cors_expose_etag

import data.filestore.rules.fs022_cors_expose_etag as rule
import data.filestore.test.helpers as h

_rule(methods, expose) := {"allowed_origins": ["https://app.example.com"], "allowed_methods": methods, "allowed_headers": [], "expose_headers": expose}

test_etag_exposed_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_put_without_etag_warned if {
	p := h.bucket_plan({"cors_rules": [_rule(["GET"], []), _rule(["put"], ["x-amz-request-id"])]})
	h.ids(rule.violations) == {"filestore_upload_bucket.b cors_rules.1.expose_headers"} with input as p
}

test_put_with_null_expose_warned if {
	count(rule.violations) == 1 with input as h.bucket_plan({"cors_rules": [_rule(["PUT"], null)]})
}

test_case_and_wildcard if {
	count(rule.violations) == 0 with input as h.bucket_plan({"cors_rules": [_rule(["PUT"], ["etag"]), _rule(["PUT"], ["*"])]})
}

test_get_only_passes if {
	count(rule.violations) == 0 with input as h.bucket_plan({"cors_rules": [_rule(["GET", "POST"], [])]})
}

test_unknown_expose_undecided if {
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", h.bucket({"cors_rules": [_rule(["PUT"], [null])]}), {"cors_rules": [{"expose_headers": [true]}]})])
	count(rule.violations) == 0 with input as p
}

test_aws_cors_sibling if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket_cors_configuration", "c", {"bucket": "acme", "cors_rule": [{"allowed_origins": ["https://a"], "allowed_methods": ["PUT"], "allowed_headers": [], "expose_headers": []}]}),
	])
	h.ids(rule.violations) == {"aws_s3_bucket_cors_configuration.c cors_rule.0.expose_headers"} with input as p
}
