# Sibling resolution: which aws_s3_bucket an aws_s3_bucket_* sibling configures.
#
# Part of package filestore.lib.normalize (see normalize.rego). A sibling
# is matched through the configuration's references (indexed, bare, then
# module variables one or two levels up), then through a known bucket name
# only one bucket of the plan has.
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

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

_target(s) := bucket_of(s, _bucket_references(s), object.get(s.after, "bucket", null), ["bucket"])

# config_references(i, ["bucket"]) for every sibling, without building the
# path (the hot path of a large plan).
_bucket_references(s) := object.get(c, ["expressions", "bucket", "references"], []) if {
	c := plan.config_of(s)
} else := []

# config_references(i, path) lists the configuration references of the
# argument at path ([] when none): ["bucket"], or inside nested blocks
# ["protected_resource", 0, "s3_bucket", 0, "bucket_name"] (the configuration
# renders a block as a list of expression objects).
config_references(i, path) := values.get_or(c, array.concat(array.concat(["expressions"], path), ["references"]), []) if {
	c := plan.config_of(i)
} else := []

# bucket_of(i, refs, name, path) is the address of the bucket of the plan
# that instance i names: through refs, the configuration references of the
# argument naming it, else through name, the argument's value at path (known
# and held by only one bucket). Siblings name it in `bucket`; a presigned
# URL, a content object, a GuardDuty plan or a CloudFront origin are
# resolved the same way.
bucket_of(i, refs, name, path) := t if {
	ts := _ref_targets(i, refs)
	count(ts) == 1
	some t in ts
} else := t if {
	is_string(name)
	not values.unknown(i.after_unknown, path)
	t := unique_names[name]
}

# The targets of the first resolution that finds any: indexed references,
# then bare ones, then module variables (each tried only when the previous
# found nothing).
_ref_targets(s, refs) := ts if {
	ts := {t |
		some ref in refs
		t := _resolve_indexed(s.module_address, ref)
	}
	count(ts) > 0
} else := ts if {
	ts := {t |
		some ref in refs
		t := _resolve_bare(s.module_address, ref, plan.suffix(s))
	}
	count(ts) > 0
} else := ts if {
	ts := {t |
		some ref in refs
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
