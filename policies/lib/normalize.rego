# METADATA
# title: Normalized resource documents
# description: |
#   Turns the plan's resource instances into one document per thing a rule
#   reasons about, whatever provider declared it:
#
#   - kind "bucket": a filestore_upload_bucket, or an aws_s3_bucket merged
#     with its aws_s3_bucket_* siblings (matched through the configuration's
#     references, then through known bucket names). A sibling that matches no
#     bucket of the plan becomes a bucket fragment (complete = false): rules
#     that need the absence of a setting skip fragments.
#   - kind "key_group": filestore_cdn_key_group, aws_cloudfront_key_group.
#   - kind "presign": filestore_presigned_url / filestore_presigned_post.
#   - kind "cdn_signature": filestore_cloudfront_signed_url / _cookies.
#
#   Every value is an attribute object {address, path, known, value} whose
#   address and path point into the ORIGINAL resource's schema, so findings
#   name the attribute a user has to change.
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

# resources: address => normalized document. The extension point for local
# rules (policy.paths): reason over these documents.
resources := {a: doc |
	# (object.union_n would deep-copy every document.)
	some docs in [buckets, fragments, key_groups, presigns, cdn_signatures]
	some a, doc in docs
}

# checked is the number of plan resource instances the guardrails read.
checked := count(plan.instances)

# ---------------------------------------------------------------------------
# Sibling resolution

_inst := plan.instances

# Documents are built for every instance of the plan. The Go engine may
# split a large plan across goroutines: each evaluation then reads the whole
# plan (sibling resolution and parameters stay global) and builds the
# documents of its own share, named by input.filestore_shard: {"only":
# {address: true}} or {"skip": {address: true}}. Rules reason about one
# document at a time, so the shares' findings add up to the whole plan's.
# Plans never carry that key.
_doc_inst := _inst if {
	not input.filestore_shard
} else := {a: i |
	some a, i in _inst
	input.filestore_shard.only[a]
} if {
	input.filestore_shard.only
} else := {a: i |
	some a, i in _inst
	not input.filestore_shard.skip[a]
}

# The rules below are complete (comprehensions), evaluated once per query:
# partial rules looked up per key would make a large plan quadratic.
bucket_instances := {a: i |
	some a, i in _inst
	i.mode == "managed"
	_bucket_types[i.type]
}

_bucket_types := {"filestore_upload_bucket", "aws_s3_bucket"}

sibling_instances := {a: i |
	some a, i in _inst
	i.mode == "managed"
	plan.aws_sibling_types[i.type]
}

# Known bucket names of the plan's bucket resources.
bucket_names := {a: i.after.bucket |
	some a, i in bucket_instances
	is_string(i.after.bucket)
	not values.unknown(i.after_unknown, ["bucket"])
}

# unique_names: known bucket name => address, for names only one bucket of
# the plan has (built by sorting, so thousands of buckets stay cheap).
unique_names := {x[0]: x[1] |
	some i, x in _sorted_names
	not _same_name(i - 1, x[0])
	not _same_name(i + 1, x[0])
}

_sorted_names := sort([[n, a] | some a, n in bucket_names])

_same_name(i, name) if _sorted_names[i][0] == name

# sibling_target: sibling address => bucket address.
sibling_target := {a: t |
	some a, s in sibling_instances
	t := _target(s)
}

_target(s) := t if {
	ts := _ref_targets(s)
	count(ts) == 1
	some t in ts
} else := t if {
	name := s.after.bucket
	is_string(name)
	not values.unknown(s.after_unknown, ["bucket"])
	t := unique_names[name]
}

# The targets of the first resolution that finds any: indexed references,
# then bare ones, then module variables (each tried only when the previous
# found nothing).
_ref_targets(s) := ts if {
	ts := {t |
		some ref in plan.references(s, "bucket")
		t := _resolve_indexed(s.module_address, ref)
	}
	count(ts) > 0
} else := ts if {
	ts := {t |
		some ref in plan.references(s, "bucket")
		t := _resolve_bare(s.module_address, ref, plan.suffix(s))
	}
	count(ts) > 0
} else := ts if {
	ts := {t |
		some ref in plan.references(s, "bucket")
		t := _resolve_var(s.module_address, plan.module_names(s.module_address), ref)
	}
	count(ts) > 0
} else := set()

_bucket_ref_pattern := `^(aws_s3_bucket|filestore_upload_bucket)\.[A-Za-z_][A-Za-z0-9_-]*`

_indexed_ref_pattern := concat("", [_bucket_ref_pattern, `\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]`])

