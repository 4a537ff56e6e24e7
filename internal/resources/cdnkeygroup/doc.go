// Package cdnkeygroup is the filestore_cdn_key_group resource: a CloudFront
// key group and the public keys in it, rotated without downtime.
//
// Files: schema.go (the schema), model.go (the state and its conversions to
// CloudFront types), validators.go (plan-time checks of names and PEMs),
// pem.go (the PEM attribute type whose equality is "the same key"), api.go
// (the CloudFront calls with their If-Match / in-use retry rules) and
// resource.go (the CRUD glue). The pure logic (key names, fingerprints,
// rotation plans) lives in internal/cdnkeys.
package cdnkeygroup
