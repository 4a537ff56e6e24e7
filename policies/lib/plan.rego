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
	"aws_s3_bucket_notification",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_object_lock_configuration",
}

key_group_types := {"filestore_cdn_key_group", "aws_cloudfront_key_group"}

presign_types := {"filestore_presigned_url", "filestore_presigned_post"}

cdn_signature_types := {"filestore_cloudfront_signed_url", "filestore_cloudfront_signed_cookies"}

content_object_types := {"filestore_content_object"}

# Resources the documents relate to a bucket without being one of its
# settings: a GuardDuty malware protection plan (a scan hook, FS020) and a
# CloudFront distribution (which bucket a signed URL reads, FS018).
related_types := {"aws_guardduty_malware_protection_plan", "aws_cloudfront_distribution"}

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
	"aws_s3_bucket_notification",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_object_lock_configuration",
	"filestore_cdn_key_group",
	"aws_cloudfront_key_group",
	"filestore_presigned_url",
	"filestore_presigned_post",
	"filestore_cloudfront_signed_url",
	"filestore_cloudfront_signed_cookies",
	"aws_cloudfront_public_key",
	"filestore_content_object",
	"aws_guardduty_malware_protection_plan",
	"aws_cloudfront_distribution",
}

# Actions that leave the object in the planned state (a delete does not).
checked_actions := {"create", "update", "no-op", "read"}

# instances: address => {address, module_address, mode, type, name, suffix,
# after, after_unknown, source}. resource_changes win over prior_state for
# the same address (a deferred data source read).
instances := _change_instances if {
	not input.prior_state
} else := object.union(_state_instances, _change_instances)

# Complete rules (comprehensions) are evaluated once per query; partial
# rules looked up key by key would make large plans quadratic. The instance
# is written inline: a function call per resource change costs more than
# the object.
_change_instances := {rc.address: inst |
	some rc in input.resource_changes
	relevant_types[rc.type]
	object.get(rc, "deposed", false) == false
	change := rc.change
	some action in change.actions
	checked_actions[action]
	after := object.get(change, "after", null)
	mask := object.get(change, "after_unknown", null)
	inst := {
		"address": rc.address,
		"module_address": object.get(rc, "module_address", ""),
		"mode": rc.mode,
		"type": rc.type,
		"name": rc.name,
		"after": {true: after, false: {}}[is_object(after)],
		"after_unknown": {true: mask, false: {}}[is_object(mask)],
		"source": "resource_changes",
	}
}

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
# (A module address never starts with ".": trim_prefix only drops the
# separator of an empty one.)
resource_address(inst) := trim_prefix(concat("", [inst.module_address, ".", object.get(_mode_prefixes, inst.mode, ""), inst.type, ".", inst.name]), ".")

# config_address(inst): the address of the resource block in its module.
config_address(inst) := concat("", [object.get(_mode_prefixes, inst.mode, ""), inst.type, ".", inst.name])

# suffix(inst): the count / for_each key of the address ("[0]", "[\"k\"]").
suffix(inst) := trim_prefix(inst.address, resource_address(inst))

_mode_prefixes := {"data": "data."}

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
config_resources := {k: r |
	# (object.union_n would deep-copy every block.)
	some blocks in [_config0, _config1, _config2, _config3]
	some k, r in blocks
}

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
config_of(inst) := config_resources[_config_key(inst)]

_config_key(inst) := concat("|", [concat(".", module_names(inst.module_address)), config_address(inst)])

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

# compatibility(inst) is "aws", "s3", "r2" or "unknown" for a filestore resource: the
# `compatibility` parameter if given, else the constant in the provider
# configuration the resource uses, else "aws" (the default). A compatibility
# set from a variable or another resource is "unknown" at plan time.
compatibility(inst) := data.filestore.parameters.compatibility if {
	inst
} else := c if {
	c := _compat_by_config[_config_key(inst)]
} else := "aws"

# _compat_by_config: config_resources key => compatibility of the provider
# configuration the resource uses (once per configuration block, not per
# instance).
_compat_by_config := {key: c |
	some key, r in config_resources
	c := _compat_of(_provider_config(r))
}

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
