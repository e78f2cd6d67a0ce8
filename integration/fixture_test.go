package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/types"
)

// The passwords of the scenarios meet Cognito's default policy.
const (
	initialPassword = "Initial-Passw0rd!"
	newPassword     = "Changed-Passw0rd!"
)

// fixture is what every scenario starts from: a fresh pool with an app
// client without a secret (public) and one with a secret, a CONFIRMED user
// with initialPassword, and a library client whose requests are counted.
type fixture struct {
	b        Backend
	pool     string
	public   AppClient
	secret   AppClient
	user     string
	password string
	// client is the library client; it knows the secret client's secret.
	client *cognitopassword.Client
	sent   *countingTransport
	cell   *cell
}

func newFixture(ctx context.Context, t *testing.T, b Backend, c *cell) *fixture {
	t.Helper()
	f := &fixture{b: b, user: "alice", password: initialPassword, cell: c}
	f.pool = b.CreatePool(ctx, t)
	f.public = b.CreateAppClient(ctx, t, f.pool, false)
	f.secret = b.CreateAppClient(ctx, t, f.pool, true)
	b.CreateUser(ctx, t, f.pool, f.public, f.user, f.password, true)
	f.client, f.sent = f.newClient(cognitopassword.WithClientSecret(f.secret.ID, f.secret.Secret))
	return f
}

// newClient returns a library client for the backend that sends through a
// counting transport.
func (f *fixture) newClient(optFns ...func(*cognitopassword.Options)) (*cognitopassword.Client, *countingTransport) {
	sent := &countingTransport{base: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4, IdleConnTimeout: 10 * time.Second}}
	opts := f.b.LibraryOptions()
	opts.HTTPClient = &http.Client{Transport: sent, Timeout: 15 * time.Second}
	return cognitopassword.New(opts, optFns...), sent
}

// note adds a remark to the scenario's cell in RESULTS.md.
func (f *fixture) note(format string, args ...any) {
	f.cell.notes = append(f.cell.notes, fmt.Sprintf(format, args...))
}

// skipIf skips the scenario on a backend that departs from Cognito in
// a way that makes the check impossible there; reason is that departure.
func (f *fixture) skipIf(t *testing.T, reason string) {
	t.Helper()
	if reason == "" {
		return
	}
	f.cell.skip = reason
	t.Skip(f.b.Name() + ": " + reason)
}

// requireSignIn signs the user in with password and returns the access
// token.
func (f *fixture) requireSignIn(ctx context.Context, t *testing.T, password string) string {
	t.Helper()
	token, err := f.b.SignIn(ctx, f.public, f.user, password)
	require.NoError(t, err, "sign-in with the password that should work")
	return token
}

// requireSignInRefused checks that the password no longer signs in, with
// the error the backend gives for a wrong password.
func (f *fixture) requireSignInRefused(ctx context.Context, t *testing.T, password string) {
	t.Helper()
	_, err := f.b.SignIn(ctx, f.public, f.user, password)
	require.Error(t, err, "sign-in with a password that should no longer work")
	want := f.b.Departures().WrongPasswordCode
	require.Equal(t, want, errorCode(err), "error of a sign-in with a wrong password: %v", err)
	if want != "NotAuthorizedException" {
		f.note("a wrong password at sign-in answers %s (Cognito: NotAuthorizedException)", want)
	}
}

// requireWrongPassword checks the error of a sign-in with a wrong
// password: *types.NotAuthorizedException, as Cognito answers, or the code
// the backend is known to answer instead, which is noted.
func (f *fixture) requireWrongPassword(t *testing.T, err error, what string) {
	t.Helper()
	require.Error(t, err, what)
	want := f.b.Departures().WrongPasswordCode
	require.Equal(t, want, errorCode(err), "%s: %v", what, err)
	if want == "NotAuthorizedException" {
		var notAuthorized *types.NotAuthorizedException
		require.ErrorAs(t, err, &notAuthorized, what)
		return
	}
	f.note("a wrong password at sign-in answers %s (Cognito: NotAuthorizedException)", want)
}

// requireTokens checks that a sign-in is complete and returns its access
// token.
func requireTokens(t *testing.T, out *cognitopassword.SignInOutput) string {
	t.Helper()
	require.NotNil(t, out)
	require.Empty(t, out.ChallengeName, "no challenge remains")
	require.NotNil(t, out.AuthenticationResult, "the sign-in is complete")
	require.NotEmpty(t, out.AuthenticationResult.AccessToken)
	require.NotEmpty(t, out.AuthenticationResult.IdToken)
	return out.AuthenticationResult.AccessToken
}

