package filestore_test.rules.fs014_cdn_signature_sha1

import data.filestore.rules.fs014_cdn_signature_sha1 as rule
import data.filestore.test.helpers as h

_sig(alg) := h.plan([h.read("filestore_cloudfront_signed_url", "s", {"url": "https://d.example.net/x", "hash_algorithm": alg})])

test_sha1_warned if {
	h.ids(rule.violations) == {"data.filestore_cloudfront_signed_url.s hash_algorithm"} with input as _sig("SHA1")
}

test_default_passes if {
	count(rule.violations) == 0 with input as _sig(null)
}
