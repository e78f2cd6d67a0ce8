package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"golang.org/x/time/rate"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/journal"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/safefile"
)

// Bulk defaults. Cognito's account-recovery category (AdminResetUserPassword,
// ForgotPassword, ...) allows 30 requests per second per account and Region
// by default, shared by every application of the account.
const (
	defaultRate        = 25
	quotaRate          = 30
	defaultConcurrency = 4
	maxConcurrency     = 64
	defaultStopAfter   = 20
)

// bulkFlags are the flags of both bulk commands.
type bulkFlags struct {
	pool, input, inputFormat, journalPath string
	rate                                  float64
	concurrency                           int
	retryUnknown, retryFailed             bool
	dryRun, yes                           bool
	failuresOut, unknownOut               string
	stopAfter                             int
	progressInterval                      time.Duration
}

func (b *bulkFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.pool, "user-pool-id", "", "the user pool `ID` (required)")
	fs.StringVar(&b.input, "input", "", "`FILE` of users: CSV or JSON lines; - for standard input (required)")
	fs.StringVar(&b.inputFormat, "input-format", "auto", "`FORMAT` of the input: auto (from the file name or content), csv or jsonl")
	fs.StringVar(&b.journalPath, "journal", "", "journal `FILE` recording each user's outcome; an existing journal is resumed (default: INPUT.journal)")
	fs.Float64Var(&b.rate, "rate", defaultRate, "at most `N` requests per second (Cognito's default quota is 30/s per account and Region, shared by all its applications)")
	fs.IntVar(&b.concurrency, "concurrency", defaultConcurrency, fmt.Sprintf("at most `N` requests in flight (1 to %d)", maxConcurrency))
	fs.BoolVar(&b.retryUnknown, "retry-unknown", false, "send again to users whose outcome is unknown in the journal (request sent, no answer recorded)")
	fs.BoolVar(&b.retryFailed, "retry-failed", false, "send again to users that failed in an earlier run of this journal")
	fs.BoolVar(&b.dryRun, "dry-run", false, "read the input and the journal, print what would be done, send nothing and write no file")
	fs.BoolVar(&b.yes, "yes", false, "do not ask for confirmation on a terminal")
	fs.StringVar(&b.failuresOut, "failures-out", "", "write users that failed to `FILE` (CSV, usable as --input) (default: JOURNAL.failed.csv)")
	fs.StringVar(&b.unknownOut, "unknown-out", "", "write users whose outcome is unknown to `FILE` (CSV) (default: JOURNAL.unknown.csv)")
	fs.IntVar(&b.stopAfter, "stop-after-failures", defaultStopAfter, "stop the run after `N` failures in a row (0: never)")
	fs.DurationVar(&b.progressInterval, "progress-interval", 10*time.Second, "when stderr is not a terminal, print a progress line every `DURATION`")
}

func (b *bulkFlags) check() error {
	if err := required([2]string{"user-pool-id", b.pool}, [2]string{"input", b.input}); err != nil {
		return err
	}
	if !(b.rate > 0) {
		return usagef("--rate must be positive")
	}
	if b.concurrency < 1 || b.concurrency > maxConcurrency {
		return usagef("--concurrency must be between 1 and %d", maxConcurrency)
	}
	if b.stopAfter < 0 {
		return usagef("--stop-after-failures must be 0 or more")
	}
	if b.journalPath == "" {
		if b.input == "-" {
			return usagef("--journal is required when the input is standard input")
		}
		b.journalPath = b.input + ".journal"
	}
	if b.failuresOut == "" {
		b.failuresOut = b.journalPath + ".failed.csv"
	}
	if b.unknownOut == "" {
		b.unknownOut = b.journalPath + ".unknown.csv"
	}
	return nil
}

// bulkOp is what a bulk command does to one user. The command's name and
// operation are the env's.
type bulkOp struct {
	verb string // for the confirmation: "reset the passwords of"
	// checkList refuses an input the command cannot use.
	checkList func(l *userList) error
	// check, if set, checks the command's own files before anything is
	// written or sent, in a dry run too; resuming tells whether the
	// journal already had records.
	check func(resuming bool) error
	// prepare runs once before the first request. It returns a cleanup
	// function.
	prepare func(resuming bool) (func() error, error)
	// do sends the request for one user. reqErr is the request's error;
	// stopErr, a local failure that stops the run (the user's outcome is
	// still that of reqErr).
	do func(ctx context.Context, client *cognitopassword.Client, en entry) (reqErr, stopErr error)
	// passwordsFile is reported in the summary, if any.
	passwordsFile string
}

