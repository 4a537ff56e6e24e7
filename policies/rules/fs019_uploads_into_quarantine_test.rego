package filestore_test.rules.fs019_uploads_into_quarantine

import data.filestore.rules.fs019_uploads_into_quarantine as rule
import data.filestore.test.helpers as h

_bucket := h.change("filestore_upload_bucket", "b", h.bucket({"quarantine": {"prefix": "quarantine/", "reader_principal_arns": [], "expiration_days": 7}}))

_put(key) := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": key, "method": "PUT", "content_type": "image/png"})

_post(after) := h.read("filestore_presigned_post", "p", object.union({"bucket": "acme-uploads", "key": null, "key_prefix": null, "max_size": 1000}, after))

test_put_outside_warned if {
	h.ids(rule.violations) == {"data.filestore_presigned_url.u key"} with input as h.plan([_bucket, _put("uploads/a.png")])
}

test_put_inside_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket, _put("quarantine/a.png")])
}

test_get_outside_passes if {
	u := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "uploads/a.png", "method": "GET"})
	count(rule.violations) == 0 with input as h.plan([_bucket, u])
}

test_post_key_prefix_outside_warned if {
	h.ids(rule.violations) == {"data.filestore_presigned_post.p key_prefix"} with input as h.plan([_bucket, _post({"key_prefix": "incoming/"})])
}

# "quar" as a starts-with condition also admits keys outside the quarantine.
test_post_key_prefix_shorter_than_quarantine_warned if {
	count(rule.violations) == 1 with input as h.plan([_bucket, _post({"key_prefix": "quar"})])
}

test_post_key_prefix_inside_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket, _post({"key_prefix": "quarantine/u/"})])
}

test_post_key_inside_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket, _post({"key": "quarantine/${filename}"})])
}

test_post_key_outside_warned if {
	h.ids(rule.violations) == {"data.filestore_presigned_post.p key"} with input as h.plan([_bucket, _post({"key": "avatar.png"})])
}

test_no_quarantine_passes if {
	p := h.plan([h.change("filestore_upload_bucket", "b", h.bucket({})), _put("uploads/a.png")])
	count(rule.violations) == 0 with input as p
}

test_unknown_method_undecided if {
	u := {
		"address": "data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u",
		"change": {"actions": ["read"], "after": {"bucket": "acme-uploads", "key": "uploads/a"}, "after_unknown": {"method": true}},
	}
	count(rule.violations) == 0 with input as h.plan([_bucket, u])
}