_bare_ref_pattern := concat("", [_bucket_ref_pattern, "$"])

# aws_s3_bucket.b[0] / aws_s3_bucket.b["k"]: that instance of this module.
_resolve_indexed(ma, ref) := t if {
	m := regex.find_n(_indexed_ref_pattern, ref, 1)[0]
	t := concat("", [_prefix(ma), m])
	bucket_instances[t]
}

# aws_s3_bucket.b: the single instance, else the instance with the sibling's
# own count / for_each key (bucket = aws_s3_bucket.b[count.index].id).
_resolve_bare(ma, ref, suffix) := t if {
	regex.match(_bare_ref_pattern, ref)
	t := concat("", [_prefix(ma), ref])
	bucket_instances[t]
} else := t if {
	regex.match(_bare_ref_pattern, ref)
	suffix != ""
	t := concat("", [_prefix(ma), ref, suffix])
	bucket_instances[t]
}

# var.x in a child module: the module call's argument, resolved in the parent
# (one or two levels up); for_each / count module instances pair by key.
_resolve_var(ma, names, ref) := t if {
	t := _resolve_var1(ma, names, ref)
} else := t if {
	t := _resolve_var2(ma, names, ref)
}

_resolve_var1(ma, names, ref) := t if {
	[pma, pnames, prefs, key] := _var_refs(ma, names, ref)
	ts := {x |
		some r in prefs
		x := _resolve_direct(pma, r, key)
	}
	count(ts) == 1
	some t in ts
	pnames
}

_resolve_var2(ma, names, ref) := t if {
	[pma, pnames, prefs, _] := _var_refs(ma, names, ref)
	ts := {x |
		some r in prefs
		x := _resolve_var1(pma, pnames, r)
	}
	count(ts) == 1
	some t in ts
}

_var_refs(ma, names, ref) := [pma, pnames, prefs, key] if {
	count(names) > 0
	v := regex.find_all_string_submatch_n(`^var\.([A-Za-z_][A-Za-z0-9_-]*)$`, ref, 1)[0][1]
	call := plan.module_call(names)
	prefs := values.get_or(call, ["expressions", v, "references"], [])
	pma := plan.parent_module_address(ma)
	pnames := array.slice(names, 0, count(names) - 1)
	key := object.get({"k": plan.module_instance_key(ma)}, "k", "")
}

_resolve_direct(ma, ref, _) := t if {
	t := _resolve_indexed(ma, ref)
} else := t if {
	regex.match(_bare_ref_pattern, ref)
	t := concat("", [_prefix(ma), ref])
	bucket_instances[t]
}

_resolve_direct(ma, ref, key) := t if {
	not _resolve_indexed(ma, ref)
	regex.match(_bare_ref_pattern, ref)
	not bucket_instances[concat("", [_prefix(ma), ref])]
	key != ""
	t := concat("", [_prefix(ma), ref, key])
	bucket_instances[t]
}

_prefix("") := ""

_prefix(ma) := concat("", [ma, "."]) if ma != ""

# attached[[bucket, type]] is the sibling of that type attached to the bucket:
# the first by address when a bucket has several (the others are reported as
# fragments, so their content is still checked).
attached := {[x[0], x[1]]: x[2] |
	some i, x in _sibling_triples
	not _same_group(i - 1, x)
}

_sibling_triples := sort([[t, sibling_instances[s].type, s] | some s, t in sibling_target])

_same_group(i, x) if {
	p := _sibling_triples[i]
	p[0] == x[0]
	p[1] == x[1]
}

_attached_addresses := {s | some _, s in attached}

# A sibling type is ambiguous when some sibling of that type could belong to
# any bucket (its bucket is unknown and no reference resolves it): the absence
# of that setting on a bucket cannot be decided.
ambiguous_types := {s.type |
	some a, s in sibling_instances
	not sibling_target[a]
	values.unknown(s.after_unknown, ["bucket"])
}

# ---------------------------------------------------------------------------
# Bucket documents
#
# Attributes are read in bulk (values.attrs / values.attrs_at: one
# comprehension per resource or list element) and documents are written as
# literals: every function call, else-chain and object.union costs more than
# the work it wraps.

buckets := object.union(
	{a: _fs_bucket(b) |
		some a, b in bucket_instances
		b.type == "filestore_upload_bucket"
		_doc_inst[a]
	},
	{a: _aws_bucket(b) |
		some a, b in bucket_instances
		b.type == "aws_s3_bucket"
		_doc_inst[a]
	},
)

fragments := {a: doc |
	some a, s in sibling_instances
	_doc_inst[a]
	not a in _attached_addresses
	doc := _fragment(s)
}

