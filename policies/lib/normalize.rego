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
resources := object.union_n([buckets, fragments, key_groups, presigns, cdn_signatures])

# checked is the number of plan resource instances the guardrails read.
checked := count(plan.instances)

# ---------------------------------------------------------------------------
# Sibling resolution

_inst := plan.instances

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

_ref_targets(s) := ts if {
	refs := plan.references(s, "bucket")
	indexed := {t | some ref in refs; t := _resolve_indexed(s.module_address, ref)}
	bare := {t | some ref in refs; t := _resolve_bare(s.module_address, ref, plan.suffix(s))}
	via_var := {t | some ref in refs; t := _resolve_var(s.module_address, plan.module_names(s.module_address), ref)}
	ts := _first_nonempty([indexed, bare, via_var])
}

_first_nonempty(sets) := sets[i] if {
	some i, s in sets
	count(s) > 0
	not _earlier_nonempty(sets, i)
} else := set()

_earlier_nonempty(sets, i) if {
	some j in numbers.range(0, i - 1)
	j < i
	count(sets[j]) > 0
}

_bucket_ref_pattern := `^(aws_s3_bucket|filestore_upload_bucket)\.[A-Za-z_][A-Za-z0-9_-]*`

# aws_s3_bucket.b[0] / aws_s3_bucket.b["k"]: that instance of this module.
_resolve_indexed(ma, ref) := t if {
	m := regex.find_n(concat("", [_bucket_ref_pattern, `\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]`]), ref, 1)[0]
	t := concat("", [_prefix(ma), m])
	bucket_instances[t]
}

# aws_s3_bucket.b: the single instance, else the instance with the sibling's
# own count / for_each key (bucket = aws_s3_bucket.b[count.index].id).
_resolve_bare(ma, ref, suffix) := t if {
	regex.match(concat("", [_bucket_ref_pattern, "$"]), ref)
	t := concat("", [_prefix(ma), ref])
	bucket_instances[t]
} else := t if {
	regex.match(concat("", [_bucket_ref_pattern, "$"]), ref)
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
	regex.match(concat("", [_bucket_ref_pattern, "$"]), ref)
	t := concat("", [_prefix(ma), ref])
	bucket_instances[t]
}

