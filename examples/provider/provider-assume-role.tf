# The usual AWS set-up: the pipeline's own credentials (environment, profile,
# SSO or instance role) may only assume a deploy role; every S3 and
# CloudFront request is then signed with the role's temporary credentials.
provider "filestore" {
  alias  = "deploy"
  region = "eu-west-1"

  assume_role = {
    role_arn     = "arn:aws:iam::111122223333:role/filestore-deploy"
    session_name = "terraform-ci"   # shown in CloudTrail
    external_id  = "media-7f3a9c1e" # only if the role's trust policy requires it
    duration     = "1h"             # 15m to 12h; presigned URLs die with the session
  }
}
