package filestore_test.rules.fs010_presign_expiry

import data.filestore.rules.fs010_presign_expiry as rule
import data.filestore.test.helpers as h

_url(expires) := h.plan([h.read("filestore_presigned_url", "u", {"bucket": "b", "key": "k", "method": "GET", "expires_in": expires})])

test_default_passes if {
	count(rule.violations) == 0 with input as _url(null)
}

test_short_passes if {
	count(rule.violations) == 0 with input as _url("15m")
}

test_long_denied if {
	h.ids(rule.violations) == {"data.filestore_presigned_url.u expires_in"} with input as _url("2h")
}

test_days_denied if {
	count(rule.violations) == 1 with input as _url("1d12h")
}

test_parameter if {
	count(rule.violations) == 0 with input as _url("2h") with data.filestore.parameters.max_presign_seconds as 7200
}

test_default_over_lowered_limit if {
	count(rule.violations) == 1 with input as _url(null) with data.filestore.parameters.max_presign_seconds as "600"
}

test_post if {
	p := h.plan([h.read("filestore_presigned_post", "p", {"bucket": "b", "key_prefix": "u/", "expires_in": "7d", "max_size": 10})])
	h.ids(rule.violations) == {"data.filestore_presigned_post.p expires_in"} with input as p
}

test_prior_state_data_source if {
	p := {
		"format_version": "1.2",
		"prior_state": {"values": {"root_module": {"child_modules": [{
			"address": "module.m",
			"resources": [{"address": "module.m.data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u", "values": {"bucket": "b", "key": "k", "expires_in": "3h"}}],
		}]}}},
		"configuration": {"root_module": {}},
	}
	h.ids(rule.violations) == {"module.m.data.filestore_presigned_url.u expires_in"} with input as p
}
