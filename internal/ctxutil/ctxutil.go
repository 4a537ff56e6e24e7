// Package ctxutil holds small context helpers shared by resources and test
// infrastructure.
package ctxutil

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx is done, whichever comes first, and returns
// ctx.Err() in the latter case. Retry loops use it so that cancelling an
// apply (Ctrl-C) interrupts a backoff at once.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
