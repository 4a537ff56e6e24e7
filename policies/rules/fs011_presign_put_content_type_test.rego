package filestore_test.rules.fs011_presign_put_content_type

import data.filestore.rules.fs011_presign_put_content_type as rule
import data.filestore.test.helpers as h

_url(method, ct) := h.plan([h.read("filestore_presigned_url", "u", {"bucket": "b", "key": "k", "method": method, "content_type": ct})])

test_put_without_content_type if {
	h.ids(rule.violations) == {"data.filestore_presigned_url.u content_type"} with input as _url("PUT", null)
}

test_put_with_content_type if {
	count(rule.violations) == 0 with input as _url("PUT", "image/png")
}

test_get_without_content_type if {
	count(rule.violations) == 0 with input as _url(null, null)
}
