# METADATA
# title: No read links into the quarantine
# description: |
#   Presigned GET / HEAD URLs, and CloudFront signed URLs and cookies, never
#   point into a bucket's quarantine prefix: objects there are uploads not
#   scanned yet, and a link handed out for them serves unscanned files to
#   whoever holds it.
#
#   A presigned URL is related to its bucket through its `bucket` argument
#   (a reference, else the bucket's known name). A CloudFront URL or
#   `resource` pattern is related to a bucket only when the plan shows the
#   way: a distribution whose domain name or alias is the URL's host, whose
#   cache behavior for the path targets an origin that is a bucket of the
#   plan (see the guardrails guide). A pattern points into the quarantine
#   when its part before the first wildcard starts with the quarantine
#   prefix. Inside the provider only presigned URLs are checked (a
#   distribution belongs to another provider).
# related_resources:
#   - ref: https://docs.aws.amazon.com/guardduty/latest/ug/gdu-malware-protection-s3.html
#     description: GuardDuty Malware Protection for S3
# custom:
#   id: FS018
#   severity: deny
#   remediation: |
#     Mint read links for keys outside quarantine.prefix: the scanner (a
#     reader_principal_arns principal) reads quarantined objects with its own
#     credentials, and clean objects are read where it copies them.
package filestore.rules.fs018_quarantine_reads

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.presigns
	not doc.post
	doc.method.known
	upper(doc.method.value) in {"GET", "HEAD"}
	prefix := _quarantine_prefix(doc.target.quarantine)
	doc.key.known
	is_string(doc.key.value)
	startswith(doc.key.value, prefix)
	v := result.fail(doc, doc.key, sprintf("a presigned %s of %q reads the quarantine of bucket %s (prefix %q): quarantined uploads are not scanned yet", [upper(doc.method.value), doc.key.value, _bucket(doc), prefix]))
}

violations contains v if {
	some doc in normalize.cdn_signatures
	some o in doc.objects
	prefix := _quarantine_prefix(o.quarantine)
	startswith(o.key, prefix)
	v := result.fail(doc, o, sprintf("%s reaches %q in the quarantine of %s (prefix %q) through %s: quarantined uploads are not scanned yet", [o.path[0], _shown(o), o.bucket, prefix, o.distribution]))
}

_quarantine_prefix(q) := q.prefix.value if {
	q.state == "present"
	q.prefix.known
	is_string(q.prefix.value)
	q.prefix.value != ""
}

_bucket(doc) := doc.bucket.value if {
	doc.bucket.known
	is_string(doc.bucket.value)
} else := doc.target.address

_shown(o) := concat("", [o.key, "*"]) if o.wildcard

else := o.key
