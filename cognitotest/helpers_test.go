package cognitotest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// t0 is the fixed start of the test clocks.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// allFlows are the ExplicitAuthFlows of the clients the tests sign in
// through.
var allFlows = []cognitotest.ExplicitAuthFlow{cognitotest.AllowUserSRPAuth, cognitotest.AllowUserPasswordAuth,
	cognitotest.AllowAdminUserPasswordAuth, cognitotest.AllowRefreshTokenAuth}

// Passwords that meet the default policy.
const (
	oldPassword = "Old-Passw0rd!"
	newPassword = "New-Passw0rd!"
	altPassword = "Alt-Passw0rd!"
)

// harness is a server with a manual clock, mounted under a base path, with
// one pool and one public app client that allows every flow the server
// implements.
type harness struct {
	t      *testing.T
	srv    *cognitotest.Server
	clock  *cognitotest.Clock
	pool   *cognitotest.UserPool
	client cognitotest.AppClient
}

func newHarness(t *testing.T, cfg cognitotest.PoolConfig, opts ...cognitotest.Option) *harness {
	t.Helper()
	return newHarnessAt(t, t0, cfg, opts...)
}

// newHarnessAt is newHarness with the clock starting at start. Tests that
// use the library's client start it at the real time, since the client
// signs with the real time and the server checks the skew against its
// clock.
func newHarnessAt(t *testing.T, start time.Time, cfg cognitotest.PoolConfig, opts ...cognitotest.Option) *harness {
	t.Helper()
	clock := cognitotest.NewClock(start)
	opts = append([]cognitotest.Option{cognitotest.WithClock(clock.Now), cognitotest.WithBasePath("/cognito")}, opts...)
	srv := cognitotest.NewServer(opts...)
	t.Cleanup(srv.Close)
	pool, err := srv.CreateUserPool(cfg)
	require.NoError(t, err)
	client, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "web", ExplicitAuthFlows: allFlows})
	require.NoError(t, err)
	return &harness{t: t, srv: srv, clock: clock, pool: pool, client: client}
}

// addUser creates a user with a verified email and the old password.
func (h *harness) addUser(username string, mods ...func(*cognitotest.UserConfig)) {
	h.t.Helper()
	cfg := cognitotest.UserConfig{
		Username:      username,
		Password:      oldPassword,
		Attributes:    map[string]string{"email": username + "@example.com"},
		EmailVerified: true,
	}
	for _, m := range mods {
		m(&cfg)
	}
	require.NoError(h.t, h.pool.CreateUser(cfg))
}

// response is a decoded HTTP response.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// do sends op with body in as the server's clients would, optionally
// signed with the server's credentials at the clock's time.
func (h *harness) do(op string, in any, signed bool) response {
	h.t.Helper()
	body, err := json.Marshal(in)
	require.NoError(h.t, err)
	req := h.newRequest(op, body)
	if signed {
		signRequest(h.t, req, body, h.srv.Credentials(), h.srv.Region(), h.clock.Now())
	}
	return send(h.t, req)
}

// call sends an unsigned request.
func (h *harness) call(op string, in any) response {
	h.t.Helper()
	return h.do(op, in, false)
}

// admin sends a signed request.
func (h *harness) admin(op string, in any) response {
	h.t.Helper()
	return h.do(op, in, true)
}

func (h *harness) newRequest(op string, body []byte) *http.Request {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.Endpoint()+"/", bytes.NewReader(body))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", cognitotest.ContentType)
	req.Header.Set("X-Amz-Target", cognitotest.TargetPrefix+op)
	return req
}

// signRequest signs req as aws-sdk-go-v2 would.
func signRequest(t *testing.T, req *http.Request, body []byte, c aws.Credentials, region string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256(body)
	err := v4.NewSigner().SignHTTP(context.Background(), c, req, hex.EncodeToString(sum[:]), "cognito-idp", region, at)
	require.NoError(t, err)
}

func send(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	r := response{status: res.StatusCode, header: res.Header, raw: raw}
	if len(raw) > 0 && res.Header.Get("Content-Type") == cognitotest.ContentType {
		require.NoError(t, json.Unmarshal(raw, &r.body), "body: %s", raw)
	}
	return r
}

// requireOK asserts a successful response.
func requireOK(t *testing.T, r response) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.raw)
	require.Equal(t, cognitotest.ContentType, r.header.Get("Content-Type"))
}

// requireError asserts an error response with Cognito's shape; an empty
// message is not checked.
func requireError(t *testing.T, r response, status int, code, message string) {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.raw)
	require.Equal(t, code, r.body["__type"], "body: %s", r.raw)
	require.Equal(t, code+":", r.header.Get("X-Amzn-Errortype"))
	if message != "" {
		require.Equal(t, message, r.body["message"], "body: %s", r.raw)
		require.Equal(t, message, r.header.Get("X-Amzn-Errormessage"))
	}
}

// delivery returns the CodeDeliveryDetails of a response.
func delivery(t *testing.T, r response) map[string]any {
	t.Helper()
	d, ok := r.body["CodeDeliveryDetails"].(map[string]any)
	require.True(t, ok, "no CodeDeliveryDetails in %s", r.raw)
	return d
}

// forgot sends ForgotPassword for username through the harness client.
func (h *harness) forgot(username string) response {
	h.t.Helper()
	return h.call("ForgotPassword", map[string]any{"ClientId": h.client.ID, "Username": username})
}

// confirm sends ConfirmForgotPassword.
func (h *harness) confirm(username, code, password string) response {
	h.t.Helper()
	return h.call("ConfirmForgotPassword", map[string]any{
		"ClientId": h.client.ID, "Username": username, "ConfirmationCode": code, "Password": password,
	})
}

// signIn sends InitiateAuth with USER_PASSWORD_AUTH.
func (h *harness) signIn(username, password string) response {
	h.t.Helper()
	return h.call("InitiateAuth", map[string]any{
		"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": h.client.ID,
		"AuthParameters": map[string]string{"USERNAME": username, "PASSWORD": password},
	})
}

// lastCode returns the latest code sent to username.
func (h *harness) lastCode(username string) string {
	h.t.Helper()
	return cognitotest.RequireLastCode(h.t, h.srv, h.pool.ID(), username)
}

// wrongCode returns a code that differs from code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}
