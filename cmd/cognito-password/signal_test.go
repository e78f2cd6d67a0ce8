//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type summary struct {
	Done, Failed, Unknown, NotStarted, SkippedDone, TotalDone, ExitCode int
	Interrupted                                                         bool
}

// TestSIGINTStopsABulkRunThatResumesWithoutRepeatingAUser sends SIGINT to
// a bulk-reset of 1,000 users half-way, then runs the same command again,
// and checks from the server's outbox that every user got exactly one
// message.
func TestSIGINTStopsABulkRunThatResumesWithoutRepeatingAUser(t *testing.T) {
	const n = 1000
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%04d", i)
	}
	s, pool := server(t, users...)
	input := filepath.Join(t.TempDir(), "users.csv")
	require.NoError(t, os.WriteFile(input, []byte("username\n"+strings.Join(users, "\n")+"\n"), 0o600))
	args := []string{"--endpoint-url", s.Endpoint(), "--output", "json", "bulk-reset", "--user-pool-id", pool.ID(),
		"--input", input, "--rate", "1000", "--concurrency", "8"}

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

	per := map[string]int{}
	for _, m := range s.Outbox() {
		per[m.Username]++
	}
	require.Len(t, per, n)
	for _, u := range users {
		require.Equal(t, 1, per[u], "user %s got %d messages", u, per[u])
	}
	assert.Equal(t, n, s.RequestCount("AdminResetUserPassword"))
}

// TestAKilledBulkRunResumesWithoutRepeatingAUser kills a bulk-reset with
// SIGKILL (no chance to record anything more), then resumes it: users whose
// request may have been in flight are reported as unknown and skipped, and
// no user gets a second message.
func TestAKilledBulkRunResumesWithoutRepeatingAUser(t *testing.T) {
	const n = 400
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%04d", i)
	}
	s, pool := server(t, users...)
	input := filepath.Join(t.TempDir(), "users.csv")
	require.NoError(t, os.WriteFile(input, []byte("username\n"+strings.Join(users, "\n")+"\n"), 0o600))
	args := []string{"--endpoint-url", s.Endpoint(), "--output", "json", "bulk-reset", "--user-pool-id", pool.ID(),
		"--input", input, "--rate", "1000", "--concurrency", "8"}

	cmd := command(t, args...)
	require.NoError(t, cmd.Start())
	waitFor(t, 30*time.Second, "a third of the users", func() bool { return s.RequestCount("AdminResetUserPassword") >= n/3 })
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	time.Sleep(50 * time.Millisecond) // let the server finish requests the dead process left
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
	t.Logf("after SIGKILL: %d users done, %d unknown (in flight or about to be sent)", second.SkippedDone, second.SkippedUnknown)
	if second.SkippedUnknown > 0 {
		require.Equal(t, 7, cmd.ProcessState.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "--retry-unknown")
	} else {
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, second.SkippedUnknown, 8, "at most --concurrency users were in flight")
	assert.Equal(t, n, second.SkippedDone+second.SkippedUnknown+second.Done)
	assert.Equal(t, n-second.SkippedUnknown, second.TotalDone)

	per := map[string]int{}
	for _, m := range s.Outbox() {
		per[m.Username]++
	}
	for _, u := range users {
		require.LessOrEqual(t, per[u], 1, "user %s got %d messages", u, per[u])
	}
	assert.Equal(t, sentBefore+second.Done, s.RequestCount("AdminResetUserPassword"), "the resumed run sends only to users never started")
	assert.GreaterOrEqual(t, len(per), n-second.SkippedUnknown, "every user not unknown got a message")
}
