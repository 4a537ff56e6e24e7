# filestore_upload_bucket documents.
#
# Part of package filestore.lib.normalize (see normalize.rego). An unset
# attribute takes the provider's default (data.filestore.lib.defaults,
# checked against the Go constants by internal/policy/defaults_test.go).
package filestore.lib.normalize

import data.filestore.lib.defaults
import data.filestore.lib.plan
import data.filestore.lib.values

_fs_bucket_attrs := {
	"name": [["bucket"], null],
	"tags": [["tags"], null],
	"tags_all": [["tags_all"], null],
	"block_public_access": [["block_public_access"], defaults.block_public_access],
	"deny_insecure_transport": [["deny_insecure_transport"], defaults.deny_insecure_transport],
	"object_ownership": [["object_ownership"], defaults.object_ownership],
	# null is the provider default; 0 disables the rule.
	"abort_incomplete_multipart_days": [["abort_incomplete_multipart_days"], defaults.abort_incomplete_multipart_days],
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
		"denies": {"address": addr, "path": ["deny_insecure_transport"], "known": true, "value": object.get({"null": defaults.deny_insecure_transport}, type_name(dit), dit)},
	},
	"ownership": {
		"state": "present", "address": addr, "path": ["object_ownership"],
		"value": {"address": addr, "path": ["object_ownership"], "known": true, "value": object.get({"null": defaults.object_ownership}, type_name(own), own)},
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
			"expose_headers": {"address": addr, "path": ["cors_rules", n, "expose_headers"], "known": true, "value": object.get(after, ["cors_rules", n, "expose_headers"], null)},
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
	"quarantine": parts.quarantine,
	"scan_gate": parts.scan_gate,
	"notifications": parts.notifications,
	"malware_protection": parts.malware_protection,
	"upload_encryption": parts.upload_encryption,
	"access_logging": parts.access_logging,
	"object_lock": parts.object_lock,
} if {
	addr := b.address
	after := b.after
	bpa := object.get(after, "block_public_access", null)
	pab := {"address": addr, "path": ["block_public_access"], "known": true, "value": object.get({"null": defaults.block_public_access}, type_name(bpa), bpa)}
	dit := object.get(after, "deny_insecure_transport", null)
	own := object.get(after, "object_ownership", null)
	a := object.get(after, "abort_incomplete_multipart_days", null)
	abort := object.get({"null": defaults.abort_incomplete_multipart_days}, type_name(a), a)
	parts := _fs_parts(b)
}

_tags_key(i) := "tags_all" if _has_attribute(i, "tags_all")

else := "tags"

_fs_encryption_known(addr, after) := {
	"state": "present", "address": addr, "path": ["encryption"],
	"algorithm": {"address": addr, "path": ["encryption"], "known": true, "value": defaults.encryption_algorithm},
	"kms_key_id": {"address": addr, "path": ["encryption"], "known": true, "value": null},
} if {
	object.get(after, "encryption", null) == null
} else := {
	"state": "present", "address": addr, "path": ["encryption"],
	"algorithm": {"address": addr, "path": ["encryption", "algorithm"], "known": true, "value": object.get({"null": defaults.encryption_algorithm}, type_name(alg), alg)},
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
	"quarantine": parts.quarantine,
	"scan_gate": parts.scan_gate,
	"notifications": parts.notifications,
	"malware_protection": parts.malware_protection,
	"upload_encryption": parts.upload_encryption,
	"access_logging": parts.access_logging,
	"object_lock": parts.object_lock,
} if {
	a := values.attrs(b, _fs_bucket_attrs)
	parts := _fs_parts(b)
}

_fs_encryption_attrs := {
	"algorithm": [["encryption", "algorithm"], defaults.encryption_algorithm],
	"kms_key_id": [["encryption", "kms_key_id"], null],
}

_fs_encryption(b) := {"state": "unknown"} if {
	b.after_unknown.encryption == true
} else := {
	"state": "present", "address": b.address, "path": ["encryption"],
	"algorithm": {"address": b.address, "path": ["encryption"], "known": true, "value": defaults.encryption_algorithm},
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

_fs_tier_attrs := {
	"prefix": [["prefix"], ""],
	"expiration_days": [["expiration_days"], null],
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