_base(i, kind) := {
	"kind": kind,
	"address": i.address,
	"resource_address": plan.resource_address(i),
	"type": i.type,
	"mode": i.mode,
}

_fs_bucket_attrs := {
	"name": [["bucket"], null],
	"tags": [["tags"], null],
	"tags_all": [["tags_all"], null],
	"block_public_access": [["block_public_access"], true],
	"deny_insecure_transport": [["deny_insecure_transport"], true],
	"object_ownership": [["object_ownership"], "BucketOwnerEnforced"],
	# null is the provider default (7); 0 disables the rule.
	"abort_incomplete_multipart_days": [["abort_incomplete_multipart_days"], 7],
	"versioning": [["versioning"], null],
}

# A filestore_upload_bucket none of whose attributes the documents read is
# unknown (no `true` under them in after_unknown: the common case) is written
# as one literal, every attribute known; otherwise _filestore_bucket reads
# each attribute exactly. Both give the same document (normalize_test).
_fs_bucket(b) := _fs_bucket_known(b) if {
	count(values.unknown_roots(b.after_unknown) & _fs_roots) == 0
} else := _filestore_bucket(b)

_fs_roots := {
	"bucket", "tags", "tags_all", "encryption", "block_public_access", "deny_insecure_transport",
	"object_ownership", "cors_rules", "lifecycle_tiers", "abort_incomplete_multipart_days", "versioning",
}

# with a default: object.get({"null": d}, type_name(v), v) is d for a null v.
_fs_bucket_known(b) := {
	"kind": "bucket",
	"address": addr,
	"resource_address": plan.resource_address(b),
	"type": b.type,
	"mode": b.mode,
	"provider": "filestore",
	"complete": true,
	"aws_rules": object.get(_aws_rules, plan.compatibility(b), null),
	"name": {"address": addr, "path": ["bucket"], "known": true, "value": object.get(after, "bucket", null)},
	"tags": {"address": addr, "path": ["tags"], "known": true, "value": object.get(after, _tags_key(b), null)},
	"encryption": _fs_encryption_known(addr, after),
	"public_access_block": {
		"state": "present", "address": addr, "path": ["block_public_access"],
		"flags": {f: pab | some f in _pab_flags},
	},
	"secure_transport": {
		"state": "present", "address": addr, "path": ["deny_insecure_transport"],
		"denies": {"address": addr, "path": ["deny_insecure_transport"], "known": true, "value": object.get({"null": true}, type_name(dit), dit)},
	},
	"ownership": {
		"state": "present", "address": addr, "path": ["object_ownership"],
		"value": {"address": addr, "path": ["object_ownership"], "known": true, "value": object.get({"null": "BucketOwnerEnforced"}, type_name(own), own)},
	},
	"cors": {"state": "present", "rules": [r |
		some n, _ in object.get(after, "cors_rules", [])
		r := {
			"address": addr,
			"path": ["cors_rules", n],
			"origins": [{"address": addr, "path": ["cors_rules", n, "allowed_origins", i], "value": v} |
				some i, v in object.get(after, ["cors_rules", n, "allowed_origins"], [])
			],
			"methods": [{"address": addr, "path": ["cors_rules", n, "allowed_methods", i], "value": v} |
				some i, v in object.get(after, ["cors_rules", n, "allowed_methods"], [])
			],
			"headers": [{"address": addr, "path": ["cors_rules", n, "allowed_headers", i], "value": v} |
				some i, v in object.get(after, ["cors_rules", n, "allowed_headers"], [])
			],
		}
	]},
	"lifecycle": {
		"state": "present",
		"address": addr,
		"path": ["lifecycle_tiers"],
		"rules": [r |
			some n, _ in object.get(after, "lifecycle_tiers", [])
			p := object.get(after, ["lifecycle_tiers", n, "prefix"], null)
			prefix := object.get({"null": ""}, type_name(p), p)
			r := {
				"address": addr,
				"path": ["lifecycle_tiers", n],
				"enabled": {"known": true, "value": true},
				"prefix": {"address": addr, "path": ["lifecycle_tiers", n, "prefix"], "known": true, "value": prefix},
				"whole_bucket": {"known": true, "value": prefix == ""},
				"transitions": [t |
					some k, _ in object.get(after, ["lifecycle_tiers", n, "transitions"], [])
					t := {
						"days": {"address": addr, "path": ["lifecycle_tiers", n, "transitions", k, "days"], "known": true, "value": object.get(after, ["lifecycle_tiers", n, "transitions", k, "days"], null)},
						"storage_class": {"address": addr, "path": ["lifecycle_tiers", n, "transitions", k, "storage_class"], "known": true, "value": object.get(after, ["lifecycle_tiers", n, "transitions", k, "storage_class"], null)},
					}
				],
				"expiration_days": {"address": addr, "path": ["lifecycle_tiers", n, "expiration_days"], "known": true, "value": object.get(after, ["lifecycle_tiers", n, "expiration_days"], null)},
			}
		],
		"aborts": [x |
			abort != 0
			x := {
				"address": addr,
				"path": ["abort_incomplete_multipart_days"],
				"enabled": {"known": true, "value": true},
				"whole_bucket": {"known": true, "value": true},
				"days": {"address": addr, "path": ["abort_incomplete_multipart_days"], "known": true, "value": abort},
			}
		],
	},
	"versioning": {"state": "present", "enabled": {"address": addr, "path": ["versioning"], "known": true, "value": object.get(after, "versioning", null)}},
} if {
	addr := b.address
	after := b.after
	bpa := object.get(after, "block_public_access", null)
	pab := {"address": addr, "path": ["block_public_access"], "known": true, "value": object.get({"null": true}, type_name(bpa), bpa)}
	dit := object.get(after, "deny_insecure_transport", null)
	own := object.get(after, "object_ownership", null)
	a := object.get(after, "abort_incomplete_multipart_days", null)
	abort := object.get({"null": 7}, type_name(a), a)
}

