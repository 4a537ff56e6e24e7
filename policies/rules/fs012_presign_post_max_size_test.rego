package filestore_test.rules.fs012_presign_post_max_size

import data.filestore.rules.fs012_presign_post_max_size as rule
import data.filestore.test.helpers as h

_post(max) := h.plan([h.read("filestore_presigned_post", "p", {"bucket": "b", "key": "k", "max_size": max})])

test_without_max_size if {
	h.ids(rule.violations) == {"data.filestore_presigned_post.p max_size"} with input as _post(null)
}

test_with_max_size if {
	count(rule.violations) == 0 with input as _post(10485760)
}
