# METADATA
# title: Plan reader
# description: |
#   Extracts the resource instances the guardrails check from a plan document
#   (`terraform show -json` / `tofu show -json`): resource_changes that are
#   created, updated, replaced or unchanged (deletes are skipped), deferred
#   data source reads (mode data, action read), and data sources read during
#   plan (prior_state), in the root module and child modules, with count and
#   for_each instances. It also indexes the configuration so that
#   references (expressions.*.references) can be resolved.
package filestore.lib.plan

# Resource types the guardrails read.
filestore_bucket_types := {"filestore_upload_bucket"}

aws_bucket_types := {"aws_s3_bucket"}

aws_sibling_types := {
	"aws_s3_bucket_cors_configuration",
	"aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_lifecycle_configuration",
	"aws_s3_bucket_public_access_block",
	"aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_versioning",
}

key_group_types := {"filestore_cdn_key_group", "aws_cloudfront_key_group"}

presign_types := {"filestore_presigned_url", "filestore_presigned_post"}

cdn_signature_types := {"filestore_cloudfront_signed_url", "filestore_cloudfront_signed_cookies"}

# Every type above, spelled out (a constant set is cheaper than a union
# computed on every evaluation); plan_test checks they agree.
relevant_types := {
	"filestore_upload_bucket",
	"aws_s3_bucket",
	"aws_s3_bucket_cors_configuration",
	"aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_lifecycle_configuration",
	"aws_s3_bucket_public_access_block",
	"aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_versioning",
	"filestore_cdn_key_group",
	"aws_cloudfront_key_group",
	"filestore_presigned_url",
	"filestore_presigned_post",
	"filestore_cloudfront_signed_url",
	"filestore_cloudfront_signed_cookies",
	"aws_cloudfront_public_key",
}

# Actions that leave the object in the planned state (a delete does not).
checked_actions := {"create", "update", "no-op", "read"}

_checked(actions) if {
	some a in actions
	a in checked_actions
}

# instances: address => {address, module_address, mode, type, name, suffix,
# after, after_unknown, source}. resource_changes win over prior_state for
# the same address (a deferred data source read).
instances := object.union(_state_instances, _change_instances)

# Complete rules (comprehensions) are evaluated once per query; partial
# rules looked up key by key would make large plans quadratic.
_change_instances := {rc.address: inst |
	some rc in input.resource_changes
	relevant_types[rc.type]
	not rc.deposed
	_checked(rc.change.actions)
	inst := _instance(rc.address, object.get(rc, "module_address", ""), rc.mode, rc.type, rc.name, _after(rc.change), _mask(rc.change), "resource_changes")
}

_after(change) := change.after if is_object(change.after)

else := {}

_mask(change) := change.after_unknown if is_object(change.after_unknown)

else := {}

_state_instances := {r.address: inst |
	some [ma, r] in _state_data
	inst := _instance(r.address, ma, "data", r.type, r.name, object.get(r, "values", {}), {}, "prior_state")
}

# Data sources read during plan, by module depth (root and three levels of
# child modules, which covers every layout seen in practice).
_state_data contains [object.get(m, "address", ""), r] if {
	m := input.prior_state.values.root_module
	some r in m.resources
	_state_relevant(r)
}

_state_data contains [object.get(m, "address", ""), r] if {
	some m in input.prior_state.values.root_module.child_modules
	some r in m.resources
	_state_relevant(r)
}

_state_data contains [object.get(m, "address", ""), r] if {
	some m in input.prior_state.values.root_module.child_modules[_].child_modules
	some r in m.resources
	_state_relevant(r)
}

_state_data contains [object.get(m, "address", ""), r] if {
	some m in input.prior_state.values.root_module.child_modules[_].child_modules[_].child_modules
	some r in m.resources
	_state_relevant(r)
}

_state_relevant(r) if {
	r.mode == "data"
	relevant_types[r.type]
}

# An instance carries its plan values; derived names (module_names,
# resource_address, config_address, suffix) are functions, computed only for
# the few instances that need them.
_instance(address, module_address, mode, type, name, after, mask, source) := {
	"address": address,
	"module_address": module_address,
	"mode": mode,
	"type": type,
	"name": name,
	"after": after,
	"after_unknown": mask,
	"source": source,
}

# resource_address(inst): the address without its count / for_each key.
resource_address(inst) := concat("", [_module_prefix(inst.module_address), config_address(inst)])

