package cognitotest_test

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9-_=.]+$`)

func (h *harness) changePassword(token, previous, proposed string) response {
	h.t.Helper()
	return h.call("ChangePassword", map[string]any{"AccessToken": token, "PreviousPassword": previous, "ProposedPassword": proposed})
}

func (h *harness) token(username string) string {
	h.t.Helper()
	tok, err := h.pool.IssueAccessToken(h.client.ID, username)
	require.NoError(h.t, err)
	return tok
}

func TestInitiateAuth(t *testing.T) {
	t.Run("a confirmed user gets tokens", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		r := h.signIn("alice", oldPassword)
		requireOK(t, r)
		res, ok := r.body["AuthenticationResult"].(map[string]any)
		require.True(t, ok, "body: %s", r.raw)
		assert.Equal(t, "Bearer", res["TokenType"])
		assert.Equal(t, float64(3600), res["ExpiresIn"])
		for _, k := range []string{"AccessToken", "IdToken", "RefreshToken"} {
			assert.Regexp(t, tokenPattern, res[k], k)
		}

		parts := strings.Split(res["AccessToken"].(string), ".")
		require.Len(t, parts, 3, "the access token looks like a JWT")
		claims, err := base64.RawURLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		var c map[string]any
		require.NoError(t, json.Unmarshal(claims, &c))
		assert.Equal(t, "alice", c["username"])
		assert.Equal(t, h.client.ID, c["client_id"])
		assert.Equal(t, "access", c["token_use"])
		assert.Equal(t, float64(t0.Add(time.Hour).Unix()), c["exp"])

		requireOK(t, h.changePassword(res["AccessToken"].(string), oldPassword, newPassword))
	})

	t.Run("a temporary password leads to NEW_PASSWORD_REQUIRED", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		r := h.signIn("fay", oldPassword)
		requireOK(t, r)
		assert.Equal(t, "NEW_PASSWORD_REQUIRED", r.body["ChallengeName"])
		assert.NotEmpty(t, r.body["Session"])
		assert.Nil(t, r.body["AuthenticationResult"])
		params := r.body["ChallengeParameters"].(map[string]any)
		assert.Equal(t, "fay", params["USER_ID_FOR_SRP"])
		assert.JSONEq(t, `{"email":"fay@example.com","email_verified":"true"}`, params["userAttributes"].(string))
		assert.Equal(t, "[]", params["requiredAttributes"])

		respond := func(session, pw string) response {
			return h.call("RespondToAuthChallenge", map[string]any{"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": h.client.ID,
				"Session": session, "ChallengeResponses": map[string]string{"USERNAME": "fay", "NEW_PASSWORD": pw}})
		}
		requireError(t, respond(r.body["Session"].(string), "weak"), 400, "InvalidPasswordException", "")
		requireError(t, respond("bogus", newPassword), 400, "NotAuthorizedException", "Invalid session for the user, session is expired.")
		done := respond(r.body["Session"].(string), newPassword)
		requireOK(t, done)
		assert.NotNil(t, done.body["AuthenticationResult"])
		cognitotest.RequireUserStatus(t, h.pool, "fay", cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, h.pool, "fay", newPassword)
		// A session is single-use.
		requireError(t, respond(r.body["Session"].(string), altPassword), 400, "NotAuthorizedException", "")
	})

	t.Run("a challenge session expires after three minutes", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		session := h.signIn("fay", oldPassword).body["Session"].(string)
		h.clock.Advance(cognitotest.AuthSessionValidity)
		r := h.call("RespondToAuthChallenge", map[string]any{"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": h.client.ID,
			"Session": session, "ChallengeResponses": map[string]string{"USERNAME": "fay", "NEW_PASSWORD": newPassword}})
		requireError(t, r, 400, "NotAuthorizedException", "Invalid session for the user, session is expired.")
	})

	tests := []struct {
		name     string
		user     func(*cognitotest.UserConfig)
		username string
		password string
		code     string
		message  string
	}{
		{"a wrong password is NotAuthorizedException", nil, "alice", "wrong",
			"NotAuthorizedException", "Incorrect username or password."},
		{"an unknown user is UserNotFoundException", nil, "nobody", oldPassword,
			"UserNotFoundException", "User does not exist."},
		{"a RESET_REQUIRED user must reset", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired }, "alice", oldPassword,
			"PasswordResetRequiredException", "Password reset required for the user"},
		{"an UNCONFIRMED user must confirm, even with a wrong password", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusUnconfirmed }, "alice", "wrong",
			"UserNotConfirmedException", "User is not confirmed."},
		{"a disabled user is refused", func(c *cognitotest.UserConfig) { c.Disabled = true }, "alice", oldPassword,
			"NotAuthorizedException", "User is disabled."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			if tt.user == nil {
				tt.user = func(*cognitotest.UserConfig) {}
			}
			h.addUser("alice", tt.user)
			requireError(t, h.signIn(tt.username, tt.password), 400, tt.code, tt.message)
		})
	}

	t.Run("an unknown user is a wrong password with PreventUserExistenceErrors", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		c, err := h.pool.CreateAppClient(cognitotest.ClientConfig{PreventUserExistenceErrors: true, ExplicitAuthFlows: allFlows})
		require.NoError(t, err)
		r := h.call("InitiateAuth", map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": c.ID,
			"AuthParameters": map[string]string{"USERNAME": "nobody", "PASSWORD": "x"}})
		requireError(t, r, 400, "NotAuthorizedException", "Incorrect username or password.")
	})

	t.Run("admin flows and missing parameters are InvalidParameterException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.call("InitiateAuth", map[string]any{"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": h.client.ID,
			"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}})
		requireError(t, r, 400, "InvalidParameterException", "Initiate Auth method not supported.")
		r = h.call("InitiateAuth", map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": h.client.ID,
			"AuthParameters": map[string]string{"PASSWORD": "x"}})
		requireError(t, r, 400, "InvalidParameterException", "Missing required parameter USERNAME")
	})
}

func TestChangePassword(t *testing.T) {
	t.Run("the right previous password changes it", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		tok := h.token("alice")
		assert.Regexp(t, tokenPattern, tok)
		r := h.changePassword(tok, oldPassword, newPassword)
		requireOK(t, r)
		assert.JSONEq(t, "{}", string(r.raw))
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
		assert.False(t, h.pool.PasswordWouldSignIn("alice", oldPassword))
		requireOK(t, h.changePassword(tok, newPassword, altPassword)) // the token stays valid
	})

	t.Run("a wrong previous password is NotAuthorizedException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireError(t, h.changePassword(h.token("alice"), "Wr0ng-password", newPassword), 400, "NotAuthorizedException", "Incorrect username or password.")
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)
	})

	t.Run("a token expires after the client's validity", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		tok := h.token("alice")
		h.clock.Advance(time.Hour - time.Second)
		requireOK(t, h.changePassword(tok, oldPassword, newPassword))
		h.clock.Advance(time.Second)
		requireError(t, h.changePassword(tok, newPassword, altPassword), 400, "NotAuthorizedException", "Access Token has expired")
	})

	t.Run("a client's AccessTokenValidity sets the lifetime", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		c, err := h.pool.CreateAppClient(cognitotest.ClientConfig{AccessTokenValidity: 10 * time.Minute})
		require.NoError(t, err)
		tok, err := h.pool.IssueAccessToken(c.ID, "alice")
		require.NoError(t, err)
		h.clock.Advance(10 * time.Minute)
		requireError(t, h.changePassword(tok, oldPassword, newPassword), 400, "NotAuthorizedException", "Access Token has expired")
	})

	t.Run("revoked tokens are refused", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.addUser("bob")
		tok, bobs := h.token("alice"), h.token("bob")
		require.NoError(t, h.pool.RevokeTokens("alice"))
		requireError(t, h.changePassword(tok, oldPassword, newPassword), 400, "NotAuthorizedException", "Access Token has been revoked")
		requireOK(t, h.changePassword(bobs, oldPassword, newPassword))
		requireOK(t, h.changePassword(h.token("alice"), oldPassword, newPassword)) // a new token works
	})

	t.Run("GlobalSignOut revokes the user's tokens", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		tok, other := h.token("alice"), h.token("alice")
		requireOK(t, h.call("GlobalSignOut", map[string]any{"AccessToken": tok}))
		requireError(t, h.changePassword(other, oldPassword, newPassword), 400, "NotAuthorizedException", "Access Token has been revoked")
	})

	t.Run("AdminUserGlobalSignOut revokes the user's tokens", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		tok := h.token("alice")
		requireOK(t, h.admin("AdminUserGlobalSignOut", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
		requireError(t, h.changePassword(tok, oldPassword, newPassword), 400, "NotAuthorizedException", "Access Token has been revoked")
	})

	t.Run("an unknown token is NotAuthorizedException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		requireError(t, h.changePassword("abc.def.ghi", oldPassword, newPassword), 400, "NotAuthorizedException", "Invalid Access Token")
	})

	t.Run("the policy and history apply", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{PasswordHistorySize: 1})
		h.addUser("alice")
		tok := h.token("alice")
		requireError(t, h.changePassword(tok, oldPassword, "short"), 400, "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
		requireError(t, h.changePassword(tok, oldPassword, oldPassword), 400, "PasswordHistoryPolicyViolationException", "")
	})

	t.Run("a user who must reset cannot change", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		tok := h.token("alice")
		requireOK(t, h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
		requireError(t, h.changePassword(tok, oldPassword, newPassword), 400, "PasswordResetRequiredException", "")
	})

	t.Run("IssueAccessToken names unknown users and clients", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		_, err := h.pool.IssueAccessToken(h.client.ID, "nobody")
		require.ErrorIs(t, err, cognitotest.ErrUserNotFound)
		_, err = h.pool.IssueAccessToken("nosuchclient", "alice")
		require.ErrorIs(t, err, cognitotest.ErrClientNotFound)
		require.ErrorIs(t, h.pool.RevokeTokens("nobody"), cognitotest.ErrUserNotFound)
	})
}
