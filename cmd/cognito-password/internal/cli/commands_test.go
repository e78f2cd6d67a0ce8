package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

const newPassword = "New-Passw0rd!x"

func TestSecretFlagsOnTheCommandLineAreRefused(t *testing.T) {
	f := newFixture(t, "alice")
	const secret = "S3cr3t-Value!"
	cases := []struct {
		name string
		args []string
		flag string
	}{
		{"a --password value is refused", []string{"admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--password", secret}, "--password"},
		{"a --password=value is refused", []string{"admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--password=" + secret}, "--password"},
		{"a single-dash -password=value is refused", []string{"admin-set-password", "-password=" + secret}, "--password"},
		{"a --password before the command is refused", []string{"--password", secret, "admin-set-password"}, "--password"},
		{"a --code is refused", []string{"confirm-forgot-password", "--client-id", f.public.ID, "--username", "alice", "--code", secret}, "--code"},
		{"a --confirmation-code is refused", []string{"confirm-forgot-password", "--confirmation-code=" + secret}, "--confirmation-code"},
		{"an --access-token is refused", []string{"change-password", "--access-token", secret}, "--access-token"},
		{"a --previous-password is refused", []string{"change-password", "--previous-password", secret}, "--previous-password"},
		{"a --proposed-password is refused", []string{"change-password", "--proposed-password", secret}, "--proposed-password"},
		{"a --client-secret is refused", []string{"forgot-password", "--client-id", f.secret.ID, "--username", "alice", "--client-secret", secret}, "--client-secret"},
		{"a --secret-hash is refused", []string{"forgot-password", "--secret-hash=" + secret}, "--secret-hash"},
		{"an upper-case --PASSWORD is refused", []string{"admin-set-password", "--PASSWORD", secret}, "--password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := f.run(t, "", tc.args...)
			assert.Equal(t, ExitUsage, r.code, r)
			assert.Contains(t, r.stderr, "refusing "+tc.flag)
			assert.Contains(t, r.stderr, "shell history")
			assert.Contains(t, r.stderr, "ps")
			assert.NotContains(t, r.all(), secret)
		})
	}
	assert.Zero(t, f.s.RequestCount(""), "nothing may be sent")
}

