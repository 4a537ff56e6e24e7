package main_test

import data.filestore.test.helpers as h
import data.main

_plan := h.bucket_plan({"cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PUT"], "allowed_headers": ["*"], "expose_headers": ["ETag"]}]})

test_deny_and_warn if {
	{r.msg | some r in main.deny} == {`FS005 deny filestore_upload_bucket.b cors_rules[0].allowed_origins: CORS rule 0 allows origin "*" to PUT`} with input as _plan
	{r.rule_id | some r in main.warn} == {"FS006"} with input as _plan
}

test_clean if {
	count(main.deny) == 0 with input as h.bucket_plan({})
	count(main.warn) == 0 with input as h.bucket_plan({})
}

test_pipeline_rules if {
	p := h.plan([
		h.change("filestore_upload_bucket", "b", h.bucket({"access_logging": null, "scan_gate": {"prefixes": ["u/"]}})),
		h.change("aws_guardduty_malware_protection_plan", "g", {"protected_resource": [{"s3_bucket": [{"bucket_name": "acme-uploads"}]}]}),
	])
	{r.rule_id | some r in main.warn} == {"FS023"} with input as p
	count(main.deny) == 0 with input as p
	{r.rule_id | some r in main.deny} == {"FS020"} with input as object.union(p, {"resource_changes": [p.resource_changes[0]]})
}

test_settings_errors_deny if {
	{r.msg | some r in main.deny} == {`filestore guardrail settings: parameter max_presign_seconds = "abc": must be a whole number greater than 0`} with input as h.bucket_plan({})
		with data.filestore.parameters as {"max_presign_seconds": "abc"}
}
