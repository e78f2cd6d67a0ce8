package cognitotest_test

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/internal/srp"
)

// srpExchange is one USER_SRP_AUTH sign-in in progress, on the client
// side.
type srpExchange struct {
	h      *harness
	admin  bool
	app    cognitotest.AppClient
	client *srp.Client
	params map[string]string // of the PASSWORD_VERIFIER challenge
}

// startSRP sends USER_SRP_AUTH for username and returns the exchange; the
// challenge must be PASSWORD_VERIFIER.
func (h *harness) startSRP(admin bool, app cognitotest.AppClient, username string) *srpExchange {
	h.t.Helper()
	r, x := h.trySRP(admin, app, username)
	x.params = challenge(h.t, r, "PASSWORD_VERIFIER")
	return x
}

// trySRP sends USER_SRP_AUTH and returns the answer as it is.
func (h *harness) trySRP(admin bool, app cognitotest.AppClient, username string) (response, *srpExchange) {
	h.t.Helper()
	name, err := srp.PoolName(h.pool.ID())
	require.NoError(h.t, err)
	c, err := srp.NewClient(name, rand.Reader)
	require.NoError(h.t, err)
	params := map[string]string{"USERNAME": username, "SRP_A": c.SRPA()}
	if app.Secret != "" {
		params["SECRET_HASH"] = app.SecretHash(username)
	}
	return h.initiate(admin, app, "USER_SRP_AUTH", params), &srpExchange{h: h, admin: admin, app: app, client: c}
}

// claim computes the answer for password at the time at, with TIMESTAMP
// written as Cognito's clients write it.
func (x *srpExchange) claim(password string, at time.Time) map[string]string {
	x.h.t.Helper()
	id := x.params["USER_ID_FOR_SRP"]
	sig, ts, err := x.client.PasswordClaim(id, password, x.params["SRP_B"], x.params["SALT"], x.params["SECRET_BLOCK"], at)
	require.NoError(x.h.t, err)
	a := map[string]string{"USERNAME": id, "PASSWORD_CLAIM_SECRET_BLOCK": x.params["SECRET_BLOCK"],
		"TIMESTAMP": ts, "PASSWORD_CLAIM_SIGNATURE": sig}
	if x.app.Secret != "" {
		a["SECRET_HASH"] = x.app.SecretHash(id)
	}
	return a
}

// answer sends a PASSWORD_VERIFIER answer.
func (x *srpExchange) answer(a map[string]string) response {
	x.h.t.Helper()
	return x.h.respond(x.admin, x.app, "PASSWORD_VERIFIER", "", a)
}

