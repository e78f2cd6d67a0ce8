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