_resolve_direct(ma, ref, key) := t if {
	not _resolve_indexed(ma, ref)
	regex.match(concat("", [_bucket_ref_pattern, "$"]), ref)
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

buckets := {a: doc |
	some a, b in bucket_instances
	doc := _bucket_doc(b)
}

_bucket_doc(b) := _filestore_bucket(b) if b.type == "filestore_upload_bucket"

_bucket_doc(b) := _aws_bucket(b) if b.type == "aws_s3_bucket"

fragments := {a: doc |
	some a, s in sibling_instances
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

_filestore_bucket(b) := object.union(_base(b, "bucket"), {
	"provider": "filestore",
	"complete": true,
	"aws_rules": _aws_rules(plan.compatibility(b)),
	"name": values.attr(b, ["bucket"]),
	"tags": _tags(b),
	"encryption": _fs_encryption(b),
	"public_access_block": _fs_public_access_block(b),
	"secure_transport": _fs_secure_transport(b),
	"ownership": _fs_ownership(b),
	"cors": _cors(b, "cors_rules"),
	"lifecycle": _fs_lifecycle(b),
	"versioning": {"state": "present", "enabled": values.attr(b, ["versioning"])},
})

_aws_bucket(b) := object.union(_base(b, "bucket"), {
	"provider": "aws",
	"complete": true,
	"aws_rules": true,
	"name": values.attr(b, ["bucket"]),
	"tags": _tags(b),
	"encryption": _aws_encryption(b),
	"public_access_block": _aws_public_access_block(b),
	"secure_transport": _aws_secure_transport(b),
	"ownership": _aws_ownership(b),
	"cors": _aws_cors(b),
	"lifecycle": _aws_lifecycle(b),
	"versioning": _aws_versioning(b),
})

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

_aws_rules("aws") := true

_aws_rules("s3") := false

_aws_rules(c) := null if not c in {"aws", "s3"}

# Tags, with provider default tags when the resource exposes tags_all;
# reported on `tags`, the attribute users set.
_tags(i) := object.union(values.attr(i, ["tags_all"]), {"path": ["tags"]}) if {
	_has_attribute(i, "tags_all")
} else := values.attr(i, ["tags"])

_has_attribute(i, name) if name in object.keys(i.after)

_has_attribute(i, name) if name in object.keys(i.after_unknown)

_absent(b, type) := {"state": "unknown"} if {
	ambiguous_types[type]
} else := {"state": "absent", "address": b.address, "path": []}

_sibling(b, type) := sibling_instances[attached[[b.address, type]]]

# --- encryption

_fs_encryption(b) := {"state": "unknown"} if {
	values.unknown(b.after_unknown, ["encryption"])
} else := {
	"state": "present", "address": b.address, "path": ["encryption"],
	"algorithm": {"address": b.address, "path": ["encryption"], "known": true, "value": "AES256"},
	"kms_key_id": {"address": b.address, "path": ["encryption"], "known": true, "value": null},
} if {
	object.get(b.after, "encryption", null) == null
} else := {
	"state": "present", "address": b.address, "path": ["encryption"],
	"algorithm": values.with_default(values.attr(b, ["encryption", "algorithm"]), "AES256"),
	"kms_key_id": values.attr(b, ["encryption", "kms_key_id"]),
}

_aws_encryption(b) := _sse_sibling(_sibling(b, "aws_s3_bucket_server_side_encryption_configuration")) if {
	_sibling(b, "aws_s3_bucket_server_side_encryption_configuration")
} else := _sse_inline(b)

_sse_path := ["rule", 0, "apply_server_side_encryption_by_default", 0]

_sse_sibling(s) := {
	"state": "present", "address": s.address, "path": ["rule"],
	"algorithm": values.attr(s, array.concat(_sse_path, ["sse_algorithm"])),
	"kms_key_id": values.attr(s, array.concat(_sse_path, ["kms_master_key_id"])),
}

_sse_inline(b) := {
	"state": "present", "address": b.address, "path": ["server_side_encryption_configuration"],
	"algorithm": values.attr(b, array.concat(["server_side_encryption_configuration", 0], array.concat(_sse_path, ["sse_algorithm"]))),
	"kms_key_id": values.attr(b, array.concat(["server_side_encryption_configuration", 0], array.concat(_sse_path, ["kms_master_key_id"]))),
} if {
	_inline_state(b, "server_side_encryption_configuration") == "present"
} else := {"state": "unknown"} if {
	_inline_state(b, "server_side_encryption_configuration") == "unknown"
} else := _absent(b, "aws_s3_bucket_server_side_encryption_configuration")

# The deprecated inline blocks of aws_s3_bucket are computed: unknown on
# create when not configured. Not configured and unknown means absent.
_inline_state(b, name) := "unknown" if {
	values.unknown(b.after_unknown, [name])
	plan.configured(b, name)
} else := "absent" if {
	values.unknown(b.after_unknown, [name])
} else := "present" if {
	v := object.get(b.after, name, null)
	v != null
	v != ""
	count(v) > 0
} else := "absent"

# --- public access block

_pab_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_fs_public_access_block(b) := {
	"state": "present", "address": b.address, "path": ["block_public_access"],
	"flags": {f: v | some f in _pab_flags; v := values.with_default(values.attr(b, ["block_public_access"]), true)},
}

_aws_public_access_block(b) := _pab_sibling(_sibling(b, "aws_s3_bucket_public_access_block")) if {
	_sibling(b, "aws_s3_bucket_public_access_block")
} else := _absent(b, "aws_s3_bucket_public_access_block")

_pab_sibling(s) := {
	"state": "present", "address": s.address, "path": [],
	"flags": {f: v | some f in _pab_flags; v := values.with_default(values.attr(s, [f]), false)},
}

# --- secure transport (bucket policy)

_fs_secure_transport(b) := {
	"state": "present", "address": b.address, "path": ["deny_insecure_transport"],
	"denies": values.with_default(values.attr(b, ["deny_insecure_transport"]), true),
}

_aws_secure_transport(b) := _policy_setting(_sibling(b, "aws_s3_bucket_policy"), ["policy"]) if {
	_sibling(b, "aws_s3_bucket_policy")
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

_fs_ownership(b) := {
	"state": "present", "address": b.address, "path": ["object_ownership"],
	"value": values.with_default(values.attr(b, ["object_ownership"]), "BucketOwnerEnforced"),
}

_aws_ownership(b) := _ownership_sibling(_sibling(b, "aws_s3_bucket_ownership_controls")) if {
	_sibling(b, "aws_s3_bucket_ownership_controls")
} else := _absent(b, "aws_s3_bucket_ownership_controls")

_ownership_sibling(s) := {
	"state": "present", "address": s.address, "path": ["rule"],
	"value": values.attr(s, ["rule", 0, "object_ownership"]),
}

# --- CORS

_cors(i, attr) := {"state": "present", "rules": _cors_rules(i, attr)}

_aws_cors(b) := {"state": "present", "rules": _cors_rules(_sibling(b, "aws_s3_bucket_cors_configuration"), "cors_rule")} if {
	_sibling(b, "aws_s3_bucket_cors_configuration")
} else := _cors(b, "cors_rule")

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

_fs_lifecycle(b) := {
	"state": "present",
	"address": b.address,
	"path": ["lifecycle_tiers"],
	"rules": [r |
		some n, _ in object.get(b.after, "lifecycle_tiers", [])
		r := _fs_tier(b, n)
	],
	"aborts": _fs_aborts(b),
}

_fs_tier(b, n) := {
	"address": b.address,
	"path": ["lifecycle_tiers", n],
	"enabled": {"known": true, "value": true},
	"prefix": values.with_default(values.attr(b, ["lifecycle_tiers", n, "prefix"]), ""),
	"whole_bucket": _fs_whole(values.with_default(values.attr(b, ["lifecycle_tiers", n, "prefix"]), "")),
	"transitions": [t |
		some k, _ in values.get_or(b.after, ["lifecycle_tiers", n, "transitions"], [])
		t := {
			"days": values.attr(b, ["lifecycle_tiers", n, "transitions", k, "days"]),
			"storage_class": values.attr(b, ["lifecycle_tiers", n, "transitions", k, "storage_class"]),
		}
	],
	"expiration_days": values.attr(b, ["lifecycle_tiers", n, "expiration_days"]),
}

_fs_whole(p) := {"known": true, "value": p.value == ""} if {
	p.known == true
} else := {"known": false, "value": null}

# abort_incomplete_multipart_days covers the whole bucket; 0 disables it
# (null is the provider default, 7).
_fs_aborts(b) := [] if {
	values.known_value(values.attr(b, ["abort_incomplete_multipart_days"]), 0)
} else := [{
	"address": b.address,
	"path": ["abort_incomplete_multipart_days"],
	"enabled": {"known": true, "value": true},
	"whole_bucket": {"known": true, "value": true},
	"days": values.with_default(values.attr(b, ["abort_incomplete_multipart_days"]), 7),
}]

_aws_lifecycle(b) := _lifecycle_sibling(_sibling(b, "aws_s3_bucket_lifecycle_configuration")) if {
	_sibling(b, "aws_s3_bucket_lifecycle_configuration")
} else := _lifecycle_inline(b) if {
	_inline_state(b, "lifecycle_rule") == "present"
} else := {"state": "unknown", "rules": [], "aborts": []} if {
	_inline_state(b, "lifecycle_rule") == "unknown"
} else := object.union(_absent(b, "aws_s3_bucket_lifecycle_configuration"), {"rules": [], "aborts": []})

_lifecycle_sibling(s) := {"state": "unknown", "rules": [], "aborts": []} if {
	values.unknown(s.after_unknown, ["rule"])
} else := {
	"state": "present",
	"address": s.address,
	"path": ["rule"],
	"rules": [r |
		some n, _ in object.get(s.after, "rule", [])
		r := _aws_rule(s, n)
	],
	"aborts": [a |
		some n, _ in object.get(s.after, "rule", [])
		values.get_or(s.after, ["rule", n, "abort_incomplete_multipart_upload", 0], null) != null
		r := _aws_rule(s, n)
		a := {
			"address": s.address,
			"path": ["rule", n, "abort_incomplete_multipart_upload", 0, "days_after_initiation"],
			"enabled": r.enabled,
			"whole_bucket": r.whole_bucket,
			"days": values.attr(s, ["rule", n, "abort_incomplete_multipart_upload", 0, "days_after_initiation"]),
		}
	],
}

_aws_rule(s, n) := {
	"address": s.address,
	"path": ["rule", n],
	"enabled": _enabled(values.attr(s, ["rule", n, "status"])),
	"prefix": _aws_prefix(s, n),
	"whole_bucket": _aws_whole(s, n),
	"transitions": [t |
		some k, _ in values.get_or(s.after, ["rule", n, "transition"], [])
		t := {
			"days": values.attr(s, ["rule", n, "transition", k, "days"]),
			"storage_class": values.attr(s, ["rule", n, "transition", k, "storage_class"]),
		}
	],
	"expiration_days": _aws_expiration(s, ["rule", n, "expiration"]),
}

_enabled(a) := {"known": true, "value": a.value == "Enabled"} if {
	a.known == true
} else := {"known": false, "value": null}

# The rule's prefix: filter.prefix, filter.and.prefix or the deprecated
# rule-level prefix; "" when none.
_aws_prefix(s, n) := values.attr(s, ["rule", n, "filter", 0, "prefix"]) if {
	_nonempty_string(values.get_or(s.after, ["rule", n, "filter", 0, "prefix"], null))
} else := values.attr(s, ["rule", n, "filter", 0, "and", 0, "prefix"]) if {
	_nonempty_string(values.get_or(s.after, ["rule", n, "filter", 0, "and", 0, "prefix"], null))
} else := values.attr(s, ["rule", n, "prefix"]) if {
	_nonempty_string(values.get_or(s.after, ["rule", n, "prefix"], null))
} else := {"address": s.address, "path": ["rule", n, "filter"], "known": false, "value": null} if {
	values.unknown(s.after_unknown, ["rule", n, "filter"])
} else := {"address": s.address, "path": ["rule", n, "filter"], "known": true, "value": ""}

_nonempty_string(v) if {
	is_string(v)
	v != ""
}

# A rule covers the whole bucket when its filter has no prefix, tag or size
# condition.
_aws_whole(s, n) := {"known": false, "value": null} if {
	values.unknown(s.after_unknown, ["rule", n, "filter"])
} else := {"known": true, "value": false} if {
	_aws_prefix(s, n).value != ""
} else := {"known": true, "value": false} if {
	f := values.get_or(s.after, ["rule", n, "filter", 0], {})
	some k in ["tag", "and"]
	v := object.get(f, k, [])
	is_array(v)
	count(v) > 0
} else := {"known": true, "value": false} if {
	f := values.get_or(s.after, ["rule", n, "filter", 0], {})
	some k in ["object_size_greater_than", "object_size_less_than"]
	v := object.get(f, k, null)
	v != null
	v != 0
	v != ""
} else := {"known": true, "value": true}

_aws_expiration(i, path) := values.attr(i, array.concat(path, [0, "days"])) if {
	values.get_or(i.after, array.concat(path, [0, "days"]), null) != null
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
	"prefix": values.with_default(values.attr(b, ["lifecycle_rule", n, "prefix"]), ""),
	"whole_bucket": _fs_whole(values.with_default(values.attr(b, ["lifecycle_rule", n, "prefix"]), "")),
	"transitions": [t |
		some k, _ in values.get_or(b.after, ["lifecycle_rule", n, "transition"], [])
		t := {
			"days": values.attr(b, ["lifecycle_rule", n, "transition", k, "days"]),
			"storage_class": values.attr(b, ["lifecycle_rule", n, "transition", k, "storage_class"]),
		}
	],
	"expiration_days": _aws_expiration(b, ["lifecycle_rule", n, "expiration"]),
}

# --- versioning (no built-in rule reads it; local rules may)

_aws_versioning(b) := _versioning_sibling(_sibling(b, "aws_s3_bucket_versioning")) if {
	_sibling(b, "aws_s3_bucket_versioning")
} else := _absent(b, "aws_s3_bucket_versioning")

_versioning_sibling(s) := {
	"state": "present", "address": s.address, "path": ["versioning_configuration"],
	"enabled": _enabled(values.attr(s, ["versioning_configuration", 0, "status"])),
}

# ---------------------------------------------------------------------------
# Key groups, presigned requests, CloudFront signatures

key_groups := {a: doc |
	some a, i in _inst
	plan.key_group_types[i.type]
	doc := object.union(_base(i, "key_group"), {
		"name": values.attr(i, ["name"]),
		"key_count": object.union(values.length(i, [_keys_attr[i.type]]), {"address": a, "path": [_keys_attr[i.type]]}),
	})
}

_keys_attr := {"filestore_cdn_key_group": "public_keys", "aws_cloudfront_key_group": "items"}

presigns := {a: _presign(i) |
	some a, i in _inst
	plan.presign_types[i.type]
}

_presign(i) := object.union(_base(i, "presign"), {
	"post": i.type == "filestore_presigned_post",
	"bucket": values.attr(i, ["bucket"]),
	"method": values.with_default(values.attr(i, ["method"]), _default_method(i.type)),
	"expires_in": values.with_default(values.attr(i, ["expires_in"]), "15m"),
	"content_type": values.attr(i, ["content_type"]),
	"content_type_prefix": values.attr(i, ["content_type_prefix"]),
	"max_size": values.attr(i, ["max_size"]),
})

_default_method("filestore_presigned_post") := "POST"

_default_method("filestore_presigned_url") := "GET"

# expires_in defaults to 1h when expires_at is not set (the data sources'
# documented defaults).
cdn_signatures := {a: _cdn_signature(i) |
	some a, i in _inst
	plan.cdn_signature_types[i.type]
}

_cdn_signature(i) := object.union(_base(i, "cdn_signature"), {
	"expires_in": _cdn_expires_in(i),
	"expires_at": values.attr(i, ["expires_at"]),
	"hash_algorithm": values.with_default(values.attr(i, ["hash_algorithm"]), "SHA256"),
})

_cdn_expires_in(i) := values.attr(i, ["expires_in"]) if {
	values.attr(i, ["expires_at"]).value != null
} else := values.with_default(values.attr(i, ["expires_in"]), "1h")
