package filestore_test.rules.fs018_quarantine_reads

import data.filestore.rules.fs018_quarantine_reads as rule
import data.filestore.test.helpers as h

_bucket := h.change("filestore_upload_bucket", "b", h.bucket({"quarantine": {"prefix": "quarantine/", "reader_principal_arns": [], "expiration_days": 7}}))

_url(method, key) := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": key, "method": method, "expires_in": "15m"})

test_get_into_quarantine_denied if {
	h.ids(rule.violations) == {"data.filestore_presigned_url.u key"} with input as h.plan([_bucket, _url("GET", "quarantine/a.pdf")])
}

test_head_into_quarantine_denied if {
	count(rule.violations) == 1 with input as h.plan([_bucket, _url("HEAD", "quarantine/a.pdf")])
}

test_default_method_is_get if {
	u := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "quarantine/a.pdf", "method": null})
	count(rule.violations) == 1 with input as h.plan([_bucket, u])
}

test_get_outside_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket, _url("GET", "uploads/a.pdf")])
}

test_put_into_quarantine_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket, _url("PUT", "quarantine/a.pdf")])
}

test_bucket_without_quarantine_passes if {
	p := h.plan([h.change("filestore_upload_bucket", "b", h.bucket({})), _url("GET", "quarantine/a.pdf")])
	count(rule.violations) == 0 with input as p
}

test_bucket_outside_the_plan_passes if {
	u := h.read("filestore_presigned_url", "u", {"bucket": "elsewhere", "key": "quarantine/a.pdf", "method": "GET"})
	count(rule.violations) == 0 with input as h.plan([_bucket, u])
}

test_unknown_key_undecided if {
	u := {
		"address": "data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u",
		"change": {"actions": ["read"], "after": {"bucket": "acme-uploads", "method": "GET"}, "after_unknown": {"key": true}},
	}
	count(rule.violations) == 0 with input as h.plan([_bucket, u])
}

test_unknown_quarantine_prefix_undecided if {
	b := h.change_unknown("filestore_upload_bucket", "b", h.bucket({"quarantine": {"prefix": null}}), {"quarantine": {"prefix": true}})
	count(rule.violations) == 0 with input as h.plan([b, _url("GET", "quarantine/a.pdf")])
}

# The bucket's name is unknown until apply (bucket_prefix) and the read is
# deferred: the configuration reference still relates the two.
test_bucket_by_reference if {
	b := h.change_unknown("filestore_upload_bucket", "b", h.bucket({"bucket": null, "quarantine": {"prefix": "quarantine/"}}), {"bucket": true})
	u := {
		"address": "data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u",
		"change": {"actions": ["read"], "after": {"key": "quarantine/x", "method": "GET"}, "after_unknown": {"bucket": true, "url": true}},
	}
	cfg := [{
		"address": "data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u",
		"provider_config_key": "filestore",
		"expressions": {"bucket": {"references": ["filestore_upload_bucket.b.bucket", "filestore_upload_bucket.b"]}},
	}]
	h.ids(rule.violations) == {"data.filestore_presigned_url.u key"} with input as h.plan_with([b, u], cfg, {})
}

# --- CloudFront

_distribution(origin_domain, origin_path, ordered) := h.change("aws_cloudfront_distribution", "cdn", {
	"aliases": ["cdn.example.com"],
	"domain_name": "d111111abcdef8.cloudfront.net",
	"origin": [
		{"domain_name": "api.example.com", "origin_id": "api", "origin_path": ""},
		{"domain_name": origin_domain, "origin_id": "uploads", "origin_path": origin_path},
	],
	"default_cache_behavior": [{"target_origin_id": "uploads"}],
	"ordered_cache_behavior": ordered,
})

_signed_url(url) := h.read("filestore_cloudfront_signed_url", "s", {"url": url, "key_pair_id": "K2JCJMDEHXQW5F", "expires_in": "1h"})

test_cloudfront_url_into_quarantine_denied if {
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", []), _signed_url("https://cdn.example.com/quarantine/a.png")])
	h.ids(rule.violations) == {"data.filestore_cloudfront_signed_url.s url"} with input as p
}

test_cloudfront_domain_name_and_encoded_path if {
	p := h.plan([_bucket, _distribution("acme-uploads.s3.amazonaws.com", "", []), _signed_url("https://D111111ABCDEF8.cloudfront.net/quarantine%2Fa.png?x=1")])
	count(rule.violations) == 1 with input as p
}

test_cloudfront_outside_quarantine_passes if {
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", []), _signed_url("https://cdn.example.com/uploads/a.png")])
	count(rule.violations) == 0 with input as p
}

# origin_path "/quarantine": every URL path is read under the quarantine.
test_cloudfront_origin_path if {
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "/quarantine", []), _signed_url("https://cdn.example.com/a.png")])
	count(rule.violations) == 1 with input as p
}

test_cloudfront_behavior_to_another_origin_passes if {
	ordered := [{"path_pattern": "quarantine/*", "target_origin_id": "api"}]
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", ordered), _signed_url("https://cdn.example.com/quarantine/a.png")])
	count(rule.violations) == 0 with input as p
}

test_cloudfront_unknown_host_passes if {
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", []), _signed_url("https://other.example.com/quarantine/a.png")])
	count(rule.violations) == 0 with input as p
}

# The origin's domain is unknown on create; the configuration references the
# bucket's bucket_regional_domain_name.
test_cloudfront_origin_by_reference if {
	d := h.change_unknown(
		"aws_cloudfront_distribution", "cdn", {
			"aliases": ["cdn.example.com"],
			"origin": [{"domain_name": null, "origin_id": "uploads", "origin_path": ""}],
			"default_cache_behavior": [{"target_origin_id": "uploads"}],
			"ordered_cache_behavior": [],
		},
		{"domain_name": true, "origin": [{"domain_name": true}]},
	)
	cfg := [{
		"address": "aws_cloudfront_distribution.cdn", "mode": "managed", "type": "aws_cloudfront_distribution", "name": "cdn",
		"provider_config_key": "aws",
		"expressions": {"origin": [{
			"domain_name": {"references": ["filestore_upload_bucket.b.bucket_regional_domain_name", "filestore_upload_bucket.b"]},
			"origin_id": {"constant_value": "uploads"},
		}]},
	}]
	p := h.plan_with([_bucket, d, _signed_url("https://cdn.example.com/quarantine/a.png")], cfg, {})
	count(rule.violations) == 1 with input as p
}

test_cookies_resource_pattern_into_quarantine_denied if {
	c := h.read("filestore_cloudfront_signed_cookies", "c", {"url": "https://cdn.example.com/", "resource": "https://cdn.example.com/quarantine/*", "key_pair_id": "K2JCJMDEHXQW5F"})
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", []), c])
	h.ids(rule.violations) == {"data.filestore_cloudfront_signed_cookies.c resource"} with input as p
}

# A pattern over the whole distribution is not a link into the quarantine
# (the quarantine's bucket policy still denies those reads).
test_cookies_whole_distribution_passes if {
	c := h.read("filestore_cloudfront_signed_cookies", "c", {"url": "https://cdn.example.com/", "resource": "https://cdn.example.com/*", "key_pair_id": "K2JCJMDEHXQW5F"})
	p := h.plan([_bucket, _distribution("acme-uploads.s3.us-east-1.amazonaws.com", "", []), c])
	count(rule.violations) == 0 with input as p
}
