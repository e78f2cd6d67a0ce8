package cognitotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestCodeRequestsAreLimitedPerUserAndWindow(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeRequests: 3, CodeRequestWindow: time.Hour}})
	h.addUser("alice")
	h.addUser("bob")
	h.addUser("uma", unconfirmed)

	for range 3 {
		requireOK(t, h.forgot("alice"))
	}
	requireError(t, h.forgot("alice"), 400, "LimitExceededException", "Attempt limit exceeded, please try after some time.")
	requireError(t, h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}),
		400, "LimitExceededException", "")
	requireOK(t, h.forgot("bob")) // the limit is per user
	assert.Len(t, h.srv.Outbox(), 4)

	h.clock.Advance(time.Hour)
	requireOK(t, h.forgot("alice")) // the window slid past the first requests

	for range 3 {
		requireOK(t, h.resend("uma"))
	}
	requireError(t, h.resend("uma"), 400, "LimitExceededException", "")
}

func TestCodeRequestLimitCanBeTurnedOff(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeRequests: -1}})
	h.addUser("alice")
	for range 20 {
		requireOK(t, h.forgot("alice"))
	}
}

func TestWrongCodesBurnTheCode(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeAttempts: 3}})
	h.addUser("alice")
	requireOK(t, h.forgot("alice"))
	code := h.lastCode("alice")

	for range 3 {
		requireError(t, h.confirm("alice", wrongCode(code), newPassword), 400, "CodeMismatchException", "")
	}
	requireError(t, h.confirm("alice", code, newPassword), 400, "TooManyFailedAttemptsException", "")
	cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", oldPassword)

	requireOK(t, h.forgot("alice"))
	requireOK(t, h.confirm("alice", h.lastCode("alice"), newPassword)) // a new code starts afresh
}

func TestWrongPasswordsLockTheUser(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{PasswordAttempts: 3, Lockout: 10 * time.Minute}})
	h.addUser("alice")
	h.addUser("bob")

	for range 3 {
		requireError(t, h.signIn("alice", "Wr0ng-password"), 400, "NotAuthorizedException", "Incorrect username or password.")
	}
	requireError(t, h.signIn("alice", oldPassword), 400, "NotAuthorizedException", "Password attempts exceeded")
	requireOK(t, h.signIn("bob", oldPassword))
	assert.True(t, h.pool.PasswordWouldSignIn("alice", oldPassword), "PasswordWouldSignIn ignores lockouts")

	h.clock.Advance(10 * time.Minute)
	requireOK(t, h.signIn("alice", oldPassword))

	t.Run("ChangePassword counts wrong previous passwords and answers LimitExceededException", func(t *testing.T) {
		tok := h.token("bob")
		for range 3 {
			requireError(t, h.changePassword(tok, "Wr0ng-password", newPassword), 400, "NotAuthorizedException", "Incorrect username or password.")
		}
		requireError(t, h.changePassword(tok, oldPassword, newPassword), 400, "LimitExceededException", "")
		requireError(t, h.signIn("bob", oldPassword), 400, "NotAuthorizedException", "Password attempts exceeded")
	})

	t.Run("a successful sign-in resets the count", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{PasswordAttempts: 2}})
		h.addUser("carol")
		for range 3 {
			requireError(t, h.signIn("carol", "Wr0ng-password"), 400, "NotAuthorizedException", "Incorrect username or password.")
			requireOK(t, h.signIn("carol", oldPassword))
		}
	})
}

func TestANewPasswordLiftsALockout(t *testing.T) {
	tests := []struct {
		name  string
		reset func(h *harness)
	}{
		{"ConfirmForgotPassword", func(h *harness) {
			requireOK(h.t, h.forgot("alice"))
			requireOK(h.t, h.confirm("alice", h.lastCode("alice"), newPassword))
		}},
		{"AdminSetUserPassword", func(h *harness) {
			requireOK(h.t, h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
				"Password": newPassword, "Permanent": true}))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" lifts the lock", func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{PasswordAttempts: 1}})
			h.addUser("alice")
			requireError(t, h.signIn("alice", "Wr0ng-password"), 400, "NotAuthorizedException", "Incorrect username or password.")
			requireError(t, h.signIn("alice", oldPassword), 400, "NotAuthorizedException", "Password attempts exceeded")
			tt.reset(h)
			requireOK(t, h.signIn("alice", newPassword))
		})
	}
}
