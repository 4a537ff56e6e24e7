# A download link that saves the file under a friendly name. The data source
# form stores the URL in the state (sensitive): use it when the URL must
# leave Terraform as an output or feed a resource argument. Prefer the
# ephemeral form everywhere else.
data "filestore_presigned_url" "report" {
  bucket            = "my-app-uploads"
  key               = "reports/2026/q3.pdf"
  expires_in        = "1h"
  download_filename = "Q3 report (final).pdf"

  # Every plan within the same 30-minute window (windows start on the hour
  # and the half hour, UTC) yields the identical URL, so a resource that
  # receives it shows no diff. The URL stays valid for at least 30 minutes
  # (1h minus the part of the window already elapsed). With temporary
  # credentials (assume_role, SSO) the URL also changes with each session.
  signing_window = "30m"
}

# An upload link for one object: the client must send the signed headers.
data "filestore_presigned_url" "avatar_upload" {
  bucket                 = "my-app-uploads"
  key                    = "avatars/user-42.png"
  method                 = "PUT"
  content_type           = "image/png"
  server_side_encryption = "AES256"
  expires_in             = "15m"
}

output "report_url" {
  value     = data.filestore_presigned_url.report.url
  sensitive = true
}

output "avatar_upload" {
  value = {
    url     = data.filestore_presigned_url.avatar_upload.url
    headers = data.filestore_presigned_url.avatar_upload.headers # Content-Type, X-Amz-Server-Side-Encryption
    expires = data.filestore_presigned_url.avatar_upload.expires_at
  }
  sensitive = true
}
