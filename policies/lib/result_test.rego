package filestore.lib.result_test

import data.filestore.lib.result

doc := {"address": "aws_s3_bucket.b", "kind": "bucket"}

sibling_rule := {"address": "aws_s3_bucket_cors_configuration.c", "path": ["cors_rule", 0]}

test_fail_points_at_the_attribute if {
	attr := {"address": "aws_s3_bucket_cors_configuration.c", "path": ["cors_rule", 0, "allowed_origins"], "known": true, "value": ["*"]}
	result.fail(doc, attr, "m") == {
		"resource": "aws_s3_bucket.b",
		"address": "aws_s3_bucket_cors_configuration.c",
		"path": ["cors_rule", 0, "allowed_origins"],
		"message": "m",
	}
}

test_fail_resource_has_no_path if {
	result.fail_resource(doc, "m") == {"resource": "aws_s3_bucket.b", "address": "aws_s3_bucket.b", "path": [], "message": "m"}
}

test_at_extends_the_path if {
	result.at(sibling_rule, ["allowed_headers"]) == {"address": "aws_s3_bucket_cors_configuration.c", "path": ["cors_rule", 0, "allowed_headers"]}
}

test_partial_keeps_the_location if {
	v := result.partial(result.fail_resource(doc, "no hook"))
	v.partial == true
	v.address == "aws_s3_bucket.b"
	startswith(v.message, "no hook (the provider sees this resource alone")
}

test_view_defaults_to_plan if {
	result.view == "plan"
	result.view == "resource" with data.filestore.view as "resource"
	result.view == "plan" with data.filestore.view as "other"
}
