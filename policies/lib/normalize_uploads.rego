# Uploads and the bucket they land in: filestore_content_object documents,
# and the `target` part of presigned requests and content objects
# (FS018, FS019, FS021).
#
# Part of package filestore.lib.normalize (see normalize.rego).
#
#   kind "content_object": {bucket, key, key_prefix, server_side_encryption,
#   target} (attributes of filestore_content_object).
#
#   target: {state: "resolved", address, quarantine, upload_encryption} for
#   the bucket of the plan the resource names (its `bucket` argument's
#   references, else the known bucket name, as siblings are matched), with
#   that bucket's quarantine (normalize_pipeline.rego) and upload_encryption
#   (normalize_upload_encryption.rego) parts; {state: "unresolved"} when the
#   bucket is not in the plan. The parts are copied into the document so a
#   rule reasons about one document at a time (a plan evaluated in shares
#   still finds them: bucket_instances spans the whole plan).
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

content_objects := {a: _content_object(i) |
	some a, i in _doc_inst
	plan.content_object_types[i.type]
}

_content_object_attrs := {
	"bucket": [["bucket"], null],
	"key": [["key"], null],
	"key_prefix": [["key_prefix"], null],
	"server_side_encryption": [["server_side_encryption"], null],
}

_content_object(i) := object.union(
	{
		"kind": "content_object",
		"address": i.address,
		"resource_address": plan.resource_address(i),
		"type": i.type,
		"mode": i.mode,
		"target": upload_target(i),
	},
	values.attrs(i, _content_object_attrs),
)

upload_target(i) := {
	"state": "resolved",
	"address": t,
	"quarantine": facts[0],
	"upload_encryption": facts[1],
} if {
	count(bucket_instances) > 0 # (resolving costs more than this check)
	t := bucket_of(i, config_references(i, ["bucket"]), object.get(i.after, "bucket", null), ["bucket"])
	facts := _upload_facts(bucket_instances[t])
} else := {"state": "unresolved"}

_upload_facts(b) := [p.quarantine, p.upload_encryption] if {
	b.type == "filestore_upload_bucket"
	p := _fs_parts(b)
}

_upload_facts(b) := [{"state": "absent"}, _aws_upload_encryption(b)] if b.type == "aws_s3_bucket"
