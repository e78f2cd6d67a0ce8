package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// How a rawServer answers.
const (
	answerCut   = "a 200 whose body is cut short"
	answerHang  = "no answer until the client gives up"
	answerReset = "a reset after the request is read"
)

// rawServer is a TCP server on 127.0.0.1 that reads each request whole
// (so the service could have acted on it) and then answers as mode says.
// It counts the requests per user.
type rawServer struct {
	ln   net.Listener
	mode string
	mu   sync.Mutex
	per  map[string]int
	all  int
	wg   sync.WaitGroup
	done chan struct{}
}

func newRawServer(t *testing.T, mode string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &rawServer{ln: ln, mode: mode, per: map[string]int{}, done: make(chan struct{})}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(c) })
		}
	})
	t.Cleanup(func() {
		close(s.done)
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() + "/" }

func (s *rawServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		if err != nil {
			return
		}
		var in struct{ Username string }
		_ = json.Unmarshal(body, &in)
		s.mu.Lock()
		s.per[in.Username]++
		s.all++
		s.mu.Unlock()
		switch s.mode {
		case answerCut:
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"+
				"x-amzn-RequestId: 6f1c0b8e-0000-4000-8000-000000000001\r\nContent-Length: 100\r\n\r\n{")
			return
		case answerHang:
			select {
			case <-s.done:
			case <-time.After(10 * time.Second):
			}
			return
		case answerReset:
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			return
		}
	}
}

// counts returns the requests per user and in all.
func (s *rawServer) counts() (map[string]int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	per := make(map[string]int, len(s.per))
	for k, v := range s.per {
		per[k] = v
	}
	return per, s.all
}

// runAt runs the command line against the server at url.
func runAt(t *testing.T, url, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--endpoint-url", url}, args...), strings.NewReader(stdin), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestACutSuccessAnswerIsDoneAndNeverSentAgain(t *testing.T) {
	users := []string{"alice", "bob", "carol", "dave", "erin"}
	for _, command := range []string{"bulk-reset", "bulk-set"} {
		t.Run(command+" records every user done, and --retry-failed and --retry-unknown send nothing", func(t *testing.T) {
			s := newRawServer(t, answerCut)
			dir := t.TempDir()
			input := filepath.Join(dir, "users.csv")
			require.NoError(t, os.WriteFile(input, []byte("username\nalice\nbob\ncarol\ndave\nerin\n"), 0o600))
			pwOut := filepath.Join(dir, "pw.csv")
			args := append([]string{"--output", "json", command, "--user-pool-id", "us-east-1_Pool1", "--input", input}, fast...)
			if command == "bulk-set" {
				args = append(args, "--passwords-out", pwOut)
			}
			r := runAt(t, s.url(), "", args...)
			require.Equal(t, ExitOK, r.code, r)
			sum := decodeSummary(t, r)
			assert.Equal(t, 5, sum.Done)
			assert.Zero(t, sum.Failed+sum.Unknown)
			_, all := s.counts()
			assert.Equal(t, 5, all)
			if command == "bulk-set" {
				last := lastPasswords(t, pwOut)
				require.Len(t, last, 5)
				for _, u := range users {
					assert.Equal(t, "set", last[u].state, "the password of %s is in force", u)
					assert.Len(t, last[u].password, 16)
				}
			}

			for _, retry := range []string{"--retry-failed", "--retry-unknown"} {
				r = runAt(t, s.url(), "", append(args, retry)...)
				require.Equal(t, ExitOK, r.code, r)
				sum = decodeSummary(t, r)
				assert.Equal(t, 5, sum.SkippedDone)
				assert.Zero(t, sum.Done+sum.Failed+sum.Unknown)
			}
			per, all := s.counts()
			assert.Equal(t, 5, all, "no user is sent to twice")
			for _, u := range users {
				assert.Equal(t, 1, per[u], "requests for %s", u)
			}
		})
	}
}

func TestAnAnswerThatMayHaveBeenProcessedIsNeverFailed(t *testing.T) {
	for _, mode := range []string{answerHang, answerReset} {
		t.Run("after "+mode+" the users are unknown and --retry-failed sends nothing", func(t *testing.T) {
			s := newRawServer(t, mode)
			dir := t.TempDir()
			input := filepath.Join(dir, "users.csv")
			require.NoError(t, os.WriteFile(input, []byte("username\nalice\nbob\n"), 0o600))
			args := []string{"--output", "json", "--timeout", "300ms", "bulk-reset", "--user-pool-id", "us-east-1_Pool1", "--input", input,
				"--rate", "1000", "--concurrency", "2"}
			r := runAt(t, s.url(), "", args...)
			require.Equal(t, ExitUnknown, r.code, r)
			sum := decodeSummary(t, r)
			assert.Equal(t, 2, sum.Unknown)
			assert.Zero(t, sum.Failed)

			r = runAt(t, s.url(), "", append(args, "--retry-failed")...)
			require.Equal(t, ExitUnknown, r.code, r)
			sum = decodeSummary(t, r)
			assert.Equal(t, 2, sum.SkippedUnknown)
			per, all := s.counts()
			assert.Equal(t, 2, all)
			assert.Equal(t, map[string]int{"alice": 1, "bob": 1}, per)
		})
	}
}

func TestSingleCommandsExit7WhenTheSuccessAnswerIsCut(t *testing.T) {
	cases := []struct {
		name, stdin string
		args        []string
	}{
		{"admin-reset-password", "", []string{"admin-reset-password", "--user-pool-id", "us-east-1_Pool1", "--username", "alice"}},
		{"admin-set-password", "Cut-Passw0rd!x\n", []string{"admin-set-password", "--user-pool-id", "us-east-1_Pool1", "--username", "alice", "--password-stdin"}},
		{"forgot-password", "", []string{"forgot-password", "--client-id", "1example23456789", "--username", "alice"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" exits 7, says the change was made, and sends once", func(t *testing.T) {
			s := newRawServer(t, answerCut)
			r := runAt(t, s.url(), tc.stdin, tc.args...)
			assert.Equal(t, ExitUnknown, r.code, r)
			assert.Contains(t, r.stderr, "the change was made")
			assert.NotContains(t, r.all(), "Cut-Passw0rd")
			_, all := s.counts()
			assert.Equal(t, 1, all, "the call is not repeated")

			r = runAt(t, s.url(), tc.stdin, append([]string{"--output", "json"}, tc.args...)...)
			assert.Equal(t, ExitUnknown, r.code, r)
			var out struct{ Error failure }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r)
			assert.Equal(t, classProcessed, out.Error.Class)
			assert.Equal(t, ExitUnknown, out.Error.ExitCode)
		})
	}
}
