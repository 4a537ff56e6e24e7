package guardrail

import "sync"

// BucketType is the resource type Buckets remembers.
const BucketType = "filestore_upload_bucket"

// Buckets remembers, by bucket name, the planned values of every
// filestore_upload_bucket this provider process has checked, so that the
// check of a resource naming a bucket (a presigned URL or POST, a content
// object) sees that bucket's quarantine and upload encryption: the rules
// relating the two (FS018, FS019, FS021) then decide inside `terraform plan`
// as they do over a saved plan.
//
// Terraform and OpenTofu plan a bucket before anything that references it,
// in the same provider process (one per provider configuration): at plan
// time when the dependent is read then, and again in the apply walk, whose
// re-plan of the bucket precedes a data source read deferred to apply. A
// resource naming a bucket only by a literal name may be checked first; it
// then finds nothing, and the rules say nothing (never a guess).
// Everything is in memory: checking a minter stays local computation.
type Buckets struct {
	mu     sync.Mutex
	byName map[string]Resource
}

// NewBuckets returns an empty registry.
func NewBuckets() *Buckets { return &Buckets{byName: map[string]Resource{}} }

// Remember records r if it is a managed filestore_upload_bucket whose name
// is known (a later plan of the same name replaces it). A nil registry
// remembers nothing.
func (b *Buckets) Remember(r Resource) {
	if b == nil || r.Type != BucketType || (r.Mode != "" && r.Mode != ModeManaged) {
		return
	}
	name, ok := knownString(r, "bucket")
	if !ok {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.byName[name] = r
}

// Related returns the remembered bucket r names in its `bucket` attribute
// (none for a bucket itself, an unknown name, or a bucket not seen).
func (b *Buckets) Related(r Resource) []Resource {
	if b == nil || r.Type == BucketType {
		return nil
	}
	name, ok := knownString(r, "bucket")
	if !ok {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if bucket, ok := b.byName[name]; ok {
		return []Resource{bucket}
	}
	return nil
}

func knownString(r Resource, attr string) (string, bool) {
	if u, _ := r.AfterUnknown[attr].(bool); u {
		return "", false
	}
	s, ok := r.After[attr].(string)
	return s, ok && s != ""
}
