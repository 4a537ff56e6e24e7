package filestore_test.rules.fs006_cors_wildcard_headers

import data.filestore.rules.fs006_cors_wildcard_headers as rule
import data.filestore.test.helpers as h

test_listed_headers_pass if {
	count(rule.violations) == 0 with input as h.bucket_plan({})
}

test_wildcard_headers_on_put if {
	r := {"allowed_origins": ["https://a.example.com"], "allowed_methods": ["PUT"], "allowed_headers": ["*"]}
	h.ids(rule.violations) == {"filestore_upload_bucket.b cors_rules.0.allowed_headers"} with input as h.bucket_plan({"cors_rules": [r]})
}

test_wildcard_headers_on_get_pass if {
	r := {"allowed_origins": ["*"], "allowed_methods": ["GET"], "allowed_headers": ["*"]}
	count(rule.violations) == 0 with input as h.bucket_plan({"cors_rules": [r]})
}