func TestAStrayArgumentIsRefusedWithoutBeingEchoed(t *testing.T) {
	f := newFixture(t, "alice")
	const secret = "S3cr3t-Value!"
	r := f.run(t, newPassword+"\n", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--password-stdin", secret)
	assert.Equal(t, ExitUsage, r.code, r)
	assert.Contains(t, r.stderr, "unexpected argument")
	assert.NotContains(t, r.all(), secret)
	r = f.run(t, "", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--", "--password", secret)
	assert.Equal(t, ExitUsage, r.code, r)
	assert.NotContains(t, r.all(), secret)
	assert.Zero(t, f.s.RequestCount(""))
}

func TestAValueGivenToASecretSourceFlagIsNeverEchoed(t *testing.T) {
	f := newFixture(t, "alice")
	const secret = "Hunter2x-918273"
	pool := f.pool.ID()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a value given to --password-stdin is refused", []string{"admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password-stdin=" + secret}, "refusing --password-stdin=VALUE"},
		{"a value given to -code-stdin is refused", []string{"confirm-forgot-password", "--client-id", f.public.ID, "--username", "alice", "-code-stdin=" + secret, "--password-stdin"}, "refusing --code-stdin=VALUE"},
		{"a value given to --client-secret-prompt is refused", []string{"forgot-password", "--client-id", f.secret.ID, "--username", "alice", "--client-secret-prompt=" + secret}, "refusing --client-secret-prompt=VALUE"},
		{"a secret given to --code-file is not repeated when it is not a file", []string{"confirm-forgot-password", "--client-id", f.public.ID, "--username", "alice", "--code-file", secret, "--password-stdin"}, "cannot open the file given to --code-file: no such file or directory"},
		{"a secret given to --access-token-file= is not repeated when it is not a file", []string{"change-password", "--access-token-file=" + secret, "--no-previous-password", "--password-stdin"}, "cannot open the file given to --access-token-file"},
		{"a bad value of another boolean flag is not repeated", []string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice", "--debug=" + secret}, "invalid value for --debug"},
		{"a bad value of a global flag before the command is not repeated", []string{"--timeout", secret, "admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, "invalid value for --timeout"},
		{"a bad value of a number flag is not repeated", []string{"bulk-reset", "--user-pool-id", pool, "--input", "users.csv", "--rate=" + secret}, "invalid value for --rate"},
		{"an undefined flag that may be a secret is not repeated", []string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice", "-" + secret}, "flag provided but not defined"},
		{"bad flag syntax is not repeated", []string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice", "--=" + secret}, "bad flags"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := f.run(t, newPassword+"\n", tc.args...)
			assert.Equal(t, ExitUsage, r.code, r)
			assert.Contains(t, r.stderr, tc.want)
			assert.NotContains(t, r.all(), secret)
			assert.NotContains(t, r.all(), "918273")
		})
	}
	assert.Zero(t, f.s.RequestCount(""), "nothing may be sent")

	r := f.run(t, newPassword+"\n", "admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password-stdin=true")
	require.Equal(t, ExitOK, r.code, "a boolean value is still accepted: %s", r)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)
}

func TestConflictingSecretSourcesAreRefusedBeforeTheConfigurationIsLoaded(t *testing.T) {
	f := newFixture(t, "alice")
	file := f.writeFile(t, "secret", "x")
	// An unknown profile would fail loading the configuration: the
	// conflict must be found first.
	cases := map[string][]string{
		"admin-set-password":      {"--user-pool-id", f.pool.ID(), "--username", "alice", "--password-stdin", "--password-file", file},
		"confirm-forgot-password": {"--client-id", f.public.ID, "--username", "alice", "--code-stdin", "--code-file", file},
		"change-password":         {"--access-token-stdin", "--access-token-file", file},
		"forgot-password":         {"--client-id", f.secret.ID, "--username", "alice", "--client-secret-stdin", "--client-secret-prompt"},
		"resend-code":             {"--client-id", f.secret.ID, "--username", "alice", "--client-secret-file", file, "--client-secret-prompt"},
	}
	for cmd, args := range cases {
		t.Run(cmd, func(t *testing.T) {
			r := f.run(t, "", append([]string{"--profile", "nosuchprofile", cmd}, args...)...)
			assert.Equal(t, ExitUsage, r.code, r)
			assert.Contains(t, r.stderr, "one way only")
			assert.NotContains(t, r.stderr, "nosuchprofile")
		})
	}
	assert.Zero(t, f.s.RequestCount(""))
}

func TestAdminSetPasswordSetsATemporaryOrPermanentPassword(t *testing.T) {
	f := newFixture(t, "alice", "bob")

	r := f.run(t, newPassword+"\n", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "Temporary password set for \"alice\"")
	cognitotest.RequireUserStatus(t, f.pool, "alice", cognitotest.StatusForceChangePassword)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)

	file := f.writeFile(t, "pw", newPassword+"\n")
	r = f.run(t, "", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "bob", "--permanent", "--password-file", file)
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "Permanent password set for \"bob\"")
	cognitotest.RequireUserStatus(t, f.pool, "bob", cognitotest.StatusConfirmed)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "bob", newPassword)
	assert.NotContains(t, r.all(), newPassword)
	assert.NotContains(t, r.stderr, "warning", "a 0600 file draws no warning")
}

func TestASecretFileReadableByOthersDrawsAWarning(t *testing.T) {
	f := newFixture(t, "alice")
	file := f.writeFile(t, "pw", newPassword)
	require.NoError(t, os.Chmod(file, 0o644))
	r := f.run(t, "", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--password-file", file)
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stderr, "readable by other users")
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)
}

func TestAdminResetPasswordSendsACode(t *testing.T) {
	f := newFixture(t, "alice")
	r := f.run(t, "", "admin-reset-password", "--user-pool-id", f.pool.ID(), "--username", "alice")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "RESET_REQUIRED")
	cognitotest.RequireUserStatus(t, f.pool, "alice", cognitotest.StatusResetRequired)
	assert.Equal(t, 1, f.messagesPerUser()["alice"])
}

