package cognitotest_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestServerListensOnLoopbackAndCloses(t *testing.T) {
	srv := cognitotest.NewServer()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", u.Hostname())
	assert.Equal(t, srv.URL, srv.Endpoint(), "without a base path the endpoint is the URL")
	srv.Close()
	srv.Close() // a second Close is harmless

	_, err = http.Post(srv.URL+"/", cognitotest.ContentType, strings.NewReader("{}"))
	require.Error(t, err, "a closed server refuses connections")
}

func TestClientOptionsPointAClientAtTheServer(t *testing.T) {
	tests := []struct {
		name   string
		opts   []cognitotest.Option
		region string
		akid   string
	}{
		{"defaults give us-east-1 and the default key", nil, cognitotest.DefaultRegion, cognitotest.DefaultAccessKeyID},
		{"options override the region and credentials",
			[]cognitotest.Option{cognitotest.WithRegion("eu-west-3"), cognitotest.WithCredentials("AKIDOTHER", "other-secret", "tok")},
			"eu-west-3", "AKIDOTHER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := cognitotest.NewServer(append(tt.opts, cognitotest.WithBasePath("/base"))...)
			t.Cleanup(srv.Close)

			var o cognitopassword.Options
			srv.ClientOptions()(&o)
			assert.Equal(t, tt.region, o.Region)
			assert.Equal(t, srv.URL+"/base", o.BaseEndpoint)
			require.NotNil(t, o.Credentials)
			creds, err := o.Credentials.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.akid, creds.AccessKeyID)
			assert.Equal(t, srv.Credentials(), creds)
			assert.Equal(t, tt.region, srv.Region())
		})
	}
}

func TestEveryResponseHasARequestIDAndTheJSONContentType(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")

	ok := h.forgot("alice")
	requireOK(t, ok)
	bad := h.forgot("nobody")
	requireError(t, bad, http.StatusBadRequest, "UserNotFoundException", "Username/client id combination not found.")

	for _, r := range []response{ok, bad} {
		assert.Regexp(t, requestIDPattern, r.header.Get("X-Amzn-Requestid"))
		assert.Equal(t, cognitotest.ContentType, r.header.Get("Content-Type"))
	}
	assert.NotEqual(t, ok.header.Get("X-Amzn-Requestid"), bad.header.Get("X-Amzn-Requestid"))
}

func TestProtocolErrors(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{}, cognitotest.WithMaxBodyBytes(1024))

	post := func(t *testing.T, path, target, contentType, body string) response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if target != "" {
			req.Header.Set("X-Amz-Target", target)
		}
		return send(t, req)
	}
	forgot := cognitotest.TargetPrefix + "ForgotPassword"

	tests := []struct {
		name        string
		path        string
		target      string
		contentType string
		body        string
		status      int
		code        string
	}{
		{"an unknown operation is UnknownOperationException", "/cognito/", cognitotest.TargetPrefix + "DeleteEverything", cognitotest.ContentType, "{}", 400, "UnknownOperationException"},
		{"a target without the service prefix is unknown", "/cognito/", "ForgotPassword", cognitotest.ContentType, "{}", 400, "UnknownOperationException"},
		{"a missing target is unknown", "/cognito/", "", cognitotest.ContentType, "{}", 400, "UnknownOperationException"},
		{"malformed JSON is a SerializationException", "/cognito/", forgot, cognitotest.ContentType, "{not json", 400, "SerializationException"},
		{"an empty body is a SerializationException", "/cognito/", forgot, cognitotest.ContentType, "", 400, "SerializationException"},
		{"a member of the wrong type is a SerializationException", "/cognito/", forgot, cognitotest.ContentType, `{"ClientId": 5}`, 400, "SerializationException"},
		{"plain JSON content is refused", "/cognito/", forgot, "application/json", "{}", 400, "SerializationException"},
		{"a body over the cap is refused with 413", "/cognito/", forgot, cognitotest.ContentType, `{"Username":"` + strings.Repeat("a", 2000) + `"}`, 413, "SerializationException"},
		{"a path outside the base path is 404", "/", forgot, cognitotest.ContentType, "{}", 404, "UnknownOperationException"},
		{"the base path without a trailing slash is served", "/cognito", forgot, cognitotest.ContentType, "{}", 400, "InvalidParameterException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, tt.path, tt.target, tt.contentType, tt.body)
			requireError(t, r, tt.status, tt.code, "")
			assert.Regexp(t, requestIDPattern, r.header.Get("X-Amzn-Requestid"))
		})
	}

	t.Run("a GET is refused with 405", func(t *testing.T) {
		res, err := http.Get(h.srv.Endpoint() + "/")
		require.NoError(t, err)
		defer res.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
		assert.Equal(t, "POST", res.Header.Get("Allow"))
	})
}

