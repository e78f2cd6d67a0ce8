package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/interrupt"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/journal"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// usersCSV writes a CSV input with a header and returns its path.
func (f *fixture) usersCSV(t *testing.T, name string, users []string) string {
	t.Helper()
	return f.writeFile(t, name, "username\n"+strings.Join(users, "\n")+"\n")
}

func userNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}

func decodeSummary(t *testing.T, r result) bulkSummary {
	t.Helper()
	var s bulkSummary
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), r)
	return s
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	require.NoError(t, err)
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	require.NoError(t, err)
	return recs
}

// passwordLine is a user's last line in a passwords file.
type passwordLine struct{ password, state string }

// lastPasswords reads a passwords file and returns each user's last line.
func lastPasswords(t *testing.T, path string) map[string]passwordLine {
	t.Helper()
	recs := readCSVFile(t, path)
	require.NotEmpty(t, recs)
	require.Equal(t, []string{"username", "password", "state"}, recs[0])
	last := map[string]passwordLine{}
	for _, rec := range recs[1:] {
		require.Len(t, rec, 3)
		last[rec[0]] = passwordLine{rec[1], rec[2]}
	}
	return last
}

// fast are bulk flags for tests: no rate limit to speak of.
var fast = []string{"--rate", "100000", "--concurrency", "8"}

