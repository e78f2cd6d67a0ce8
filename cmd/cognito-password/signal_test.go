//go:build unix

package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

type summary struct {
	Done, Failed, Unknown, NotStarted, SkippedDone, TotalDone, ExitCode int
	Interrupted                                                         bool
}

// bulkReset starts a server with n users, writes them to an input file and
// returns the arguments of a bulk-reset over them (JSON output, 1000/s, 8 at
// once).
func bulkReset(t *testing.T, n int) (s *cognitotest.Server, users []string, input string, args []string) {
	users = make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%04d", i)
	}
	s, pool := server(t, users...)
	input = filepath.Join(t.TempDir(), "users.csv")
	require.NoError(t, os.WriteFile(input, []byte("username\n"+strings.Join(users, "\n")+"\n"), 0o600))
	args = []string{"--endpoint-url", s.Endpoint(), "--output", "json", "bulk-reset", "--user-pool-id", pool.ID(),
		"--input", input, "--rate", "1000", "--concurrency", "8"}
	return s, users, input, args
}

// messagesPerUser counts the server's messages by user.
func messagesPerUser(s *cognitotest.Server) map[string]int {
	per := map[string]int{}
	for _, m := range s.Outbox() {
		per[m.Username]++
	}
	return per
}

// TestSIGINTStopsABulkRunThatResumesWithoutRepeatingAUser sends SIGINT to
// a bulk-reset of 1,000 users half-way, then runs the same command again,
// and checks from the server's outbox that every user got exactly one
// message.
func TestSIGINTStopsABulkRunThatResumesWithoutRepeatingAUser(t *testing.T) {
	const n = 1000
	s, users, input, args := bulkReset(t, n)

	cmd := command(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	waitFor(t, 30*time.Second, "half of the users", func() bool { return s.RequestCount("AdminResetUserPassword") >= n/2 })
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err := cmd.Wait()
	require.Error(t, err)
	require.Equal(t, 130, cmd.ProcessState.ExitCode(), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	var first summary
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &first), stdout.String())
	assert.True(t, first.Interrupted)
	assert.GreaterOrEqual(t, first.Done, n/2)
	assert.Less(t, first.Done, n, "the run stops before the end")
	assert.Zero(t, first.Unknown, "requests in flight are finished and recorded")
	assert.Equal(t, n, first.Done+first.NotStarted)
	assert.Equal(t, first.Done, s.RequestCount("AdminResetUserPassword"))

	cmd = command(t, args...)
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	var second summary
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &second), stdout.String())
	assert.Equal(t, first.Done, second.SkippedDone)
	assert.Equal(t, n-first.Done, second.Done)
	assert.Equal(t, n, second.TotalDone)
	assert.Contains(t, stderr.String(), fmt.Sprintf("Resuming journal %s.journal: %d users done", input, first.Done))

	per := messagesPerUser(s)
	require.Len(t, per, n)
	for _, u := range users {
		require.Equal(t, 1, per[u], "user %s got %d messages", u, per[u])
	}
	assert.Equal(t, n, s.RequestCount("AdminResetUserPassword"))
}

// TestAKilledBulkRunResumesWithoutRepeatingAUser kills a bulk-reset with
// SIGKILL (no chance to record anything more) while requests are in flight,
// then resumes it: the users whose request was in flight are reported as
// unknown and skipped, and no user gets a second message.
func TestAKilledBulkRunResumesWithoutRepeatingAUser(t *testing.T) {
	const n, concurrency = 400, 8
	s, users, input, args := bulkReset(t, n)
	// The first third of the requests are answered at once; the server
	// holds the next ones, so that the kill lands with every worker
	// waiting for an answer. A held request is processed when the delay
	// ends: its user gets a message that the killed run never recorded.
	const held = 10 * concurrency
	s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultDelay, Delay: time.Nanosecond, Count: n / 3})
	s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultDelay, Delay: 2 * time.Second, Count: held})

	cmd := command(t, args...)
	require.NoError(t, cmd.Start())
	waitFor(t, 30*time.Second, "every worker to wait for a held request", func() bool { return s.PendingFaults() <= held-concurrency })
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	inFlight := held - s.PendingFaults()
	s.ClearFaults()
	waitFor(t, 30*time.Second, "the server to finish the requests the dead process left",
		func() bool { return s.RequestCount("AdminResetUserPassword") == n/3+inFlight })
	sentBefore := s.RequestCount("AdminResetUserPassword")

	cmd = command(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var second struct {
		Done, SkippedDone, SkippedUnknown, TotalDone, TotalUnknown int
		UnknownFile                                                string
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &second), "%v\n%s\n%s", err, stdout.String(), stderr.String())
	t.Logf("after SIGKILL: %d users done, %d unknown (in flight)", second.SkippedDone, second.SkippedUnknown)
	require.Positive(t, second.SkippedUnknown, "the kill landed while requests were in flight")
	require.Equal(t, 7, cmd.ProcessState.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "--retry-unknown")
	assert.LessOrEqual(t, second.SkippedUnknown, 8, "at most --concurrency users were in flight")
	assert.Equal(t, concurrency, second.SkippedUnknown, "every worker had a request in flight")
	assert.Equal(t, n/3+inFlight, second.SkippedDone+second.SkippedUnknown, "every user the killed run sent to is done or unknown")
	assert.Equal(t, n, second.SkippedDone+second.SkippedUnknown+second.Done)
	assert.Equal(t, n-second.SkippedUnknown, second.TotalDone)
	assert.Equal(t, second.SkippedUnknown, second.TotalUnknown)

	per := messagesPerUser(s)
	for _, u := range users {
		require.LessOrEqual(t, per[u], 1, "user %s got %d messages", u, per[u])
	}
	assert.Equal(t, sentBefore+second.Done, s.RequestCount("AdminResetUserPassword"), "the resumed run sends only to users never started")
	assert.GreaterOrEqual(t, len(per), n-second.SkippedUnknown, "every user not unknown got a message")

	// The unknown users are named on stderr and listed in the unknown file;
	// the server did process their requests (each got its one message),
	// which is why sending again is left to the operator.
	require.Equal(t, input+".journal.unknown.csv", second.UnknownFile)
	fh, err := os.Open(second.UnknownFile)
	require.NoError(t, err)
	recs, err := csv.NewReader(fh).ReadAll()
	fh.Close()
	require.NoError(t, err)
	require.Len(t, recs, 1+second.SkippedUnknown)
	assert.Equal(t, []string{"username", "class", "code", "message"}, recs[0])
	first := map[string]bool{}
	for _, u := range users[:n/3+inFlight] {
		first[u] = true
	}
	for _, rec := range recs[1:] {
		u := rec[0]
		assert.True(t, first[u], "%s was among the users the killed run had started", u)
		assert.Equal(t, []string{"unknown", "", "request sent, no answer recorded"}, rec[1:])
		assert.Equal(t, 1, per[u], "the held request for %s was processed", u)
		assert.Contains(t, stderr.String(), fmt.Sprintf("%q", u))
	}

	// Once checked, --retry-unknown sends to them, and only to them.
	cmd = command(t, append(args, "--retry-unknown")...)
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	var third struct{ Done, SkippedDone, TotalDone int }
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &third), stdout.String())
	assert.Equal(t, second.SkippedUnknown, third.Done)
	assert.Equal(t, n, third.TotalDone)
	assert.NoFileExists(t, second.UnknownFile, "the unknown file is removed once no user is unknown")
	for _, rec := range recs[1:] {
		assert.Equal(t, 2, messagesPerUser(s)[rec[0]], "%s was sent to again, as asked", rec[0])
	}
}

