package terraform.policies.filestore_test

import data.filestore.test.helpers as h
import data.terraform.policies.filestore
import data.terraform.policies.filestore_advisory

_input := {
	"plan": h.bucket_plan({"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": ["*"], "expose_headers": ["ETag"]}]}),
	"run": {"workspace": {"name": "uploads"}},
}

test_mandatory_reads_input_plan if {
	filestore.deny == {`FS005 deny filestore_upload_bucket.b cors_rules[0].allowed_origins: CORS rule 0 allows origin "*" to PUT`} with input as _input
}

test_advisory_reads_input_plan if {
	count(filestore_advisory.deny) == 1 with input as _input
	some m in filestore_advisory.deny with input as _input
	startswith(m, "FS006 warn ")
}
