package cognitopassword

import (
	"context"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// attemptCtx is the context of one attempt's request, kept in its
// attemptState so that it costs no allocation of its own. It carries:
//
//   - the caller's context, for its values and its cancellation;
//   - the attempt's httptrace.ClientTrace, through which net/http reports
//     whether it wrote the request (see package retry), answered from Value
//     as httptrace.WithClientTrace's context would answer;
//   - the attempt's bound ([Options.AttemptTimeout]), when the caller's
//     context cannot be cancelled (context.Background and its values):
//     a context shared by the attempts that start within a short window,
//     whose deadline is at least the bound after each of them started.
//
// When the caller's context can be cancelled and the bound is needed, the
// parent is a context.WithTimeout of the caller's instead, since one done
// channel cannot follow two sources without a goroutine.
type attemptCtx struct {
	parent context.Context
	// bound, when not nil, gives Deadline, Done and Err.
	bound context.Context
	// trace, when not nil, is the value of httptrace's key.
	trace *httptrace.ClientTrace
}

// traceKeyProbe holds probeTrace under httptrace's (unexported) key, so
// that Value can recognise that key: traceKeyProbe.Value(key) is probeTrace
// for it and nil for every other key.
var (
	probeTrace    = new(httptrace.ClientTrace)
	traceKeyProbe = httptrace.WithClientTrace(context.Background(), probeTrace)
)

// Deadline returns the bound's deadline, else the caller's.
func (c *attemptCtx) Deadline() (time.Time, bool) {
	if c.bound != nil {
		return c.bound.Deadline()
	}
	return c.parent.Deadline()
}

// Done returns the bound's done channel, else the caller's.
func (c *attemptCtx) Done() <-chan struct{} {
	if c.bound != nil {
		return c.bound.Done()
	}
	return c.parent.Done()
}

// Err returns the bound's error, else the caller's.
func (c *attemptCtx) Err() error {
	if c.bound != nil {
		return c.bound.Err()
	}
	return c.parent.Err()
}

// Value returns the trace for httptrace's key and the caller's values;
// other keys (the context package's own, which net/http's derived contexts
// use to attach to this one's cancellation without a goroutine) go to the
// bound, whose done channel this context's is.
func (c *attemptCtx) Value(key any) any {
	if c.trace != nil && traceKeyProbe.Value(key) == probeTrace {
		return c.trace
	}
	if v := c.parent.Value(key); v != nil || c.bound == nil {
		return v
	}
	return c.bound.Value(key)
}

// attemptBound hands out the shared contexts that bound attempts whose
// caller's context cannot be cancelled. A context is used by the attempts
// that start within slack of its creation, and ends timeout+slack after
// it, so each attempt ends between timeout and timeout+slack after it
// started. One context.WithDeadline per slack per client, instead of one
// per attempt.
type attemptBound struct {
	timeout, slack time.Duration
	mu             sync.Mutex
	cur            atomic.Pointer[boundCtx]
}

type boundCtx struct {
	ctx      context.Context
	cancel   context.CancelFunc // ends it early; unused, it ends at its deadline
	deadline time.Time
}

// newAttemptBound returns the bound for timeout (positive): slack is an
// eighth of it, at most a second.
func newAttemptBound(timeout time.Duration) *attemptBound {
	return &attemptBound{timeout: timeout, slack: min(timeout/8, time.Second)}
}

// context returns a context that ends between timeout and timeout+slack
// from now.
func (b *attemptBound) context() context.Context {
	now := time.Now()
	if c := b.cur.Load(); c != nil && !c.deadline.Before(now.Add(b.timeout)) {
		return c.ctx
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if c := b.cur.Load(); c != nil && !c.deadline.Before(now.Add(b.timeout)) {
		return c.ctx
	}
	deadline := now.Add(b.timeout + b.slack)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	b.cur.Store(&boundCtx{ctx: ctx, cancel: cancel, deadline: deadline})
	return ctx
}

// attemptContext sets up st.ctx for an attempt under the caller's ctx and
// returns it, with a function to call when the attempt is over.
func (cc *callConfig) attemptContext(ctx context.Context, st *attemptState) (context.Context, context.CancelFunc) {
	st.trace.WroteRequest = st.wroteRequest
	st.ctx = attemptCtx{parent: ctx, trace: &st.trace}
	if httptrace.ContextClientTrace(ctx) != nil {
		// The caller traces too: let httptrace compose both.
		st.ctx = attemptCtx{parent: httptrace.WithClientTrace(ctx, &st.trace)}
	}
	done := func() {}
	if d := cc.opts.AttemptTimeout; d > 0 {
		if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > d {
			if ctx.Done() == nil {
				st.ctx.bound = cc.bound.context()
			} else {
				st.ctx.parent, done = context.WithTimeout(st.ctx.parent, d)
			}
		}
	}
	return &st.ctx, done
}
