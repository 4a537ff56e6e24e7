package filestore.lib.params_test

import data.filestore.lib.params
import data.filestore.lib.settings
import data.filestore.test.helpers as h

_plan_with_provider_params(ps) := h.plan_with([], [], {"filestore": {"name": "filestore", "expressions": {"policy": {"constant_value": {"enforcement": "warn", "parameters": ps}}}}})

test_declared_by_the_rules if {
	params.declared.max_presign_seconds == {"type": "integer", "default": 3600, "rule": "FS010"}
	params.declared.required_tags.rule == "FS016"
	params.declared.compatibility.one_of == ["aws", "s3", "r2"]
	"FS017" in params.rule_ids
}

test_defaults if {
	params.integer([], "max_presign_seconds") == 3600 with input as h.plan([])
	params.list([], "required_tags") == set() with input as h.plan([])
	params.string([], "require_kms_tag") == "" with input as h.plan([])
}

test_provider_block_parameters if {
	params.integer([], "max_presign_seconds") == 900 with input as _plan_with_provider_params({"max_presign_seconds": "900"})
}

test_data_overrides_provider_block if {
	params.integer([], "max_presign_seconds") == 60 with input as _plan_with_provider_params({"max_presign_seconds": "900"})
		with data.filestore.parameters as {"max_presign_seconds": "60"}
}

test_list_forms if {
	params.list([], "required_tags") == {"team", "env"} with data.filestore.parameters as {"required_tags": " team, env ,"}
	params.list([], "required_tags") == {"team"} with data.filestore.parameters as {"required_tags": ["team", " "]}
}

test_exemption_keys if {
	params.exemptions == [{"rule_id": "FS005", "target": "module.a.aws_s3_bucket.b", "reason": "r"}] with input as h.plan([])
		with data.filestore.parameters as {"exempt:FS005:module.a.aws_s3_bucket.b": "r"}
}

test_valid_parameters_have_no_errors if {
	count(settings.errors) == 0 with input as h.plan([])
		with data.filestore.parameters as {
			"max_presign_seconds": "900", "max_cdn_signature_seconds": 7200,
			"required_tags": ["team"], "require_kms_tag": "pii", "compatibility": "s3",
			"exempt:FS005:module.a.aws_s3_bucket.b": "reviewed in SEC-9",
		}
		with data.filestore.overrides as {"FS006": "deny"}
		with data.filestore.enforcement as "warn"
}

_keys(errs) := {[e.setting, e.key, e.source] | some e in errs}

test_wrong_types_are_errors if {
	errs := settings.errors with input as h.plan([])
		with data.filestore.parameters as {
			"max_presign_seconds": "abc", "max_abort_multipart_days": "1.5", "max_cdn_signature_seconds": 0,
			"required_tags": 3, "require_kms_tag": ["a"], "compatibility": "gcs",
		}
	_keys(errs) == {
		["parameters", "max_presign_seconds", "data"], ["parameters", "max_abort_multipart_days", "data"],
		["parameters", "max_cdn_signature_seconds", "data"], ["parameters", "required_tags", "data"],
		["parameters", "require_kms_tag", "data"], ["parameters", "compatibility", "data"],
	}
	some e in errs
	e.key == "max_presign_seconds"
	e.message == `parameter max_presign_seconds = "abc": must be a whole number greater than 0`
}

test_wrong_type_keeps_the_default if {
	params.integer([], "max_presign_seconds") == 3600 with data.filestore.parameters as {"max_presign_seconds": "abc"}
}

test_unknown_names_and_rules_are_errors if {
	errs := settings.errors with input as h.plan([])
		with data.filestore.parameters as {
			"max_presign_second": "60", "exempt:FS999:b": "r", "exempt:FS005": "r",
			"exempt:FS005:b": "", "exempt::b": "r",
		}
		with data.filestore.overrides as {"FS999": "warn", "FS006": "loud"}
		with data.filestore.enforcement as "block"
	_keys(errs) == {
		["parameters", "max_presign_second", "data"], ["parameters", "exempt:FS999:b", "data"],
		["parameters", "exempt:FS005", "data"], ["parameters", "exempt:FS005:b", "data"],
		["parameters", "exempt::b", "data"],
		["overrides", "FS999", "data"], ["overrides", "FS006", "data"], ["enforcement", "", "data"],
	}
}

test_plan_parameters_are_checked if {
	params.plan_errors == {{
		"setting": "parameters", "key": "max_presign_seconds", "source": "plan",
		"message": `parameter max_presign_seconds = "soon": must be a whole number greater than 0`,
	}} with input as _plan_with_provider_params({"max_presign_seconds": "soon"})
	count(params.plan_errors) == 0 with input as h.plan([]) with data.filestore.parameters as {"nope": "1"}
}