// userStatus reads a user with the library's AdminGetUser, checks the
// status and returns the user.
func userStatus(ctx context.Context, t *testing.T, client *cognitopassword.Client, pool, username string, want types.UserStatusType) *cognitopassword.AdminGetUserOutput {
	t.Helper()
	out, err := client.AdminGetUser(ctx, &cognitopassword.AdminGetUserInput{UserPoolId: pool, Username: username})
	require.NoError(t, err, "AdminGetUser")
	require.Equal(t, username, out.Username)
	require.Equal(t, want, out.UserStatus, "UserStatus")
	return out
}

// attribute returns the value of the user's attribute name, or "".
func attribute(user *cognitopassword.AdminGetUserOutput, name string) string {
	for _, a := range user.UserAttributes {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// requireUnsupported checks a request that the backend answers with HTTP
// 500 and the error code code because it does not implement it: the client
// must return quickly, without panicking, an *smithy.OperationError whose
// API error has that code, after one attempt, since op sends a message and
// a 500 leaves its outcome unknown.
func (f *fixture) requireUnsupported(ctx context.Context, t *testing.T, op, code string, call func(context.Context) error) {
	t.Helper()
	require.NotEmpty(t, code)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	start := time.Now()
	var err error
	require.NotPanics(t, func() { err = call(ctx) })
	elapsed := time.Since(start)

	require.Error(t, err)
	var opErr *smithy.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, op, opErr.OperationName)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, code, apiErr.ErrorCode())
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusInternalServerError, respErr.HTTPStatusCode())
	// The operation sends a message: a 5xx may have been acted on, so the
	// client does not repeat it and says the outcome is unknown.
	assert.ErrorIs(t, err, cognitopassword.ErrOutcomeUnknown)
	attempts := f.sent.count(op)
	assert.Equal(t, 1, attempts, "attempts")
	assert.Less(t, elapsed, 10*time.Second)
	var wire struct {
		Type string `json:"__type"`
	}
	require.NoError(t, json.Unmarshal(f.sent.lastResponse(op), &wire))
	f.cell.unsupported = fmt.Sprintf("answers HTTP %d with __type %q; the client returns ErrorCode() %q after %d attempt, errors.Is ErrOutcomeUnknown",
		respErr.HTTPStatusCode(), wire.Type, apiErr.ErrorCode(), attempts)
}

// errorCode is the API error code of err, or "" when it has none.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// countingTransport counts the requests per operation and keeps the
// request body (read again after the request was sent) and the response
// body of the last one.
type countingTransport struct {
	base http.RoundTripper

	mu        sync.Mutex
	counts    map[string]int
	bodies    map[string][]byte
	responses map[string][]byte
	signed    map[string]bool
}

// maxRecorded caps a recorded body.
const maxRecorded = 1 << 20

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	// The client's request body cannot be rewound (it has no GetBody, so
	// that redirects cannot re-post secrets): read it and send a copy.
	var body, answer []byte
	if req.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(req.Body, maxRecorded))
		_ = req.Body.Close()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := c.base.RoundTrip(req)
	if err == nil {
		answer, err = io.ReadAll(io.LimitReader(resp.Body, maxRecorded))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(answer))
		if err != nil {
			resp = nil
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts, c.bodies, c.responses, c.signed = map[string]int{}, map[string][]byte{}, map[string][]byte{}, map[string]bool{}
	}
	c.counts[op]++
	c.bodies[op] = body
	c.responses[op] = answer
	c.signed[op] = strings.HasPrefix(req.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
	return resp, err
}

// total returns how many requests were sent.
func (c *countingTransport) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.counts {
		n += v
	}
	return n
}

// wasSigned reports whether the last request named op carried a SigV4
// Authorization header.
func (c *countingTransport) wasSigned(op string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.signed[op]
}

// lastRaw returns the body of the last request named op as sent.
func (c *countingTransport) lastRaw(op string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bodies[op]
}

// lastResponse returns the response body of the last request named op.
func (c *countingTransport) lastResponse(op string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.responses[op]
}

// count returns how many requests named op were sent.
func (c *countingTransport) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[op]
}

// lastBody decodes the body of the last request named op.
func (c *countingTransport) lastBody(t *testing.T, op string) map[string]any {
	t.Helper()
	c.mu.Lock()
	body := c.bodies[op]
	c.mu.Unlock()
	require.NotEmpty(t, body, "no %s request body was recorded", op)
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	return m
}
