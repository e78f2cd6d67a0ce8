// Package interrupt stands in for an operator pressing Ctrl-C part-way
// through a bulk run, for the tests and the demo.
package interrupt

import (
	"context"
	"time"
)

// When calls cancel once cond holds, polled every millisecond, or after
// timeout (the caller then judges what the run did). It returns early when
// ctx is done, and always calls cancel.
func When(ctx context.Context, cancel context.CancelFunc, timeout time.Duration, cond func() bool) {
	defer cancel()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-tick.C:
		}
	}
}
