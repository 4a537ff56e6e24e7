# aws_s3_bucket documents (the bucket merged with its siblings) and fragments.
#
# Part of package filestore.lib.normalize (see normalize.rego). Each
# setting comes from the sibling attached to the bucket
# (normalize_siblings.rego), else from the deprecated inline block of
# aws_s3_bucket, else it is absent (or unknown when some sibling of that
# type cannot be resolved). Lifecycle: normalize_aws_lifecycle.rego.
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

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
	"quarantine": {"state": "absent"},
	"scan_gate": _aws_scan_gate(b),
	"notifications": _aws_notifications(b),
	"malware_protection": _malware_protection(b.address),
	"upload_encryption": _aws_upload_encryption(b),
	"access_logging": _aws_access_logging(b),
	"object_lock": _aws_object_lock(b),
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
		"quarantine": {"state": "unknown"},
		"scan_gate": {"state": "unknown"},
		"notifications": {"state": "unknown"},
		"malware_protection": {"state": "unknown"},
		"upload_encryption": {"state": "unknown"},
		"access_logging": {"state": "unknown"},
		"object_lock": {"state": "unknown"},
	}),
	_fragment_setting(s),
)

_fragment_setting(s) := {"encryption": _sse_sibling(s)} if s.type == "aws_s3_bucket_server_side_encryption_configuration"

_fragment_setting(s) := {"public_access_block": _pab_sibling(s)} if s.type == "aws_s3_bucket_public_access_block"

_fragment_setting(s) := {
	"secure_transport": _policy_setting(s, ["policy"]),
	"scan_gate": _policy_scan_gate(s, ["policy"]),
	"upload_encryption": _policy_upload_encryption(s),
} if s.type == "aws_s3_bucket_policy"

_fragment_setting(s) := {"ownership": _ownership_sibling(s)} if s.type == "aws_s3_bucket_ownership_controls"

_fragment_setting(s) := {"cors": {"state": "present", "rules": _cors_rules(s, "cors_rule")}} if s.type == "aws_s3_bucket_cors_configuration"

_fragment_setting(s) := {"lifecycle": _lifecycle_sibling(s)} if s.type == "aws_s3_bucket_lifecycle_configuration"

_fragment_setting(s) := {"versioning": _versioning_sibling(s)} if s.type == "aws_s3_bucket_versioning"

_fragment_setting(s) := {"notifications": _notification_sibling(s)} if s.type == "aws_s3_bucket_notification"

_fragment_setting(s) := {"access_logging": _logging_sibling(s)} if s.type == "aws_s3_bucket_logging"

_fragment_setting(s) := {"object_lock": _object_lock_sibling(s)} if s.type == "aws_s3_bucket_object_lock_configuration"

# --- encryption

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

# --- versioning (no built-in rule reads it; local rules may)

_aws_versioning(b) := _versioning_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_versioning")
} else := _absent(b, "aws_s3_bucket_versioning")

_versioning_sibling(s) := {
	"state": "present", "address": s.address, "path": ["versioning_configuration"],
	"enabled": _enabled(values.attr(s, ["versioning_configuration", 0, "status"])),
}
