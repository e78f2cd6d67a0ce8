package cognitotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// TestSetupOverTheWire builds a pool, a client and a user with the wire
// operations only, as a test written for cognito-local would.
func TestSetupOverTheWire(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})

	pool := h.call("CreateUserPool", map[string]any{
		"PoolName": "wire",
		"Policies": map[string]any{"PasswordPolicy": map[string]any{
			"MinimumLength": 10, "RequireNumbers": true, "TemporaryPasswordValidityDays": 3, "PasswordHistorySize": 2,
		}},
		"AccountRecoverySetting": map[string]any{"RecoveryMechanisms": []map[string]any{
			{"Priority": 2, "Name": "verified_phone_number"}, {"Priority": 1, "Name": "verified_email"},
		}},
	})
	requireOK(t, pool)
	up := pool.body["UserPool"].(map[string]any)
	poolID := up["Id"].(string)
	assert.Regexp(t, `^us-east-1_[0-9A-Za-z]{9}$`, poolID)
	assert.Equal(t, "wire", up["Name"])
	assert.Equal(t, float64(t0.Unix()), up["CreationDate"])
	pp := up["Policies"].(map[string]any)["PasswordPolicy"].(map[string]any)
	assert.Equal(t, map[string]any{"MinimumLength": float64(10), "RequireUppercase": false, "RequireLowercase": false,
		"RequireNumbers": true, "RequireSymbols": false, "TemporaryPasswordValidityDays": float64(3), "PasswordHistorySize": float64(2)}, pp)
	assert.Equal(t, []any{
		map[string]any{"Priority": float64(1), "Name": "verified_email"},
		map[string]any{"Priority": float64(2), "Name": "verified_phone_number"},
	}, up["AccountRecoverySetting"].(map[string]any)["RecoveryMechanisms"])

	client := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": poolID, "ClientName": "svc", "GenerateSecret": true,
		"PreventUserExistenceErrors": "ENABLED", "AccessTokenValidity": 30, "ExplicitAuthFlows": []string{"ALLOW_USER_PASSWORD_AUTH"}, "TokenValidityUnits": map[string]string{"AccessToken": "minutes"}})
	requireOK(t, client)
	uc := client.body["UserPoolClient"].(map[string]any)
	clientID, secret := uc["ClientId"].(string), uc["ClientSecret"].(string)
	assert.Equal(t, "ENABLED", uc["PreventUserExistenceErrors"])
	assert.Equal(t, float64(30), uc["AccessTokenValidity"])
	assert.Len(t, secret, 51)

	created := h.call("AdminCreateUser", map[string]any{"UserPoolId": poolID, "Username": "dana",
		"TemporaryPassword": "temporary1", "MessageAction": "SUPPRESS",
		"UserAttributes": []map[string]string{{"Name": "email", "Value": "dana@example.com"}, {"Name": "email_verified", "Value": "true"}}})
	requireOK(t, created)
	user := created.body["User"].(map[string]any)
	assert.Equal(t, "FORCE_CHANGE_PASSWORD", user["UserStatus"])
	assert.Equal(t, true, user["Enabled"])
	assert.Empty(t, h.srv.Outbox(), "SUPPRESS sends nothing")

	got := h.call("AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "dana"})
	requireOK(t, got)
	assert.Equal(t, "FORCE_CHANGE_PASSWORD", got.body["UserStatus"])
	assert.Contains(t, got.body["UserAttributes"], map[string]any{"Name": "email", "Value": "dana@example.com"})

	p, ok := h.srv.UserPool(poolID)
	require.True(t, ok)
	cognitotest.RequirePasswordSignsIn(t, p, "dana", "temporary1")

	signIn := h.call("InitiateAuth", map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": clientID,
		"AuthParameters": map[string]string{"USERNAME": "dana", "PASSWORD": "temporary1", "SECRET_HASH": cognitotest.SecretHash("dana", clientID, secret)}})
	requireOK(t, signIn)
	assert.Equal(t, "NEW_PASSWORD_REQUIRED", signIn.body["ChallengeName"])

	h.clock.Advance(3 * 24 * time.Hour)
	assert.False(t, p.PasswordWouldSignIn("dana", "temporary1"), "the pool's TemporaryPasswordValidityDays applies")

	forgot := h.call("ForgotPassword", map[string]any{"ClientId": clientID, "Username": "dana", "SecretHash": cognitotest.SecretHash("dana", clientID, secret)})
	requireError(t, forgot, 400, "NotAuthorizedException", "User password cannot be reset in the current state.")
}

