//go:build linux

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// echoOn reports whether the terminal of the pty echoes input. On Linux the
// master reports the termios of its slave.
func echoOn(t *testing.T, ptmx *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(ptmx.Fd()), unix.TCGETS)
	require.NoError(t, err)
	return tio.Lflag&unix.ECHO != 0
}

// typeSecret waits for prompt, then for echo to be off, and types s.
func typeSecret(t *testing.T, ptmx *os.File, out *syncBuffer, prompt, s string) {
	t.Helper()
	waitFor(t, 10*time.Second, "the prompt "+prompt, func() bool { return strings.Contains(out.String(), prompt) })
	waitFor(t, 10*time.Second, "echo to be turned off", func() bool { return !echoOn(t, ptmx) })
	_, err := ptmx.Write([]byte(s + "\r"))
	require.NoError(t, err)
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

func TestThePasswordPromptDoesNotEchoOnATerminal(t *testing.T) {
	s, pool := server(t, "alice")
	const secret = "Pty-Passw0rd!secret"
	cmd := command(t, "--endpoint-url", s.Endpoint(), "admin-set-password", "--user-pool-id", pool.ID(), "--username", "alice", "--permanent")
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	out, done := copyOutput(ptmx)

	typeSecret(t, ptmx, out, "New password: ", secret)
	typeSecret(t, ptmx, out, "Retype new password: ", secret)
	require.Equal(t, 0, exitCode(t, cmd), out.String())
	<-done

	assert.Contains(t, out.String(), `Permanent password set for "alice"`)
	assert.NotContains(t, out.String(), secret, "the password never appears on the terminal")
	assert.NotContains(t, out.String(), secret[:6])
	cognitotest.RequirePasswordSignsIn(t, pool, "alice", secret)
}

func TestMismatchedPasswordsAtThePromptSendNothing(t *testing.T) {
	s, pool := server(t, "alice")
	cmd := command(t, "--endpoint-url", s.Endpoint(), "admin-set-password", "--user-pool-id", pool.ID(), "--username", "alice")
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	out, done := copyOutput(ptmx)

	typeSecret(t, ptmx, out, "New password: ", "First-Passw0rd!")
	typeSecret(t, ptmx, out, "Retype new password: ", "Other-Passw0rd!")
	require.Equal(t, 2, exitCode(t, cmd), out.String())
	<-done
	assert.Contains(t, out.String(), "the new passwords do not match")
	assert.NotContains(t, out.String(), "Passw0rd")
	assert.Zero(t, s.RequestCount(""))
}

func TestCtrlCAtThePromptRestoresEchoAndExits130(t *testing.T) {
	s, pool := server(t, "alice")
	cmd := command(t, "--endpoint-url", s.Endpoint(), "admin-set-password", "--user-pool-id", pool.ID(), "--username", "alice")
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	out, _ := copyOutput(ptmx)

	waitFor(t, 10*time.Second, "the prompt", func() bool { return strings.Contains(out.String(), "New password: ") })
	waitFor(t, 10*time.Second, "echo to be turned off", func() bool { return !echoOn(t, ptmx) })
	_, err = ptmx.Write([]byte{3}) // Ctrl-C: the terminal sends SIGINT
	require.NoError(t, err)
	require.Equal(t, 130, exitCode(t, cmd), out.String())
	assert.True(t, echoOn(t, ptmx), "echo is restored")
	assert.Zero(t, s.RequestCount(""))
}

func TestBulkResetOnATerminalAsksToConfirmAndShowsAProgressBar(t *testing.T) {
	users := make([]string, 40)
	for i := range users {
		users[i] = fmt.Sprintf("user%02d", i)
	}
	s, pool := server(t, users...)
	input := t.TempDir() + "/users.csv"
	require.NoError(t, os.WriteFile(input, []byte("username\n"+strings.Join(users, "\n")+"\n"), 0o600))

	cmd := command(t, "--endpoint-url", s.Endpoint(), "bulk-reset", "--user-pool-id", pool.ID(), "--input", input, "--rate", "100")
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	require.NoError(t, pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 120}))
	out, done := copyOutput(ptmx)

	waitFor(t, 10*time.Second, "the confirmation", func() bool { return strings.Contains(out.String(), `Type "yes" to continue: `) })
	assert.Zero(t, s.RequestCount(""), "nothing is sent before the confirmation")
	_, err = ptmx.Write([]byte("yes\r"))
	require.NoError(t, err)
	require.Equal(t, 0, exitCode(t, cmd), out.String())
	<-done
	text := out.String()
	assert.Contains(t, text, "40/40")
	assert.Contains(t, text, "users/s", "the bar shows the rate")
	assert.Contains(t, text, "100%")
	assert.Contains(t, text, "this run:     40 done, 0 failed, 0 unknown, 0 not started")
	assert.Equal(t, 40, s.RequestCount("AdminResetUserPassword"))
}

func TestBulkResetOnATerminalRetrievesCredentialsBeforeAskingToConfirm(t *testing.T) {
	s, pool := server(t, "alice")
	dir := t.TempDir()
	input := dir + "/users.csv"
	require.NoError(t, os.WriteFile(input, []byte("username\nalice\n"), 0o600))
	// A profile whose credentials cannot be retrieved, as an expired SSO
	// login's.
	config := dir + "/config"
	require.NoError(t, os.WriteFile(config, []byte("[profile expired]\ncredential_process = false\n"), 0o600))

	cmd := command(t, "--endpoint-url", s.Endpoint(), "--profile", "expired", "bulk-reset", "--user-pool-id", pool.ID(), "--input", input)
	cmd.Env = append(cmd.Env, "AWS_CONFIG_FILE="+config)
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	out, done := copyOutput(ptmx)
	// A run that asks for confirmation waits for an answer: stop it.
	stop := time.AfterFunc(10*time.Second, func() { _ = cmd.Process.Kill() })
	defer stop.Stop()
	require.Equal(t, 5, exitCode(t, cmd), out.String())
	<-done
	assert.Contains(t, out.String(), "cannot load AWS credentials")
	assert.NotContains(t, out.String(), "Type \"yes\"", "the credentials fail before the confirmation")
	assert.Zero(t, s.RequestCount(""))
}

