package filestore_test.rules.fs021_encrypted_uploads

import data.filestore.rules.fs021_encrypted_uploads as rule
import data.filestore.test.helpers as h

_bucket(overrides) := h.change("filestore_upload_bucket", "b", h.bucket(object.union({"deny_unencrypted_uploads": true}, overrides)))

_put(sse) := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "a.png", "method": "PUT", "server_side_encryption": sse})

_post(sse) := h.read("filestore_presigned_post", "p", {"bucket": "acme-uploads", "key_prefix": "u/", "max_size": 10, "server_side_encryption": sse})

_object(sse) := h.change_unknown("filestore_content_object", "o", {"bucket": "acme-uploads", "key_prefix": "cas", "server_side_encryption": sse}, {"key": true, "sha256": true})

test_put_without_sse_denied if {
	h.ids(rule.violations) == {"data.filestore_presigned_url.u server_side_encryption"} with input as h.plan([_bucket({}), _put(null)])
}

test_put_with_sse_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket({}), _put("AES256")])
}

test_put_with_other_algorithm_denied if {
	vs := rule.violations with input as h.plan([_bucket({}), _put("aws:kms")])
	count(vs) == 1
	some v in vs
	contains(v.message, "accepts uploads encrypted with AES256 only")
}

test_kms_bucket_requires_kms if {
	b := _bucket({"encryption": {"algorithm": "aws:kms", "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k", "bucket_key_enabled": true}})
	count(rule.violations) == 1 with input as h.plan([b, _put("AES256")])
	count(rule.violations) == 0 with input as h.plan([b, _put("aws:kms")])
}

test_get_without_sse_passes if {
	u := h.read("filestore_presigned_url", "u", {"bucket": "acme-uploads", "key": "a.png", "method": "GET"})
	count(rule.violations) == 0 with input as h.plan([_bucket({}), u])
}

test_post_without_sse_denied if {
	h.ids(rule.violations) == {"data.filestore_presigned_post.p server_side_encryption"} with input as h.plan([_bucket({}), _post(null)])
}

test_content_object_without_sse_denied if {
	vs := rule.violations with input as h.plan([_bucket({}), _object(null)])
	h.ids(vs) == {"filestore_content_object.o server_side_encryption"}
	some v in vs
	contains(v.message, `set server_side_encryption = "AES256"`)
}

test_content_object_with_sse_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket({}), _object("AES256")])
}

test_bucket_not_denying_passes if {
	count(rule.violations) == 0 with input as h.plan([_bucket({"deny_unencrypted_uploads": false}), _put(null), _object(null)])
}

test_unknown_deny_undecided if {
	b := h.change_unknown("filestore_upload_bucket", "b", h.bucket({"deny_unencrypted_uploads": null}), {"deny_unencrypted_uploads": true})
	count(rule.violations) == 0 with input as h.plan([b, _put(null)])
}

test_unknown_sse_undecided if {
	u := {
		"address": "data.filestore_presigned_url.u", "mode": "data", "type": "filestore_presigned_url", "name": "u",
		"change": {"actions": ["read"], "after": {"bucket": "acme-uploads", "key": "a", "method": "PUT"}, "after_unknown": {"server_side_encryption": true}},
	}
	count(rule.violations) == 0 with input as h.plan([_bucket({}), u])
}

# A generic store without `encryption`: the header is required, any
# algorithm accepted.
test_generic_store_any_algorithm if {
	b := _bucket({"encryption": null})
	count(rule.violations) == 0 with input as h.plan_with([b, _put("aws:kms")], [], h.s3_provider)
	count(rule.violations) == 1 with input as h.plan_with([b, _put(null)], [], h.s3_provider)
}

_deny_statement(condition) := json.marshal({"Version": "2012-10-17", "Statement": [{
	"Sid": "RequireSSE", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
	"Resource": "arn:aws:s3:::acme-uploads/*", "Condition": condition,
}]})

test_policy_statements_deny if {
	b := _bucket({"deny_unencrypted_uploads": false, "policy_statements": _deny_statement({"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}})})
	count(rule.violations) == 1 with input as h.plan([b, _put(null)])
	count(rule.violations) == 1 with input as h.plan([b, _put("AES256")])
	count(rule.violations) == 0 with input as h.plan([b, _put("aws:kms")])
}

test_aws_bucket_policy_sibling if {
	bucket := h.change("aws_s3_bucket", "b", {"bucket": "acme-uploads"})
	policy := h.change("aws_s3_bucket_policy", "b", {"bucket": "acme-uploads", "policy": _deny_statement({"Null": {"s3:x-amz-server-side-encryption": "true"}})})
	h.ids(rule.violations) == {"filestore_content_object.o server_side_encryption"} with input as h.plan([bucket, policy, _object(null)])
	count(rule.violations) == 0 with input as h.plan([bucket, policy, _object("aws:kms")])
}

# A deny with another condition (a principal exception) may not apply to the
# uploader: never guessed.
test_conditional_deny_not_counted if {
	cond := {"Null": {"s3:x-amz-server-side-encryption": "true"}, "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/uploader"}}
	bucket := h.change("aws_s3_bucket", "b", {"bucket": "acme-uploads", "policy": _deny_statement(cond)})
	count(rule.violations) == 0 with input as h.plan([bucket, _object(null)])
}

test_aws_bucket_without_policy_passes if {
	count(rule.violations) == 0 with input as h.plan([h.change("aws_s3_bucket", "b", {"bucket": "acme-uploads"}), _object(null)])
}