// bulkExit carries the exit code of a bulk run whose summary is printed.
type bulkExit struct{ code int }

func (e *bulkExit) Error() string { return fmt.Sprintf("exit %d", e.code) }

// inputError is a malformed input file: exit 3, nothing sent.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// errStopAfterFailures stops a run after too many failures in a row.
var errStopAfterFailures = errors.New("too many failures in a row")

// bulkSummary is the result of a bulk run.
type bulkSummary struct {
	OK             bool     `json:"ok"`
	Command        string   `json:"command"`
	Operation      string   `json:"operation"`
	UserPoolID     string   `json:"userPoolId"`
	Input          string   `json:"input"`
	Journal        string   `json:"journal"`
	DryRun         bool     `json:"dryRun,omitempty"`
	Users          int      `json:"users"`
	DuplicateLines int      `json:"duplicateLines"`
	ToDo           int      `json:"toDo"`
	Done           int      `json:"done"`
	Failed         int      `json:"failed"`
	Unknown        int      `json:"unknown"`
	NotStarted     int      `json:"notStarted"`
	SkippedDone    int      `json:"skippedDone"`
	SkippedFailed  int      `json:"skippedFailed"`
	SkippedUnknown int      `json:"skippedUnknown"`
	TotalDone      int      `json:"totalDone"`
	TotalFailed    int      `json:"totalFailed"`
	TotalUnknown   int      `json:"totalUnknown"`
	Interrupted    bool     `json:"interrupted"`
	StoppedBy      *failure `json:"stoppedBy,omitempty"`
	FailuresFile   string   `json:"failuresFile,omitempty"`
	UnknownFile    string   `json:"unknownFile,omitempty"`
	PasswordsFile  string   `json:"passwordsFile,omitempty"`
	ElapsedSeconds float64  `json:"elapsedSeconds"`
	RatePerSecond  float64  `json:"ratePerSecond"`
	ExitCode       int      `json:"exitCode"`
}

