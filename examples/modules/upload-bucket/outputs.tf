output "bucket" {
  description = "The bucket name."
  value       = filestore_upload_bucket.this.bucket
}

output "arn" {
  description = "The bucket ARN, for IAM policies."
  value       = filestore_upload_bucket.this.arn
}

output "region" {
  description = "The region the bucket lives in."
  value       = filestore_upload_bucket.this.region
}

output "bucket_regional_domain_name" {
  description = "The origin domain for a CloudFront distribution."
  value       = filestore_upload_bucket.this.bucket_regional_domain_name
}

output "policy_json" {
  description = "The bucket policy in effect. A CloudFront grant added by this apply shows here from the next refresh on."
  value       = filestore_upload_bucket.this.policy_json
}

output "cdn_read_access_sid" {
  description = "Statement id of the CloudFront read grant in the bucket policy (null without cdn_distribution_arns)."
  value       = one(filestore_cdn_read_access.this[*].sid)
}

output "settings" {
  description = "The bucket's CORS rules, lifecycle tiers and versioning, as planned and read back."
  value = {
    cors_rules      = filestore_upload_bucket.this.cors_rules
    lifecycle_tiers = filestore_upload_bucket.this.lifecycle_tiers
    versioning      = filestore_upload_bucket.this.versioning
  }
}

# Ephemeral outputs (Terraform 1.10+, OpenTofu 1.11+): the caller can pass
# them to a provider block, a provisioner, a write-only argument or its own
# ephemeral outputs; they are never written to the plan or the state. A root
# module cannot have ephemeral outputs, so this module is always a child.
#
# Terraform before 1.12 accepts in an ephemeral output only a value that is
# itself marked ephemeral: an ephemeral resource object is, but an object or
# map built from ephemeral values is not (nor is the map of a for_each
# ephemeral resource, nor an empty one). Hence whole resource objects, and
# for upload_urls a conditional on an ephemeral value, which marks its result
# ephemeral whatever the branches hold.
output "upload_form" {
  description = "The browser upload form (a filestore_presigned_post object): POST multipart/form-data to .url with every entry of .fields, then the file (field \"file\"); fields.key is <upload_prefix>$${filename}. Also .expires_at and .max_size."
  ephemeral   = true
  value       = ephemeral.filestore_presigned_post.upload
}

output "upload_urls" {
  description = "Presigned PUT URLs by name (see upload_urls), each a filestore_presigned_url object: .url, the .headers the client must send, .expires_at."
  ephemeral   = true
  value       = ephemeral.filestore_presigned_post.upload.url == null ? {} : ephemeral.filestore_presigned_url.upload
}