// TestAKilledBulkSetNeverLosesAPasswordThatMayBeInForce kills a bulk-set
// with SIGKILL while requests are in flight; the server then processes
// them. Every password the server put in force is in the passwords file:
// the in-flight ones as "pending", written before their request was sent.
func TestAKilledBulkSetNeverLosesAPasswordThatMayBeInForce(t *testing.T) {
	const n, concurrency, fast = 60, 8, 20
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%04d", i)
	}
	s, pool := server(t, users...)
	dir := t.TempDir()
	input := filepath.Join(dir, "users.csv")
	require.NoError(t, os.WriteFile(input, []byte("username\n"+strings.Join(users, "\n")+"\n"), 0o600))
	pwOut := filepath.Join(dir, "pw.csv")
	args := []string{"--endpoint-url", s.Endpoint(), "--output", "json", "bulk-set", "--user-pool-id", pool.ID(),
		"--input", input, "--passwords-out", pwOut, "--rate", "1000", "--concurrency", fmt.Sprint(concurrency)}
	const held = n - fast
	s.InjectFault(cognitotest.Fault{Op: "AdminSetUserPassword", Kind: cognitotest.FaultDelay, Delay: time.Nanosecond, Count: fast})
	s.InjectFault(cognitotest.Fault{Op: "AdminSetUserPassword", Kind: cognitotest.FaultDelay, Delay: 2 * time.Second, Count: held})

	cmd := command(t, args...)
	require.NoError(t, cmd.Start())
	waitFor(t, 30*time.Second, "every worker to wait for a held request", func() bool { return s.PendingFaults() <= held-concurrency })
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	inFlight := held - s.PendingFaults()
	s.ClearFaults()
	waitFor(t, 30*time.Second, "the server to finish the requests the dead process left",
		func() bool { return s.RequestCount("AdminSetUserPassword") == fast+inFlight })
	require.Equal(t, concurrency, inFlight, "the kill landed with every worker waiting")

	fh, err := os.Open(pwOut)
	require.NoError(t, err)
	recs, err := csv.NewReader(fh).ReadAll()
	fh.Close()
	require.NoError(t, err)
	require.Equal(t, []string{"username", "password", "state"}, recs[0])
	last := map[string][]string{}
	for _, rec := range recs[1:] {
		last[rec[0]] = rec[1:]
	}
	pending := 0
	for _, u := range users {
		l, ok := last[u]
		if !ok {
			// Never sent: the old password is in force.
			cognitotest.RequirePasswordSignsIn(t, pool, u, "Old-Passw0rd!")
			continue
		}
		switch l[1] {
		case "pending":
			pending++
		case "set":
		default:
			t.Fatalf("user %s: state %q", u, l[1])
		}
		// Set, or in flight when the process died and processed since:
		// the file has the password in force.
		cognitotest.RequirePasswordSignsIn(t, pool, u, l[0])
	}
	assert.Equal(t, concurrency, pending, "the requests in flight are pending in the file")
	assert.Len(t, last, fast+inFlight)

	// The resumed run skips them as unknown; --retry-unknown sets new
	// passwords, appended to the same file.
	cmd = command(t, append(args, "--retry-unknown")...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	var sum struct{ Done, SkippedDone, TotalDone int }
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &sum), stdout.String())
	assert.Equal(t, n, sum.TotalDone)
	assert.Equal(t, fast, sum.SkippedDone)
	fh, err = os.Open(pwOut)
	require.NoError(t, err)
	recs, err = csv.NewReader(fh).ReadAll()
	fh.Close()
	require.NoError(t, err)
	for _, rec := range recs[1:] {
		last[rec[0]] = rec[1:]
	}
	for _, u := range users {
		require.Equal(t, "set", last[u][1], u)
		cognitotest.RequirePasswordSignsIn(t, pool, u, last[u][0])
	}
}