// runBulk runs a bulk command: read the input, open or resume the journal,
// send one request per user still to do under the rate limit and the
// concurrency bound, and print a summary.
func runBulk(ctx context.Context, e *env, b *bulkFlags, op *bulkOp) error {
	if err := b.check(); err != nil {
		return err
	}
	if b.rate > quotaRate {
		fmt.Fprintf(e.stderr, "warning: --rate %g is above Cognito's default quota of %d requests per second per account and Region; expect throttling unless the quota was raised\n", b.rate, quotaRate)
	}
	rc, err := openInput(b.input, e.stdin)
	if err != nil {
		return err
	}
	list, err := readUserList(rc, b.input, b.inputFormat)
	rc.Close()
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return err
		}
		return &inputError{err: fmt.Errorf("--input %s: %w", b.input, err)}
	}
	if len(list.entries) == 0 {
		return &inputError{err: fmt.Errorf("--input %s: no users", b.input)}
	}
	if err := op.checkList(list); err != nil {
		return err
	}

	// Every file the run writes is checked before anything is written or
	// sent, in a dry run too, so that the refusal comes first.
	for _, path := range []string{b.failuresOut, b.unknownOut} {
		if err := safefile.Check(path, safefile.Writable); err != nil {
			return fileErr(err)
		}
	}
	want := journal.Header{Command: e.cmd, UserPoolID: b.pool}
	replay, err := journal.Read(b.journalPath, want)
	if err != nil {
		return fileErr(err)
	}
	if op.check != nil {
		if err := op.check(replay.Len() > 0); err != nil {
			return err
		}
	}
	var j *journal.Journal
	if !b.dryRun { // a dry run writes nothing, the journal included
		j, err = journal.Open(b.journalPath, want)
		if err != nil {
			return fileErr(err)
		}
		defer j.Close()
		replay = j.Replay()
	}

	sum := &bulkSummary{Command: e.cmd, Operation: e.op, UserPoolID: b.pool, Input: b.input,
		Journal: b.journalPath, DryRun: b.dryRun, Users: len(list.entries), DuplicateLines: list.duplicates}
	var todo []entry
	var earlierUnknown []string
	for _, en := range list.entries {
		switch replay.State(en.user) {
		case journal.Done:
			sum.SkippedDone++
		case journal.Failed:
			if b.retryFailed {
				todo = append(todo, en)
			} else {
				sum.SkippedFailed++
			}
		case journal.Unknown:
			if b.retryUnknown {
				todo = append(todo, en)
			} else {
				sum.SkippedUnknown++
				earlierUnknown = append(earlierUnknown, en.user)
			}
		default:
			todo = append(todo, en)
		}
	}
	sum.ToDo = len(todo)
	e.printPlan(b, sum, replay, earlierUnknown)

	if b.dryRun {
		sum.NotStarted = len(todo)
		e.finishSummary(sum, list, replay, nil, b, false)
		e.printSummary(sum)
		return &bulkExit{code: sum.ExitCode}
	}

	final := map[string]journal.Record{}
	var stopErr error
	interrupted := false
	start := time.Now()
	if len(todo) > 0 {
		// The credentials are retrieved before the confirmation, so that
		// an expired login fails before the operator is asked anything.
		client, err := e.newClient(ctx, clientParams{signed: true})
		if err != nil {
			return err
		}
		if isTerminal(e.stdin) && !b.yes {
			fmt.Fprintf(e.stderr, "About to %s %d users in user pool %s. Type \"yes\" to continue: ", op.verb, len(todo), b.pool)
			ans, err := readAnswer(ctx, e.stdin)
			if err != nil {
				return err
			}
			if ans != "yes" {
				return errors.New("aborted at the confirmation prompt; nothing was sent")
			}
		}
		cleanup, err := op.prepare(replay.Len() > 0)
		if err != nil {
			return err
		}
		final, stopErr = e.work(ctx, b, op, j, client, todo)
		if cerr := cleanup(); cerr != nil && stopErr == nil {
			stopErr = cerr
		}
		interrupted = ctx.Err() != nil
	}
	elapsed := time.Since(start)
	for _, r := range final {
		switch r.State {
		case journal.Done:
			sum.Done++
		case journal.Failed:
			sum.Failed++
		default:
			sum.Unknown++
		}
	}
	sum.NotStarted = len(todo) - len(final)
	sum.ElapsedSeconds = elapsed.Seconds()
	if elapsed > 0 {
		sum.RatePerSecond = float64(len(final)) / elapsed.Seconds()
	}
	sum.Interrupted = interrupted
	sum.PasswordsFile = op.passwordsFile
	e.finishSummary(sum, list, replay, final, b, interrupted)
	if stopErr != nil {
		f := classify(stopErr, false)
		sum.StoppedBy = &f
		sum.ExitCode = f.ExitCode
		if errors.Is(stopErr, errStopAfterFailures) {
			sum.ExitCode = ExitBulkFailed
		}
	}
	e.printSummary(sum)
	return &bulkExit{code: sum.ExitCode}
}

// fileErr makes a refused file a usage error (exit 2): a file another
// user could have planted, a journal of another run, a file that is no
// journal, a journal in use.
func fileErr(err error) error {
	var me *journal.MismatchError
	var ue *safefile.UnsafeError
	if errors.As(err, &me) || errors.As(err, &ue) || errors.Is(err, journal.ErrLocked) || errors.Is(err, journal.ErrNotJournal) {
		return &usageError{msg: err.Error()}
	}
	return err
}

