// Package contentobject is the filestore_content_object resource: an object
// stored at a key derived from its SHA-256 and uploaded only when that key is
// absent, so the same bytes used by several stacks are stored once.
//
// Files: schema.go (the schema), model.go (the state and what the upload
// engine needs of it), plan.go (ValidateConfig and ModifyPlan: hashing at
// plan time, the key, the default content type, replacement), upload.go
// (opening the content, comparing with what is stored, the streaming upload),
// import.go (import by "<bucket>/<key>"), validators.go (key prefix and
// base64 checks) and resource.go (the CRUD glue). The upload engine
// (multipart, checksums, server-side copy) is internal/upload; the key
// derivation is internal/contentkey.
package contentobject
