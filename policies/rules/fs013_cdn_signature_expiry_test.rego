package filestore_test.rules.fs013_cdn_signature_expiry

import data.filestore.rules.fs013_cdn_signature_expiry as rule
import data.filestore.test.helpers as h

_sig(after) := h.plan([h.read("filestore_cloudfront_signed_url", "s", object.union({"url": "https://d.example.net/x"}, after))])

test_default_passes if {
	count(rule.violations) == 0 with input as _sig({"expires_in": null, "expires_at": null})
}

test_long_expires_in if {
	h.ids(rule.violations) == {"data.filestore_cloudfront_signed_url.s expires_in"} with input as _sig({"expires_in": "48h"})
}

test_far_expires_at if {
	vs := rule.violations with input as _sig({"expires_in": null, "expires_at": "2026-12-31T00:00:00Z"})
		with time.now_ns as time.parse_rfc3339_ns("2026-11-27T00:00:00Z")
	h.ids(vs) == {"data.filestore_cloudfront_signed_url.s expires_at"}
}

test_near_expires_at if {
	count(rule.violations) == 0 with input as _sig({"expires_in": null, "expires_at": "2026-11-27T06:00:00Z"})
		with time.now_ns as time.parse_rfc3339_ns("2026-11-27T00:00:00Z")
}

test_cookies if {
	p := h.plan([h.read("filestore_cloudfront_signed_cookies", "c", {"url": "https://d.example.net/*", "expires_in": "30d"})])
	count(rule.violations) == 1 with input as p
}
