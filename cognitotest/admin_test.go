package cognitotest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestAdminSetUserPassword(t *testing.T) {
	tests := []struct {
		name      string
		permanent bool
		status    string
	}{
		{"a permanent password confirms the user", true, cognitotest.StatusConfirmed},
		{"a temporary password forces a change", false, cognitotest.StatusForceChangePassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired })
			r := h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
				"Password": newPassword, "Permanent": tt.permanent})
			requireOK(t, r)
			assert.JSONEq(t, "{}", string(r.raw))
			cognitotest.RequireUserStatus(t, h.pool, "alice", tt.status)
			cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
			assert.False(t, h.pool.PasswordWouldSignIn("alice", oldPassword))
		})
	}

	t.Run("a temporary password expires after TemporaryPasswordValidityDays", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{TemporaryPasswordValidityDays: 2})
		h.addUser("alice")
		requireOK(t, h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice", "Password": newPassword}))
		h.clock.Advance(48*time.Hour - time.Second)
		assert.True(t, h.pool.PasswordWouldSignIn("alice", newPassword))
		assert.Equal(t, "NEW_PASSWORD_REQUIRED", h.signIn("alice", newPassword).body["ChallengeName"])
		h.clock.Advance(time.Second)
		assert.False(t, h.pool.PasswordWouldSignIn("alice", newPassword))
		requireError(t, h.signIn("alice", newPassword), 400, "NotAuthorizedException",
			"Temporary password has expired and must be reset by an administrator.")
	})

	t.Run("a password against the policy is InvalidPasswordException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		r := h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice", "Password": "short", "Permanent": true})
		requireError(t, r, 400, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)
	})

	t.Run("a recent password is refused when history is on", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{PasswordHistorySize: 2})
		h.addUser("alice")
		set := func(pw string) response {
			return h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice", "Password": pw, "Permanent": true})
		}
		requireError(t, set(oldPassword), 400, "PasswordHistoryPolicyViolationException", "")
		requireOK(t, set(newPassword))
		requireError(t, set(oldPassword), 400, "PasswordHistoryPolicyViolationException", "")
		requireOK(t, set(altPassword))
		requireOK(t, set(oldPassword)) // now three passwords back: out of a history of two
	})

	t.Run("an unknown user is UserNotFoundException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "nobody", "Password": newPassword})
		requireError(t, r, 400, "UserNotFoundException", "User does not exist.")
	})
}

func TestAdminResetUserPassword(t *testing.T) {
	t.Run("the user must reset and gets a code", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		r := h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
			"ClientMetadata": map[string]string{"reason": "audit"}})
		requireOK(t, r)
		assert.JSONEq(t, "{}", string(r.raw))
		cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusResetRequired)
		assert.False(t, h.pool.PasswordWouldSignIn("alice", oldPassword), "the old password is invalidated")
		requireError(t, h.signIn("alice", oldPassword), 400, "PasswordResetRequiredException", "Password reset required for the user")

		out := h.srv.Outbox()
		require.Len(t, out, 1)
		assert.Equal(t, "CustomMessage_ForgotPassword", out[0].Trigger)
		assert.Equal(t, "", out[0].ClientID)
		assert.Equal(t, "alice@example.com", out[0].Destination)
		assert.Equal(t, map[string]string{"reason": "audit"}, out[0].ClientMetadata)

		requireOK(t, h.confirm("alice", h.lastCode("alice"), newPassword))
		cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
	})

	t.Run("a user without a verified contact cannot be reset", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice", func(c *cognitotest.UserConfig) { c.EmailVerified = false })
		r := h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"})
		requireError(t, r, 400, "InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number")
		cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
	})

	t.Run("an admin-only pool resets without sending a code", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryAdminOnly}})
		h.addUser("alice", func(c *cognitotest.UserConfig) { c.EmailVerified = false })
		requireOK(t, h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
		cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusResetRequired)
		assert.Empty(t, h.srv.Outbox())
	})

	t.Run("an unknown user is UserNotFoundException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "nobody"})
		requireError(t, r, 400, "UserNotFoundException", "User does not exist.")
	})
}