func TestValidationErrorsNameTheMember(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	tests := []struct {
		name    string
		op      string
		in      map[string]any
		message string
	}{
		{"a missing client id", "ForgotPassword", map[string]any{"Username": "alice"},
			"1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"a missing username", "ForgotPassword", map[string]any{"ClientId": h.client.ID},
			"1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"a client id with a bad character", "ForgotPassword", map[string]any{"ClientId": "a-b", "Username": "alice"},
			`1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+]+`},
		{"a username over 128 characters", "ForgotPassword", map[string]any{"ClientId": h.client.ID, "Username": strings.Repeat("u", 129)},
			"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"a password with a space", "ConfirmForgotPassword", map[string]any{"ClientId": h.client.ID, "Username": "alice", "ConfirmationCode": "123456", "Password": "a b"},
			`1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\S]+`},
		{"an access token with a bad character", "ChangePassword", map[string]any{"AccessToken": "a b", "PreviousPassword": "x", "ProposedPassword": "y"},
			"1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireError(t, h.call(tt.op, tt.in), 400, "InvalidParameterException", tt.message)
		})
	}
}

func TestUnknownPoolAndClient(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	t.Run("an unknown client id is ResourceNotFoundException", func(t *testing.T) {
		r := h.call("ForgotPassword", map[string]any{"ClientId": "nosuchclient", "Username": "alice"})
		requireError(t, r, 400, "ResourceNotFoundException", "User pool client nosuchclient does not exist.")
	})
	t.Run("an unknown pool id is ResourceNotFoundException", func(t *testing.T) {
		r := h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": "us-east-1_nosuch", "Username": "alice", "Password": newPassword})
		requireError(t, r, 400, "ResourceNotFoundException", "User pool us-east-1_nosuch does not exist.")
	})
}

func TestRequestsAreLogged(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.forgot("alice")
	h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice", "Password": newPassword, "Permanent": true})
	h.call("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice", "Password": newPassword})

	reqs := h.srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, cognitotest.Request{Op: "ForgotPassword", Time: t0, Status: 200}, reqs[0])
	assert.Equal(t, cognitotest.Request{Op: "AdminSetUserPassword", Signed: true, Time: t0, Status: 200}, reqs[1])
	assert.Equal(t, cognitotest.Request{Op: "AdminSetUserPassword", Time: t0, Status: 400, ErrorCode: "MissingAuthenticationTokenException"}, reqs[2])
	assert.Equal(t, 2, h.srv.RequestCount("AdminSetUserPassword"))
	assert.Equal(t, 3, h.srv.RequestCount(""))

	h.srv.ClearRequests()
	assert.Empty(t, h.srv.Requests())
}

func TestOperationsListsTheImplementedOperations(t *testing.T) {
	ops := cognitotest.Operations()
	for _, op := range []string{"AdminResetUserPassword", "AdminSetUserPassword", "ConfirmForgotPassword",
		"ResendConfirmationCode", "ForgotPassword", "ChangePassword", "InitiateAuth", "CreateUserPool",
		"CreateUserPoolClient", "AdminCreateUser", "AdminGetUser"} {
		assert.Contains(t, ops, op)
	}
	assert.IsIncreasing(t, ops)
}

func TestTheServerIsSafeForConcurrentUse(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeRequests: -1}})
	h.addUser("alice")
	const n = 8
	done := make(chan response, n)
	for range n {
		go func() {
			body := []byte(`{"ClientId":"` + h.client.ID + `","Username":"alice"}`)
			req, _ := http.NewRequest(http.MethodPost, h.srv.Endpoint()+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", cognitotest.ContentType)
			req.Header.Set("X-Amz-Target", cognitotest.TargetPrefix+"ForgotPassword")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- response{}
				return
			}
			res.Body.Close()
			done <- response{status: res.StatusCode}
		}()
	}
	for range n {
		assert.Equal(t, 200, (<-done).status)
	}
	assert.Len(t, h.srv.Outbox(), n)
	assert.Len(t, h.srv.Requests(), n)
}
