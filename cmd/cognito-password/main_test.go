package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/localaws"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// beMainEnv makes the test binary run main instead of the tests, so that
// tests can start the command as a real process (under a pseudo-terminal,
// or to send it a signal) without a separate build step.
const beMainEnv = "COGNITO_PASSWORD_TEST_BE_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(beMainEnv) == "1" {
		main()
		return
	}
	dir, err := os.MkdirTemp("", "cognito-password-main")
	if err != nil {
		panic(err)
	}
	localaws.Use(filepath.Join(dir, "config"), filepath.Join(dir, "credentials"), "")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// command returns the cognito-password command line as a process: this
// test binary with beMainEnv set.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), beMainEnv+"=1")
	return cmd
}

// server starts a cognitotest server with a pool and users.
func server(t *testing.T, users ...string) (*cognitotest.Server, *cognitotest.UserPool) {
	t.Helper()
	s := cognitotest.NewServer(cognitotest.WithBasePath("/cognito"))
	t.Cleanup(s.Close)
	pool, err := s.CreateUserPool(cognitotest.PoolConfig{
		AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail},
	})
	require.NoError(t, err)
	for _, u := range users {
		require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: u, Password: "Old-Passw0rd!",
			EmailVerified: true, Attributes: map[string]string{"email": u + "@example.com"}}))
	}
	return s, pool
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until cond holds, or fails the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// copyOutput copies r into a buffer until r fails (EIO when a pty's last
// process exits).
func copyOutput(r io.Reader) (*syncBuffer, <-chan struct{}) {
	buf := &syncBuffer{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(buf, r)
	}()
	return buf, done
}

func TestRunIsTheInProcessEntryPoint(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"--help"}, strings.NewReader(""), &out, &errb)
	require.Equal(t, 0, code)
	require.Contains(t, out.String(), "bulk-reset")
}