func TestSigV4Verification(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	body := []byte(`{"UserPoolId":"` + h.pool.ID() + `","Username":"alice","Password":"` + newPassword + `","Permanent":true}`)
	creds := h.srv.Credentials()

	signed := func(t *testing.T, c aws.Credentials, region string, at time.Time, tamper func(*http.Request)) response {
		t.Helper()
		req := h.newRequest("AdminSetUserPassword", body)
		signRequest(t, req, body, c, region, at)
		if tamper != nil {
			tamper(req)
		}
		return send(t, req)
	}
	otherSecret := creds
	otherSecret.SecretAccessKey = "not-the-secret"
	otherKey := creds
	otherKey.AccessKeyID = "AKIDUNKNOWN"

	tests := []struct {
		name    string
		resp    func(t *testing.T) response
		code    string
		message string
	}{
		{"an unsigned request is MissingAuthenticationTokenException",
			func(t *testing.T) response { return h.call("AdminSetUserPassword", json.RawMessage(body)) },
			"MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"an unknown access key is UnrecognizedClientException",
			func(t *testing.T) response { return signed(t, otherKey, h.srv.Region(), t0, nil) },
			"UnrecognizedClientException", "The security token included in the request is invalid."},
		{"a wrong secret is InvalidSignatureException",
			func(t *testing.T) response { return signed(t, otherSecret, h.srv.Region(), t0, nil) },
			"InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."},
		{"a tampered signed header is InvalidSignatureException",
			func(t *testing.T) response {
				return signed(t, creds, h.srv.Region(), t0, func(r *http.Request) {
					r.Header.Set("Content-Type", cognitotest.ContentType+"; charset=utf-8")
				})
			}, "InvalidSignatureException", ""},
		{"a tampered body is InvalidSignatureException",
			func(t *testing.T) response {
				req := h.newRequest("AdminSetUserPassword", body)
				signRequest(t, req, body, creds, h.srv.Region(), t0)
				evil := []byte(strings.Replace(string(body), "alice", "mallo", 1))
				req2 := h.newRequest("AdminSetUserPassword", evil)
				req2.Header = req.Header
				return send(t, req2)
			}, "InvalidSignatureException", ""},
		{"another region is InvalidSignatureException",
			func(t *testing.T) response { return signed(t, creds, "eu-west-1", t0, nil) },
			"InvalidSignatureException", "Credential should be scoped to a valid region."},
		{"a signature six minutes old has expired",
			func(t *testing.T) response { return signed(t, creds, h.srv.Region(), t0.Add(-6*time.Minute), nil) },
			"InvalidSignatureException", "Signature expired: 20250314T092053Z is now earlier than 20250314T092153Z (20250314T092653Z - 5 min.)"},
		{"a signature six minutes ahead is not yet current",
			func(t *testing.T) response { return signed(t, creds, h.srv.Region(), t0.Add(6*time.Minute), nil) },
			"InvalidSignatureException", "Signature not yet current: 20250314T093253Z is still later than 20250314T093153Z (20250314T092653Z + 5 min.)"},
		{"a malformed Authorization header is IncompleteSignatureException",
			func(t *testing.T) response {
				return signed(t, creds, h.srv.Region(), t0, func(r *http.Request) { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 garbage") })
			}, "IncompleteSignatureException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireError(t, tt.resp(t), 400, tt.code, tt.message)
			cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)
		})
	}

	t.Run("a signature four minutes old is accepted", func(t *testing.T) {
		requireOK(t, signed(t, creds, h.srv.Region(), t0.Add(-4*time.Minute), nil))
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
	})

	t.Run("WithMaxSkew below zero turns the skew check off", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{}, cognitotest.WithMaxSkew(-1))
		h.addUser("alice")
		b := []byte(`{"UserPoolId":"` + h.pool.ID() + `","Username":"alice"}`)
		req := h.newRequest("AdminGetUser", b)
		signRequest(t, req, b, h.srv.Credentials(), h.srv.Region(), t0.Add(-72*time.Hour))
		requireOK(t, send(t, req))
	})

	t.Run("a session token must be sent when configured", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{}, cognitotest.WithCredentials("AKIDSESSION", "secret", "session-token"))
		h.addUser("alice")
		b := []byte(`{"UserPoolId":"` + h.pool.ID() + `","Username":"alice"}`)
		noToken := h.srv.Credentials()
		noToken.SessionToken = ""
		req := h.newRequest("AdminResetUserPassword", b)
		signRequest(t, req, b, noToken, h.srv.Region(), t0)
		requireError(t, send(t, req), 400, "UnrecognizedClientException", "")

		req = h.newRequest("AdminResetUserPassword", b)
		signRequest(t, req, b, h.srv.Credentials(), h.srv.Region(), t0)
		requireOK(t, send(t, req))
	})
}

func TestSetupOperationsAcceptUnsignedOrValidlySignedRequests(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	in := map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}
	requireOK(t, h.call("AdminGetUser", in))
	requireOK(t, h.admin("AdminGetUser", in))

	b, _ := json.Marshal(in)
	req := h.newRequest("AdminGetUser", b)
	bad := h.srv.Credentials()
	bad.SecretAccessKey = "wrong"
	signRequest(t, req, b, bad, h.srv.Region(), t0)
	requireError(t, send(t, req), 400, "InvalidSignatureException", "")
}

func TestPublicOperationsIgnoreSignatures(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	requireOK(t, h.do("ForgotPassword", map[string]any{"ClientId": h.client.ID, "Username": "alice"}, true))
	assert.True(t, h.srv.Requests()[0].Signed)

	b, _ := json.Marshal(map[string]any{"ClientId": h.client.ID, "Username": "alice"})
	req := h.newRequest("ForgotPassword", b)
	bad := h.srv.Credentials()
	bad.SecretAccessKey = "wrong"
	signRequest(t, req, b, bad, h.srv.Region(), t0)
	requireOK(t, send(t, req))
}