func TestForgotAndConfirmForgotPasswordResetAPassword(t *testing.T) {
	f := newFixture(t, "alice")
	r := f.run(t, "", "forgot-password", "--client-id", f.public.ID, "--username", "alice")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "sent by EMAIL to a***@e***")
	code := cognitotest.RequireLastCode(t, f.s, f.pool.ID(), "alice")

	r = f.run(t, code+"\n"+newPassword+"\n", "confirm-forgot-password", "--client-id", f.public.ID, "--username", "alice", "--code-stdin", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stdout, "the reset is complete")
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)
	assert.NotContains(t, r.all(), code)
}

func TestClientSecretsComputeTheSecretHash(t *testing.T) {
	f := newFixture(t, "alice")
	secretFile := f.writeFile(t, "client-secret", f.secret.Secret+"\n")

	r := f.run(t, "", "forgot-password", "--client-id", f.secret.ID, "--username", "alice")
	assert.Equal(t, ExitAuth, r.code, "without the secret Cognito refuses: %s", r)

	r = f.run(t, f.secret.Secret+"\n", "forgot-password", "--client-id", f.secret.ID, "--username", "alice", "--client-secret-stdin")
	require.Equal(t, ExitOK, r.code, r)
	code := cognitotest.RequireLastCode(t, f.s, f.pool.ID(), "alice")

	r = f.run(t, code+"\n"+newPassword+"\n", "confirm-forgot-password", "--client-id", f.secret.ID, "--username", "alice",
		"--code-stdin", "--password-stdin", "--client-secret-file", secretFile)
	require.Equal(t, ExitOK, r.code, r)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)
	assert.NotContains(t, r.all(), f.secret.Secret)
	assert.NotContains(t, r.all(), f.secret.SecretHash("alice"))
}

func TestResendCodeSendsASignUpCode(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.pool.CreateUser(cognitotest.UserConfig{Username: "carol", Password: oldPassword,
		Status: cognitotest.StatusUnconfirmed, Attributes: map[string]string{"email": "carol@example.com"}}))
	r := f.run(t, "", "--output", "json", "resend-code", "--client-id", f.public.ID, "--username", "carol")
	require.Equal(t, ExitOK, r.code, r)
	var out struct {
		OK           bool   `json:"ok"`
		Operation    string `json:"operation"`
		CodeDelivery struct {
			DeliveryMedium, Destination, AttributeName string
		} `json:"codeDelivery"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r)
	assert.True(t, out.OK)
	assert.Equal(t, "ResendConfirmationCode", out.Operation)
	assert.Equal(t, "EMAIL", out.CodeDelivery.DeliveryMedium)
	assert.Equal(t, "email", out.CodeDelivery.AttributeName)
	assert.NotContains(t, out.CodeDelivery.Destination, "carol@example.com", "the destination is masked")
	assert.Equal(t, 1, f.messagesPerUser()["carol"])
}

func TestChangePasswordUsesTheAccessToken(t *testing.T) {
	f := newFixture(t, "alice")
	token, err := f.pool.IssueAccessToken(f.public.ID, "alice")
	require.NoError(t, err)
	tokenFile := f.writeFile(t, "token", token+"\n")

	r := f.run(t, oldPassword+"\n"+newPassword+"\n", "change-password", "--access-token-file", tokenFile, "--previous-password-stdin", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	assert.Equal(t, "Password changed.\n", r.stdout)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", newPassword)

	const third = "Third-Passw0rd!"
	r = f.run(t, token+"\n"+newPassword+"\n"+third+"\n", "change-password", "--access-token-stdin", "--previous-password-stdin", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	cognitotest.RequirePasswordSignsIn(t, f.pool, "alice", third)
	assert.NotContains(t, r.all(), token)
}

func TestJSONOutputDescribesSuccessAndFailure(t *testing.T) {
	f := newFixture(t, "alice")
	r := f.run(t, "", "admin-reset-password", "--output", "json", "--user-pool-id", f.pool.ID(), "--username", "alice")
	require.Equal(t, ExitOK, r.code, r)
	var ok map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ok), r)
	assert.Equal(t, true, ok["ok"])
	assert.Equal(t, "admin-reset-password", ok["command"])
	assert.Equal(t, "AdminResetUserPassword", ok["operation"])
	assert.Equal(t, f.pool.ID(), ok["userPoolId"])
	assert.Equal(t, "alice", ok["username"])
	assert.NotEmpty(t, ok["requestId"])
	assert.Empty(t, r.stderr)

	r = f.run(t, "", "--output", "json", "admin-reset-password", "--user-pool-id", f.pool.ID(), "--username", "nobody")
	require.Equal(t, ExitNotFound, r.code, r)
	var bad struct {
		OK    bool    `json:"ok"`
		Error failure `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &bad), r)
	assert.False(t, bad.OK)
	assert.Equal(t, "not_found", bad.Error.Class)
	assert.Equal(t, "UserNotFoundException", bad.Error.Code)
	assert.Equal(t, ExitNotFound, bad.Error.ExitCode)
	assert.NotEmpty(t, bad.Error.RequestID)
	assert.Empty(t, r.stderr, "in JSON mode the error is on stdout only")
}

