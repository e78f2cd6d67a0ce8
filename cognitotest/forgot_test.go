package cognitotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestForgotPasswordSendsACodeByTheRecoveryRoute(t *testing.T) {
	phone := func(c *cognitotest.UserConfig) {
		c.Attributes["phone_number"] = "+12065550123"
		c.PhoneVerified = true
	}
	emailUnverified := func(c *cognitotest.UserConfig) { c.EmailVerified = false }

	tests := []struct {
		name     string
		recovery []cognitotest.RecoveryOption
		user     []func(*cognitotest.UserConfig)
		medium   string
		attr     string
		masked   string
		dest     string
	}{
		{"a verified email gets the code by email", nil, nil,
			"EMAIL", "email", "a***@e***", "alice@example.com"},
		{"the legacy order prefers a verified phone to a verified email", nil, []func(*cognitotest.UserConfig){phone},
			"SMS", "phone_number", "+*******0123", "+12065550123"},
		{"a priority list puts email first", []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail, cognitotest.RecoveryVerifiedPhone},
			[]func(*cognitotest.UserConfig){phone}, "EMAIL", "email", "a***@e***", "alice@example.com"},
		{"the second mechanism is used when the first is not verified", []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail, cognitotest.RecoveryVerifiedPhone},
			[]func(*cognitotest.UserConfig){phone, emailUnverified}, "SMS", "phone_number", "+*******0123", "+12065550123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{AccountRecovery: tt.recovery})
			h.addUser("alice", tt.user...)

			r := h.forgot("alice")
			requireOK(t, r)
			assert.Equal(t, map[string]any{"DeliveryMedium": tt.medium, "AttributeName": tt.attr, "Destination": tt.masked}, delivery(t, r))

			out := h.srv.Outbox()
			require.Len(t, out, 1)
			m := out[0]
			assert.Equal(t, h.pool.ID(), m.PoolID)
			assert.Equal(t, h.client.ID, m.ClientID)
			assert.Equal(t, "alice", m.Username)
			assert.Equal(t, "CustomMessage_ForgotPassword", m.Trigger)
			assert.Equal(t, tt.medium, m.Medium)
			assert.Equal(t, tt.attr, m.AttributeName)
			assert.Equal(t, tt.dest, m.Destination)
			assert.Regexp(t, `^\d{6}$`, m.Code)
			assert.Equal(t, t0, m.Time)
			assert.Equal(t, m.Code, h.lastCode("alice"))
			cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
			cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)
		})
	}
}

func TestForgotPasswordKeepsClientMetadata(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	r := h.call("ForgotPassword", map[string]any{"ClientId": h.client.ID, "Username": "alice",
		"ClientMetadata": map[string]string{"source": "app"}})
	requireOK(t, r)
	assert.Equal(t, map[string]string{"source": "app"}, h.srv.Outbox()[0].ClientMetadata)
}

func TestForgotPasswordFailures(t *testing.T) {
	tests := []struct {
		name     string
		recovery []cognitotest.RecoveryOption
		user     func(*cognitotest.UserConfig)
		username string
		code     string
		message  string
	}{
		{"an unknown user is UserNotFoundException", nil, nil, "nobody",
			"UserNotFoundException", "Username/client id combination not found."},
		{"a user without a verified contact is InvalidParameterException", nil,
			func(c *cognitotest.UserConfig) { c.EmailVerified = false }, "alice",
			"InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"},
		{"a user with only a verified phone and an email-only pool has no route",
			[]cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail},
			func(c *cognitotest.UserConfig) {
				c.EmailVerified = false
				c.Attributes["phone_number"] = "+33612345678"
				c.PhoneVerified = true
			}, "alice",
			"InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"},
		{"a FORCE_CHANGE_PASSWORD user cannot reset", nil,
			func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword }, "alice",
			"NotAuthorizedException", "User password cannot be reset in the current state."},
		{"an admin-only pool refuses self-service reset", []cognitotest.RecoveryOption{cognitotest.RecoveryAdminOnly}, nil, "alice",
			"NotAuthorizedException", "Contact administrator to reset password."},
		{"a disabled user is NotAuthorizedException", nil,
			func(c *cognitotest.UserConfig) { c.Disabled = true }, "alice",
			"NotAuthorizedException", "User is disabled."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{AccountRecovery: tt.recovery})
			if tt.user != nil {
				h.addUser("alice", tt.user)
			} else {
				h.addUser("alice")
			}
			requireError(t, h.forgot(tt.username), 400, tt.code, tt.message)
			assert.Empty(t, h.srv.Outbox(), "no message is sent")
		})
	}
}