# config_address(inst): the address of the resource block in its module.
config_address(inst) := concat("", [_mode_prefix(inst.mode), inst.type, ".", inst.name])

# suffix(inst): the count / for_each key of the address ("[0]", "[\"k\"]").
suffix(inst) := trim_prefix(inst.address, resource_address(inst))

_mode_prefix("data") := "data."

_mode_prefix(mode) := "" if mode != "data"

_module_prefix("") := ""

_module_prefix(ma) := concat("", [ma, "."]) if ma != ""

# module_names("module.a[\"x\"].module.b[0]") == ["a", "b"]: the module call
# names of a module instance address, instance keys removed.
module_names("") := []

module_names(ma) := [m[1] |
	ma != ""
	some m in regex.find_all_string_submatch_n(`module\.([A-Za-z_][A-Za-z0-9_-]*)(\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?`, ma, -1)
]

# parent_module_address("module.a[\"x\"].module.b[0]") == "module.a[\"x\"]".
parent_module_address(ma) := concat(".", [m[0] | some m in array.slice(_module_segments(ma), 0, count(_module_segments(ma)) - 1)])

# module_instance_key("module.a[\"x\"]") == "[\"x\"]" (the last segment's key).
module_instance_key(ma) := segs[count(segs) - 1][2] if {
	segs := _module_segments(ma)
	count(segs) > 0
}

_module_segments(ma) := regex.find_all_string_submatch_n(`module\.([A-Za-z_][A-Za-z0-9_-]*)(\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?`, ma, -1)

# config_resources: "<module path>|<config address>" => configuration resource.
config_resources := object.union_n([_config0, _config1, _config2, _config3])

_config0 := {concat("|", ["", r.address]): r |
	some r in input.configuration.root_module.resources
	relevant_types[r.type]
}

_config1 := {concat("|", [n1, r.address]): r |
	some n1, c1 in input.configuration.root_module.module_calls
	some r in c1.module.resources
	relevant_types[r.type]
}

_config2 := {concat("|", [concat(".", [n1, n2]), r.address]): r |
	some n1, c1 in input.configuration.root_module.module_calls
	some n2, c2 in c1.module.module_calls
	some r in c2.module.resources
	relevant_types[r.type]
}

_config3 := {concat("|", [concat(".", [n1, n2, n3]), r.address]): r |
	some n1, c1 in input.configuration.root_module.module_calls
	some n2, c2 in c1.module.module_calls
	some n3, c3 in c2.module.module_calls
	some r in c3.module.resources
	relevant_types[r.type]
}

# config_of(inst) is the configuration block of a resource instance.
config_of(inst) := config_resources[concat("|", [concat(".", module_names(inst.module_address)), config_address(inst)])]

# module_call(names) is the module call block of the module at names
# (["a", "b"]: module "b" called from module "a").
module_call(names) := object.get(input.configuration.root_module, _call_path(names), null)

_call_path(names) := array.slice(
	[p |
		some n in names
		some p in ["module_calls", n, "module"]
	],
	0, (count(names) * 3) - 1,
)

# references(inst, attr) lists the configuration references of an argument
# (["aws_s3_bucket.b.id", "aws_s3_bucket.b"]), [] when none.
references(inst, name) := object.get(config_of(inst), ["expressions", name, "references"], [])

# configured(inst, name) is true when the configuration sets the argument or
# block (the plan may still show it unknown).
configured(inst, name) if {
	object.get(config_of(inst), ["expressions", name], null) != null
}

# compatibility(inst) is "aws", "s3" or "unknown" for a filestore resource: the
# `compatibility` parameter if given, else the constant in the provider
# configuration the resource uses, else "aws" (the default). A compatibility
# set from a variable or another resource is "unknown" at plan time.
compatibility(inst) := data.filestore.parameters.compatibility if {
	inst
} else := c if {
	cfg := _provider_config(config_of(inst))
	c := _compat_of(cfg)
}

else := "aws"

_provider_config(r) := c if {
	c := input.configuration.provider_config[r.provider_config_key]
} else := input.configuration.provider_config.filestore

_compat_of(cfg) := cfg.expressions.compatibility.constant_value if {
	cfg.expressions.compatibility.constant_value != null
}

else := "unknown" if {
	cfg.expressions.compatibility
}

else := "aws"