_tags_key(i) := "tags_all" if _has_attribute(i, "tags_all")

else := "tags"

_fs_encryption_known(addr, after) := {
	"state": "present", "address": addr, "path": ["encryption"],
	"algorithm": {"address": addr, "path": ["encryption"], "known": true, "value": "AES256"},
	"kms_key_id": {"address": addr, "path": ["encryption"], "known": true, "value": null},
} if {
	object.get(after, "encryption", null) == null
} else := {
	"state": "present", "address": addr, "path": ["encryption"],
	"algorithm": {"address": addr, "path": ["encryption", "algorithm"], "known": true, "value": object.get({"null": "AES256"}, type_name(alg), alg)},
	"kms_key_id": {"address": addr, "path": ["encryption", "kms_key_id"], "known": true, "value": object.get(after, ["encryption", "kms_key_id"], null)},
} if {
	alg := object.get(after, ["encryption", "algorithm"], null)
}

_filestore_bucket(b) := {
	"kind": "bucket",
	"address": b.address,
	"resource_address": plan.resource_address(b),
	"type": b.type,
	"mode": b.mode,
	"provider": "filestore",
	"complete": true,
	"aws_rules": object.get(_aws_rules, plan.compatibility(b), null),
	"name": a.name,
	"tags": _tags(b, a),
	"encryption": _fs_encryption(b),
	"public_access_block": {
		"state": "present", "address": b.address, "path": ["block_public_access"],
		"flags": {f: a.block_public_access | some f in _pab_flags},
	},
	"secure_transport": {
		"state": "present", "address": b.address, "path": ["deny_insecure_transport"],
		"denies": a.deny_insecure_transport,
	},
	"ownership": {
		"state": "present", "address": b.address, "path": ["object_ownership"],
		"value": a.object_ownership,
	},
	"cors": {"state": "present", "rules": _cors_rules(b, "cors_rules")},
	"lifecycle": {
		"state": "present",
		"address": b.address,
		"path": ["lifecycle_tiers"],
		"rules": [_fs_tier(b, n) | some n, _ in object.get(b.after, "lifecycle_tiers", [])],
		"aborts": _fs_aborts(a.abort_incomplete_multipart_days),
	},
	"versioning": {"state": "present", "enabled": a.versioning},
} if {
	a := values.attrs(b, _fs_bucket_attrs)
}

_aws_bucket_attrs := {
	"name": [["bucket"], null],
	"tags": [["tags"], null],
	"tags_all": [["tags_all"], null],
}

_aws_bucket(b) := {
	"kind": "bucket",
	"address": b.address,
	"resource_address": plan.resource_address(b),
	"type": b.type,
	"mode": b.mode,
	"provider": "aws",
	"complete": true,
	"aws_rules": true,
	"name": a.name,
	"tags": _tags(b, a),
	"encryption": _aws_encryption(b),
	"public_access_block": _aws_public_access_block(b),
	"secure_transport": _aws_secure_transport(b),
	"ownership": _aws_ownership(b),
	"cors": _aws_cors(b),
	"lifecycle": _aws_lifecycle(b),
	"versioning": _aws_versioning(b),
} if {
	a := values.attrs(b, _aws_bucket_attrs)
}

