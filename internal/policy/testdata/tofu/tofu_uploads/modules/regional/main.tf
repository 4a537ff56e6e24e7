terraform {
  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}

variable "name" {
  type = string
}

resource "filestore_upload_bucket" "this" {
  count  = 2
  bucket = "${var.name}-${count.index}"
  encryption = {
    algorithm = "AES256"
  }
  lifecycle_tiers = [{
    prefix          = "uploads/"
    transitions     = [{ days = 30, storage_class = "STANDARD_IA" }]
    expiration_days = 365
  }]
}

data "filestore_presigned_url" "share" {
  bucket     = "${var.name}-0"
  key        = "share.zip"
  expires_in = "3h"
}
