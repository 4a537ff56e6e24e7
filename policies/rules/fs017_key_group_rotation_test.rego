package filestore_test.rules.fs017_key_group_rotation

import data.filestore.rules.fs017_key_group_rotation as rule
import data.filestore.test.helpers as h

_kg(keys, unknown) := h.plan([h.change_unknown("filestore_cdn_key_group", "k", {"name": "signers", "public_keys": keys}, unknown)])

test_single_key if {
	h.ids(rule.violations) == {"filestore_cdn_key_group.k public_keys"} with input as _kg({"2026-11": "pem"}, {})
}

test_two_keys if {
	count(rule.violations) == 0 with input as _kg({"2026-11": "pem", "2027-05": "pem2"}, {})
}

test_single_key_unknown_pem_still_one if {
	count(rule.violations) == 1 with input as _kg({"2026-11": null}, {"public_keys": {"2026-11": true}})
}

test_unknown_map_undecided if {
	count(rule.violations) == 0 with input as _kg(null, {"public_keys": true})
}

test_aws_key_group if {
	p := h.plan([h.change_unknown("aws_cloudfront_key_group", "g", {"name": "g", "items": [null]}, {"items": [true]})])
	h.ids(rule.violations) == {"aws_cloudfront_key_group.g items"} with input as p
}
