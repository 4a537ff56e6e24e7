variable "name" {
  description = "Bucket name (globally unique on AWS). Leave null to use name_prefix, or neither for a generated name."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prefix of a generated, unique bucket name (at most 37 characters), e.g. \"media-uploads-\". Conflicts with name."
  type        = string
  default     = null

  validation {
    condition     = var.name_prefix == null || var.name == null
    error_message = "Set name or name_prefix, not both."
  }
}

variable "app_origins" {
  description = "Origins of the web app that uploads straight to the bucket, e.g. [\"https://app.example.com\"]: scheme, host and optional port, no path and no wildcard."
  type        = list(string)

  validation {
    condition     = length(var.app_origins) > 0
    error_message = "Give at least one origin: browsers can upload only from the origins the bucket's CORS rules allow."
  }
  validation {
    condition     = alltrue([for o in var.app_origins : can(regex("^https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$", o))])
    error_message = "Each origin must be scheme://host[:port] in lower case, without a path, a trailing slash or a wildcard (\"https://app.example.com\", \"http://localhost:3000\")."
  }
}

variable "upload_prefix" {
  description = "Key prefix browsers upload under; the POST form allows any key below it."
  type        = string
  default     = "uploads/"

  validation {
    condition     = can(regex("^[^/].*/$", var.upload_prefix))
    error_message = "upload_prefix must end with \"/\" and must not start with one, e.g. \"uploads/\"."
  }
}

variable "max_upload_bytes" {
  description = "Largest file the POST form accepts (S3 enforces it: 400 EntityTooLarge above)."
  type        = number
  default     = 10 * 1024 * 1024

  validation {
    condition     = var.max_upload_bytes >= 1 && var.max_upload_bytes <= 5 * 1024 * 1024 * 1024
    error_message = "max_upload_bytes must be between 1 byte and 5 GiB (S3's limit for one POST)."
  }
}

variable "upload_content_type_prefix" {
  description = "Content-Type the POST form requires to start with, e.g. \"image/\"; \"\" accepts any type."
  type        = string
  default     = ""
}

variable "upload_expires_in" {
  description = "How long minted upload URLs and the POST form stay valid, e.g. \"15m\" (the guardrails allow at most 1h unless the provider's max_presign_seconds says otherwise)."
  type        = string
  default     = "15m"
}

variable "upload_urls" {
  description = "Presigned PUT URLs to mint, by name: the exact key and the Content-Type the client must send. Exposed, ephemeral, as the upload_urls output."
  type = map(object({
    key          = string
    content_type = string
  }))
  default = {}
}

variable "tiers" {
  description = "Lifecycle tiers (one lifecycle rule each). Null: the upload prefix moves to STANDARD_IA after 30 days and GLACIER_IR after 90, and tmp/ expires after a day. Transitions are validated at plan time by the provider."
  type = list(object({
    prefix = string
    transitions = optional(list(object({
      days          = number
      storage_class = string
    })), [])
    expiration_days            = optional(number)
    noncurrent_expiration_days = optional(number)
  }))
  default = null
}

variable "cdn_distribution_arns" {
  description = "CloudFront distributions allowed to read objects through an origin access control (arn:aws:cloudfront::<account>:distribution/<id>)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.cdn_distribution_arns : can(regex("^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Z0-9]+$", a))])
    error_message = "Each entry must be a distribution ARN, arn:aws:cloudfront::<account>:distribution/<id>."
  }
}

variable "kms_key_arn" {
  description = "Encrypt new objects with this KMS key (aws:kms, with an S3 Bucket Key). Null: the provider's default, SSE-S3 (AES256) on AWS."
  type        = string
  default     = null
}

variable "versioning" {
  description = "Keep every version of every object (noncurrent versions expire per tier)."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket with everything in it. Set (and apply) it before destroying."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags of the bucket, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