# A fragment carries only its own setting; the others are "unknown" (never
# decided as absent).
_fragment(s) := object.union(
	object.union(_base(s, "bucket"), {
		"provider": "aws",
		"complete": false,
		"aws_rules": true,
		"name": values.attr(s, ["bucket"]),
		"tags": {"address": s.address, "path": ["tags"], "known": false, "value": null},
		"encryption": {"state": "unknown"},
		"public_access_block": {"state": "unknown"},
		"secure_transport": {"state": "unknown"},
		"ownership": {"state": "unknown"},
		"cors": {"state": "unknown", "rules": []},
		"lifecycle": {"state": "unknown", "rules": [], "aborts": []},
		"versioning": {"state": "unknown"},
	}),
	_fragment_setting(s),
)

_fragment_setting(s) := {"encryption": _sse_sibling(s)} if s.type == "aws_s3_bucket_server_side_encryption_configuration"

_fragment_setting(s) := {"public_access_block": _pab_sibling(s)} if s.type == "aws_s3_bucket_public_access_block"

_fragment_setting(s) := {"secure_transport": _policy_setting(s, ["policy"])} if s.type == "aws_s3_bucket_policy"

_fragment_setting(s) := {"ownership": _ownership_sibling(s)} if s.type == "aws_s3_bucket_ownership_controls"

_fragment_setting(s) := {"cors": {"state": "present", "rules": _cors_rules(s, "cors_rule")}} if s.type == "aws_s3_bucket_cors_configuration"

_fragment_setting(s) := {"lifecycle": _lifecycle_sibling(s)} if s.type == "aws_s3_bucket_lifecycle_configuration"

_fragment_setting(s) := {"versioning": _versioning_sibling(s)} if s.type == "aws_s3_bucket_versioning"

# "r2" (Cloudflare R2) is a generic S3 store with R2's documented limits.
_aws_rules := {"aws": true, "s3": false, "r2": false}

# Tags, with provider default tags when the resource exposes tags_all;
# reported on `tags`, the attribute users set. a: the resource's attrs.
_tags(i, a) := {"address": i.address, "path": ["tags"], "known": a.tags_all.known, "value": a.tags_all.value} if {
	_has_attribute(i, "tags_all")
} else := a.tags

# type_name is defined for every value, null and false included.
_has_attribute(i, name) if type_name(i.after[name])

_has_attribute(i, name) if type_name(i.after_unknown[name])

_absent(b, type) := {"state": "unknown"} if {
	ambiguous_types[type]
} else := {"state": "absent", "address": b.address, "path": []}

_sibling(b, type) := sibling_instances[attached[[b.address, type]]]

# --- encryption

_fs_encryption_attrs := {
	"algorithm": [["encryption", "algorithm"], "AES256"],
	"kms_key_id": [["encryption", "kms_key_id"], null],
}

_fs_encryption(b) := {"state": "unknown"} if {
	b.after_unknown.encryption == true
} else := {
	"state": "present", "address": b.address, "path": ["encryption"],
	"algorithm": {"address": b.address, "path": ["encryption"], "known": true, "value": "AES256"},
	"kms_key_id": {"address": b.address, "path": ["encryption"], "known": true, "value": null},
} if {
	object.get(b.after, "encryption", null) == null
} else := {
	"state": "present", "address": b.address, "path": ["encryption"],
	"algorithm": e.algorithm,
	"kms_key_id": e.kms_key_id,
} if {
	e := values.attrs(b, _fs_encryption_attrs)
}

_aws_encryption(b) := _sse_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_server_side_encryption_configuration")
} else := _sse_inline(b)

_sse_attrs := {
	"algorithm": [["sse_algorithm"], null],
	"kms_key_id": [["kms_master_key_id"], null],
}

_sse_sibling(s) := {
	"state": "present", "address": s.address, "path": ["rule"],
	"algorithm": e.algorithm,
	"kms_key_id": e.kms_key_id,
} if {
	e := values.attrs_at(s, ["rule", 0, "apply_server_side_encryption_by_default", 0], _sse_attrs)
}

_sse_inline(b) := {
	"state": "present", "address": b.address, "path": ["server_side_encryption_configuration"],
	"algorithm": e.algorithm,
	"kms_key_id": e.kms_key_id,
} if {
	_inline_state(b, "server_side_encryption_configuration") == "present"
	e := values.attrs_at(b, ["server_side_encryption_configuration", 0, "rule", 0, "apply_server_side_encryption_by_default", 0], _sse_attrs)
} else := {"state": "unknown"} if {
	_inline_state(b, "server_side_encryption_configuration") == "unknown"
} else := _absent(b, "aws_s3_bucket_server_side_encryption_configuration")

