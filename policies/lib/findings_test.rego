package filestore.lib.findings_test

import data.filestore.lib.findings
import data.filestore.test.helpers as h

_bad_bucket := h.bucket_plan({
	"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": ["*"], "expose_headers": ["ETag"]}],
	"tags_all": {"team": "media"},
})

_by_rule(fs) := {f.rule_id: f.level | some f in fs}

test_levels_by_default if {
	_by_rule(findings.all) == {"FS005": "deny", "FS006": "warn"} with input as _bad_bucket
}

test_every_rule_package_has_metadata if {
	every name, _ in data.filestore.rules {
		findings._meta(data.filestore.rules[name].meta).custom.id
	}
}

test_enforcement_warn if {
	_by_rule(findings.all) == {"FS005": "warn", "FS006": "warn"} with input as _bad_bucket
		with data.filestore.enforcement as "warn"
}

test_enforcement_off if {
	count(findings.all) == 0 with input as _bad_bucket with data.filestore.enforcement as "off"
}

test_override_beats_enforcement if {
	_by_rule(findings.all) == {"FS005": "deny", "FS006": "warn"} with input as _bad_bucket
		with data.filestore.enforcement as "warn"
		with data.filestore.overrides as {"FS005": "deny"}
}

test_override_off_and_deny if {
	_by_rule(findings.all) == {"FS006": "deny"} with input as _bad_bucket
		with data.filestore.overrides as {"FS005": "off", "FS006": "deny"}
}

test_invalid_override_ignored if {
	_by_rule(findings.all) == {"FS005": "deny", "FS006": "warn"} with input as _bad_bucket
		with data.filestore.overrides as {"FS005": "maybe"}
		with data.filestore.enforcement as "loud"
}

test_tag_exemption if {
	p := h.bucket_plan({
		"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": [], "expose_headers": ["ETag"]}],
		"tags_all": {"filestore:exempt:FS005": "public widget - SEC-1"},
	})
	fs := findings.all with input as p
	count(fs) == 1
	some f in fs
	f.level == "warn"
	f.exemption == "public widget - SEC-1"
	findings.text(f) == `FS005 warn filestore_upload_bucket.b cors_rules[0].allowed_origins: CORS rule 0 allows origin "*" to PUT (exempted: public widget - SEC-1)`
}

test_blank_tag_is_no_exemption if {
	p := h.bucket_plan({
		"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": [], "expose_headers": ["ETag"]}],
		"tags_all": {"filestore:exempt:FS005": " "},
	})
	_by_rule(findings.all) == {"FS005": "deny"} with input as p
}

test_parameter_exemption_by_name_and_address if {
	p := h.bucket_plan({"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": ["*"], "expose_headers": ["ETag"]}]})
	fs := findings.all with input as p
		with data.filestore.parameters as {
			"exempt:FS005:acme-uploads": "by name",
			"exempt:FS006:filestore_upload_bucket.b": "by address",
			"exempt:bad": "ignored",
		}
	{[f.rule_id, f.level, f.exemption] | some f in fs} == {["FS005", "warn", "by name"], ["FS006", "warn", "by address"]}
}

test_exemption_does_not_revive_off_rule if {
	p := h.bucket_plan({"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": [], "expose_headers": ["ETag"]}]})
	count(findings.all) == 0 with input as p
		with data.filestore.parameters as {"exempt:FS005:acme-uploads": "x"}
		with data.filestore.overrides as {"FS005": "off"}
}

test_deny_and_warn_sets if {
	count(findings.deny) == 1 with input as _bad_bucket
	count(findings.warn) == 1 with input as _bad_bucket
}

test_report if {
	r := findings.report with input as _bad_bucket
	r.checked == 1
	count(r.findings) == 2
}

test_text_without_path if {
	findings.text({"rule_id": "FS001", "level": "deny", "address": "aws_s3_bucket.b", "path": [], "message": "m", "exemption": null}) == "FS001 deny aws_s3_bucket.b: m"
}

test_path_string if {
	findings.path_string(["tags", "filestore:exempt:FS005"]) == `tags["filestore:exempt:FS005"]`
	findings.path_string(["rule", 0, "filter"]) == "rule[0].filter"
}