func TestAdminCreateUser(t *testing.T) {
	t.Run("the invitation carries a generated temporary password", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.call("AdminCreateUser", map[string]any{"UserPoolId": h.pool.ID(), "Username": "eve",
			"DesiredDeliveryMediums": []string{"EMAIL"}, "ClientMetadata": map[string]string{"k": "v"},
			"UserAttributes": []map[string]string{{"Name": "email", "Value": "eve@example.com"}}})
		requireOK(t, r)
		out := h.srv.Outbox()
		require.Len(t, out, 1)
		m := out[0]
		assert.Equal(t, "CustomMessage_AdminCreateUser", m.Trigger)
		assert.Equal(t, "EMAIL", m.Medium)
		assert.Equal(t, "eve@example.com", m.Destination)
		assert.Empty(t, m.Code)
		assert.Equal(t, map[string]string{"k": "v"}, m.ClientMetadata)
		cognitotest.RequirePasswordSignsIn(t, h.pool, "eve", m.TemporaryPassword)
		cognitotest.RequireUserStatus(t, h.pool, "eve", cognitotest.StatusForceChangePassword)
	})

	t.Run("the default medium is SMS", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		requireOK(t, h.call("AdminCreateUser", map[string]any{"UserPoolId": h.pool.ID(), "Username": "sam",
			"UserAttributes": []map[string]string{{"Name": "email", "Value": "sam@example.com"}, {"Name": "phone_number", "Value": "+15555550199"}}}))
		assert.Equal(t, "SMS", h.srv.Outbox()[0].Medium)
	})

	t.Run("RESEND sends a new temporary password", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		in := map[string]any{"UserPoolId": h.pool.ID(), "Username": "eve",
			"UserAttributes": []map[string]string{{"Name": "email", "Value": "eve@example.com"}}}
		requireOK(t, h.call("AdminCreateUser", in))
		in["MessageAction"] = "RESEND"
		requireOK(t, h.call("AdminCreateUser", in))
		out := h.srv.Outbox()
		require.Len(t, out, 2)
		assert.False(t, h.pool.PasswordWouldSignIn("eve", out[0].TemporaryPassword))
		assert.True(t, h.pool.PasswordWouldSignIn("eve", out[1].TemporaryPassword))
	})

	tests := []struct {
		name string
		in   map[string]any
		code string
	}{
		{"an existing user is UsernameExistsException", map[string]any{"Username": "alice"}, "UsernameExistsException"},
		{"a temporary password against the policy is InvalidPasswordException", map[string]any{"Username": "new", "TemporaryPassword": "weak"}, "InvalidPasswordException"},
		{"RESEND for an unknown user is UserNotFoundException", map[string]any{"Username": "new", "MessageAction": "RESEND"}, "UserNotFoundException"},
		{"RESEND for a confirmed user is UnsupportedUserStateException", map[string]any{"Username": "alice", "MessageAction": "RESEND"}, "UnsupportedUserStateException"},
		{"an unknown MessageAction is InvalidParameterException", map[string]any{"Username": "new", "MessageAction": "SHOUT"}, "InvalidParameterException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			tt.in["UserPoolId"] = h.pool.ID()
			requireError(t, h.call("AdminCreateUser", tt.in), 400, tt.code, "")
		})
	}
}

func TestAdminGetUserAndUpdateAttributes(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice", func(c *cognitotest.UserConfig) { c.EmailVerified = false })

	requireError(t, h.forgot("alice"), 400, "InvalidParameterException", "")
	requireOK(t, h.call("AdminUpdateUserAttributes", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
		"UserAttributes": []map[string]string{{"Name": "email_verified", "Value": "true"}}}))
	requireOK(t, h.forgot("alice"))

	requireError(t, h.call("AdminUpdateUserAttributes", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice",
		"UserAttributes": []map[string]string{{"Name": "sub", "Value": "x"}}}), 400, "InvalidParameterException", "")

	got := h.call("AdminGetUser", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"})
	requireOK(t, got)
	assert.Equal(t, "alice", got.body["Username"])
	assert.Equal(t, "CONFIRMED", got.body["UserStatus"])
	assert.Equal(t, float64(t0.Unix()), got.body["UserCreateDate"])

	requireError(t, h.call("AdminGetUser", map[string]any{"UserPoolId": h.pool.ID(), "Username": "nobody"}),
		400, "UserNotFoundException", "User does not exist.")
}