func TestExitCodesFollowTheErrorClass(t *testing.T) {
	f := newFixture(t, "alice", "limited")
	pool := f.pool.ID()
	for range 5 { // Cognito sends at most 5 codes per user per hour (cognitotest's default)
		require.Equal(t, ExitOK, f.run(t, "", "forgot-password", "--client-id", f.public.ID, "--username", "limited").code)
	}
	cases := []struct {
		name   string
		setup  func()
		stdin  string
		args   []string
		want   int
		inText string
	}{
		{name: "a missing required flag is a usage error", args: []string{"admin-reset-password", "--user-pool-id", pool}, want: ExitUsage, inText: "--username is required"},
		{name: "an unknown command is a usage error", args: []string{"reset-everything"}, want: ExitUsage, inText: "unknown command"},
		{name: "an unknown flag is a usage error", args: []string{"admin-reset-password", "--user-pool", pool}, want: ExitUsage, inText: "flag provided but not defined"},
		{name: "a bad --output is a usage error", args: []string{"--output", "yaml", "admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitUsage},
		{name: "no terminal to prompt on is a usage error", args: []string{"admin-set-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitUsage, inText: "standard input is not a terminal"},
		{name: "an empty password on stdin is a usage error", stdin: "\n", args: []string{"admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password-stdin"}, want: ExitUsage, inText: "empty"},
		{name: "an unknown profile is a usage error", args: []string{"--profile", "nosuchprofile", "admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitUsage, inText: "nosuchprofile"},
		{name: "an invalid user pool id is invalid input, refused before sending", args: []string{"admin-reset-password", "--user-pool-id", "not a pool", "--username", "alice"}, want: ExitInvalid, inText: "UserPoolId"},
		{name: "a password the policy refuses is invalid input", stdin: "short\n", args: []string{"admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password-stdin"}, want: ExitInvalid, inText: "InvalidPasswordException"},
		{name: "an unknown user is not found", args: []string{"admin-reset-password", "--user-pool-id", pool, "--username", "nobody"}, want: ExitNotFound, inText: "UserNotFoundException"},
		{name: "an unknown user pool is not found", args: []string{"admin-reset-password", "--user-pool-id", "us-east-1_NoSuchPool", "--username", "alice"}, want: ExitNotFound, inText: "ResourceNotFoundException"},
		{name: "a wrong code is an authorisation failure", stdin: "000000\n" + newPassword + "\n", args: []string{"confirm-forgot-password", "--client-id", f.public.ID, "--username", "alice", "--code-stdin", "--password-stdin"}, want: ExitAuth},
		{name: "credentials the service rejects are an authorisation failure", args: []string{"--profile", "wrong", "admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitAuth, inText: "UnrecognizedClientException"},
		{name: "too many codes for one user is throttling", args: []string{"forgot-password", "--client-id", f.public.ID, "--username", "limited"}, want: ExitThrottled, inText: "LimitExceededException"},
		{name: "a dropped connection after the reset is an unknown outcome",
			setup: func() {
				f.s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultDropConnection})
			},
			args: []string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitUnknown, inText: "outcome unknown"},
		{name: "a server error on ForgotPassword is an unknown outcome",
			setup: func() { f.s.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultServerError}) },
			args:  []string{"forgot-password", "--client-id", f.public.ID, "--username", "alice"}, want: ExitUnknown},
		{name: "an error code the CLI does not know is another error",
			setup: func() {
				f.s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultServerError, Status: 400,
					Body: `{"__type":"SomethingNewException","message":"new"}`, ContentType: cognitotest.ContentType})
			},
			args: []string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, want: ExitError, inText: "SomethingNewException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			r := f.run(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.want, r.code, r)
			assert.Contains(t, r.stderr, tc.inText)
			assert.Zero(t, f.s.PendingFaults())
		})
	}
}

func TestDebugLogsRequestsWithoutSecrets(t *testing.T) {
	f := newFixture(t, "alice")
	secretFile := f.writeFile(t, "client-secret", f.secret.Secret)

	r := f.run(t, newPassword+"\n", "--debug", "admin-set-password", "--user-pool-id", f.pool.ID(), "--username", "alice", "--permanent", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stderr, "AWSCognitoIdentityProviderService.AdminSetUserPassword", "requests are logged")
	assert.Contains(t, r.stderr, `"Username":"alice"`, "bodies are logged")
	assert.Contains(t, r.stderr, "Signature=[redacted]")
	assert.NotContains(t, r.all(), newPassword)
	assert.NotContains(t, r.all(), cognitotest.DefaultSecretAccessKey)

	r = f.run(t, "", "--debug", "forgot-password", "--client-id", f.secret.ID, "--username", "alice", "--client-secret-file", secretFile)
	require.Equal(t, ExitOK, r.code, r)
	code := cognitotest.RequireLastCode(t, f.s, f.pool.ID(), "alice")
	r = f.run(t, code+"\n"+newPassword+"\n", "--debug", "confirm-forgot-password", "--client-id", f.secret.ID, "--username", "alice",
		"--code-stdin", "--password-stdin", "--client-secret-file", secretFile)
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stderr, "ConfirmForgotPassword")
	for _, s := range []string{code, newPassword, f.secret.Secret, f.secret.SecretHash("alice")} {
		assert.NotContains(t, r.all(), s)
	}

	token, err := f.pool.IssueAccessToken(f.public.ID, "alice")
	require.NoError(t, err)
	const third = "Third-Passw0rd!"
	r = f.run(t, token+"\n"+newPassword+"\n"+third+"\n", "--debug", "change-password", "--access-token-stdin", "--previous-password-stdin", "--password-stdin")
	require.Equal(t, ExitOK, r.code, r)
	assert.Contains(t, r.stderr, "ChangePassword")
	for _, s := range []string{token, newPassword, third} {
		assert.NotContains(t, r.all(), s)
	}
}

