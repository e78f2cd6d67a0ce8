package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// identityJSScript installs amazon-cognito-identity-js and prints where.
const identityJSScript = "../scripts/amazon-cognito-identity-js.sh"

// identityJSClient is the Node.js program that drives the package.
const identityJSClient = "testdata/identityjs-client.js"

// identityJSStep is one line of identityjs-client.js's output.
type identityJSStep struct {
	Step  string   `json:"step"`
	OK    bool     `json:"ok"`
	Calls []string `json:"calls"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	// Facts about a session (never its tokens).
	Valid           bool   `json:"valid"`
	Username        string `json:"username"`
	HasAccessToken  bool   `json:"hasAccessToken"`
	HasRefreshToken bool   `json:"hasRefreshToken"`
	// NEW_PASSWORD_REQUIRED as the package hands it to the application.
	UserAttributeNames []string `json:"userAttributeNames"`
	RequiredAttributes []string `json:"requiredAttributes"`
	// Other results.
	Result   string            `json:"result"`
	Delivery map[string]string `json:"delivery"`
}

// TestAmazonCognitoIdentityJSAgainstCognitotest runs Cognito's own
// JavaScript client, amazon-cognito-identity-js (npm, pinned by
// scripts/amazon-cognito-identity-js.sh), against a cognitotest server on
// 127.0.0.1: sign-in over SRP (its default), changePassword,
// refreshSession, completeNewPasswordChallenge, forgotPassword and
// confirmPassword, with the errors Cognito gives on the way. A third-party
// client that agrees with the server is the evidence that the server's
// sign-in is Cognito's.
func TestAmazonCognitoIdentityJSAgainstCognitotest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // the first run installs the package
	defer cancel()

	// The package signs its TIMESTAMP with the real time: the server's
	// clock is the real one, and the SRP window applies.
	srv := cognitotest.NewServer()
	t.Cleanup(srv.Close)
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{
		AccountRecovery:    []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail},
		RequiredAttributes: []string{"given_name"},
	})
	require.NoError(t, err)
	// Cognito's default flows (SRP, refresh, custom): what the package
	// needs, and not USER_PASSWORD_AUTH.
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "identity-js"})
	require.NoError(t, err)

	passwords := map[string]string{
		"alice": "Alice-Passw0rd!", "aliceNew": "Alice-N3w-Passw0rd!", "wrong": "Wr0ng-Passw0rd!",
		"fayTemporary": "Fay-Tempor4ry!", "fayNew": "Fay-N3w-Passw0rd!", "bobNew": "Bob-N3w-Passw0rd!",
	}
	for _, u := range []cognitotest.UserConfig{
		{Username: "alice", Password: passwords["alice"], Attributes: map[string]string{"email": "alice@example.com", "given_name": "Alice"}, EmailVerified: true},
		{Username: "fay", Password: passwords["fayTemporary"], Status: cognitotest.StatusForceChangePassword,
			Attributes: map[string]string{"email": "fay@example.com"}, EmailVerified: true},
		{Username: "bob", Password: "Bob-Passw0rd!", Attributes: map[string]string{"email": "bob@example.com", "given_name": "Bob"}, EmailVerified: true},
	} {
		require.NoError(t, pool.CreateUser(u))
	}

	// The codes the server "sent", for confirmPassword.
	codes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, ok := srv.LastCode(pool.ID(), r.URL.Query().Get("username"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(code))
	}))
	t.Cleanup(codes.Close)

	steps := runIdentityJS(ctx, t, map[string]any{
		"endpoint": srv.Endpoint() + "/", "poolId": pool.ID(), "clientId": app.ID,
		"codeURL": codes.URL + "/code", "passwords": passwords,
	})

	signedIn := func(username string, calls ...string) func(*testing.T, identityJSStep) {
		return func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.True(t, s.Valid)
			assert.Equal(t, username, s.Username)
			assert.True(t, s.HasAccessToken)
			assert.True(t, s.HasRefreshToken)
			assert.Equal(t, calls, s.Calls)
		}
	}
	srpCalls := []string{"InitiateAuth USER_SRP_AUTH", "RespondToAuthChallenge PASSWORD_VERIFIER"}
	refused := func(code, message string, calls ...string) func(*testing.T, identityJSStep) {
		return func(t *testing.T, s identityJSStep) {
			require.False(t, s.OK, "the step succeeded")
			require.NotNil(t, s.Error)
			assert.Equal(t, code, s.Error.Code)
			assert.Equal(t, message, s.Error.Message)
			assert.Equal(t, calls, s.Calls)
		}
	}
	want := []struct {
		step  string
		check func(*testing.T, identityJSStep)
	}{
		{"authenticateUser over SRP signs a confirmed user in", signedIn("alice", srpCalls...)},
		{"authenticateUser over SRP with a wrong password is refused",
			refused("NotAuthorizedException", "Incorrect username or password.", srpCalls...)},
		{"changePassword with the signed-in session changes the password", func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.Equal(t, "SUCCESS", s.Result)
			assert.Equal(t, []string{"ChangePassword"}, s.Calls)
		}},
		{"authenticateUser over SRP with the changed password signs in", signedIn("alice", srpCalls...)},
		{"authenticateUser over SRP with the old password is refused",
			refused("NotAuthorizedException", "Incorrect username or password.", srpCalls...)},
		{"refreshSession gets new tokens with the refresh token", func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.True(t, s.Valid)
			assert.Equal(t, "alice", s.Username)
			assert.True(t, s.HasRefreshToken, "the package keeps the refresh token it had")
			assert.Equal(t, []string{"InitiateAuth REFRESH_TOKEN_AUTH"}, s.Calls)
		}},
		{"USER_PASSWORD_AUTH on an app client that does not allow it is refused",
			refused("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client", "InitiateAuth USER_PASSWORD_AUTH")},
		{"authenticateUser over SRP with a temporary password asks for a new one", func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.Equal(t, []string{"email", "email_verified"}, s.UserAttributeNames)
			assert.Equal(t, []string{"given_name"}, s.RequiredAttributes, "the package strips the userAttributes. prefix")
			assert.Equal(t, srpCalls, s.Calls)
		}},
		{"completeNewPasswordChallenge with email_verified passed back is refused",
			refused("InvalidParameterException", "Cannot modify the non-mutable attribute email_verified", "RespondToAuthChallenge NEW_PASSWORD_REQUIRED")},
		{"completeNewPasswordChallenge without the required attribute is refused",
			refused("InvalidParameterException", "Invalid attributes given, given_name is missing", "RespondToAuthChallenge NEW_PASSWORD_REQUIRED")},
		{"completeNewPasswordChallenge with the required attribute signs in", signedIn("fay", "RespondToAuthChallenge NEW_PASSWORD_REQUIRED")},
		{"authenticateUser over SRP with the new password signs in", signedIn("fay", srpCalls...)},
		{"forgotPassword sends a code", func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.Equal(t, map[string]string{"Destination": "b***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}, s.Delivery)
			assert.Equal(t, []string{"ForgotPassword"}, s.Calls)
		}},
		{"confirmPassword with the code sets the new password", func(t *testing.T, s identityJSStep) {
			require.True(t, s.OK, "error: %+v", s.Error)
			assert.Equal(t, "SUCCESS", s.Result)
			assert.Equal(t, []string{"ConfirmForgotPassword"}, s.Calls)
		}},
		{"authenticateUser over SRP with the reset password signs in", signedIn("bob", srpCalls...)},
	}
	require.Len(t, steps, len(want), "identityjs-client.js ran every step")
	for i, w := range want {
		t.Run(w.step, func(t *testing.T) {
			require.Equal(t, w.step, steps[i].Step)
			w.check(t, steps[i])
		})
	}

	// The server agrees with what the package saw.
	for _, u := range []struct{ name, password string }{{"alice", passwords["aliceNew"]}, {"fay", passwords["fayNew"]}, {"bob", passwords["bobNew"]}} {
		cognitotest.RequireUserStatus(t, pool, u.name, cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, pool, u.name, u.password)
	}
	fay, err := pool.User("fay")
	require.NoError(t, err)
	assert.Equal(t, "Fay", fay.Attributes["given_name"])
	assert.False(t, pool.PasswordWouldSignIn("alice", passwords["alice"]))
}

// runIdentityJS installs amazon-cognito-identity-js (once), runs
// identityjs-client.js with cfg on its standard input, bounded by ctx, and
// returns the steps it printed.
func runIdentityJS(ctx context.Context, t *testing.T, cfg map[string]any) []identityJSStep {
	t.Helper()
	install := exec.CommandContext(ctx, "bash", identityJSScript)
	install.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	install.Stderr = &stderr
	out, err := install.Output()
	require.NoError(t, err, "%s: %s", identityJSScript, stderr.String())
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "%s printed no directory", identityJSScript)

	runCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	input, err := json.Marshal(cfg)
	require.NoError(t, err)
	node := exec.CommandContext(runCtx, "node", identityJSClient, dir)
	node.Stdin = bytes.NewReader(input)
	node.WaitDelay = 5 * time.Second
	// Only what Node needs: no proxy or other setting of the caller's
	// environment reaches it.
	node.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "NODE_OPTIONS="}
	stderr.Reset()
	node.Stderr = &stderr
	stdout, err := node.Output()
	require.NoError(t, err, "node %s: %s\nstdout: %s", identityJSClient, stderr.String(), stdout)

	var steps []identityJSStep
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		var s identityJSStep
		require.NoError(t, json.Unmarshal(sc.Bytes(), &s), "line: %s", sc.Text())
		t.Logf("identity-js: %s: ok=%v calls=%v error=%+v", s.Step, s.OK, s.Calls, s.Error)
		steps = append(steps, s)
	}
	require.NoError(t, sc.Err())
	return steps
}