func TestPreventUserExistenceErrorsSimulatesDelivery(t *testing.T) {
	newEnabled := func(t *testing.T, cfg cognitotest.PoolConfig) (*harness, cognitotest.AppClient) {
		h := newHarness(t, cfg)
		c, err := h.pool.CreateAppClient(cognitotest.ClientConfig{PreventUserExistenceErrors: true})
		require.NoError(t, err)
		h.addUser("carol", func(c *cognitotest.UserConfig) { c.EmailVerified = false })
		return h, c
	}
	forgot := func(h *harness, c cognitotest.AppClient, username string) response {
		return h.call("ForgotPassword", map[string]any{"ClientId": c.ID, "Username": username})
	}

	tests := []struct {
		name     string
		cfg      cognitotest.PoolConfig
		username string
		want     map[string]any
	}{
		{"an unknown email-like username gets a masked email", cognitotest.PoolConfig{}, "ghost@example.org",
			map[string]any{"DeliveryMedium": "EMAIL", "AttributeName": "email", "Destination": "g***@e***"}},
		{"an unknown username in a legacy pool gets a masked phone", cognitotest.PoolConfig{}, "ghost",
			map[string]any{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}},
		{"an unknown username in an email-first pool gets a masked email",
			cognitotest.PoolConfig{AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail}}, "ghost",
			map[string]any{"DeliveryMedium": "EMAIL", "AttributeName": "email"}},
		{"a user without a verified contact is hidden too", cognitotest.PoolConfig{}, "carol",
			map[string]any{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, c := newEnabled(t, tt.cfg)
			r := forgot(h, c, tt.username)
			requireOK(t, r)
			d := delivery(t, r)
			for k, v := range tt.want {
				assert.Equal(t, v, d[k], k)
			}
			switch d["DeliveryMedium"] {
			case "SMS":
				assert.Regexp(t, `^\+\*{7}\d{4}$`, d["Destination"])
			default:
				assert.Regexp(t, `^.\*\*\*@.\*\*\*$`, d["Destination"])
			}
			assert.Equal(t, r.body, forgot(h, c, tt.username).body, "the simulated answer is stable")
			assert.Empty(t, h.srv.Outbox(), "no message is sent")
		})
	}

	t.Run("ConfirmForgotPassword for an unknown user is CodeMismatchException", func(t *testing.T) {
		h, c := newEnabled(t, cognitotest.PoolConfig{})
		r := h.call("ConfirmForgotPassword", map[string]any{"ClientId": c.ID, "Username": "ghost",
			"ConfirmationCode": "123456", "Password": newPassword})
		requireError(t, r, 400, "CodeMismatchException", "Invalid verification code provided, please try again.")
	})

	t.Run("a disabled user is hidden like an unknown one", func(t *testing.T) {
		h, c := newEnabled(t, cognitotest.PoolConfig{})
		h.addUser("dora", func(c *cognitotest.UserConfig) { c.Disabled = true })
		r := forgot(h, c, "dora")
		requireOK(t, r)
		assert.Equal(t, r.body, forgot(h, c, "dora").body, "the simulated answer is stable")
		assert.Empty(t, h.srv.Outbox(), "no message is sent")
		requireError(t, h.call("ConfirmForgotPassword", map[string]any{"ClientId": c.ID, "Username": "dora",
			"ConfirmationCode": "123456", "Password": newPassword}), 400, "CodeMismatchException", "")
	})

	t.Run("ConfirmSignUp for an unknown user is CodeMismatchException", func(t *testing.T) {
		h, c := newEnabled(t, cognitotest.PoolConfig{})
		r := h.call("ConfirmSignUp", map[string]any{"ClientId": c.ID, "Username": "ghost", "ConfirmationCode": "123456"})
		requireError(t, r, 400, "CodeMismatchException", "")
	})
}

