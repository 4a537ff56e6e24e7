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
]

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
