package filestore.lib.plan_test

import data.filestore.lib.normalize
import data.filestore.lib.plan
import data.filestore.test.helpers as h

test_module_names if {
	plan.module_names(`module.a["x.y"].module.b[0]`) == ["a", "b"]
	plan.module_names("") == []
	plan.parent_module_address(`module.a["x"].module.b[0]`) == `module.a["x"]`
	plan.module_instance_key(`module.a["x"]`) == `["x"]`
}

test_deletes_and_deposed_skipped if {
	p := h.plan([
		object.union(h.change("aws_s3_bucket", "gone", {"bucket": "x"}), {"change": {"actions": ["delete"], "after": null, "after_unknown": {}}}),
		object.union(h.change("aws_s3_bucket", "old", {"bucket": "y"}), {"deposed": "abc123"}),
		object.union(h.change("aws_s3_bucket", "kept", {"bucket": "z"}), {"change": {"actions": ["delete", "create"], "after": {"bucket": "z"}, "after_unknown": {}}}),
	])
	object.keys(plan.instances) == {"aws_s3_bucket.kept"} with input as p
}

test_null_after_is_empty if {
	p := h.plan([object.union(h.change("aws_s3_bucket", "b", {}), {"change": {"actions": ["create"], "after": null, "after_unknown": null}})])
	plan.instances["aws_s3_bucket.b"].after == {} with input as p
}

test_state_data_sources_at_depth if {
	ds := {"mode": "data", "type": "filestore_presigned_url", "name": "u", "values": {"bucket": "b"}}
	managed := {"mode": "managed", "type": "aws_s3_bucket", "name": "x", "address": "aws_s3_bucket.x", "values": {}}
	p := {
		"format_version": "1.2",
		"resource_changes": [h.read("filestore_presigned_url", "u", {"bucket": "deferred"})],
		"prior_state": {"values": {"root_module": {
			"resources": [object.union(ds, {"address": "data.filestore_presigned_url.u"}), managed],
			"child_modules": [{
				"address": "module.a",
				"resources": [object.union(ds, {"address": "module.a.data.filestore_presigned_url.u"})],
				"child_modules": [{
					"address": "module.a.module.b",
					"resources": [object.union(ds, {"address": "module.a.module.b.data.filestore_presigned_url.u"})],
					"child_modules": [{
						"address": "module.a.module.b.module.c",
						"resources": [object.union(ds, {"address": "module.a.module.b.module.c.data.filestore_presigned_url.u"})],
					}],
				}],
			}],
		}}},
	}
	insts := plan.instances with input as p
	object.keys(insts) == {
		"data.filestore_presigned_url.u",
		"module.a.data.filestore_presigned_url.u",
		"module.a.module.b.data.filestore_presigned_url.u",
		"module.a.module.b.module.c.data.filestore_presigned_url.u",
	}
	insts["data.filestore_presigned_url.u"].after.bucket == "deferred"
	plan.module_names(insts["module.a.module.b.data.filestore_presigned_url.u"].module_address) == ["a", "b"]
}

