# Compliance controls of a bucket: server access logging (FS023) and object
# lock (FS024).
#
# Part of package filestore.lib.normalize (see normalize.rego). Bucket
# document parts, each {state, address, path} with state "present",
# "absent" or "unknown"; address and path name what a user changes (for an
# absent setting of an aws_s3_bucket, the bucket itself):
#
#   access_logging  filestore's `access_logging`; the aws_s3_bucket_logging
#                   sibling, else the deprecated inline `logging` block.
#                   When absent, receives_logs {known, value}: the bucket
#                   is the target_bucket of some bucket's access logging in
#                   the plan (a log bucket is not asked to log itself).
#   object_lock     filestore's `object_lock`; the
#                   aws_s3_bucket_object_lock_configuration sibling, else
#                   aws_s3_bucket's object_lock_enabled = true, else the
#                   deprecated inline object_lock_configuration block.
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

# --- filestore_upload_bucket

_fs_block(b, name) := {"state": "unknown"} if {
	b.after_unknown[name] == true
} else := {"state": "absent", "address": b.address, "path": [name]} if {
	object.get(b.after, name, null) == null
} else := {"state": "present", "address": b.address, "path": [name]}

_fs_access_logging(b) := object.union(a, {"receives_logs": _receives_logs(b)}) if {
	a := _fs_block(b, "access_logging")
	a.state == "absent"
} else := _fs_block(b, "access_logging")

# --- access log targets (every logging source of the plan)

# _log_sources: [address, path of its target_bucket, path of the argument
# whose references name it]. filestore's access_logging is an attribute: the
# configuration holds one expression for the whole object.
_log_sources contains [a, ["access_logging", "target_bucket"], ["access_logging"]] if {
	some a, i in bucket_instances
	i.type == "filestore_upload_bucket"
	object.get(i.after, "access_logging", null) != null
}

_log_sources contains [a, ["target_bucket"], ["target_bucket"]] if {
	some a, i in sibling_instances
	i.type == "aws_s3_bucket_logging"
}

_log_sources contains [a, ["logging", 0, "target_bucket"], ["logging", 0, "target_bucket"]] if {
	some a, i in bucket_instances
	i.type == "aws_s3_bucket"
	_inline_state(i, "logging") == "present"
}

# access_log_targets: the addresses of the plan's buckets that receive
# access logs.
access_log_targets := {t |
	some [a, path, expr] in _log_sources
	i := _inst[a]
	t := bucket_of(i, config_references(i, expr), values.get_or(i.after, path, null), path)
}

# Some source's target can be neither read nor resolved yet.
_log_targets_ambiguous if {
	some [a, path, expr] in _log_sources
	i := _inst[a]
	not bucket_of(i, config_references(i, expr), values.get_or(i.after, path, null), path)
	values.unknown(i.after_unknown, path)
}

_receives_logs(b) := object.get(_receives_logs_by_bucket, b.address, _receives_logs_default)

_receives_logs_by_bucket := {t: {"known": true, "value": true} | some t in access_log_targets}

_receives_logs_default := {"known": false, "value": null} if {
	_log_targets_ambiguous
} else := {"known": true, "value": false}

# --- aws_s3_bucket

_aws_access_logging(b) := object.union(a, {"receives_logs": _receives_logs(b)}) if {
	a := _aws_logging_setting(b)
	a.state == "absent"
} else := _aws_logging_setting(b)

_aws_logging_setting(b) := {"state": "present", "address": s.address, "path": ["target_bucket"]} if {
	s := _sibling(b, "aws_s3_bucket_logging")
} else := {"state": "present", "address": b.address, "path": ["logging"]} if {
	_inline_state(b, "logging") == "present"
} else := {"state": "unknown"} if {
	_inline_state(b, "logging") == "unknown"
} else := _absent(b, "aws_s3_bucket_logging")

_aws_object_lock(b) := {"state": "present", "address": s.address, "path": ["object_lock_enabled"]} if {
	s := _sibling(b, "aws_s3_bucket_object_lock_configuration")
} else := {"state": "present", "address": b.address, "path": ["object_lock_enabled"]} if {
	_lock_flag(b) == "enabled"
} else := {"state": "present", "address": b.address, "path": ["object_lock_configuration"]} if {
	_inline_state(b, "object_lock_configuration") == "present"
	values.known_value(values.attr(b, ["object_lock_configuration", 0, "object_lock_enabled"]), "Enabled")
} else := {"state": "unknown"} if {
	_lock_flag(b) == "unknown"
} else := {"state": "unknown"} if {
	_inline_state(b, "object_lock_configuration") == "unknown"
} else := _absent(b, "aws_s3_bucket_object_lock_configuration")

# object_lock_enabled is computed: unknown on create when not configured,
# which means false (S3 only locks a bucket created with the flag, or
# through an object lock configuration).
_lock_flag(b) := "unknown" if {
	b.after_unknown.object_lock_enabled == true
	plan.configured(b, "object_lock_enabled")
} else := "enabled" if {
	b.after.object_lock_enabled == true
} else := "off"

# --- fragments (a sibling whose bucket is not in the plan)

_logging_sibling(s) := {"state": "present", "address": s.address, "path": ["target_bucket"]}

_object_lock_sibling(s) := {"state": "present", "address": s.address, "path": ["object_lock_enabled"]}
