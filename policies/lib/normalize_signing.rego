# Key groups, presigned requests and CloudFront signatures.
#
# Part of package filestore.lib.normalize (see normalize.rego). Unset
# attributes take the data sources' documented defaults
# (data.filestore.lib.defaults).
package filestore.lib.normalize

import data.filestore.lib.defaults
import data.filestore.lib.plan
import data.filestore.lib.values

key_groups := {a: doc |
	some a, i in _doc_inst
	plan.key_group_types[i.type]
	k := _keys_attr[i.type]
	n := values.length(i, [k])
	doc := {
		"kind": "key_group",
		"address": a,
		"resource_address": plan.resource_address(i),
		"type": i.type,
		"mode": i.mode,
		"name": values.attr(i, ["name"]),
		"key_count": {"address": a, "path": [k], "known": n.known, "value": n.value},
	}
}

_keys_attr := {"filestore_cdn_key_group": "public_keys", "aws_cloudfront_key_group": "items"}

presigns := {a: _presign(i) |
	some a, i in _doc_inst
	plan.presign_types[i.type]
}

_presign_attrs := {t: {
	"bucket": [["bucket"], null],
	"method": [["method"], m],
	"expires_in": [["expires_in"], defaults.presign_expires_in],
	"content_type": [["content_type"], null],
	"content_type_prefix": [["content_type_prefix"], null],
	"max_size": [["max_size"], null],
	"key": [["key"], null],
	"key_prefix": [["key_prefix"], null],
	"server_side_encryption": [["server_side_encryption"], null],
} |
	some t, m in {"filestore_presigned_url": defaults.presign_url_method, "filestore_presigned_post": "POST"}
}

_presign(i) := object.union(
	{
		"kind": "presign",
		"address": i.address,
		"resource_address": plan.resource_address(i),
		"type": i.type,
		"mode": i.mode,
		"post": i.type == "filestore_presigned_post",
		"target": upload_target(i),
	},
	values.attrs(i, _presign_attrs[i.type]),
)

# expires_in defaults to 1h when expires_at is not set (the data sources'
# documented defaults).
cdn_signatures := {a: _cdn_signature(i) |
	some a, i in _doc_inst
	plan.cdn_signature_types[i.type]
}

_cdn_attrs := {
	"expires_in": [["expires_in"], null],
	"expires_at": [["expires_at"], null],
	"hash_algorithm": [["hash_algorithm"], defaults.cdn_hash_algorithm],
}

_cdn_signature(i) := {
	"kind": "cdn_signature",
	"address": i.address,
	"resource_address": plan.resource_address(i),
	"type": i.type,
	"mode": i.mode,
	"expires_in": _cdn_expires_in(a),
	"expires_at": a.expires_at,
	"hash_algorithm": a.hash_algorithm,
	"objects": _cdn_objects(i),
} if {
	a := values.attrs(i, _cdn_attrs)
}

_cdn_expires_in(a) := a.expires_in if {
	a.expires_at.value != null
} else := values.with_default(a.expires_in, defaults.cdn_expires_in)
