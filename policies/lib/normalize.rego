# METADATA
# title: Normalized resource documents
# description: |
#   Turns the plan's resource instances into one document per thing a rule
#   reasons about, whatever provider declared it:
#
#   - kind "bucket": a filestore_upload_bucket, or an aws_s3_bucket merged
#     with its aws_s3_bucket_* siblings (matched through the configuration's
#     references, then through known bucket names). A sibling that matches no
#     bucket of the plan becomes a bucket fragment (complete = false): rules
#     that need the absence of a setting skip fragments.
#   - kind "key_group": filestore_cdn_key_group, aws_cloudfront_key_group.
#   - kind "presign": filestore_presigned_url / filestore_presigned_post,
#     with `target`: the bucket of the plan it names and that bucket's
#     quarantine and upload_encryption parts.
#   - kind "content_object": filestore_content_object, with `target` too.
#   - kind "cdn_signature": filestore_cloudfront_signed_url / _cookies,
#     with `objects`: the bucket keys a URL reaches through a CloudFront
#     distribution of the plan.
#
#   A bucket document also holds the upload pipeline (quarantine,
#   scan_gate, notifications, malware_protection: GuardDuty plans),
#   upload_encryption, access_logging and object_lock, each decided from
#   the hashicorp/aws equivalents for an aws_s3_bucket.
#
#   Every value is an attribute object {address, path, known, value} whose
#   address and path point into the ORIGINAL resource's schema, so findings
#   name the attribute a user has to change.
#
#   The package spans the normalize_*.rego files, one job each:
#   normalize.rego (this file: the documents and the helpers they share),
#   normalize_siblings.rego (matching aws_s3_bucket_* siblings to their
#   bucket), normalize_filestore_bucket.rego, normalize_aws_bucket.rego,
#   normalize_aws_lifecycle.rego, normalize_policy_document.rego (what a
#   bucket policy denies), normalize_signing.rego (key groups, presigned
#   requests, CloudFront signatures), and for FS018-FS024:
#   normalize_pipeline.rego (quarantine, scan gate, notifications, GuardDuty
#   plans), normalize_policy_gates.rego (what a policy requires of uploads,
#   which reads it gates on a tag), normalize_upload_encryption.rego,
#   normalize_compliance.rego (access logging, object lock),
#   normalize_uploads.rego (content objects, the `target` of uploads) and
#   normalize_cdn_origins.rego (CloudFront URL -> bucket key).
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

# resources: address => normalized document. The extension point for local
# rules (policy.paths): reason over these documents.
resources := {a: doc |
	# (object.union_n would deep-copy every document.)
	some docs in [buckets, fragments, key_groups, presigns, cdn_signatures, content_objects]
	some a, doc in docs
}

# checked is the number of plan resource instances the guardrails read.
checked := count(plan.instances)

_inst := plan.instances

# Documents are built for every instance of the plan. The Go engine may
# split a large plan across goroutines: each evaluation then reads the whole
# plan (sibling resolution and parameters stay global) and builds the
# documents of its own share, named by input.filestore_shard: {"only":
# {address: true}} or {"skip": {address: true}}. Rules reason about one
# document at a time, so the shares' findings add up to the whole plan's.
# Plans never carry that key.
_doc_inst := _inst if {
	not input.filestore_shard
} else := {a: i |
	some a, i in _inst
	input.filestore_shard.only[a]
} if {
	input.filestore_shard.only
} else := {a: i |
	some a, i in _inst
	not input.filestore_shard.skip[a]
}

# ---------------------------------------------------------------------------
# Bucket documents
#
# Attributes are read in bulk (values.attrs / values.attrs_at: one
# comprehension per resource or list element) and documents are written as
# literals: every function call, else-chain and object.union costs more than
# the work it wraps.

buckets := object.union(
	{a: _fs_bucket(b) |
		some a, b in bucket_instances
		b.type == "filestore_upload_bucket"
		_doc_inst[a]
	},
	{a: _aws_bucket(b) |
		some a, b in bucket_instances
		b.type == "aws_s3_bucket"
		_doc_inst[a]
	},
)

fragments := {a: doc |
	some a, s in sibling_instances
	_doc_inst[a]
	not a in _attached_addresses
	doc := _fragment(s)
}

_base(i, kind) := {
	"kind": kind,
	"address": i.address,
	"resource_address": plan.resource_address(i),
	"type": i.type,
	"mode": i.mode,
}

# --- shared by the bucket documents

# "r2" (Cloudflare R2) is a generic S3 store with R2's documented limits.
_aws_rules := {"aws": true, "s3": false, "r2": false}

# Tags, with provider default tags when the resource exposes tags_all;
# reported on `tags`, the attribute users set. a: the resource's attrs.
_tags(i, a) := {"address": i.address, "path": ["tags"], "known": a.tags_all.known, "value": a.tags_all.value} if {
	_has_attribute(i, "tags_all")
} else := a.tags

# type_name is defined for every value, null and false included.
_has_attribute(i, name) if type_name(i.after[name])

_has_attribute(i, name) if type_name(i.after_unknown[name])

_absent(b, type) := {"state": "unknown"} if {
	ambiguous_types[type]
} else := {"state": "absent", "address": b.address, "path": []}

_sibling(b, type) := sibling_instances[attached[[b.address, type]]]

_pab_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_cors_rules(i, attr) := [r |
	some n, _ in object.get(i.after, attr, [])
	r := {
		"address": i.address,
		"path": [attr, n],
		"origins": values.elements(i, [attr, n, "allowed_origins"]),
		"methods": values.elements(i, [attr, n, "allowed_methods"]),
		"headers": values.elements(i, [attr, n, "allowed_headers"]),
		"expose_headers": values.whole(i, [attr, n, "expose_headers"]),
	}
]

_transition_attrs := {
	"days": [["days"], null],
	"storage_class": [["storage_class"], null],
}

_fs_whole(p) := {"known": true, "value": p.value == ""} if {
	p.known == true
} else := {"known": false, "value": null}

_enabled(a) := {"known": true, "value": a.value == "Enabled"} if {
	a.known == true
} else := {"known": false, "value": null}