# The deprecated inline blocks of aws_s3_bucket are computed: unknown on
# create when not configured. Not configured and unknown means absent.
_inline_state(b, name) := "unknown" if {
	b.after_unknown[name] == true
	plan.configured(b, name)
} else := "absent" if {
	b.after_unknown[name] == true
} else := "present" if {
	v := object.get(b.after, name, null)
	v != null
	v != ""
	count(v) > 0
} else := "absent"

# --- public access block

_pab_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_aws_public_access_block(b) := _pab_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_public_access_block")
} else := _absent(b, "aws_s3_bucket_public_access_block")

_pab_sibling_attrs := {f: [[f], false] | some f in _pab_flags}

_pab_sibling(s) := {
	"state": "present", "address": s.address, "path": [],
	"flags": values.attrs(s, _pab_sibling_attrs),
}

# --- secure transport (bucket policy)

_aws_secure_transport(b) := _policy_setting(s, ["policy"]) if {
	s := _sibling(b, "aws_s3_bucket_policy")
} else := _policy_setting(b, ["policy"]) if {
	_inline_state(b, "policy") == "present"
} else := {"state": "unknown"} if {
	_inline_state(b, "policy") == "unknown"
} else := _absent(b, "aws_s3_bucket_policy")

_policy_setting(i, path) := {"state": "unknown"} if {
	values.unknown(i.after_unknown, path)
} else := {
	"state": "present", "address": i.address, "path": path,
	"denies": {"address": i.address, "path": path, "known": true, "value": denies_insecure_transport(object.get(i.after, path, ""))},
}

# denies_insecure_transport(policy_json) is true when a statement denies every
# principal any S3 action on requests with aws:SecureTransport = false.
default denies_insecure_transport(_) := false

denies_insecure_transport(doc) if {
	is_string(doc)
	json.is_valid(doc)
	some st in _statements(json.unmarshal(doc))
	st.Effect == "Deny"
	_everyone(st.Principal)
	_all_s3(st.Action)
	some v in _as_list(st.Condition.Bool["aws:SecureTransport"])
	lower(sprintf("%v", [v])) == "false"
}

_statements(p) := p.Statement if is_array(p.Statement)

_statements(p) := [p.Statement] if is_object(p.Statement)

_everyone("*")

_everyone(p) if {
	some v in _as_list(p.AWS)
	v == "*"
}

_all_s3(a) if {
	some v in _as_list(a)
	v in {"*", "s3:*"}
}

_as_list(v) := v if is_array(v)

_as_list(v) := [v] if not is_array(v)

# --- ownership

_aws_ownership(b) := _ownership_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_ownership_controls")
} else := _absent(b, "aws_s3_bucket_ownership_controls")

_ownership_sibling(s) := {
	"state": "present", "address": s.address, "path": ["rule"],
	"value": values.attr(s, ["rule", 0, "object_ownership"]),
}

# --- CORS

_aws_cors(b) := {"state": "present", "rules": _cors_rules(s, "cors_rule")} if {
	s := _sibling(b, "aws_s3_bucket_cors_configuration")
} else := {"state": "present", "rules": _cors_rules(b, "cors_rule")}

_cors_rules(i, attr) := [r |
	some n, _ in object.get(i.after, attr, [])
	r := {
		"address": i.address,
		"path": [attr, n],
		"origins": values.elements(i, [attr, n, "allowed_origins"]),
		"methods": values.elements(i, [attr, n, "allowed_methods"]),
		"headers": values.elements(i, [attr, n, "allowed_headers"]),
	}
]

# --- lifecycle

_fs_tier_attrs := {
	"prefix": [["prefix"], ""],
	"expiration_days": [["expiration_days"], null],
}

_transition_attrs := {
	"days": [["days"], null],
	"storage_class": [["storage_class"], null],
}

_fs_tier(b, n) := {
	"address": b.address,
	"path": ["lifecycle_tiers", n],
	"enabled": {"known": true, "value": true},
	"prefix": a.prefix,
	"whole_bucket": _fs_whole(a.prefix),
	"transitions": [values.attrs_at(b, ["lifecycle_tiers", n, "transitions", k], _transition_attrs) |
		some k, _ in object.get(b.after, ["lifecycle_tiers", n, "transitions"], [])
	],
	"expiration_days": a.expiration_days,
} if {
	a := values.attrs_at(b, ["lifecycle_tiers", n], _fs_tier_attrs)
}

