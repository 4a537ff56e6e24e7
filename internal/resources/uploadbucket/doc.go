// Package uploadbucket is the filestore_upload_bucket resource: one private
// S3 bucket with everything the browser-upload pattern needs.
//
// A bucket is a set of S3 sub-configurations ("parts": CORS, encryption,
// lifecycle, policy, public access block, ownership, versioning,
// notifications, tags). Each part has a file with its S3 reads and writes
// and one entry in parts (parts.go): Read runs every part's read
// concurrently (read.go) and lets each part show what it found (state.go);
// Create and Update let each part write what changed, in the order of parts
// (resource.go). Adding a sub-configuration is a new file and an entry
// there.
//
// quarantine and scan_gate are not parts: their statements are generated
// with the rest of the policy and their lifecycle rule joins the lifecycle
// configuration; quarantine.go holds that glue.
//
// Other files: schema*.go (the schema: core, lifecycle, policy, pipeline),
// model.go (the state), convert*.go (model <-> internal/bucketconfig types, one
// conversion per direction for validation and apply alike), values.go
// (framework value helpers), validate.go (ValidateConfig), plan.go
// (ModifyPlan: compatibility-dependent defaults, values known at plan time),
// bucket.go (create, empty, delete the bucket itself).
//
// What the settings mean — naming rules, validation, the API shapes, the
// bucket policy document — is pure logic in internal/bucketconfig. The S3
// calls shared with filestore_cdn_read_access (the policy's
// read-modify-write, error diagnostics) are internal/bucketapi.
package uploadbucket
