package filestore.lib.params_test

import data.filestore.lib.params
import data.filestore.test.helpers as h

_plan_with_provider_params(ps) := h.plan_with([], [], {"filestore": {"name": "filestore", "expressions": {"policy": {"constant_value": {"enforcement": "warn", "parameters": ps}}}}})

test_defaults if {
	params.max_presign_seconds == 3600 with input as h.plan([])
	params.required_tags == set() with input as h.plan([])
}

test_provider_block_parameters if {
	params.max_presign_seconds == 900 with input as _plan_with_provider_params({"max_presign_seconds": "900"})
}

test_data_overrides_provider_block if {
	params.max_presign_seconds == 60 with input as _plan_with_provider_params({"max_presign_seconds": "900"})
		with data.filestore.parameters as {"max_presign_seconds": "60"}
}

test_exemption_keys if {
	params.exemptions == [{"rule_id": "FS005", "target": "module.a.aws_s3_bucket.b", "reason": "r"}] with input as h.plan([])
		with data.filestore.parameters as {"exempt:FS005:module.a.aws_s3_bucket.b": "r"}
}