func TestCodesAndClientSecretsArePromptedWithoutEcho(t *testing.T) {
	s, pool := server(t, "bob")
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "with-secret", GenerateSecret: true})
	require.NoError(t, err)

	cmd := command(t, "--endpoint-url", s.Endpoint(), "forgot-password", "--client-id", app.ID, "--username", "bob", "--client-secret-prompt")
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	out, done := copyOutput(ptmx)
	typeSecret(t, ptmx, out, "App client secret: ", app.Secret)
	require.Equal(t, 0, exitCode(t, cmd), out.String())
	<-done
	assert.NotContains(t, out.String(), app.Secret)
	code := cognitotest.RequireLastCode(t, s, pool.ID(), "bob")

	const secret = "Bob-Passw0rd!new"
	cmd = command(t, "--endpoint-url", s.Endpoint(), "confirm-forgot-password", "--client-id", app.ID, "--username", "bob", "--client-secret-prompt")
	ptmx2, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx2.Close()
	out, done = copyOutput(ptmx2)
	typeSecret(t, ptmx2, out, "Confirmation code: ", code)
	typeSecret(t, ptmx2, out, "New password: ", secret)
	typeSecret(t, ptmx2, out, "Retype new password: ", secret)
	typeSecret(t, ptmx2, out, "App client secret: ", app.Secret)
	require.Equal(t, 0, exitCode(t, cmd), out.String())
	<-done
	for _, v := range []string{code, secret, app.Secret} {
		assert.NotContains(t, out.String(), v)
	}
	cognitotest.RequirePasswordSignsIn(t, pool, "bob", secret)
}

// hostileText is what a hostile endpoint puts in its messages: clear the
// screen, move the cursor home, retitle the window.
const hostileText = "FAKE: all users done\x1b[2J\x1b[H\x1b]0;pwned-title\x07"

// assertNoTerminalControls checks that none of hostileText's control
// sequences reached the terminal, and that its text did.
func assertNoTerminalControls(t *testing.T, out string) {
	t.Helper()
	assert.Contains(t, out, "FAKE: all users done[2J[H]0;pwned-title")
	for _, seq := range []string{"\x1b[2J", "\x1b[H", "\x1b]0;", "\x07", "pwned-title\x07"} {
		assert.NotContains(t, out, seq)
	}
}

// runOnTerminal runs the command under a pseudo-terminal and returns its
// exit code and everything the terminal showed.
func runOnTerminal(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := command(t, args...)
	ptmx, err := pty.Start(cmd)
	require.NoError(t, err)
	defer ptmx.Close()
	require.NoError(t, pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 120}))
	out, done := copyOutput(ptmx)
	stop := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer stop.Stop()
	code := exitCode(t, cmd)
	<-done
	return code, out.String()
}

func TestServerTextReachesTheTerminalWithoutItsControlSequences(t *testing.T) {
	errorBody := func(code string) string {
		b, err := json.Marshal(map[string]string{"__type": code, "message": hostileText})
		require.NoError(t, err)
		return string(b)
	}
	t.Run("an error message of a single command", func(t *testing.T) {
		s, pool := server(t, "alice")
		s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultServerError, Status: 400,
			Body: errorBody("UserNotFoundException"), ContentType: "application/x-amz-json-1.1"})
		code, out := runOnTerminal(t, "--endpoint-url", s.Endpoint(), "admin-reset-password", "--user-pool-id", pool.ID(), "--username", "alice")
		assert.Equal(t, 4, code, out)
		assertNoTerminalControls(t, out)
	})
	t.Run("the error that stops a bulk run", func(t *testing.T) {
		s, pool := server(t, "alice", "bob")
		input := t.TempDir() + "/users.csv"
		require.NoError(t, os.WriteFile(input, []byte("username\nalice\nbob\n"), 0o600))
		s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultServerError, Status: 400,
			Body: errorBody("ResourceNotFoundException"), ContentType: "application/x-amz-json-1.1"})
		code, out := runOnTerminal(t, "--endpoint-url", s.Endpoint(), "bulk-reset", "--user-pool-id", pool.ID(),
			"--input", input, "--yes", "--concurrency", "1")
		assert.Equal(t, 4, code, out)
		assert.Contains(t, out, "Stopped early: ")
		assertNoTerminalControls(t, out)
	})
	t.Run("where a code was sent, and the request id", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Header().Set("X-Amzn-Requestid", "req-1")
			b, _ := json.Marshal(map[string]any{"CodeDeliveryDetails": map[string]string{
				"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": hostileText}})
			_, _ = w.Write(b)
		}))
		defer srv.Close()
		code, out := runOnTerminal(t, "--endpoint-url", srv.URL, "forgot-password", "--client-id", "1example23456789", "--username", "alice")
		assert.Equal(t, 0, code, out)
		assert.Contains(t, out, "sent by EMAIL to ")
		assertNoTerminalControls(t, out)
	})
}
