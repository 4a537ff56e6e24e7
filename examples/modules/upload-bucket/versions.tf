terraform {
  # Ephemeral resources and ephemeral outputs: Terraform 1.10+.
  # OpenTofu reads versions.tofu instead of this file (it needs 1.11+).
  required_version = ">= 1.10"

  required_providers {
    filestore = {
      source = "filestore/filestore"
    }
  }
}