func TestUserSRPAuth(t *testing.T) {
	for _, admin := range []bool{false, true} {
		name := "InitiateAuth"
		if admin {
			name = "AdminInitiateAuth"
		}
		t.Run(name+" with the right password gets tokens", func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			x := h.startSRP(admin, h.client, "alice")
			assert.Equal(t, "alice", x.params["USER_ID_FOR_SRP"])
			assert.Equal(t, "alice", x.params["USERNAME"])
			assert.Regexp(t, `^[0-9a-f]+$`, x.params["SRP_B"])
			assert.Regexp(t, `^[0-9a-f]+$`, x.params["SALT"])
			assert.Regexp(t, `^[A-Za-z0-9+/]+=*$`, x.params["SECRET_BLOCK"])
			res := tokens(t, x.answer(x.claim(oldPassword, h.clock.Now())))
			assert.NotEmpty(t, res["RefreshToken"])
			requireOK(t, h.changePassword(res["AccessToken"].(string), oldPassword, newPassword))
		})
	}

	t.Run("the salt and verifier follow the password", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		salt := h.startSRP(false, h.client, "alice").params["SALT"]
		assert.Equal(t, salt, h.startSRP(false, h.client, "alice").params["SALT"], "the salt is the user's")
		requireOK(t, h.admin("AdminSetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
			"Password": newPassword, "Permanent": true}))
		x := h.startSRP(false, h.client, "alice")
		assert.NotEqual(t, salt, x.params["SALT"], "a new password gets a new salt")
		requireError(t, x.answer(x.claim(oldPassword, h.clock.Now())), 400, "NotAuthorizedException", "Incorrect username or password.")
		x = h.startSRP(false, h.client, "alice")
		tokens(t, x.answer(x.claim(newPassword, h.clock.Now())))
	})

	t.Run("a temporary password leads to NEW_PASSWORD_REQUIRED", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{TemporaryPasswordValidityDays: 1})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		x := h.startSRP(false, h.client, "fay")
		r := x.answer(x.claim(oldPassword, h.clock.Now()))
		params := challenge(t, r, "NEW_PASSWORD_REQUIRED")
		assert.Equal(t, "fay", params["USER_ID_FOR_SRP"])
		tokens(t, h.respond(false, h.client, "NEW_PASSWORD_REQUIRED", r.body["Session"].(string),
			map[string]string{"USERNAME": "fay", "NEW_PASSWORD": newPassword}))
		cognitotest.RequireUserStatus(t, h.pool, "fay", cognitotest.StatusConfirmed)
	})

	t.Run("an expired temporary password is refused after the claim", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{TemporaryPasswordValidityDays: 1})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		h.clock.Advance(24 * time.Hour)
		x := h.startSRP(false, h.client, "fay")
		requireError(t, x.answer(x.claim(oldPassword, h.clock.Now())), 400, "NotAuthorizedException",
			"Temporary password has expired and must be reset by an administrator.")
	})

	t.Run("a client with a secret needs SECRET_HASH in both steps", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		app := h.appClient(cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: allFlows})
		x := h.startSRP(false, app, "alice")
		a := x.claim(oldPassword, h.clock.Now())
		delete(a, "SECRET_HASH")
		requireError(t, x.answer(a), 400, "NotAuthorizedException", "Client "+app.ID+" is configured for secret but secret was not received")
		tokens(t, x.answer(x.claim(oldPassword, h.clock.Now())))
	})

	wrong := []struct {
		name    string
		change  func(a map[string]string)
		code    string
		message string
	}{
		{"a wrong password", nil, "NotAuthorizedException", "Incorrect username or password."},
		{"a secret block the server did not issue", func(a map[string]string) {
			a["PASSWORD_CLAIM_SECRET_BLOCK"] = "AAAA" + a["PASSWORD_CLAIM_SECRET_BLOCK"][4:]
		}, "NotAuthorizedException", "Incorrect username or password."},
		{"a timestamp that cannot be read", func(a map[string]string) { a["TIMESTAMP"] = "2025-03-14T09:26:53Z" },
			"InvalidParameterException", "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."},
		{"another user's name", func(a map[string]string) { a["USERNAME"] = "bob" },
			"NotAuthorizedException", "Incorrect username or password."},
		{"a signature that is not base64", func(a map[string]string) { a["PASSWORD_CLAIM_SIGNATURE"] = "not base64!" },
			"NotAuthorizedException", "Incorrect username or password."},
	}
	for _, tt := range wrong {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			h.addUser("bob")
			x := h.startSRP(false, h.client, "alice")
			password := oldPassword
			if tt.change == nil {
				password = "Wr0ng-password"
			}
			a := x.claim(password, h.clock.Now())
			if tt.change != nil {
				tt.change(a)
			}
			requireError(t, x.answer(a), 400, tt.code, tt.message)
		})
	}

	t.Run("TIMESTAMP is read leniently and the claim checked over Cognito's rendering of it", func(t *testing.T) {
		// t0 is the 14th; on the 3rd a zero-padded day differs from the
		// rendering, so a client that signs "Nov 03" as it sends it fails
		// (the bug of some Python clients), and one that signs "Nov 3"
		// passes whatever zero it adds.
		h := newHarnessAt(t, time.Date(2026, 11, 3, 9, 4, 5, 0, time.UTC), cognitotest.PoolConfig{})
		h.addUser("alice")
		x := h.startSRP(false, h.client, "alice")
		a := x.claim(oldPassword, h.clock.Now())
		require.Equal(t, "Tue Nov 3 09:04:05 UTC 2026", a["TIMESTAMP"])
		a["TIMESTAMP"] = "Tue Nov 03 09:04:05 UTC 2026"
		tokens(t, x.answer(a))
	})

	t.Run("a timestamp outside the server's skew is refused", func(t *testing.T) {
		for _, off := range []time.Duration{-cognitotest.DefaultMaxSkew - time.Second, cognitotest.DefaultMaxSkew + time.Second} {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			x := h.startSRP(false, h.client, "alice")
			requireError(t, x.answer(x.claim(oldPassword, h.clock.Now().Add(off))), 400, "NotAuthorizedException", "Incorrect username or password.")
			x = h.startSRP(false, h.client, "alice")
			tokens(t, x.answer(x.claim(oldPassword, h.clock.Now().Add(off/2))))
		}
	})

	t.Run("the 12-hour clock of some Go clients fails in the afternoon", func(t *testing.T) {
		// At 15:04:05 such a client writes and signs "03:04:05", which is
		// what a correct client writes twelve hours earlier.
		h := newHarnessAt(t, time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC), cognitotest.PoolConfig{})
		h.addUser("alice")
		x := h.startSRP(false, h.client, "alice")
		a := x.claim(oldPassword, h.clock.Now().Add(-12*time.Hour))
		require.Equal(t, "Tue Nov 3 03:04:05 UTC 2026", a["TIMESTAMP"])
		requireError(t, x.answer(a), 400, "NotAuthorizedException", "Incorrect username or password.")
	})

	t.Run("WithMaxSkew(-1) turns the timestamp window off", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{}, cognitotest.WithMaxSkew(-1))
		h.addUser("alice")
		x := h.startSRP(false, h.client, "alice")
		tokens(t, x.answer(x.claim(oldPassword, h.clock.Now().Add(-48*time.Hour))))
	})

	t.Run("a secret block is used once and expires", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		x := h.startSRP(false, h.client, "alice")
		a := x.claim(oldPassword, h.clock.Now())
		tokens(t, x.answer(a))
		requireError(t, x.answer(a), 400, "NotAuthorizedException", "Incorrect username or password.")

		x = h.startSRP(false, h.client, "alice")
		h.clock.Advance(cognitotest.AuthSessionValidity)
		requireError(t, x.answer(x.claim(oldPassword, h.clock.Now())), 400, "NotAuthorizedException", "Incorrect username or password.")
	})

	t.Run("wrong claims count towards the lockout", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{Limits: cognitotest.Limits{PasswordAttempts: 2}})
		h.addUser("alice")
		for range 2 {
			x := h.startSRP(false, h.client, "alice")
			requireError(t, x.answer(x.claim("Wr0ng-password", h.clock.Now())), 400, "NotAuthorizedException", "Incorrect username or password.")
		}
		r, _ := h.trySRP(false, h.client, "alice")
		requireError(t, r, 400, "NotAuthorizedException", "Password attempts exceeded")
	})

	users := []struct {
		name    string
		user    func(*cognitotest.UserConfig)
		code    string
		message string
	}{
		{"a RESET_REQUIRED user must reset", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired },
			"PasswordResetRequiredException", "Password reset required for the user"},
		{"an UNCONFIRMED user must confirm", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusUnconfirmed },
			"UserNotConfirmedException", "User is not confirmed."},
		{"a disabled user is refused", func(c *cognitotest.UserConfig) { c.Disabled = true },
			"NotAuthorizedException", "User is disabled."},
	}
	for _, tt := range users {
		t.Run(tt.name+" before any challenge", func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice", tt.user)
			r, _ := h.trySRP(false, h.client, "alice")
			requireError(t, r, 400, tt.code, tt.message)
		})
	}

	t.Run("an unknown user is UserNotFoundException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r, _ := h.trySRP(false, h.client, "nobody")
		requireError(t, r, 400, "UserNotFoundException", "User does not exist.")
	})

	t.Run("an unknown user gets a challenge that fails under PreventUserExistenceErrors", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		app := h.appClient(cognitotest.ClientConfig{PreventUserExistenceErrors: true})
		x := h.startSRP(false, app, "nobody")
		assert.Equal(t, "nobody", x.params["USER_ID_FOR_SRP"])
		requireError(t, x.answer(x.claim(oldPassword, h.clock.Now())), 400, "NotAuthorizedException", "Incorrect username or password.")
	})

	t.Run("missing and malformed parameters are InvalidParameterException", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireError(t, h.initiate(false, h.client, "USER_SRP_AUTH", map[string]string{"USERNAME": "alice"}),
			400, "InvalidParameterException", "Missing required parameter SRP_A")
		requireError(t, h.initiate(false, h.client, "USER_SRP_AUTH", map[string]string{"USERNAME": "alice", "SRP_A": "0"}),
			400, "InvalidParameterException", "")
		requireError(t, h.initiate(false, h.client, "USER_SRP_AUTH", map[string]string{"USERNAME": "alice", "SRP_A": "xyz"}),
			400, "InvalidParameterException", "")
		x := h.startSRP(false, h.client, "alice")
		for _, k := range []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
			a := x.claim(oldPassword, h.clock.Now())
			delete(a, k)
			requireError(t, x.answer(a), 400, "InvalidParameterException", "Missing required parameter "+k)
		}
	})
}
