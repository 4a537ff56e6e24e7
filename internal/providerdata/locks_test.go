package providerdata

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestLocksSerializeOneKey(t *testing.T) {
	var l Locks
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock := l.Lock("bucket-policy/a")
			n := inside.Add(1)
			for {
				m := maxInside.Load()
				if n <= m || maxInside.CompareAndSwap(m, n) {
					break
				}
			}
			inside.Add(-1)
			unlock()
		}()
	}
	wg.Wait()
	if maxInside.Load() != 1 {
		t.Fatalf("%d holders at once, want 1", maxInside.Load())
	}
	if len(l.held) != 0 {
		t.Fatalf("%d entries left after every unlock", len(l.held))
	}
}

func TestLocksOtherKeysDoNotWait(t *testing.T) {
	var l Locks
	unlockA := l.Lock("a")
	defer unlockA()
	done := make(chan struct{})
	go func() {
		l.Lock("b")()
		close(done)
	}()
	<-done // would deadlock if "b" waited for "a"
}
