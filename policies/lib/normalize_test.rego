package filestore.lib.normalize_test

import data.filestore.lib.normalize
import data.filestore.lib.plan
import data.filestore.test.helpers as h

# Buckets whose attributes are all known take the literal route
# (_fs_bucket_known); it must give the document the exact route gives.
_known_variants := [
	{},
	{"encryption": null},
	{"encryption": {"algorithm": null, "kms_key_id": "k"}},
	{"block_public_access": null, "deny_insecure_transport": null, "object_ownership": null, "abort_incomplete_multipart_days": null, "versioning": null},
	{"abort_incomplete_multipart_days": 0, "block_public_access": false, "object_ownership": "ObjectWriter"},
	{"lifecycle_tiers": [{"prefix": null, "transitions": [{"days": null, "storage_class": null}], "expiration_days": null}], "cors_rules": []},
	{"lifecycle_tiers": null, "cors_rules": null, "tags": null, "tags_all": null},
	{"cors_rules": [{"allowed_origins": ["*", "https://a"], "allowed_methods": null, "allowed_headers": []}]},
	{"cors_rules": [{"allowed_origins": ["https://a"], "allowed_methods": ["PUT"], "allowed_headers": [], "expose_headers": null}]},
	{"quarantine": {"prefix": "q/"}, "scan_gate": {"prefixes": null}, "object_lock": {"mode": "GOVERNANCE", "days": 1}},
	{"quarantine": {"prefix": null}, "scan_gate": {"prefixes": []}, "access_logging": null},
	{"scan_gate": {"prefixes": ["a/", null]}},
	{"notifications": {"eventbridge": null, "queues": [{"arn": "a", "events": ["s3:ObjectCreated:*"], "prefix": null, "suffix": "x"}], "topics": null, "functions": [{"arn": "f", "events": null}]}},
	{"notifications": {"eventbridge": true}},
	{"deny_unencrypted_uploads": true},
	{"deny_unencrypted_uploads": true, "encryption": {"algorithm": "aws:kms", "kms_key_id": "k"}},
	{"deny_unencrypted_uploads": null, "policy_statements": json.marshal({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}}}})},
	{"policy_statements": "not json"},
]

# The parts route on their own: the same variants through _fs_parts_known
# and _fs_parts_exact, with a GuardDuty plan and a log source in the plan.
test_known_parts_match_exact_parts if {
	every overrides in _known_variants {
		p := h.plan([
			h.change("filestore_upload_bucket", "b", h.bucket(overrides)),
			h.change("filestore_upload_bucket", "l", h.bucket({"bucket": "acme-logs", "access_logging": {"target_bucket": "acme-uploads"}})),
			h.change("aws_guardduty_malware_protection_plan", "g", {"protected_resource": [{"s3_bucket": [{"bucket_name": "acme-uploads", "object_prefixes": ["q/"]}]}]}),
		])
		b := plan.instances["filestore_upload_bucket.b"] with input as p
		normalize._fs_parts_known(b) == normalize._fs_parts_exact(b) with input as p
	}
}

test_known_bucket_literal_matches_exact_route if {
	every overrides in _known_variants {
		b := plan.instances["filestore_upload_bucket.b"] with input as h.bucket_plan(overrides)
		normalize._fs_bucket_known(b) == normalize._filestore_bucket(b) with input as h.bucket_plan(overrides)
	}
}

test_known_bucket_literal_without_tags_all if {
	after := object.remove(h.bucket({}), ["tags_all"])
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", after, {"arn": true, "id": true})])
	b := plan.instances["filestore_upload_bucket.b"] with input as p
	normalize._fs_bucket_known(b) == normalize._filestore_bucket(b) with input as p
	normalize.buckets["filestore_upload_bucket.b"] == normalize._fs_bucket_known(b) with input as p
}

# An unknown value under a document attribute takes the exact route.
test_unknown_attribute_takes_exact_route if {
	after := h.bucket({"cors_rules": [{"allowed_origins": ["https://a", null], "allowed_methods": ["PUT"], "allowed_headers": []}]})
	p := h.plan([h.change_unknown("filestore_upload_bucket", "b", after, {"cors_rules": [{"allowed_origins": [false, true]}]})])
	doc := normalize.buckets["filestore_upload_bucket.b"] with input as p
	count(doc.cors.rules[0].origins) == 1
}