# A sibling in a child module reaching its bucket through var.bucket, the
# module call passing aws_s3_bucket.b[each.key].id (paired by module key), and
# one more level up.
test_sibling_through_module_variables if {
	sib := {"bucket": null, "block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}
	p := {
		"format_version": "1.2",
		"resource_changes": [
			object.union(h.change_unknown("aws_s3_bucket", "b", {"bucket": null}, {"bucket": true}), {"address": `aws_s3_bucket.b["x"]`, "index": "x"}),
			object.union(h.change_unknown("aws_s3_bucket", "b", {"bucket": null}, {"bucket": true}), {"address": `aws_s3_bucket.b["y"]`, "index": "y"}),
			object.union(h.change_unknown("aws_s3_bucket_public_access_block", "p", sib, {"bucket": true}), {"address": `module.m["y"].aws_s3_bucket_public_access_block.p`, "module_address": `module.m["y"]`}),
			object.union(h.change_unknown("aws_s3_bucket_public_access_block", "p", sib, {"bucket": true}), {"address": `module.outer.module.inner.aws_s3_bucket_public_access_block.p`, "module_address": "module.outer.module.inner"}),
			h.change_unknown("aws_s3_bucket", "top", {"bucket": null}, {"bucket": true}),
		],
		"configuration": {"root_module": {
			"resources": [],
			"module_calls": {
				"m": {"expressions": {"bucket": {"references": ["aws_s3_bucket.b", "each.key"]}}, "module": {"resources": [{"address": "aws_s3_bucket_public_access_block.p", "mode": "managed", "type": "aws_s3_bucket_public_access_block", "name": "p", "expressions": {"bucket": {"references": ["var.bucket"]}}}]}},
				"outer": {"expressions": {"id": {"references": ["aws_s3_bucket.top.id", "aws_s3_bucket.top"]}}, "module": {"module_calls": {"inner": {"expressions": {"bucket": {"references": ["var.id"]}}, "module": {"resources": [{"address": "aws_s3_bucket_public_access_block.p", "mode": "managed", "type": "aws_s3_bucket_public_access_block", "name": "p", "expressions": {"bucket": {"references": ["var.bucket"]}}}]}}}}},
			},
		}},
	}
	t := normalize.sibling_target with input as p
	t == {
		`module.m["y"].aws_s3_bucket_public_access_block.p`: `aws_s3_bucket.b["y"]`,
		"module.outer.module.inner.aws_s3_bucket_public_access_block.p": "aws_s3_bucket.top",
	}
	count(normalize.fragments) == 0 with input as p
}

test_indexed_reference_wins if {
	p := h.plan_with(
		[
			object.union(h.change_unknown("aws_s3_bucket", "b", {}, {"bucket": true}), {"address": "aws_s3_bucket.b[0]", "index": 0}),
			object.union(h.change_unknown("aws_s3_bucket", "b", {}, {"bucket": true}), {"address": "aws_s3_bucket.b[1]", "index": 1}),
			object.union(h.change_unknown("aws_s3_bucket_versioning", "v", {}, {"bucket": true}), {"address": "aws_s3_bucket_versioning.v[0]", "index": 0}),
		],
		[{"address": "aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v", "expressions": {"bucket": {"references": ["aws_s3_bucket.b[1].id", "aws_s3_bucket.b[1]", "aws_s3_bucket.b"]}}}],
		{},
	)
	normalize.sibling_target == {"aws_s3_bucket_versioning.v[0]": "aws_s3_bucket.b[1]"} with input as p
}

test_ambiguous_reference_unresolved if {
	p := h.plan_with(
		[
			h.change_unknown("aws_s3_bucket", "a", {}, {"bucket": true}),
			h.change_unknown("aws_s3_bucket", "b", {}, {"bucket": true}),
			h.change_unknown("aws_s3_bucket_versioning", "v", {}, {"bucket": true}),
		],
		[{"address": "aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v", "expressions": {"bucket": {"references": ["aws_s3_bucket.a.id", "aws_s3_bucket.a", "aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}}],
		{},
	)
	count(normalize.sibling_target) == 0 with input as p
	normalize.ambiguous_types == {"aws_s3_bucket_versioning"} with input as p
	normalize.resources["aws_s3_bucket.a"].versioning.state == "unknown" with input as p
	normalize.fragments["aws_s3_bucket_versioning.v"].versioning.state == "present" with input as p
}

test_duplicate_siblings_second_is_fragment if {
	p := h.plan([
		h.change("aws_s3_bucket", "b", {"bucket": "acme"}),
		h.change("aws_s3_bucket_versioning", "one", {"bucket": "acme", "versioning_configuration": [{"status": "Enabled"}]}),
		h.change("aws_s3_bucket_versioning", "two", {"bucket": "acme", "versioning_configuration": [{"status": "Suspended"}]}),
	])
	normalize.buckets["aws_s3_bucket.b"].versioning.enabled.value == true with input as p
	object.keys(normalize.fragments) == {"aws_s3_bucket_versioning.two"} with input as p
}

test_fragments_of_every_type if {
	types := [
		"aws_s3_bucket_cors_configuration",
		"aws_s3_bucket_server_side_encryption_configuration",
		"aws_s3_bucket_lifecycle_configuration",
		"aws_s3_bucket_public_access_block",
		"aws_s3_bucket_ownership_controls",
		"aws_s3_bucket_policy",
		"aws_s3_bucket_versioning",
	]
	p := h.plan([h.change(t, "x", {"bucket": "elsewhere"}) | some t in types])
	count(normalize.fragments) == 7 with input as p
	every f in normalize.fragments {
		f.complete == false
	} with input as p
}

test_child_module_provider_config if {
	p := {
		"format_version": "1.2",
		"resource_changes": [object.union(h.change("filestore_upload_bucket", "b", h.bucket({"block_public_access": false})), {"address": "module.m.filestore_upload_bucket.b", "module_address": "module.m"})],
		"configuration": {
			"provider_config": {"module.m:filestore": {"name": "filestore", "module_address": "module.m", "expressions": {"compatibility": {"constant_value": "s3"}}}},
			"root_module": {"module_calls": {"m": {"module": {"resources": [{"address": "filestore_upload_bucket.b", "mode": "managed", "type": "filestore_upload_bucket", "name": "b", "provider_config_key": "module.m:filestore", "expressions": {}}]}}}},
		},
	}
	normalize.buckets["module.m.filestore_upload_bucket.b"].aws_rules == false with input as p
}

test_provider_without_compatibility_is_aws if {
	p := h.plan_with([h.change("filestore_upload_bucket", "b", h.bucket({}))], [], {"filestore": {"name": "filestore", "expressions": {"region": {"constant_value": "eu-west-1"}}}})
	normalize.buckets["filestore_upload_bucket.b"].aws_rules == true with input as p
}

test_config_resources_at_depth if {
	r := {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "expressions": {}}
	p := {"configuration": {"root_module": {"module_calls": {"a": {"module": {"module_calls": {"b": {"module": {"resources": [r], "module_calls": {"c": {"module": {"resources": [r]}}}}}}}}}}}}
	object.keys(plan.config_resources) == {"a.b|aws_s3_bucket.b", "a.b.c|aws_s3_bucket.b"} with input as p
}

test_relevant_types_cover_the_families if {
	families := ((((((plan.filestore_bucket_types | plan.aws_bucket_types) | plan.aws_sibling_types) | plan.key_group_types) | plan.presign_types) | plan.cdn_signature_types) | plan.content_object_types) | plan.related_types
	plan.relevant_types == families | {"aws_cloudfront_public_key"}
}

test_shards_split_documents if {
	p := h.plan([
		h.change("filestore_upload_bucket", "a", {"bucket": "a"}),
		h.change("aws_s3_bucket", "b", {"bucket": "b"}),
		h.change("aws_s3_bucket_cors_configuration", "c", {"bucket": "b", "cors_rule": []}),
		h.change("aws_s3_bucket_policy", "orphan", {"bucket": "nowhere", "policy": "{}"}),
		h.read("filestore_presigned_url", "u", {"bucket": "a"}),
	])
	all := normalize.resources with input as p
	only := {"filestore_upload_bucket.a": true, "aws_s3_bucket_policy.orphan": true}
	first := normalize.resources with input as object.union(p, {"filestore_shard": {"only": only}})
	second := normalize.resources with input as object.union(p, {"filestore_shard": {"skip": only}})
	object.keys(first) == {"filestore_upload_bucket.a", "aws_s3_bucket_policy.orphan"}
	object.keys(second) == {"aws_s3_bucket.b", "data.filestore_presigned_url.u"}
	object.union(first, second) == all
	second["aws_s3_bucket.b"].cors.rules == []
}
