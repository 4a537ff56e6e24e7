package upload

import (
	"sync"
	"sync/atomic"
	"time"
)

// progress throttles progress reports.
type progress struct {
	fn       func(Progress)
	interval time.Duration
	total    int64
	parts    int

	done      atomic.Int64
	partsDone atomic.Int64
	mu        sync.Mutex
	last      time.Time
}

func newProgress(o Options, total int64, parts int) *progress {
	return &progress{fn: o.Progress, interval: o.ProgressInterval, total: total, parts: parts, last: time.Now()}
}

func (p *progress) add(n int64) {
	done := p.done.Add(n)
	parts := p.partsDone.Add(1)
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < p.interval {
		return
	}
	p.last = time.Now()
	p.fn(Progress{BytesDone: done, BytesTotal: p.total, PartsDone: int(parts), PartsTotal: p.parts})
}

func (p *progress) final() {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fn(Progress{BytesDone: p.done.Load(), BytesTotal: p.total, PartsDone: int(p.partsDone.Load()), PartsTotal: p.parts, Final: true})
}
