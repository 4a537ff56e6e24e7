# Lifecycle documents of aws_s3_bucket: the lifecycle configuration sibling or the deprecated inline lifecycle_rule blocks.
#
# Part of package filestore.lib.normalize (see normalize.rego).
package filestore.lib.normalize

import data.filestore.lib.values

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
