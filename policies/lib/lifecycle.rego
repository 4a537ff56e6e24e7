# METADATA
# title: Lifecycle helpers
# description: Storage-class facts shared by FS007, FS008, FS009 and FS015.
package filestore.lib.lifecycle

import data.filestore.lib.values

# Transition order (the S3 lifecycle waterfall): an object may only move
# down this list, and each step must come later than the previous one.
rank := {
	"STANDARD_IA": 1,
	"INTELLIGENT_TIERING": 2,
	"ONEZONE_IA": 3,
	"GLACIER_IR": 4,
	"GLACIER": 5,
	"DEEP_ARCHIVE": 6,
}

infrequent_access := {"STANDARD_IA", "ONEZONE_IA"}

glacier := {"GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"}

# Minimum billable storage duration in days.
minimum_days := {
	"STANDARD_IA": 30,
	"ONEZONE_IA": 30,
	"GLACIER_IR": 90,
	"GLACIER": 90,
	"DEEP_ARCHIVE": 180,
}

# known_transitions(rule) lists the transitions whose days and storage class
# are both known: [{days, class, path}].
known_transitions(r) := [t |
	some x in r.transitions
	x.days.known
	is_number(x.days.value)
	x.storage_class.known
	is_string(x.storage_class.value)
	t := {"days": x.days.value, "class": upper(x.storage_class.value), "path": x.days.path, "address": x.days.address}
]

# enabled(rule) is true when the rule is known to be enabled.
enabled(r) if values.known_value(r.enabled, true)
