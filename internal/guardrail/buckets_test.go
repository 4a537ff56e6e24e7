package guardrail

import (
	"sync"
	"testing"
)

func bucket(name string) Resource {
	return Resource{Mode: ModeManaged, Type: BucketType, After: map[string]any{"bucket": name, "deny_unencrypted_uploads": true}}
}

func TestBucketsRelateByName(t *testing.T) {
	b := NewBuckets()
	b.Remember(bucket("uploads"))
	b.Remember(bucket("other"))
	url := Resource{Mode: ModeData, Type: "filestore_presigned_url", After: map[string]any{"bucket": "uploads", "key": "a"}}
	got := b.Related(url)
	if len(got) != 1 || got[0].After["bucket"] != "uploads" {
		t.Fatalf("Related = %v, want the bucket uploads", got)
	}
	// A later plan of the same bucket replaces the earlier one.
	later := bucket("uploads")
	later.After["deny_unencrypted_uploads"] = false
	b.Remember(later)
	if got := b.Related(url); got[0].After["deny_unencrypted_uploads"] != false {
		t.Errorf("Related after a re-plan = %v, want the latest planned values", got)
	}
}

func TestBucketsIgnoreWhatCannotBeRelated(t *testing.T) {
	b := NewBuckets()
	unknown := Resource{Type: BucketType, After: map[string]any{"bucket": nil}, AfterUnknown: map[string]any{"bucket": true}}
	b.Remember(unknown)
	b.Remember(Resource{Mode: ModeData, Type: BucketType, After: map[string]any{"bucket": "data-mode"}})
	b.Remember(Resource{Type: "filestore_content_object", After: map[string]any{"bucket": "not-a-bucket"}})
	if len(b.byName) != 0 {
		t.Fatalf("remembered %v; only managed buckets with a known name count", b.byName)
	}
	b.Remember(bucket("uploads"))
	for _, r := range []Resource{
		{Type: "filestore_presigned_url", After: map[string]any{"bucket": "elsewhere"}},
		{Type: "filestore_presigned_url", After: map[string]any{}, AfterUnknown: map[string]any{"bucket": true}},
		bucket("uploads"), // a bucket relates to no other bucket
	} {
		if got := b.Related(r); got != nil {
			t.Errorf("Related(%v) = %v, want nothing", r.After, got)
		}
	}
	var none *Buckets
	none.Remember(bucket("x"))
	if none.Related(Resource{Type: "filestore_presigned_url", After: map[string]any{"bucket": "x"}}) != nil {
		t.Error("a nil registry relates nothing")
	}
}

// Resources are checked concurrently (Terraform walks the graph in
// parallel): go test -race exercises the lock.
func TestBucketsConcurrent(t *testing.T) {
	b := NewBuckets()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() { defer wg.Done(); b.Remember(bucket("uploads")) }()
		go func() {
			defer wg.Done()
			_ = b.Related(Resource{Type: "filestore_presigned_url", After: map[string]any{"bucket": "uploads", "i": i}})
		}()
	}
	wg.Wait()
	if len(b.Related(Resource{Type: "filestore_presigned_url", After: map[string]any{"bucket": "uploads"}})) != 1 {
		t.Error("the bucket is remembered")
	}
}
