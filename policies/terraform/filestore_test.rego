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

# A deny-level rule relating two resources (FS021) is mandatory; its
# warn-level neighbour (FS019) is advisory.
_pipeline := {"plan": h.plan([
	h.change("filestore_upload_bucket", "b", h.bucket({"deny_unencrypted_uploads": true, "quarantine": {"prefix": "quarantine/"}, "notifications": {"eventbridge": true}})),
	h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "avatars/a.png", "method": "PUT", "content_type": "image/png"}),
])}

test_mandatory_and_advisory_split_the_pipeline_rules if {
	filestore.deny == {`FS021 deny data.filestore_presigned_url.u server_side_encryption: bucket acme-uploads denies uploads without server-side encryption, and this presigned PUT sends no x-amz-server-side-encryption header: S3 would refuse it; set server_side_encryption = "AES256"`} with input as _pipeline
	filestore_advisory.deny == {`FS019 warn data.filestore_presigned_url.u key: uploads land under "avatars/a.png", outside the quarantine prefix "quarantine/" of bucket acme-uploads: they skip the malware scan`} with input as _pipeline
}

test_mandatory_reports_settings_errors if {
	msgs := filestore.deny with input as {"plan": h.bucket_plan({})}
		with data.filestore.overrides as {"FS999": "warn"}
	count(msgs) == 1
	some m in msgs
	startswith(m, "filestore guardrail settings: override FS999: there is no rule FS999 (the rules are FS001, FS002, ")
}
