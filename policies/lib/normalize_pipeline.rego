# The upload pipeline of a bucket: quarantine, scan gate, event
# notifications and GuardDuty malware protection plans (FS018-FS020).
#
# Part of package filestore.lib.normalize (see normalize.rego). Bucket
# document parts:
#
#   quarantine          {state, address, path, prefix}: filestore's
#                       `quarantine`; an aws_s3_bucket has none (absent).
#   scan_gate           {state, address, path, prefixes: {known, items}}:
#                       filestore's `scan_gate` (prefixes default [""]); for
#                       an aws_s3_bucket, the reads its policy gates on an
#                       object tag (normalize_policy_gates.rego).
#   notifications       {state, address, path, eventbridge, complete,
#                       destinations: [{address, path, events, prefix,
#                       suffix}]}: filestore's `notifications`, or the
#                       aws_s3_bucket_notification sibling.
#   malware_protection  {state, plans: [{address, path, prefixes}]}: the
#                       aws_guardduty_malware_protection_plan resources whose
#                       protected_resource.s3_bucket.bucket_name resolves to
#                       the bucket (references, then the known name);
#                       "unknown" while some plan's bucket cannot be resolved.
#
# state is "present", "absent" or "unknown" (for malware_protection "known"
# or "unknown"); prefix lists are {known, items: [attribute]}.
package filestore.lib.normalize

import data.filestore.lib.defaults
import data.filestore.lib.values

# --- filestore_upload_bucket

_fs_quarantine(b) := {"state": "unknown"} if {
	b.after_unknown.quarantine == true
} else := {"state": "absent"} if {
	object.get(b.after, "quarantine", null) == null
} else := {
	"state": "present", "address": b.address, "path": ["quarantine"],
	"prefix": values.attr(b, ["quarantine", "prefix"]),
}

_fs_scan_gate(b) := {"state": "unknown"} if {
	b.after_unknown.scan_gate == true
} else := {"state": "absent"} if {
	object.get(b.after, "scan_gate", null) == null
} else := {
	"state": "present", "address": b.address, "path": ["scan_gate"],
	"prefixes": prefix_list(b, ["scan_gate", "prefixes"], defaults.scan_gate_prefixes),
}

_notification_kinds := ["queues", "topics", "functions"]

_fs_notifications(b) := {"state": "unknown"} if {
	b.after_unknown.notifications == true
} else := {"state": "absent", "address": b.address, "path": ["notifications"]} if {
	object.get(b.after, "notifications", null) == null
} else := {
	"state": "present", "address": b.address, "path": ["notifications"],
	"eventbridge": values.with_default(values.attr(b, ["notifications", "eventbridge"]), false),
	"complete": count([k | some k in _notification_kinds; values.unknown(b.after_unknown, ["notifications", k])]) == 0,
	"destinations": [_destination(b, ["notifications", k, n], "prefix", "suffix") |
		some k in _notification_kinds
		some n, _ in object.get(b.after, ["notifications", k], [])
	],
}

_destination(i, base, prefix, suffix) := {
	"address": i.address,
	"path": base,
	"events": values.whole(i, array.concat(base, ["events"])),
	"prefix": values.with_default(values.attr(i, array.concat(base, [prefix])), ""),
	"suffix": values.with_default(values.attr(i, array.concat(base, [suffix])), ""),
}

# prefix_list(i, path, default): the list of key prefixes at path as
# {known, items: [attribute]}; default when the list is null or empty.
prefix_list(i, path, d) := {"known": false, "items": []} if {
	values.unknown(i.after_unknown, path)
} else := {"known": true, "items": [{"address": i.address, "path": path, "known": true, "value": x} | some x in d]} if {
	object.get(i.after, path, null) in {null, []}
} else := {"known": true, "items": [values.attr(i, array.concat(path, [n])) | some n, _ in object.get(i.after, path, [])]}

# --- aws_s3_bucket

_aws_notifications(b) := _notification_sibling(s) if {
	s := _sibling(b, "aws_s3_bucket_notification")
} else := _absent(b, "aws_s3_bucket_notification")

_aws_notification_kinds := ["queue", "topic", "lambda_function"]

_notification_sibling(s) := {
	"state": "present", "address": s.address, "path": [],
	"eventbridge": values.with_default(values.attr(s, ["eventbridge"]), false),
	"complete": count([k | some k in _aws_notification_kinds; values.unknown(s.after_unknown, [k])]) == 0,
	"destinations": [_destination(s, [k, n], "filter_prefix", "filter_suffix") |
		some k in _aws_notification_kinds
		some n, _ in object.get(s.after, k, [])
	],
}

_aws_scan_gate(b) := _policy_scan_gate(s, ["policy"]) if {
	s := _sibling(b, "aws_s3_bucket_policy")
} else := _policy_scan_gate(b, ["policy"]) if {
	_inline_state(b, "policy") == "present"
} else := {"state": "unknown"} if {
	_inline_state(b, "policy") == "unknown"
} else := {"state": s.state} if {
	s := _absent(b, "aws_s3_bucket_policy")
}

_policy_scan_gate(i, path) := {"state": "unknown"} if {
	values.unknown(i.after_unknown, path)
} else := {
	"state": "present", "address": i.address, "path": path,
	"prefixes": {"known": true, "items": [{"address": i.address, "path": path, "known": true, "value": p} | some p in ps]},
} if {
	ps := policy_scan_gate_prefixes(object.get(i.after, path, ""))
	count(ps) > 0
} else := {"state": "absent"}

# --- GuardDuty malware protection plans

guardduty_plans := {a: g |
	some a, g in _inst
	g.mode == "managed"
	g.type == "aws_guardduty_malware_protection_plan"
}

_gd_protected := ["protected_resource", 0, "s3_bucket", 0]

_gd_bucket_name := array.concat(_gd_protected, ["bucket_name"])

# guardduty_target: plan address => the address of the bucket it protects.
guardduty_target := {a: t |
	some a, g in guardduty_plans
	t := bucket_of(g, config_references(g, _gd_bucket_name), values.get_or(g.after, _gd_bucket_name, null), _gd_bucket_name)
}

# Some plan protects a bucket that cannot be told yet: whether any bucket
# lacks a plan cannot be decided.
_gd_ambiguous if {
	some a, g in guardduty_plans
	not guardduty_target[a]
	values.unknown(g.after_unknown, _gd_bucket_name)
}

_malware_protection(address) := object.get(_malware_by_bucket, address, _no_malware_protection)

# _malware_by_bucket: bucket address => its malware_protection part, for
# the buckets some plan protects (built once per evaluation).
_malware_by_bucket := {t: {"state": "known", "plans": [p |
	some a, u in guardduty_target
	u == t
	g := guardduty_plans[a]
	p := {
		"address": a,
		"path": _gd_protected,
		"prefixes": prefix_list(g, array.concat(_gd_protected, ["object_prefixes"]), [""]),
	}
]} |
	not _gd_ambiguous
	some t in {u | some _, u in guardduty_target}
}

_no_malware_protection := {"state": "unknown"} if {
	_gd_ambiguous
} else := {"state": "known", "plans": []}
