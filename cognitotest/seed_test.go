package cognitotest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestCreateUserPool(t *testing.T) {
	srv := cognitotest.NewServer(cognitotest.WithRegion("ap-south-1"))
	t.Cleanup(srv.Close)

	t.Run("a pool without an id gets one in the server's region", func(t *testing.T) {
		p, err := srv.CreateUserPool(cognitotest.PoolConfig{})
		require.NoError(t, err)
		assert.Regexp(t, `^ap-south-1_[0-9A-Za-z]{9}$`, p.ID())
		got, ok := srv.UserPool(p.ID())
		require.True(t, ok)
		assert.Equal(t, p.ID(), got.ID())
	})

	t.Run("a given id is kept", func(t *testing.T) {
		p, err := srv.CreateUserPool(cognitotest.PoolConfig{ID: "eu-west-1_Fixed123"})
		require.NoError(t, err)
		assert.Equal(t, "eu-west-1_Fixed123", p.ID())
	})

	bad := []struct {
		name string
		cfg  cognitotest.PoolConfig
	}{
		{"a duplicate id", cognitotest.PoolConfig{ID: "eu-west-1_Fixed123"}},
		{"an id without an underscore", cognitotest.PoolConfig{ID: "nounderscore"}},
		{"a minimum length under 6", cognitotest.PoolConfig{PasswordPolicy: &cognitotest.PasswordPolicy{MinimumLength: 5}}},
		{"admin_only with another mechanism", cognitotest.PoolConfig{AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryAdminOnly, cognitotest.RecoveryVerifiedEmail}}},
		{"an unknown mechanism", cognitotest.PoolConfig{AccountRecovery: []cognitotest.RecoveryOption{"carrier_pigeon"}}},
		{"a history over 24", cognitotest.PoolConfig{PasswordHistorySize: 25}},
		{"a negative temporary password validity", cognitotest.PoolConfig{TemporaryPasswordValidityDays: -1}},
		{"a read-only required attribute", cognitotest.PoolConfig{RequiredAttributes: []string{"email_verified"}}},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			_, err := srv.CreateUserPool(tt.cfg)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "cognitotest: "), err.Error())
		})
	}

	_, ok := srv.UserPool("us-east-1_missing")
	assert.False(t, ok)
}

func TestCreateAppClient(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	assert.Regexp(t, `^[a-z0-9]{26}$`, h.client.ID)
	assert.Empty(t, h.client.Secret)
	assert.Equal(t, "web", h.client.Name)
	assert.Equal(t, h.pool.ID(), h.client.PoolID)

	c, err := h.pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	require.NoError(t, err)
	assert.Regexp(t, `^[a-z0-9]{51}$`, c.Secret)
	assert.NotEqual(t, h.client.ID, c.ID)

	_, err = h.pool.CreateAppClient(cognitotest.ClientConfig{AccessTokenValidity: time.Minute})
	require.Error(t, err)
	_, err = h.pool.CreateAppClient(cognitotest.ClientConfig{RefreshTokenValidity: time.Minute})
	require.Error(t, err)
}

func TestCreateUser(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	require.NoError(t, h.pool.CreateUser(cognitotest.UserConfig{
		Username: "alice", Password: oldPassword,
		Attributes:    map[string]string{"email": "alice@example.com", "phone_number": "+15555550100", "custom:tier": "gold"},
		EmailVerified: true, PhoneVerified: true,
	}))

	u, err := h.pool.User("alice")
	require.NoError(t, err)
	assert.Equal(t, "alice", u.Username)
	assert.Equal(t, cognitotest.StatusConfirmed, u.Status, "the default status is CONFIRMED")
	assert.True(t, u.Enabled)
	assert.Equal(t, "gold", u.Attributes["custom:tier"])
	assert.Equal(t, "true", u.Attributes["email_verified"])
	assert.Equal(t, "true", u.Attributes["phone_number_verified"])
	assert.Regexp(t, requestIDPattern, u.Attributes["sub"])
	assert.Equal(t, t0, u.Created)

	u.Attributes["email"] = "changed"
	again, _ := h.pool.User("alice")
	assert.Equal(t, "alice@example.com", again.Attributes["email"], "User returns a copy")

	t.Run("the password is not checked against the policy", func(t *testing.T) {
		require.NoError(t, h.pool.CreateUser(cognitotest.UserConfig{Username: "legacy", Password: "weak"}))
		assert.True(t, h.pool.PasswordWouldSignIn("legacy", "weak"))
	})

	t.Run("a user without a password cannot sign in", func(t *testing.T) {
		require.NoError(t, h.pool.CreateUser(cognitotest.UserConfig{Username: "nopass"}))
		assert.False(t, h.pool.PasswordWouldSignIn("nopass", ""))
	})

	t.Run("errors", func(t *testing.T) {
		require.Error(t, h.pool.CreateUser(cognitotest.UserConfig{Username: "alice"}), "a duplicate")
		require.Error(t, h.pool.CreateUser(cognitotest.UserConfig{}), "no username")
		require.Error(t, h.pool.CreateUser(cognitotest.UserConfig{Username: "x", Status: "ARCHIVED"}), "an unknown status")
		_, err := h.pool.User("nobody")
		require.ErrorIs(t, err, cognitotest.ErrUserNotFound)
		_, err = h.pool.UserStatus("nobody")
		require.ErrorIs(t, err, cognitotest.ErrUserNotFound)
	})

	assert.Equal(t, []string{"alice", "legacy", "nopass"}, h.pool.Usernames())
}

func TestPasswordWouldSignIn(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	tests := []struct {
		name string
		user cognitotest.UserConfig
		want bool
	}{
		{"a confirmed user with the password", cognitotest.UserConfig{Username: "a", Password: oldPassword}, true},
		{"a FORCE_CHANGE_PASSWORD user with the temporary password", cognitotest.UserConfig{Username: "b", Password: oldPassword, Status: cognitotest.StatusForceChangePassword}, true},
		{"a RESET_REQUIRED user", cognitotest.UserConfig{Username: "c", Password: oldPassword, Status: cognitotest.StatusResetRequired}, false},
		{"an UNCONFIRMED user", cognitotest.UserConfig{Username: "d", Password: oldPassword, Status: cognitotest.StatusUnconfirmed}, false},
		{"a disabled user", cognitotest.UserConfig{Username: "e", Password: oldPassword, Disabled: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, h.pool.CreateUser(tt.user))
			assert.Equal(t, tt.want, h.pool.PasswordWouldSignIn(tt.user.Username, oldPassword))
			assert.False(t, h.pool.PasswordWouldSignIn(tt.user.Username, "other"))
		})
	}
	assert.False(t, h.pool.PasswordWouldSignIn("nobody", oldPassword))
}

func TestClockControlsTime(t *testing.T) {
	c := cognitotest.NewClock(t0)
	assert.Equal(t, t0, c.Now())
	c.Advance(time.Minute)
	assert.Equal(t, t0.Add(time.Minute), c.Now())
	c.Set(t0)
	assert.Equal(t, t0, c.Now())

	srv := cognitotest.NewServer(cognitotest.WithClock(c.Now))
	t.Cleanup(srv.Close)
	assert.Equal(t, t0, srv.Now())
}

func TestOutboxCanBeCleared(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	requireOK(t, h.forgot("alice"))
	h.srv.ClearOutbox()
	assert.Empty(t, h.srv.Outbox())
	_, ok := h.srv.LastCode(h.pool.ID(), "alice")
	assert.False(t, ok)
}
