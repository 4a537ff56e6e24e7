# Bucket policy documents: what a policy requires of uploads (the
# server-side encryption header) and which reads it gates on a scan tag.
#
# Part of package filestore.lib.normalize (see normalize.rego); the
# statement helpers (_statements, _everyone, _as_list) are in
# normalize_policy_document.rego. Read by normalize_upload_encryption.rego
# (FS021) and normalize_pipeline.rego (the scan gate of an aws_s3_bucket,
# FS020).
package filestore.lib.normalize

_sse_key := "s3:x-amz-server-side-encryption"

# policy_upload_encryption(policy_json) is what the policy requires of a
# PutObject: {"denies_unencrypted": bool, "required": [[algorithm, ...], ...]}.
# A statement counts when it denies every principal s3:PutObject and its
# only condition keys are the SSE header's: Null = true denies uploads
# without the header; StringNotEquals(IgnoreCase) denies them too (a missing
# key never equals) and requires one of its values. A deny with any other
# condition (a principal exception, a VPC endpoint) may not apply to the
# uploader and is left out: the rules never guess a refusal.
policy_upload_encryption(doc) := {
	"denies_unencrypted": count(sts) > 0,
	"required": [vs |
		some st in sts
		some op in ["StringNotEquals", "StringNotEqualsIgnoreCase"]
		v := st.Condition[op][_sse_key]
		vs := [x | some x in _as_list(v)]
	],
} if {
	is_string(doc)
	json.is_valid(doc)
	sts := [st |
		some st in _statements(json.unmarshal(doc))
		st.Effect == "Deny"
		_everyone(st.Principal)
		_covers_action(st.Action, "s3:putobject")
		_only_sse_conditions(st.Condition)
	]
} else := {"denies_unencrypted": false, "required": []}

_only_sse_conditions(c) if {
	is_object(c)
	count(c) > 0
	every op, keys in c {
		op in {"Null", "StringNotEquals", "StringNotEqualsIgnoreCase"}
		is_object(keys)
		every k, _ in keys {
			lower(k) == _sse_key
		}
	}
	every v in _as_list(object.get(c, ["Null", _sse_key], true)) {
		lower(sprintf("%v", [v])) == "true"
	}
}

# policy_scan_gate_prefixes(policy_json) lists the key prefixes whose reads
# the policy gates on an object tag: a Deny of s3:GetObject conditioned on
# StringNotEquals s3:ExistingObjectTag/<key> (AWS's tag-based access control
# for GuardDuty Malware Protection), with Principal or NotPrincipal (the
# scanner excepted). The prefix of a Resource is its key part up to the first
# wildcard ("arn:aws:s3:::b/uploads/*" gates "uploads/", "*" the whole
# bucket).
policy_scan_gate_prefixes(doc) := [p |
	is_string(doc)
	json.is_valid(doc)
	some st in _statements(json.unmarshal(doc))
	st.Effect == "Deny"
	_covers_action(st.Action, "s3:getobject")
	_tag_condition(st.Condition)
	some r in _as_list(object.get(st, "Resource", []))
	p := _resource_prefix(r)
]

_tag_condition(c) if {
	some op in ["StringNotEquals", "StringNotEqualsIgnoreCase"]
	some k, _ in c[op]
	startswith(lower(k), "s3:existingobjecttag/")
}

_covers_action(a, action) if {
	some v in _as_list(a)
	is_string(v)
	glob.match(lower(v), null, action)
}

_resource_prefix("*") := ""

_resource_prefix(r) := p if {
	is_string(r)
	i := indexof(r, "/")
	i >= 0
	key := substring(r, i + 1, -1)
	p := _literal_prefix(key)
}

# _literal_prefix("uploads/*") == "uploads/": a pattern's part before its
# first wildcard (* or ?).
_literal_prefix(pattern) := substring(pattern, 0, n) if {
	positions := [i | some w in ["*", "?"]; i := indexof(pattern, w); i >= 0]
	count(positions) > 0
	n := min(positions)
} else := pattern