_fs_whole(p) := {"known": true, "value": p.value == ""} if {
	p.known == true
} else := {"known": false, "value": null}

# abort_incomplete_multipart_days covers the whole bucket; 0 disables it.
_fs_aborts(days) := [] if {
	days.known == true
	days.value == 0
} else := [{
	"address": days.address,
	"path": ["abort_incomplete_multipart_days"],
	"enabled": {"known": true, "value": true},
	"whole_bucket": {"known": true, "value": true},
	"days": days,
}]

_aws_lifecycle(b) := _lifecycle_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_lifecycle_configuration")
} else := _lifecycle_inline(b) if {
	_inline_state(b, "lifecycle_rule") == "present"
} else := {"state": "unknown", "rules": [], "aborts": []} if {
	_inline_state(b, "lifecycle_rule") == "unknown"
} else := object.union(_absent(b, "aws_s3_bucket_lifecycle_configuration"), {"rules": [], "aborts": []})

_lifecycle_sibling(s) := {"state": "unknown", "rules": [], "aborts": []} if {
	s.after_unknown.rule == true
} else := {
	"state": "present",
	"address": s.address,
	"path": ["rule"],
	"rules": rules,
	"aborts": [a |
		some n, r in rules
		object.get(s.after, ["rule", n, "abort_incomplete_multipart_upload", 0], null) != null
		a := {
			"address": s.address,
			"path": ["rule", n, "abort_incomplete_multipart_upload", 0, "days_after_initiation"],
			"enabled": r.enabled,
			"whole_bucket": r.whole_bucket,
			"days": values.attr(s, ["rule", n, "abort_incomplete_multipart_upload", 0, "days_after_initiation"]),
		}
	],
} if {
	rules := [_aws_rule(s, n) | some n, _ in object.get(s.after, "rule", [])]
}

_aws_rule(s, n) := {
	"address": s.address,
	"path": ["rule", n],
	"enabled": _enabled(values.attr(s, ["rule", n, "status"])),
	"prefix": prefix,
	"whole_bucket": _aws_whole(s, n, prefix),
	"transitions": [values.attrs_at(s, ["rule", n, "transition", k], _transition_attrs) |
		some k, _ in object.get(s.after, ["rule", n, "transition"], [])
	],
	"expiration_days": _aws_expiration(s, ["rule", n, "expiration"]),
} if {
	prefix := _aws_prefix(s, n)
}

_enabled(a) := {"known": true, "value": a.value == "Enabled"} if {
	a.known == true
} else := {"known": false, "value": null}

# The rule's prefix: filter.prefix, filter.and.prefix or the deprecated
# rule-level prefix; "" when none.
_aws_prefix(s, n) := values.attr(s, ["rule", n, "filter", 0, "prefix"]) if {
	_nonempty_string(object.get(s.after, ["rule", n, "filter", 0, "prefix"], null))
} else := values.attr(s, ["rule", n, "filter", 0, "and", 0, "prefix"]) if {
	_nonempty_string(object.get(s.after, ["rule", n, "filter", 0, "and", 0, "prefix"], null))
} else := values.attr(s, ["rule", n, "prefix"]) if {
	_nonempty_string(object.get(s.after, ["rule", n, "prefix"], null))
} else := {"address": s.address, "path": ["rule", n, "filter"], "known": false, "value": null} if {
	values.unknown(s.after_unknown, ["rule", n, "filter"])
} else := {"address": s.address, "path": ["rule", n, "filter"], "known": true, "value": ""}

_nonempty_string(v) if {
	is_string(v)
	v != ""
}

# A rule covers the whole bucket when its filter has no prefix, tag or size
# condition.
_aws_whole(s, n, prefix) := {"known": false, "value": null} if {
	values.unknown(s.after_unknown, ["rule", n, "filter"])
} else := {"known": true, "value": false} if {
	prefix.value != ""
} else := {"known": true, "value": false} if {
	f := object.get(s.after, ["rule", n, "filter", 0], {})
	some k in ["tag", "and"]
	v := object.get(f, k, [])
	is_array(v)
	count(v) > 0
} else := {"known": true, "value": false} if {
	f := object.get(s.after, ["rule", n, "filter", 0], {})
	some k in ["object_size_greater_than", "object_size_less_than"]
	v := object.get(f, k, null)
	v != null
	v != 0
	v != ""
} else := {"known": true, "value": true}

_aws_expiration(i, path) := values.attr(i, array.concat(path, [0, "days"])) if {
	object.get(i.after, array.concat(path, [0, "days"]), null) != null
} else := {"address": i.address, "path": path, "known": false, "value": null} if {
	values.unknown(i.after_unknown, path)
} else := {"address": i.address, "path": path, "known": true, "value": null}

