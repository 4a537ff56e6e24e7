# The FS018-FS024 parts of a filestore_upload_bucket document: quarantine,
# scan_gate, notifications, malware_protection, upload_encryption,
# access_logging, object_lock.
#
# Part of package filestore.lib.normalize (see normalize.rego). Like the
# bucket document itself, the parts take one of two routes that give the
# same result (normalize_test): when none of the attributes they read is
# unknown (the common case), _fs_parts_known writes them as literals; else
# _fs_parts_exact calls the per-job functions (normalize_pipeline.rego,
# normalize_upload_encryption.rego, normalize_compliance.rego), which read
# each attribute exactly.
package filestore.lib.normalize

import data.filestore.lib.defaults
import data.filestore.lib.values

_fs_parts(b) := _fs_parts_known(b) if {
	count(values.unknown_roots(b.after_unknown) & _fs_part_roots) == 0
} else := _fs_parts_exact(b)

_fs_part_roots := {
	"quarantine", "scan_gate", "notifications", "deny_unencrypted_uploads", "policy_statements",
	"encryption", "access_logging", "object_lock",
}

_fs_parts_exact(b) := {
	"quarantine": _fs_quarantine(b),
	"scan_gate": _fs_scan_gate(b),
	"notifications": _fs_notifications(b),
	"malware_protection": _malware_protection(b.address),
	"upload_encryption": _fs_upload_encryption(b),
	"access_logging": _fs_access_logging(b),
	"object_lock": _fs_block(b, "object_lock"),
}

# Every attribute known: one function per part, whose first definition
# takes a null (unset) attribute; OPA's rule index picks it without
# evaluating the others.
_fs_parts_known(b) := {
	"quarantine": _quarantine_known(addr, object.get(after, "quarantine", null)),
	"scan_gate": _scan_gate_known(addr, object.get(after, "scan_gate", null)),
	"notifications": _notifications_known(addr, object.get(after, "notifications", null)),
	"malware_protection": object.get(_malware_by_bucket, addr, _no_malware_protection),
	"upload_encryption": _upload_encryption_known(b, object.get(after, "deny_unencrypted_uploads", null), object.get(after, "policy_statements", null)),
	"access_logging": _access_logging_known(addr, object.get(after, "access_logging", null)),
	"object_lock": _object_lock_known(addr, object.get(after, "object_lock", null)),
} if {
	addr := b.address
	after := b.after
}

_quarantine_known(_, null) := {"state": "absent"}

_quarantine_known(addr, q) := {
	"state": "present", "address": addr, "path": ["quarantine"],
	"prefix": {"address": addr, "path": ["quarantine", "prefix"], "known": true, "value": object.get(q, "prefix", null)},
} if q != null

_scan_gate_known(_, null) := {"state": "absent"}

_scan_gate_known(addr, sg) := {
	"state": "present", "address": addr, "path": ["scan_gate"],
	"prefixes": {"known": true, "items": _gate_prefixes_known(addr, object.get(sg, "prefixes", null))},
} if sg != null

_gate_prefixes_known(addr, ps) := [{"address": addr, "path": ["scan_gate", "prefixes"], "known": true, "value": x} |
	some x in defaults.scan_gate_prefixes
] if {
	ps in {null, []}
} else := [{"address": addr, "path": ["scan_gate", "prefixes", n], "known": true, "value": x} | some n, x in ps]

_notifications_known(addr, null) := {"state": "absent", "address": addr, "path": ["notifications"]}

_notifications_known(addr, nt) := {
	"state": "present", "address": addr, "path": ["notifications"],
	"eventbridge": {"address": addr, "path": ["notifications", "eventbridge"], "known": true, "value": object.get({"null": false}, type_name(eb), eb)},
	"complete": true,
	"destinations": [{
		"address": addr,
		"path": ["notifications", k, j],
		"events": {"address": addr, "path": ["notifications", k, j, "events"], "known": true, "value": object.get(d, "events", null)},
		"prefix": {"address": addr, "path": ["notifications", k, j, "prefix"], "known": true, "value": object.get({"null": ""}, type_name(p), p)},
		"suffix": {"address": addr, "path": ["notifications", k, j, "suffix"], "known": true, "value": object.get({"null": ""}, type_name(s), s)},
	} |
		some k in _notification_kinds
		some j, d in _array(object.get(nt, k, null))
		p := object.get(d, "prefix", null)
		s := object.get(d, "suffix", null)
	],
} if {
	nt != null
	eb := object.get(nt, "eventbridge", null)
}

# Neither deny_unencrypted_uploads nor policy_statements: nothing required.
_upload_encryption_known(b, deny, statements) := {
	"state": "present", "address": b.address, "path": ["deny_unencrypted_uploads"],
	"denies_unencrypted": {"known": true, "value": false},
	"required": [],
} if {
	statements == null
	deny != true
} else := {
	"state": "present", "address": b.address, "path": ["deny_unencrypted_uploads"],
	"denies_unencrypted": {"known": true, "value": {deny == true, stmts.denies_unencrypted} != {false}},
	"required": array.concat(_fs_required_algorithm(b, {"known": true, "value": deny == true}), [
	{"known": true, "address": b.address, "path": ["policy_statements"], "values": vs} |
		some vs in stmts.required
	]),
} if {
	stmts := policy_upload_encryption(statements)
}

_access_logging_known(addr, null) := {
	"state": "absent", "address": addr, "path": ["access_logging"],
	"receives_logs": object.get(_receives_logs_by_bucket, addr, _receives_logs_default),
}

_access_logging_known(addr, al) := {"state": "present", "address": addr, "path": ["access_logging"]} if al != null

_object_lock_known(addr, null) := {"state": "absent", "address": addr, "path": ["object_lock"]}

_object_lock_known(addr, ol) := {"state": "present", "address": addr, "path": ["object_lock"]} if ol != null

_array(x) := object.get({"array": x}, type_name(x), [])
