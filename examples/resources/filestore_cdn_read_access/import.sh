# Adopt a grant by bucket and statement id (the Sid in the bucket policy)...
terraform import filestore_cdn_read_access.site my-site-uploads/CDNReadAccessE2QWRUHAPOMQZL
# ...or by bucket alone when its policy holds exactly one such grant.
terraform import filestore_cdn_read_access.site my-site-uploads
