package cognitotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func unconfirmed(c *cognitotest.UserConfig) {
	c.Status = cognitotest.StatusUnconfirmed
	c.EmailVerified = false
}

func (h *harness) resend(username string) response {
	h.t.Helper()
	return h.call("ResendConfirmationCode", map[string]any{"ClientId": h.client.ID, "Username": username})
}

func (h *harness) confirmSignUp(username, code string) response {
	h.t.Helper()
	return h.call("ConfirmSignUp", map[string]any{"ClientId": h.client.ID, "Username": username, "ConfirmationCode": code})
}

func TestResendConfirmationCode(t *testing.T) {
	t.Run("an unconfirmed user gets a sign-up code", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("uma", unconfirmed)
		r := h.resend("uma")
		requireOK(t, r)
		assert.Equal(t, map[string]any{"DeliveryMedium": "EMAIL", "AttributeName": "email", "Destination": "u***@e***"}, delivery(t, r))
		out := h.srv.Outbox()
		require.Len(t, out, 1)
		assert.Equal(t, "CustomMessage_ResendCode", out[0].Trigger)
		assert.Equal(t, "uma@example.com", out[0].Destination)
		assert.Equal(t, h.client.ID, out[0].ClientID)
	})

	t.Run("a phone-only user gets the code by SMS", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("pat", unconfirmed, func(c *cognitotest.UserConfig) {
			c.Attributes = map[string]string{"phone_number": "+447700900123"}
		})
		r := h.resend("pat")
		requireOK(t, r)
		assert.Equal(t, map[string]any{"DeliveryMedium": "SMS", "AttributeName": "phone_number", "Destination": "+********0123"}, delivery(t, r))
	})

	tests := []struct {
		name     string
		user     func(*cognitotest.UserConfig)
		username string
		code     string
		message  string
	}{
		{"a confirmed user is InvalidParameterException", func(*cognitotest.UserConfig) {}, "alice",
			"InvalidParameterException", "User is already confirmed."},
		{"a reset-required user counts as confirmed", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired }, "alice",
			"InvalidParameterException", "User is already confirmed."},
		{"an unknown user is UserNotFoundException", func(*cognitotest.UserConfig) {}, "nobody",
			"UserNotFoundException", "Username/client id combination not found."},
		{"a user with no email or phone cannot get a code",
			func(c *cognitotest.UserConfig) { unconfirmed(c); c.Attributes = map[string]string{} }, "alice",
			"InvalidParameterException", "Cannot resend codes. Auto verification not turned on."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice", tt.user)
			requireError(t, h.resend(tt.username), 400, tt.code, tt.message)
			assert.Empty(t, h.srv.Outbox())
		})
	}

	t.Run("an unknown user gets a simulated answer with PreventUserExistenceErrors", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		c, err := h.pool.CreateAppClient(cognitotest.ClientConfig{PreventUserExistenceErrors: true})
		require.NoError(t, err)
		r := h.call("ResendConfirmationCode", map[string]any{"ClientId": c.ID, "Username": "ghost@example.com"})
		requireOK(t, r)
		assert.Equal(t, "g***@e***", delivery(t, r)["Destination"])
		assert.Empty(t, h.srv.Outbox())
	})
}

func TestConfirmSignUp(t *testing.T) {
	t.Run("the resent code confirms the user and verifies the email", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("uma", unconfirmed)
		requireOK(t, h.resend("uma"))
		requireOK(t, h.confirmSignUp("uma", h.lastCode("uma")))
		cognitotest.RequireUserStatus(t, h.pool, "uma", cognitotest.StatusConfirmed)
		u, err := h.pool.User("uma")
		require.NoError(t, err)
		assert.Equal(t, "true", u.Attributes["email_verified"])
	})

	t.Run("a sign-up code lasts 24 hours", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("uma", unconfirmed)
		h.addUser("ulf", unconfirmed)
		requireOK(t, h.resend("uma"))
		requireOK(t, h.resend("ulf"))
		h.clock.Advance(cognitotest.SignUpCodeValidity - time.Second)
		requireOK(t, h.confirmSignUp("uma", h.lastCode("uma")))
		h.clock.Advance(time.Second)
		requireError(t, h.confirmSignUp("ulf", h.lastCode("ulf")), 400, "ExpiredCodeException", "")
		cognitotest.RequireUserStatus(t, h.pool, "ulf", cognitotest.StatusUnconfirmed)
	})

	t.Run("a wrong code is CodeMismatchException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("uma", unconfirmed)
		requireOK(t, h.resend("uma"))
		requireError(t, h.confirmSignUp("uma", wrongCode(h.lastCode("uma"))), 400, "CodeMismatchException", "")
	})

	t.Run("a confirmed user cannot be confirmed again", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireError(t, h.confirmSignUp("alice", "123456"), 400, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
	})
}