# A plan evaluated in shares: the presigned URL's share still sees its
# bucket's quarantine (bucket_instances spans the whole plan).
test_upload_target_across_shares if {
	p := h.plan([
		h.change("filestore_upload_bucket", "b", h.bucket({"quarantine": {"prefix": "q/"}, "deny_unencrypted_uploads": true})),
		h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "q/a", "method": "GET"}),
	])
	docs := normalize.resources with input as object.union(p, {"filestore_shard": {"only": {"data.filestore_presigned_url.u": true}}})
	object.keys(docs) == {"data.filestore_presigned_url.u"}
	t := docs["data.filestore_presigned_url.u"].target
	t.address == "filestore_upload_bucket.b"
	t.quarantine.prefix.value == "q/"
	t.upload_encryption.denies_unencrypted == {"known": true, "value": true}
	t.upload_encryption.required[0].values == ["AES256"]
}

test_content_object_document if {
	p := h.plan([h.change_unknown("filestore_content_object", "o", {"bucket": "x", "key_prefix": "cas"}, {"key": true})])
	doc := normalize.resources["filestore_content_object.o"] with input as p
	doc.kind == "content_object"
	doc.key.known == false
	doc.server_side_encryption == {"address": "filestore_content_object.o", "path": ["server_side_encryption"], "known": true, "value": null}
	doc.target == {"state": "unresolved"}
}

test_bucket_pipeline_parts if {
	p := h.bucket_plan({
		"quarantine": {"prefix": "q/"},
		"notifications": {"eventbridge": null, "queues": [{"arn": "a", "events": ["s3:ObjectCreated:*"], "prefix": "q/", "suffix": null}], "topics": null, "functions": []},
	})
	doc := normalize.buckets["filestore_upload_bucket.b"] with input as p
	doc.quarantine.prefix.value == "q/"
	doc.scan_gate == {"state": "absent"}
	doc.notifications.complete
	doc.notifications.eventbridge.value == false
	[d] := doc.notifications.destinations
	d.path == ["notifications", "queues", 0]
	d.suffix.value == ""
	doc.malware_protection == {"state": "known", "plans": []}
	doc.access_logging == {"state": "present", "address": "filestore_upload_bucket.b", "path": ["access_logging"]}
	doc.object_lock == {"state": "absent", "address": "filestore_upload_bucket.b", "path": ["object_lock"]}
}

test_policy_gates if {
	doc := json.marshal({"Statement": [
		{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:Put*", "Resource": "*", "Condition": {"Null": {"s3:x-amz-server-side-encryption": true}}},
		{"Effect": "Deny", "Principal": "*", "Action": ["s3:PutObject"], "Resource": "*", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": ["aws:kms", "aws:kms:dsse"]}}},
		{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/in/*"], "Condition": {"StringNotEquals": {"s3:ExistingObjectTag/scan": "clean"}}},
		{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/out/*", "Condition": {"StringNotEquals": {"s3:ExistingObjectTag/scan": "clean"}}},
	]})
	normalize.policy_upload_encryption(doc) == {"denies_unencrypted": true, "required": [["aws:kms", "aws:kms:dsse"]]}
	normalize.policy_scan_gate_prefixes(doc) == ["in/"]
	normalize.policy_upload_encryption("not json") == {"denies_unencrypted": false, "required": []}
}

test_receives_logs_only_when_not_logging if {
	p := h.plan([
		h.change("filestore_upload_bucket", "b", h.bucket({})),
		h.change("filestore_upload_bucket", "logs", h.bucket({"bucket": "acme-logs", "access_logging": null})),
		h.change("filestore_upload_bucket", "c", h.bucket({"bucket": "acme-c", "access_logging": null})),
	])
	docs := normalize.buckets with input as p
	docs["filestore_upload_bucket.logs"].access_logging.receives_logs == {"known": true, "value": true}
	docs["filestore_upload_bucket.c"].access_logging.receives_logs == {"known": true, "value": false}
}