// work sends the requests and returns the final record of each user it
// finished, and the error that stopped the run early, if any.
func (e *env) work(ctx context.Context, b *bulkFlags, op *bulkOp, j *journal.Journal, client *cognitopassword.Client, todo []entry) (map[string]journal.Record, error) {
	lim := rate.NewLimiter(rate.Limit(b.rate), 1)
	runCtx, cancelRun := context.WithCancel(ctx)
	defer cancelRun()
	prog := newProgress(e.stderr, e.cmd, len(todo), b.progressInterval)

	var mu sync.Mutex
	final := make(map[string]journal.Record, len(todo))
	var stopErr error
	inARow := 0
	stop := func(err error) {
		mu.Lock()
		if stopErr == nil {
			stopErr = err
		}
		mu.Unlock()
		cancelRun()
	}

	jobs := make(chan entry)
	go func() {
		defer close(jobs)
		for _, en := range todo {
			select {
			case jobs <- en:
			case <-runCtx.Done():
				return
			}
		}
	}()
	one := func(en entry) {
		if runCtx.Err() != nil {
			return
		}
		if err := lim.Wait(runCtx); err != nil {
			return
		}
		if err := j.Append(journal.Record{User: en.user, State: journal.Started}); err != nil {
			stop(err)
			return
		}
		// A request in flight is finished even after Ctrl-C, so that its
		// outcome is known and recorded; --timeout bounds it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.g.timeout)
		err, localErr := op.do(rctx, client, en)
		cancel()
		state, f := outcome(err)
		rec := journal.Record{User: en.user, State: state}
		if err != nil {
			rec.Class, rec.Code, rec.Message = f.Class, f.Code, f.Message
		}
		jerr := j.Append(rec)
		prog.add(rec.State)
		mu.Lock()
		final[en.user] = rec
		if state == journal.Done {
			inARow = 0
		} else {
			inARow++
		}
		tooMany := b.stopAfter > 0 && inARow >= b.stopAfter
		mu.Unlock()
		switch {
		case jerr != nil:
			stop(jerr)
		case localErr != nil:
			stop(localErr)
		case state != journal.Done && f.fatal:
			stop(err)
		case tooMany:
			stop(fmt.Errorf("%w: %d failures in a row, the last: %w", errStopAfterFailures, b.stopAfter, err))
		}
	}
	var wg sync.WaitGroup
	for range min(b.concurrency, len(todo)) {
		wg.Go(func() {
			for en := range jobs {
				one(en)
			}
		})
	}
	wg.Wait()
	prog.finish()
	return final, stopErr
}

// outcome is the journal state of a request that ended with err, and the
// failure to record. A request the service may have acted on is never
// Failed, since Failed means that repeating it is safe: a 2xx whose body
// could not be read is Done (the service carried it out), a timeout or
// an ambiguous failure after sending is Unknown.
func outcome(err error) (journal.State, failure) {
	if err == nil {
		return journal.Done, failure{}
	}
	f := classify(err, false)
	switch f.Class {
	case classProcessed:
		return journal.Done, f
	case classUnknown:
		return journal.Unknown, f
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
		// The library reports a 5xx as an unknown outcome; should one
		// come back otherwise, the service may still have acted.
		f.Class, f.ExitCode, f.fatal = classUnknown, ExitUnknown, false
		return journal.Unknown, f
	}
	return journal.Failed, f
}

