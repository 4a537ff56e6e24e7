import {
  to = filestore_cdn_read_access.site
  id = "my-site-uploads/CDNReadAccessE2QWRUHAPOMQZL"
}