func TestBulkResetResetsEveryUserOnceAndReportsFailures(t *testing.T) {
	users := userNames("user", 30)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", append(append([]string{}, users...), "ghost", users[3]))

	r := f.run(t, "", append([]string{"--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, fast...)...)
	assert.Equal(t, ExitBulkFailed, r.code, r)
	s := decodeSummary(t, r)
	assert.Equal(t, 31, s.Users)
	assert.Equal(t, 1, s.DuplicateLines)
	assert.Equal(t, 30, s.Done)
	assert.Equal(t, 1, s.Failed)
	assert.Equal(t, 0, s.Unknown)
	assert.Equal(t, input+".journal", s.Journal)
	assert.Equal(t, input+".journal.failed.csv", s.FailuresFile)
	assert.Empty(t, s.UnknownFile)
	for _, u := range users {
		cognitotest.RequireUserStatus(t, f.pool, u, cognitotest.StatusResetRequired)
	}
	for u, n := range f.messagesPerUser() {
		assert.Equal(t, 1, n, "messages to %s", u)
	}
	assert.Equal(t, 31, f.s.RequestCount("AdminResetUserPassword"))

	failed := readCSVFile(t, s.FailuresFile)
	require.Len(t, failed, 2)
	assert.Equal(t, []string{"username", "class", "code", "message"}, failed[0])
	assert.Equal(t, []string{"ghost", "not_found", "UserNotFoundException"}, failed[1][:3])
	st, err := os.Stat(s.FailuresFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	t.Run("running it again sends nothing and skips the failed user", func(t *testing.T) {
		r := f.run(t, "", append([]string{"--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, fast...)...)
		assert.Equal(t, ExitBulkFailed, r.code, r)
		s := decodeSummary(t, r)
		assert.Equal(t, 30, s.SkippedDone)
		assert.Equal(t, 1, s.SkippedFailed)
		assert.Equal(t, 0, s.Done+s.Failed)
		assert.Equal(t, 31, f.s.RequestCount("AdminResetUserPassword"))
	})
	t.Run("the failures file is valid input for a new run", func(t *testing.T) {
		f.addUser(t, "ghost")
		r := f.run(t, "", append([]string{"bulk-reset", "--user-pool-id", f.pool.ID(), "--input", s.FailuresFile,
			"--journal", filepath.Join(f.dir, "retry.journal")}, fast...)...)
		assert.Equal(t, ExitOK, r.code, r)
		assert.Contains(t, r.stdout, "this run:     1 done, 0 failed, 0 unknown, 0 not started")
		cognitotest.RequireUserStatus(t, f.pool, "ghost", cognitotest.StatusResetRequired)
	})
}

// TestBulkResetInterruptedHalfWayResumesWithoutRepeatingAUser cancels the
// context (as SIGINT does) once half of 1,000 users were sent to, then runs
// the same command again, and counts the messages each user received.
func TestBulkResetInterruptedHalfWayResumesWithoutRepeatingAUser(t *testing.T) {
	const n = 1000
	users := userNames("u", n)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	args := append([]string{"--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, fast...)

	ctx, cancel := context.WithCancel(context.Background())
	go interrupt.When(ctx, cancel, 30*time.Second, func() bool { return f.s.RequestCount("AdminResetUserPassword") >= n/2 })
	r := f.runCtx(t, ctx, strings.NewReader(""), args...)
	cancel()
	require.Equal(t, ExitInterrupted, r.code, r)
	first := decodeSummary(t, r)
	assert.True(t, first.Interrupted)
	assert.GreaterOrEqual(t, first.Done, n/2)
	assert.Less(t, first.Done, n, "the run must stop before the end")
	assert.Equal(t, n, first.Done+first.NotStarted, "requests in flight are finished and recorded: %+v", first)
	assert.Zero(t, first.Unknown)

	r = f.run(t, "", args...)
	require.Equal(t, ExitOK, r.code, r)
	second := decodeSummary(t, r)
	assert.Equal(t, first.Done, second.SkippedDone)
	assert.Equal(t, n-first.Done, second.Done)
	assert.Equal(t, n, second.TotalDone)

	per := f.messagesPerUser()
	require.Len(t, per, n)
	for _, u := range users {
		require.Equal(t, 1, per[u], "user %s got %d messages", u, per[u])
	}
	assert.Equal(t, n, f.s.RequestCount("AdminResetUserPassword"))
}

func TestBulkResetRecordsUnknownOutcomesAndSkipsThemOnResume(t *testing.T) {
	users := userNames("user", 10)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	args := []string{"--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input, "--concurrency", "1", "--rate", "100000"}

	// The server processes these two requests, then drops the connection:
	// the reset happened, the answer was lost.
	f.s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultDropConnection, Count: 2})
	r := f.run(t, "", args...)
	require.Equal(t, ExitUnknown, r.code, r)
	s := decodeSummary(t, r)
	assert.Equal(t, 8, s.Done)
	assert.Equal(t, 2, s.Unknown)
	unknown := readCSVFile(t, s.UnknownFile)
	require.Len(t, unknown, 3)
	assert.Equal(t, []string{users[0], users[1]}, []string{unknown[1][0], unknown[2][0]})
	assert.Equal(t, "unknown", unknown[1][1])

	r = f.run(t, "", args...)
	require.Equal(t, ExitUnknown, r.code, r)
	s = decodeSummary(t, r)
	assert.Equal(t, 2, s.SkippedUnknown)
	assert.Equal(t, 0, s.Done)
	assert.Contains(t, r.stderr, "outcome is unknown")
	assert.Contains(t, r.stderr, users[0])
	assert.Contains(t, r.stderr, "--retry-unknown")
	assert.Equal(t, 10, f.s.RequestCount("AdminResetUserPassword"), "unknown users are not sent to again")

	r = f.run(t, "", append(args, "--retry-unknown")...)
	require.Equal(t, ExitOK, r.code, r)
	s = decodeSummary(t, r)
	assert.Equal(t, 2, s.Done)
	assert.NoFileExists(t, input+".journal.unknown.csv", "a stale unknown file is removed")
}

func TestBulkResetTreatsAStartedUserWithoutAnswerAsUnknown(t *testing.T) {
	users := userNames("user", 5)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	// A crash after "started" was written and the request sent: simulate
	// the journal such a run leaves, with a torn last line.
	jpath := input + ".journal"
	j, err := journal.Open(jpath, journal.Header{Command: "bulk-reset", UserPoolID: f.pool.ID()})
	require.NoError(t, err)
	require.NoError(t, j.Append(journal.Record{User: users[0], State: journal.Started}))
	require.NoError(t, j.Append(journal.Record{User: users[0], State: journal.Done}))
	require.NoError(t, j.Append(journal.Record{User: users[1], State: journal.Started}))
	require.NoError(t, j.Close())
	fh, err := os.OpenFile(jpath, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = fh.WriteString(`{"t":"2026-01-01T00:00:00Z","user":"` + users[1] + `","sta`)
	require.NoError(t, err)
	require.NoError(t, fh.Close())

	r := f.run(t, "", append([]string{"--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, fast...)...)
	require.Equal(t, ExitUnknown, r.code, r)
	s := decodeSummary(t, r)
	assert.Equal(t, 1, s.SkippedDone)
	assert.Equal(t, 1, s.SkippedUnknown)
	assert.Equal(t, 3, s.Done)
	assert.Equal(t, 3, f.s.RequestCount("AdminResetUserPassword"))
	assert.Equal(t, [][]string{{"username", "class", "code", "message"}, {users[1], "unknown", "", "request sent, no answer recorded"}},
		readCSVFile(t, s.UnknownFile))
}

func TestBulkRunsStopAtAFailureNoUserCanEscape(t *testing.T) {
	users := userNames("user", 50)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	r := f.run(t, "", "--output", "json", "bulk-reset", "--user-pool-id", "us-east-1_NoSuchPool", "--input", input, "--concurrency", "1", "--rate", "100000")
	require.Equal(t, ExitNotFound, r.code, r)
	s := decodeSummary(t, r)
	require.NotNil(t, s.StoppedBy)
	assert.Equal(t, "ResourceNotFoundException", s.StoppedBy.Code)
	assert.Equal(t, 1, s.Failed)
	assert.Equal(t, 49, s.NotStarted)

	r = f.run(t, "", "--profile", "wrong", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input,
		"--journal", filepath.Join(f.dir, "wrong.journal"), "--concurrency", "1", "--rate", "100000")
	require.Equal(t, ExitAuth, r.code, r)
	assert.Contains(t, r.stdout, "Stopped early")
	assert.Contains(t, r.stdout, "UnrecognizedClientException")
}

func TestBulkRunsStopAfterTooManyFailuresInARow(t *testing.T) {
	f := newFixture(t)
	input := f.usersCSV(t, "ghosts.csv", userNames("ghost", 40))
	r := f.run(t, "", "--output", "json", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input,
		"--concurrency", "1", "--rate", "100000", "--stop-after-failures", "5")
	require.Equal(t, ExitBulkFailed, r.code, r)
	s := decodeSummary(t, r)
	assert.Equal(t, 5, s.Failed)
	assert.Equal(t, 35, s.NotStarted)
	require.NotNil(t, s.StoppedBy)
	assert.Contains(t, s.StoppedBy.Message, "5 failures in a row")
}

func TestBulkRateLimitSpacesRequests(t *testing.T) {
	users := userNames("user", 11)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	start := time.Now()
	r := f.run(t, "", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input, "--rate", "50", "--concurrency", "8")
	require.Equal(t, ExitOK, r.code, r)
	// 11 requests at 50/s with a burst of 1 take at least 10 intervals of 20ms.
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	reqs := f.s.Requests()
	require.Len(t, reqs, 11)
	first, last := reqs[0].Time, reqs[0].Time
	for _, r := range reqs {
		if r.Time.Before(first) {
			first = r.Time
		}
		if r.Time.After(last) {
			last = r.Time
		}
	}
	assert.GreaterOrEqual(t, last.Sub(first), 180*time.Millisecond, "arrivals are spread by the rate limit")
}

func TestBulkProgressIsPrintedAsLinesWhenNotOnATerminal(t *testing.T) {
	users := userNames("user", 20)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	// 20 requests at 100/s take at least 190ms: about nine ticks of 20ms.
	r := f.run(t, "", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input, "--rate", "100", "--progress-interval", "20ms")
	require.Equal(t, ExitOK, r.code, r)
	assert.Regexp(t, `progress: \d+/20 users \(\d+ done, 0 failed, 0 unknown\), [0-9.]+ users/s, elapsed \S+, ETA \S+`, r.stderr)
	assert.Contains(t, r.stderr, "progress: 20/20 users (20 done, 0 failed, 0 unknown)")
	// The final line is printed whatever the interval; a periodic one is
	// printed while users are still to do.
	periodic := 0
	for _, m := range regexp.MustCompile(`(?m)^progress: (\d+)/20 users`).FindAllStringSubmatch(r.stderr, -1) {
		if n, _ := strconv.Atoi(m[1]); n < 20 {
			periodic++
		}
	}
	assert.Positive(t, periodic, "a progress line is printed every --progress-interval during the run:\n%s", r.stderr)
}

func TestBulkDryRunSendsNothing(t *testing.T) {
	users := userNames("user", 10)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	r := f.run(t, "", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input, "--dry-run")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "dry run: nothing sent")
	assert.Contains(t, r.stdout, "would do:     10 users")
	assert.Zero(t, f.s.RequestCount(""))
	assert.NoFileExists(t, input+".journal")
}

func TestBulkRefusesAJournalOfAnotherPoolOrCommand(t *testing.T) {
	users := userNames("user", 3)
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	r := f.run(t, "", append([]string{"bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, fast...)...)
	require.Equal(t, ExitOK, r.code, r)
	r = f.run(t, "", append([]string{"bulk-reset", "--user-pool-id", "us-east-1_Other", "--input", input}, fast...)...)
	assert.Equal(t, ExitUsage, r.code, r)
	assert.Contains(t, r.stderr, "is the journal of bulk-reset on user pool "+f.pool.ID())
	r = f.run(t, "", append([]string{"bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", filepath.Join(f.dir, "pw.csv")}, fast...)...)
	assert.Equal(t, ExitUsage, r.code, r)
	assert.Equal(t, 3, f.s.RequestCount(""))
}

func TestBulkInputErrorsAreInvalidInput(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, file, content, want string
		code                      int
	}{
		{"an empty input has no users", "empty.csv", "username\n", "no users", ExitInvalid},
		{"a JSON line that is not an object is refused by line number", "bad.jsonl", "{\"username\":\"a\"}\n[\"hunter2\"]\n", "input line 2", ExitInvalid},
		{"malformed CSV is refused by line number", "bad.csv", "username\nalice\n\"bob\n", "malformed CSV", ExitInvalid},
		{"a missing input file is a usage error", "", "", "no such file", ExitUsage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(f.dir, "missing.csv")
			if tc.file != "" {
				path = f.writeFile(t, tc.file, tc.content)
			}
			r := f.run(t, "", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", path)
			assert.Equal(t, tc.code, r.code, r)
			assert.Contains(t, r.stderr, tc.want)
			assert.NotContains(t, r.all(), "hunter2")
		})
	}
	assert.Zero(t, f.s.RequestCount(""))
}

func TestBulkSetGeneratesTemporaryPasswordsIntoAPrivateFile(t *testing.T) {
	users := userNames("user", 40)
	f := newFixture(t, users...)
	input := f.writeFile(t, "users.jsonl", func() string {
		var b strings.Builder
		for _, u := range users {
			fmt.Fprintf(&b, "{\"username\":%q}\n", u)
		}
		return b.String()
	}())
	out := filepath.Join(f.dir, "new-passwords.csv")
	r := f.run(t, "", append([]string{"--output", "json", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", out}, fast...)...)
	require.Equal(t, ExitOK, r.code, r)
	s := decodeSummary(t, r)
	assert.Equal(t, 40, s.Done)
	assert.Equal(t, out, s.PasswordsFile)

	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	recs := readCSVFile(t, out)
	require.Len(t, recs, 81, "a pending line and a set line per user")
	assert.Equal(t, []string{"username", "password", "state"}, recs[0])
	journalText, err := os.ReadFile(input + ".journal")
	require.NoError(t, err)
	pending := map[string]string{}
	for _, rec := range recs[1:] {
		if rec[2] == "pending" {
			assert.NotContains(t, pending, rec[0], "one password per user")
			pending[rec[0]] = rec[1]
		} else {
			assert.Equal(t, "set", rec[2])
			assert.Equal(t, pending[rec[0]], rec[1], "the pending line comes first, with the same password")
		}
	}
	last := lastPasswords(t, out)
	require.Len(t, last, 40)
	seen := map[string]bool{}
	for user, l := range last {
		pw := l.password
		assert.Equal(t, "set", l.state)
		assert.Len(t, pw, 16)
		assert.False(t, seen[pw], "passwords are distinct")
		seen[pw] = true
		cognitotest.RequireUserStatus(t, f.pool, user, cognitotest.StatusForceChangePassword)
		cognitotest.RequirePasswordSignsIn(t, f.pool, user, pw)
		assert.NotContains(t, r.all(), pw)
		assert.NotContains(t, string(journalText), pw)
	}

	t.Run("an existing passwords file is not overwritten by a new run", func(t *testing.T) {
		r := f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--journal", filepath.Join(f.dir, "other.journal"), "--passwords-out", out)
		assert.Equal(t, ExitUsage, r.code, r)
		assert.Contains(t, r.stderr, "already exists")
		assert.Len(t, readCSVFile(t, out), 81)
	})
}

func TestBulkSetTakesPasswordsFromTheInputOnlyWhenAsked(t *testing.T) {
	users := userNames("user", 5)
	f := newFixture(t, users...)
	var b strings.Builder
	b.WriteString("email,password,username\n")
	for i, u := range users {
		fmt.Fprintf(&b, "%s@example.com,Input-Passw0rd-%d!,%s\n", u, i, u)
	}
	input := f.writeFile(t, "users.csv", b.String())

	r := f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", filepath.Join(f.dir, "pw.csv"))
	assert.Equal(t, ExitUsage, r.code, r)
	assert.Contains(t, r.stderr, "--passwords-from-input")

	require.NoError(t, os.Chmod(input, 0o644))
	r = f.run(t, "", append([]string{"bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-from-input", "--permanent"}, fast...)...)
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stderr, "holds passwords and is readable by other users")
	for i, u := range users {
		cognitotest.RequireUserStatus(t, f.pool, u, cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, f.pool, u, fmt.Sprintf("Input-Passw0rd-%d!", i))
		assert.NotContains(t, r.all(), fmt.Sprintf("Input-Passw0rd-%d!", i))
	}

	noPw := f.usersCSV(t, "nopw.csv", users)
	r = f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", noPw, "--passwords-from-input")
	assert.Equal(t, ExitInvalid, r.code, r)
	assert.Contains(t, r.stderr, "has no password")
}

func TestBulkRefusesBadFlags(t *testing.T) {
	f := newFixture(t)
	input := f.usersCSV(t, "users.csv", []string{"a"})
	cases := map[string][]string{
		"--rate must be positive":                                {"--rate", "0"},
		"--concurrency must be between 1 and 64":                 {"--concurrency", "65"},
		"--journal is required when the input is standard input": {"--input", "-"},
	}
	for want, extra := range cases {
		t.Run(want, func(t *testing.T) {
			r := f.run(t, "", append([]string{"bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input}, extra...)...)
			assert.Equal(t, ExitUsage, r.code, r)
			assert.Contains(t, r.stderr, want)
		})
	}
}
