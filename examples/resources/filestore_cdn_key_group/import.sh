# The key group id is the import ID.
terraform import filestore_cdn_key_group.signers 5e2a7f0c-1b3d-4c8e-9f6a-2d4b8c0e1a37