func TestHelpListsCommandsExamplesAndExitCodes(t *testing.T) {
	f := newFixture(t)
	r := f.run(t, "", "--help")
	require.Equal(t, ExitOK, r.code)
	for _, c := range commands() {
		assert.Contains(t, r.stdout, c.name)
	}
	assert.Contains(t, r.stdout, "Exit codes:")
	for _, c := range commands() {
		t.Run(c.name+" --help shows its flags, examples and exit codes", func(t *testing.T) {
			r := f.run(t, "", c.name, "--help")
			require.Equal(t, ExitOK, r.code)
			assert.Contains(t, r.stdout, "Example")
			assert.Contains(t, r.stdout, "Exit codes:")
			assert.Contains(t, r.stdout, "--region")
		})
	}
	r = f.run(t, "", "help", "bulk-reset")
	require.Equal(t, ExitOK, r.code)
	assert.Contains(t, r.stdout, "--retry-unknown")
}

func TestCLIDocumentsEveryExitCode(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, code := range []string{"| 0 ", "| 1 ", "| 2 ", "| 3 ", "| 4 ", "| 5 ", "| 6 ", "| 7 ", "| 8 ", "| 130 "} {
		assert.Contains(t, string(doc), code)
		assert.Contains(t, exitCodesHelp, "  "+strings.TrimSpace(strings.TrimPrefix(code, "|"))+" ")
	}
}