func TestConfirmForgotPassword(t *testing.T) {
	t.Run("the right code sets the password and confirms the user", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired })
		requireOK(t, h.forgot("alice"))
		r := h.confirm("alice", h.lastCode("alice"), newPassword)
		requireOK(t, r)
		assert.JSONEq(t, "{}", string(r.raw))
		cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
		assert.True(t, h.pool.PasswordWouldSignIn("alice", newPassword))
		assert.False(t, h.pool.PasswordWouldSignIn("alice", oldPassword))
	})

	t.Run("an unconfirmed user with a verified email is confirmed by the reset", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("uma", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusUnconfirmed })
		requireOK(t, h.forgot("uma"))
		requireOK(t, h.confirm("uma", h.lastCode("uma"), newPassword))
		cognitotest.RequireUserStatus(t, h.pool, "uma", cognitotest.StatusConfirmed)
	})

	t.Run("a code is single-use", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		code := h.lastCode("alice")
		requireOK(t, h.confirm("alice", code, newPassword))
		requireError(t, h.confirm("alice", code, altPassword), 400, "ExpiredCodeException",
			"Invalid code provided, please request a code again.")
		assert.True(t, h.pool.PasswordWouldSignIn("alice", newPassword))
	})

	t.Run("a code expires after one hour on the server clock", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		code := h.lastCode("alice")
		h.clock.Advance(cognitotest.ResetCodeValidity)
		requireError(t, h.confirm("alice", code, newPassword), 400, "ExpiredCodeException",
			"Invalid code provided, please request a code again.")
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)
	})

	t.Run("a code is still valid just before the hour", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		h.clock.Advance(cognitotest.ResetCodeValidity - time.Second)
		requireOK(t, h.confirm("alice", h.lastCode("alice"), newPassword))
	})

	t.Run("a new code replaces the previous one", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		first := h.lastCode("alice")
		requireOK(t, h.forgot("alice"))
		second := h.lastCode("alice")
		if first != second {
			requireError(t, h.confirm("alice", first, newPassword), 400, "CodeMismatchException", "")
		}
		requireOK(t, h.confirm("alice", second, newPassword))
	})

	t.Run("no code requested is ExpiredCodeException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireError(t, h.confirm("alice", "123456", newPassword), 400, "ExpiredCodeException", "")
	})

	t.Run("a wrong code is CodeMismatchException and keeps the code", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		code := h.lastCode("alice")
		requireError(t, h.confirm("alice", wrongCode(code), newPassword), 400, "CodeMismatchException",
			"Invalid verification code provided, please try again.")
		requireOK(t, h.confirm("alice", code, newPassword))
	})

	t.Run("an unknown user is UserNotFoundException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		requireError(t, h.confirm("nobody", "123456", newPassword), 400, "UserNotFoundException",
			"Username/client id combination not found.")
	})
}

func TestConfirmForgotPasswordChecksThePolicyAndHistory(t *testing.T) {
	tests := []struct {
		name     string
		cfg      cognitotest.PoolConfig
		password string
		code     string
		message  string
	}{
		{"a short password", cognitotest.PoolConfig{}, "Ab1!xyz", "InvalidPasswordException",
			"Password did not conform with policy: Password not long enough"},
		{"no lowercase letter", cognitotest.PoolConfig{}, "AB1!XYZW", "InvalidPasswordException",
			"Password did not conform with policy: Password must have lowercase characters"},
		{"no uppercase letter", cognitotest.PoolConfig{}, "ab1!xyzw", "InvalidPasswordException",
			"Password did not conform with policy: Password must have uppercase characters"},
		{"no digit", cognitotest.PoolConfig{}, "Abc!xyzw", "InvalidPasswordException",
			"Password did not conform with policy: Password must have numeric characters"},
		{"no symbol", cognitotest.PoolConfig{}, "Abc1xyzw", "InvalidPasswordException",
			"Password did not conform with policy: Password must have symbol characters"},
		{"a custom policy allows a plain long password",
			cognitotest.PoolConfig{PasswordPolicy: &cognitotest.PasswordPolicy{MinimumLength: 12}}, "plainlongpassword", "", ""},
		{"the current password with history on", cognitotest.PoolConfig{PasswordHistorySize: 3}, oldPassword,
			"PasswordHistoryPolicyViolationException", ""},
		{"the current password with history off is allowed", cognitotest.PoolConfig{}, oldPassword, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg)
			h.addUser("alice")
			requireOK(t, h.forgot("alice"))
			code := h.lastCode("alice")
			r := h.confirm("alice", code, tt.password)
			if tt.code == "" {
				requireOK(t, r)
				cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", tt.password)
				return
			}
			requireError(t, r, 400, tt.code, tt.message)
			requireOK(t, h.confirm("alice", code, newPassword))
		})
	}
}
