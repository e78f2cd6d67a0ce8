package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/journal"
)

// progress shows how a bulk run is going: a bar with rate and ETA on a
// terminal, plain lines every interval otherwise (logs, CI).
type progress struct {
	mu                    sync.Mutex
	total                 int
	done, failed, unknown int
	start                 time.Time

	command string
	bar     *progressbar.ProgressBar
	w       io.Writer
	stop    chan struct{}
	wg      sync.WaitGroup
}

// newProgress starts showing progress on w for total users.
func newProgress(w io.Writer, command string, total int, interval time.Duration) *progress {
	p := &progress{total: total, start: time.Now(), w: w, stop: make(chan struct{}), command: command}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(command),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("users"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetRenderBlankState(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
		return p
	}
	if interval > 0 {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					p.line()
				case <-p.stop:
					return
				}
			}
		}()
	}
	return p
}

// add counts one finished user, by its final state.
func (p *progress) add(state journal.State) {
	p.mu.Lock()
	switch state {
	case journal.Done:
		p.done++
	case journal.Failed:
		p.failed++
	default:
		p.unknown++
	}
	failed, unknown := p.failed, p.unknown
	p.mu.Unlock()
	if p.bar != nil {
		if failed+unknown > 0 {
			p.bar.Describe(fmt.Sprintf("%s (%d failed, %d unknown)", p.command, failed, unknown))
		}
		_ = p.bar.Add(1)
	}
}

// line prints a plain progress line.
func (p *progress) line() {
	p.mu.Lock()
	n := p.done + p.failed + p.unknown
	done, failed, unknown := p.done, p.failed, p.unknown
	p.mu.Unlock()
	elapsed := time.Since(p.start)
	rate := float64(n) / elapsed.Seconds()
	eta := "unknown"
	if rate > 0 {
		eta = roundDuration(time.Duration(float64(p.total-n) / rate * float64(time.Second))).String()
	}
	fmt.Fprintf(p.w, "progress: %d/%d users (%d done, %d failed, %d unknown), %.1f users/s, elapsed %s, ETA %s\n",
		n, p.total, done, failed, unknown, rate, roundDuration(elapsed), eta)
}

// finish stops the display.
func (p *progress) finish() {
	close(p.stop)
	p.wg.Wait()
	if p.bar != nil {
		if !p.bar.IsFinished() {
			_ = p.bar.Exit()
			fmt.Fprintln(p.w)
		}
		return
	}
	p.line()
}

// roundDuration rounds to a tenth of a second under ten seconds, to the
// second above.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