# The deprecated inline lifecycle_rule blocks of aws_s3_bucket (known values
# only: a refreshed bucket or a configuration that sets them).
_lifecycle_inline(b) := {
	"state": "present",
	"address": b.address,
	"path": ["lifecycle_rule"],
	"rules": [r |
		some n, _ in b.after.lifecycle_rule
		r := _inline_rule(b, n)
	],
	"aborts": [a |
		some n, rule in b.after.lifecycle_rule
		object.get(rule, "abort_incomplete_multipart_upload_days", 0) > 0
		r := _inline_rule(b, n)
		a := {
			"address": b.address,
			"path": ["lifecycle_rule", n, "abort_incomplete_multipart_upload_days"],
			"enabled": r.enabled,
			"whole_bucket": r.whole_bucket,
			"days": values.attr(b, ["lifecycle_rule", n, "abort_incomplete_multipart_upload_days"]),
		}
	],
}

_inline_rule(b, n) := {
	"address": b.address,
	"path": ["lifecycle_rule", n],
	"enabled": values.attr(b, ["lifecycle_rule", n, "enabled"]),
	"prefix": prefix,
	"whole_bucket": _fs_whole(prefix),
	"transitions": [values.attrs_at(b, ["lifecycle_rule", n, "transition", k], _transition_attrs) |
		some k, _ in object.get(b.after, ["lifecycle_rule", n, "transition"], [])
	],
	"expiration_days": _aws_expiration(b, ["lifecycle_rule", n, "expiration"]),
} if {
	prefix := values.with_default(values.attr(b, ["lifecycle_rule", n, "prefix"]), "")
}

# --- versioning (no built-in rule reads it; local rules may)

_aws_versioning(b) := _versioning_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_versioning")
} else := _absent(b, "aws_s3_bucket_versioning")

_versioning_sibling(s) := {
	"state": "present", "address": s.address, "path": ["versioning_configuration"],
	"enabled": _enabled(values.attr(s, ["versioning_configuration", 0, "status"])),
}

# ---------------------------------------------------------------------------
# Key groups, presigned requests, CloudFront signatures

key_groups := {a: doc |
	some a, i in _doc_inst
	plan.key_group_types[i.type]
	k := _keys_attr[i.type]
	n := values.length(i, [k])
	doc := {
		"kind": "key_group",
		"address": a,
		"resource_address": plan.resource_address(i),
		"type": i.type,
		"mode": i.mode,
		"name": values.attr(i, ["name"]),
		"key_count": {"address": a, "path": [k], "known": n.known, "value": n.value},
	}
}

_keys_attr := {"filestore_cdn_key_group": "public_keys", "aws_cloudfront_key_group": "items"}

presigns := {a: _presign(i) |
	some a, i in _doc_inst
	plan.presign_types[i.type]
}

_presign_attrs := {t: {
	"bucket": [["bucket"], null],
	"method": [["method"], m],
	"expires_in": [["expires_in"], "15m"],
	"content_type": [["content_type"], null],
	"content_type_prefix": [["content_type_prefix"], null],
	"max_size": [["max_size"], null],
} |
	some t, m in {"filestore_presigned_url": "GET", "filestore_presigned_post": "POST"}
}

_presign(i) := object.union(
	{
		"kind": "presign",
		"address": i.address,
		"resource_address": plan.resource_address(i),
		"type": i.type,
		"mode": i.mode,
		"post": i.type == "filestore_presigned_post",
	},
	values.attrs(i, _presign_attrs[i.type]),
)

# expires_in defaults to 1h when expires_at is not set (the data sources'
# documented defaults).
cdn_signatures := {a: _cdn_signature(i) |
	some a, i in _doc_inst
	plan.cdn_signature_types[i.type]
}

_cdn_attrs := {
	"expires_in": [["expires_in"], null],
	"expires_at": [["expires_at"], null],
	"hash_algorithm": [["hash_algorithm"], "SHA256"],
}

_cdn_signature(i) := {
	"kind": "cdn_signature",
	"address": i.address,
	"resource_address": plan.resource_address(i),
	"type": i.type,
	"mode": i.mode,
	"expires_in": _cdn_expires_in(a),
	"expires_at": a.expires_at,
	"hash_algorithm": a.hash_algorithm,
} if {
	a := values.attrs(i, _cdn_attrs)
}

_cdn_expires_in(a) := a.expires_in if {
	a.expires_at.value != null
} else := values.with_default(a.expires_in, "1h")