func TestPrintableRemovesTerminalControls(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain text is kept", "User does not exist.", "User does not exist."},
		{"letters of any script are kept", "Benutzer für 日本 ünknown", "Benutzer für 日本 ünknown"},
		{"clear screen, home and window title sequences lose their controls",
			"FAKE: all users done\x1b[2J\x1b[H\x1b]0;pwned-title\x07", "FAKE: all users done[2J[H]0;pwned-title"},
		{"C1 controls (CSI, OSC) are removed", "a\u009b2Jb\u009d0;t\u009c", "a2Jb0;t"},
		{"a raw C1 byte is not passed through", "a\x9b2J", "a\ufffd2J"},
		{"bidirectional overrides are removed", "evil\u202egnp.exe\u2066x\u2069\u200f", "evilgnp.exex"},
		{"carriage return, backspace and DEL are removed", "ok\rFAKE\b\x7f", "okFAKE"},
		{"newlines and tabs become spaces so that a line cannot be forged", "no\nhint: run rm -rf\tnow", "no hint: run rm -rf now"},
		{"line separators are removed", "a\u2028b\u2029c", "abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, printable(tc.in))
		})
	}
}

func TestNetworkTextIsPrintableInTextModeAndExactInJSON(t *testing.T) {
	const hostile = "FAKE: all users done\x1b[2J\x1b[H\x1b]0;pwned-title\x07\u202e"
	body, err := json.Marshal(map[string]string{"__type": "UserNotFoundException", "message": hostile})
	require.NoError(t, err)
	f := newFixture(t, "alice")
	for _, output := range []string{"text", "json"} {
		f.s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultServerError, Status: 400,
			Body: string(body), ContentType: "application/x-amz-json-1.1"})
		r := f.run(t, "", "--output", output, "admin-reset-password", "--user-pool-id", f.pool.ID(), "--username", "alice")
		assert.Equal(t, ExitNotFound, r.code, r)
		if output == "text" {
			assert.Contains(t, r.stderr, "FAKE: all users done[2J[H]0;pwned-title")
			assert.NotContains(t, r.all(), "\x1b")
			assert.NotContains(t, r.all(), "\x07")
			assert.NotContains(t, r.all(), "\u202e")
			continue
		}
		var out struct{ Error failure }
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r)
		assert.Contains(t, out.Error.Message, hostile, "JSON output keeps the message exact")
	}

	t.Run("the --debug log shows a raw response body without its controls", func(t *testing.T) {
		f.s.InjectFault(cognitotest.Fault{Op: "AdminResetUserPassword", Kind: cognitotest.FaultServerError, Status: 400,
			Body: "<html>" + hostile + "</html>", ContentType: "text/html"})
		r := f.run(t, "", "--debug", "admin-reset-password", "--user-pool-id", f.pool.ID(), "--username", "alice")
		assert.NotEqual(t, ExitOK, r.code, r)
		assert.Contains(t, r.stderr, "<html>FAKE: all users done[2J[H]0;pwned-title</html>", "the body is logged")
		for _, c := range []string{"\x1b", "\x07", "\u202e"} {
			assert.NotContains(t, r.all(), c)
		}
	})
}

func TestCodeDeliveryDetailsAreExactInJSONAndPrintableInText(t *testing.T) {
	const hostile = "a***@e***\x1b]0;pwned-title\x07\u202e"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		b, _ := json.Marshal(map[string]any{"CodeDeliveryDetails": map[string]string{
			"AttributeName": "email\x1b[2J", "DeliveryMedium": "EMAIL", "Destination": hostile}})
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	args := []string{"forgot-password", "--client-id", "1example23456789", "--username", "alice"}

	r := runAt(t, srv.URL, "", append([]string{"--output", "json"}, args...)...)
	require.Equal(t, ExitOK, r.code, r)
	var out opResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r)
	require.NotNil(t, out.CodeDelivery)
	assert.Equal(t, hostile, out.CodeDelivery.Destination, "JSON keeps what Cognito said")
	assert.Equal(t, "email\x1b[2J", out.CodeDelivery.AttributeName)

	r = runAt(t, srv.URL, "", args...)
	require.Equal(t, ExitOK, r.code, r)
	assert.Equal(t, "Password-reset code for \"alice\" sent by EMAIL to a***@e***]0;pwned-title (email[2J).\n", r.stdout)
}
