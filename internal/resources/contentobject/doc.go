// Package contentobject is the filestore_content_object resource: an object
// stored at a key derived from its SHA-256 and uploaded only when that key is
// absent, so the same bytes used by several stacks are stored once.
//
// Shared objects follow one rule, "the first writer's headers win": the
// resource that stores the object owns its headers (owns_headers = true:
// changes applied in place, out-of-band changes are drift); a resource that
// finds the object already stored adopts it as it is (owns_headers = false)
// and never rewrites it — a difference from its configuration is a warning
// at every plan and apply, never a diff, so resources that disagree converge.
// A race between two first writers is settled by a conditional upload
// (If-None-Match: *). headers.go has the details.
//
// Files: schema.go (the schema), model.go (the state and what the upload
// engine needs of it), plan.go (ValidateConfig and ModifyPlan: hashing at
// plan time, the key, the default content type, what the store refuses,
// replacement, adopters' warnings), headers.go (the shared-object rule:
// stored headers, differences, warnings, private state), upload.go (opening
// the content, comparing with what is stored, the streaming upload),
// import.go (import by "<bucket>/<key>"), validators.go (key prefix and
// base64 checks) and resource.go (the CRUD glue). The upload engine
// (multipart, checksums, conditional writes, server-side copy, what each
// store accepts) is internal/upload; the key derivation is
// internal/contentkey.
package contentobject