// printPlan tells, on stderr, what the run will do.
func (e *env) printPlan(b *bulkFlags, s *bulkSummary, replay *journal.Replay, earlierUnknown []string) {
	if replay.Len() > 0 {
		fmt.Fprintf(e.stderr, "Resuming journal %s: %d users done, %d failed, %d with an unknown outcome.\n",
			b.journalPath, replay.Count(journal.Done), replay.Count(journal.Failed), replay.Count(journal.Unknown))
	}
	if s.DuplicateLines > 0 {
		fmt.Fprintf(e.stderr, "The input repeats %d usernames; each user is sent to at most once.\n", s.DuplicateLines)
	}
	if s.SkippedFailed > 0 {
		fmt.Fprintf(e.stderr, "Skipping %d users that failed in an earlier run (--retry-failed sends to them again).\n", s.SkippedFailed)
	}
	if len(earlierUnknown) > 0 {
		show := earlierUnknown
		more := ""
		if len(show) > 10 {
			show, more = show[:10], fmt.Sprintf(" and %d more", len(earlierUnknown)-10)
		}
		fmt.Fprintf(e.stderr, "Skipping %d users whose outcome is unknown (a request was sent and no answer was recorded): %s%s.\n"+
			"Check them, then run again with --retry-unknown to send to them once more.\n",
			len(earlierUnknown), strings.Join(quoteAll(show), ", "), more)
	}
	fmt.Fprintf(e.stderr, "%d users to do, at most %g requests per second, %d at a time.\n", s.ToDo, b.rate, b.concurrency)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// finishSummary computes the totals over the input, writes the failures
// and unknown files and sets the exit code.
func (e *env) finishSummary(s *bulkSummary, list *userList, replay *journal.Replay, final map[string]journal.Record, b *bulkFlags, interrupted bool) {
	var failed, unknown []journal.Record
	for _, en := range list.entries {
		rec, ok := final[en.user]
		if !ok {
			rec, ok = replay.Last(en.user)
			if ok && rec.State == journal.Started {
				rec.State, rec.Class, rec.Message = journal.Unknown, classUnknown, "request sent, no answer recorded"
			}
		}
		if !ok {
			continue
		}
		switch rec.State {
		case journal.Done:
			s.TotalDone++
		case journal.Failed:
			s.TotalFailed++
			failed = append(failed, rec)
		case journal.Unknown:
			s.TotalUnknown++
			unknown = append(unknown, rec)
		}
	}
	if !s.DryRun {
		if err := writeUserFile(b.failuresOut, failed); err != nil {
			fmt.Fprintf(e.stderr, "warning: %v\n", err)
		} else if len(failed) > 0 {
			s.FailuresFile = b.failuresOut
		}
		if err := writeUserFile(b.unknownOut, unknown); err != nil {
			fmt.Fprintf(e.stderr, "warning: %v\n", err)
		} else if len(unknown) > 0 {
			s.UnknownFile = b.unknownOut
		}
	}
	switch {
	case s.DryRun:
		s.ExitCode = ExitOK // nothing was sent; the plan says what would be
	case interrupted:
		s.ExitCode = ExitInterrupted
	case s.NotStarted > 0:
		s.ExitCode = ExitError // stopped early; StoppedBy refines it
	case s.TotalUnknown > 0:
		s.ExitCode = ExitUnknown
	case s.TotalFailed > 0:
		s.ExitCode = ExitBulkFailed
	default:
		s.ExitCode = ExitOK
	}
	s.OK = s.ExitCode == ExitOK
}

// writeUserFile replaces path with a CSV of the records (username, class,
// code, message), readable as --input; with no records it removes path.
//
// path was checked before the run; it is checked again, since another user
// may have planted something since. The new content is written to a new
// 0600 file (O_EXCL) that then replaces path, so that nothing is written
// through a link or into another user's file.
func writeUserFile(path string, recs []journal.Record) error {
	if err := safefile.Check(path, safefile.Writable); err != nil {
		return err
	}
	if len(recs) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove stale %s: %w", path, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := csv.NewWriter(tmp)
	_ = w.Write([]string{"username", "class", "code", "message"})
	for _, r := range recs {
		_ = w.Write([]string{r.User, r.Class, r.Code, r.Message})
	}
	w.Flush()
	err = w.Error()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// printSummary prints the summary on stdout.
func (e *env) printSummary(s *bulkSummary) {
	if e.json() {
		e.writeJSON(s)
		return
	}
	w := e.stdout
	title := s.Command
	if s.DryRun {
		title += " (dry run: nothing sent)"
	}
	fmt.Fprintf(w, "%s on %s: %d users in %s\n", title, s.UserPoolID, s.Users, s.Input)
	if !s.DryRun {
		fmt.Fprintf(w, "  this run:     %d done, %d failed, %d unknown, %d not started\n", s.Done, s.Failed, s.Unknown, s.NotStarted)
	} else {
		fmt.Fprintf(w, "  would do:     %d users\n", s.ToDo)
	}
	fmt.Fprintf(w, "  skipped:      %d done earlier, %d failed earlier, %d unknown earlier, %d duplicate lines\n",
		s.SkippedDone, s.SkippedFailed, s.SkippedUnknown, s.DuplicateLines)
	fmt.Fprintf(w, "  all runs:     %d done, %d failed, %d unknown\n", s.TotalDone, s.TotalFailed, s.TotalUnknown)
	fmt.Fprintf(w, "  journal:      %s\n", s.Journal)
	if s.FailuresFile != "" {
		fmt.Fprintf(w, "  failures:     %s (retry with --input %s and a new --journal, or --retry-failed)\n", s.FailuresFile, s.FailuresFile)
	}
	if s.UnknownFile != "" {
		fmt.Fprintf(w, "  unknown:      %s (check these users before --retry-unknown)\n", s.UnknownFile)
	}
	if s.PasswordsFile != "" {
		fmt.Fprintf(w, "  passwords:    %s (mode 0600: hand them over securely, then delete the file)\n", s.PasswordsFile)
	}
	if !s.DryRun {
		fmt.Fprintf(w, "  elapsed:      %.1fs, %.1f users/s\n", s.ElapsedSeconds, s.RatePerSecond)
	}
	switch {
	case s.StoppedBy != nil:
		fmt.Fprintf(w, "Stopped early: %s\n", printable(s.StoppedBy.Message))
		if h := hints[s.StoppedBy.Class]; h != "" {
			fmt.Fprintf(w, "hint: %s\n", h)
		}
		fmt.Fprintf(w, "Run the same command again to resume.\n")
	case s.Interrupted:
		fmt.Fprintf(w, "Interrupted: run the same command again to resume; no user is sent to twice.\n")
	}
}
