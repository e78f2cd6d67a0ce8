package bench

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// transports returns both transports for c.
func transports(b *testing.B, c opCase) []transport {
	return []transport{newLoopback(b, c.reply), newMemory(c.reply)}
}

// BenchmarkCall measures one call at a time, every variant side by side.
func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	for _, c := range cases {
		body := oursBody(b, c)
		b.Run(c.name, func(b *testing.B) {
			for _, t := range transports(b, c) {
				b.Run(t.name, func(b *testing.B) {
					b.Run("ours", func(b *testing.B) {
						cl := newOurs(t)
						loop(b, func() error { return c.ours(ctx, cl) })
					})
					b.Run("official", func(b *testing.B) {
						cl := newOfficial(t)
						loop(b, func() error { return c.official(ctx, cl) })
					})
					b.Run("floor", func(b *testing.B) {
						r := newRaw(t, c.name, body, false)
						loop(b, func() error { return r.call(ctx) })
					})
					if c.signed {
						b.Run("signedfloor", func(b *testing.B) {
							r := newRaw(t, c.name, body, true)
							loop(b, func() error { return r.call(ctx) })
						})
					}
				})
			}
		})
	}
}

// BenchmarkParallel measures throughput: GOMAXPROCS goroutines share one
// client. ns/op is wall time divided by calls.
func BenchmarkParallel(b *testing.B) {
	ctx := context.Background()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for _, t := range transports(b, c) {
				b.Run(t.name, func(b *testing.B) {
					b.Run("ours", func(b *testing.B) {
						cl := newOurs(t)
						parallel(b, func() error { return c.ours(ctx, cl) })
					})
					b.Run("official", func(b *testing.B) {
						cl := newOfficial(t)
						parallel(b, func() error { return c.official(ctx, cl) })
					})
				})
			}
		})
	}
}

// warm makes one call outside the timer, so that connection set-up and
// one-time initialisation are not measured.
func warm(b *testing.B, call func() error) {
	b.Helper()
	if err := call(); err != nil {
		b.Fatal(err)
	}
}

func loop(b *testing.B, call func() error) {
	b.Helper()
	warm(b, call)
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
}

func parallel(b *testing.B, call func() error) {
	b.Helper()
	warm(b, call)
	b.ReportAllocs()
	cpu := startCPU(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := call(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	cpu.report()
}

// cpuClock measures the CPU time (user and system) the process spends per
// operation, server included on loopback, as the metric cpu-ns/op. Unlike
// ns/op it barely moves when other processes compete for the cores.
type cpuClock struct {
	b     *testing.B
	start time.Duration
}

func startCPU(b *testing.B) cpuClock {
	b.ResetTimer()
	return cpuClock{b: b, start: processCPU()}
}

func (c cpuClock) report() {
	c.b.StopTimer()
	c.b.ReportMetric(float64(processCPU()-c.start)/float64(c.b.N), "cpu-ns/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
