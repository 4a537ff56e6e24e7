# METADATA
# title: Server access logging configured
# description: |
#   Every bucket delivers server access logs (filestore's access_logging, or
#   an aws_s3_bucket_logging / the inline logging block for an
#   aws_s3_bucket): without them there is no record of who read or wrote
#   which object. A bucket that receives another bucket's access logs in the
#   plan is not asked to log itself (inside the provider, which sees one
#   bucket at a time, the finding says so). Server access logging is an AWS
#   feature: with compatibility = "s3" or "r2" the rule does not apply.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#     description: Logging requests with server access logging
# custom:
#   id: FS023
#   severity: warn
#   remediation: |
#     Set access_logging = { target_bucket = "<logs bucket>", target_prefix
#     = "s3/<bucket>/" } on filestore_upload_bucket, or add an
#     aws_s3_bucket_logging for the aws_s3_bucket.
package filestore.rules.fs023_access_logging

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	doc.aws_rules == true
	l := doc.access_logging
	l.state == "absent"
	l.receives_logs.known
	l.receives_logs.value == false
	v := _seen(result.fail(doc, l, "server access logging is not configured: requests to the bucket leave no record"))
}

# Inside the provider another bucket sending its logs here is not visible.
_seen(v) := result.partial(v) if result.view == "resource"

else := v
