package providerdata

import "sync"

// Locks serializes work on one remote document by the resources of one
// provider instance. Terraform applies resources concurrently, and some S3
// documents are shared by several resources (a bucket policy is written by
// filestore_upload_bucket and by every filestore_cdn_read_access on that
// bucket) while S3 offers no conditional write for them: each writer does a
// read-modify-write under Lock(key). The zero value is ready to use.
type Locks struct {
	mu   sync.Mutex
	held map[string]*lockEntry
}

type lockEntry struct {
	mu    sync.Mutex
	users int
}

// Lock blocks until key is free, takes it, and returns the function that
// releases it.
func (l *Locks) Lock(key string) (unlock func()) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*lockEntry{}
	}
	e := l.held[key]
	if e == nil {
		e = &lockEntry{}
		l.held[key] = e
	}
	e.users++
	l.mu.Unlock()

	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		l.mu.Lock()
		e.users--
		if e.users == 0 {
			delete(l.held, key)
		}
		l.mu.Unlock()
	}
}
