package cognitotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// appClient creates another app client in the harness pool.
func (h *harness) appClient(cfg cognitotest.ClientConfig) cognitotest.AppClient {
	h.t.Helper()
	c, err := h.pool.CreateAppClient(cfg)
	require.NoError(h.t, err)
	return c
}

// initiate sends InitiateAuth, or a signed AdminInitiateAuth when admin is
// set, through client.
func (h *harness) initiate(admin bool, client cognitotest.AppClient, flow string, params map[string]string) response {
	h.t.Helper()
	in := map[string]any{"AuthFlow": flow, "ClientId": client.ID, "AuthParameters": params}
	if admin {
		in["UserPoolId"] = h.pool.ID()
		return h.admin("AdminInitiateAuth", in)
	}
	return h.call("InitiateAuth", in)
}

// respond sends RespondToAuthChallenge, or a signed
// AdminRespondToAuthChallenge when admin is set, through client.
func (h *harness) respond(admin bool, client cognitotest.AppClient, challenge, session string, answers map[string]string) response {
	h.t.Helper()
	in := map[string]any{"ChallengeName": challenge, "ClientId": client.ID, "ChallengeResponses": answers}
	if session != "" {
		in["Session"] = session
	}
	if admin {
		in["UserPoolId"] = h.pool.ID()
		return h.admin("AdminRespondToAuthChallenge", in)
	}
	return h.call("RespondToAuthChallenge", in)
}

// tokens returns the AuthenticationResult of a successful response.
func tokens(t *testing.T, r response) map[string]any {
	t.Helper()
	requireOK(t, r)
	res, ok := r.body["AuthenticationResult"].(map[string]any)
	require.True(t, ok, "no AuthenticationResult in %s", r.raw)
	return res
}

// challenge returns the ChallengeParameters of a response that must be the
// named challenge.
func challenge(t *testing.T, r response, name string) map[string]string {
	t.Helper()
	requireOK(t, r)
	require.Equal(t, name, r.body["ChallengeName"], "body: %s", r.raw)
	params := map[string]string{}
	for k, v := range r.body["ChallengeParameters"].(map[string]any) {
		params[k] = v.(string)
	}
	return params
}

func TestExplicitAuthFlows(t *testing.T) {
	t.Run("a client created without flows gets Cognito's default set", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		c := h.appClient(cognitotest.ClientConfig{})
		assert.ElementsMatch(t, []cognitotest.ExplicitAuthFlow{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"}, c.ExplicitAuthFlows)
		assert.Equal(t, cognitotest.DefaultExplicitAuthFlows(), c.ExplicitAuthFlows)

		r := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": h.pool.ID(), "ClientName": "wire"})
		requireOK(t, r)
		assert.ElementsMatch(t, []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"},
			r.body["UserPoolClient"].(map[string]any)["ExplicitAuthFlows"])
	})

	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	withFlows := func(flows ...cognitotest.ExplicitAuthFlow) cognitotest.AppClient {
		return h.appClient(cognitotest.ClientConfig{ExplicitAuthFlows: flows})
	}
	password := map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}
	srp := map[string]string{"USERNAME": "alice", "SRP_A": "0a"}
	refresh := map[string]string{"REFRESH_TOKEN": "unknown"}

	tests := []struct {
		name    string
		client  cognitotest.AppClient
		admin   bool
		flow    string
		params  map[string]string
		message string // "" when the flow is enabled and the request gets past the check
	}{
		{"the default set refuses USER_PASSWORD_AUTH", withFlows(), false, "USER_PASSWORD_AUTH", password,
			"USER_PASSWORD_AUTH flow not enabled for this client"},
		{"the default set refuses ADMIN_USER_PASSWORD_AUTH", withFlows(), true, "ADMIN_USER_PASSWORD_AUTH", password,
			"Auth flow not enabled for this client"},
		{"the default set refuses ADMIN_NO_SRP_AUTH", withFlows(), true, "ADMIN_NO_SRP_AUTH", password,
			"Auth flow not enabled for this client"},
		{"a client without ALLOW_USER_SRP_AUTH refuses USER_SRP_AUTH", withFlows(cognitotest.AllowUserPasswordAuth), false, "USER_SRP_AUTH", srp,
			"USER_SRP_AUTH is not enabled for the client."},
		{"a client without ALLOW_REFRESH_TOKEN_AUTH refuses REFRESH_TOKEN_AUTH", withFlows(cognitotest.AllowUserPasswordAuth), false, "REFRESH_TOKEN_AUTH", refresh,
			"Refresh Token flow not enabled for this client"},
		{"a client without ALLOW_REFRESH_TOKEN_AUTH refuses REFRESH_TOKEN", withFlows(cognitotest.AllowUserPasswordAuth), true, "REFRESH_TOKEN", refresh,
			"Refresh Token flow not enabled for this client"},
		{"ALLOW_USER_PASSWORD_AUTH allows USER_PASSWORD_AUTH", withFlows(cognitotest.AllowUserPasswordAuth), false, "USER_PASSWORD_AUTH", password, ""},
		{"ALLOW_ADMIN_USER_PASSWORD_AUTH allows ADMIN_NO_SRP_AUTH", withFlows(cognitotest.AllowAdminUserPasswordAuth), true, "ADMIN_NO_SRP_AUTH", password, ""},
		{"the legacy USER_PASSWORD_AUTH allows USER_PASSWORD_AUTH", withFlows(cognitotest.LegacyUserPasswordAuth), false, "USER_PASSWORD_AUTH", password, ""},
		{"the legacy USER_PASSWORD_AUTH does not allow the admin flow", withFlows(cognitotest.LegacyUserPasswordAuth), true, "ADMIN_USER_PASSWORD_AUTH", password,
			"Auth flow not enabled for this client"},
		{"the legacy ADMIN_NO_SRP_AUTH allows ADMIN_USER_PASSWORD_AUTH", withFlows(cognitotest.LegacyAdminNoSRPAuth), true, "ADMIN_USER_PASSWORD_AUTH", password, ""},
		{"legacy values keep refresh allowed", withFlows(cognitotest.LegacyAdminNoSRPAuth), false, "REFRESH_TOKEN_AUTH", refresh, ""},
		{"legacy values keep SRP allowed", withFlows(cognitotest.LegacyUserPasswordAuth), false, "USER_SRP_AUTH", srp, ""},
		{"CUSTOM_AUTH_FLOW_ONLY turns SRP off", withFlows(cognitotest.LegacyCustomAuthFlowOnly), false, "USER_SRP_AUTH", srp,
			"USER_SRP_AUTH is not enabled for the client."},
		{"InitiateAuth does not take ADMIN_USER_PASSWORD_AUTH", h.client, false, "ADMIN_USER_PASSWORD_AUTH", password,
			"Initiate Auth method not supported."},
		{"AdminInitiateAuth does not take USER_PASSWORD_AUTH", h.client, true, "USER_PASSWORD_AUTH", password,
			"Initiate Auth method not supported."},
		{"an AuthFlow outside the model is a validation error", h.client, false, "PLAIN_TEXT", password,
			"1 validation error detected: Value at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: " +
				"[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.initiate(tt.admin, tt.client, tt.flow, tt.params)
			if tt.message != "" {
				requireError(t, r, 400, "InvalidParameterException", tt.message)
				return
			}
			if r.status != 200 {
				assert.NotContains(t, r.body["message"], "not enabled", "body: %s", r.raw)
				assert.NotEqual(t, "InvalidParameterException", r.body["__type"], "body: %s", r.raw)
			}
		})
	}

	t.Run("legacy and ALLOW_ values cannot be mixed", func(t *testing.T) {
		_, err := h.pool.CreateAppClient(cognitotest.ClientConfig{ExplicitAuthFlows: []cognitotest.ExplicitAuthFlow{
			cognitotest.LegacyUserPasswordAuth, cognitotest.AllowUserSRPAuth}})
		require.Error(t, err)
		r := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": h.pool.ID(), "ClientName": "mixed",
			"ExplicitAuthFlows": []string{"USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"}})
		requireError(t, r, 400, "InvalidParameterException", "ExplicitAuthFlows cannot mix legacy values with values that begin with ALLOW_")
	})

	t.Run("an unknown value is refused", func(t *testing.T) {
		_, err := h.pool.CreateAppClient(cognitotest.ClientConfig{ExplicitAuthFlows: []cognitotest.ExplicitAuthFlow{"ALLOW_ANYTHING"}})
		require.Error(t, err)
		r := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": h.pool.ID(), "ClientName": "odd",
			"ExplicitAuthFlows": []string{"ALLOW_ANYTHING"}})
		requireError(t, r, 400, "InvalidParameterException", "")
		assert.Contains(t, r.body["message"], "'explicitAuthFlows'")
	})

	t.Run("the wire client keeps the flows it was given", func(t *testing.T) {
		r := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": h.pool.ID(), "ClientName": "pw",
			"ExplicitAuthFlows": []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
		requireOK(t, r)
		uc := r.body["UserPoolClient"].(map[string]any)
		assert.Equal(t, []any{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}, uc["ExplicitAuthFlows"])
		tokens(t, h.initiate(false, cognitotest.AppClient{ID: uc["ClientId"].(string)}, "USER_PASSWORD_AUTH", password))
		assert.Equal(t, float64(30), uc["RefreshTokenValidity"], "Cognito's default: 30 days")
		assert.Equal(t, "days", uc["TokenValidityUnits"].(map[string]any)["RefreshToken"])
	})
}

func TestAdminInitiateAuth(t *testing.T) {
	for _, flow := range []string{"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"} {
		t.Run(flow+" signs a confirmed user in", func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			res := tokens(t, h.initiate(true, h.client, flow, map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}))
			assert.Equal(t, "Bearer", res["TokenType"])
			for _, k := range []string{"AccessToken", "IdToken", "RefreshToken"} {
				assert.Regexp(t, tokenPattern, res[k], k)
			}
			requireOK(t, h.changePassword(res["AccessToken"].(string), oldPassword, newPassword))
		})
	}

	t.Run("the admin operations need a signature", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		r := h.call("AdminInitiateAuth", map[string]any{"UserPoolId": h.pool.ID(), "ClientId": h.client.ID,
			"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}})
		requireError(t, r, 400, "MissingAuthenticationTokenException", "Missing Authentication Token")
		r = h.call("AdminRespondToAuthChallenge", map[string]any{"UserPoolId": h.pool.ID(), "ClientId": h.client.ID,
			"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "x", "ChallengeResponses": map[string]string{"USERNAME": "alice", "NEW_PASSWORD": newPassword}})
		requireError(t, r, 400, "MissingAuthenticationTokenException", "Missing Authentication Token")
		assert.Equal(t, []string{"AdminInitiateAuth", "AdminRespondToAuthChallenge"},
			[]string{h.srv.Requests()[0].Op, h.srv.Requests()[1].Op})
	})

	t.Run("the client must belong to the pool named", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		other, err := h.srv.CreateUserPool(cognitotest.PoolConfig{})
		require.NoError(t, err)
		in := map[string]any{"UserPoolId": other.ID(), "ClientId": h.client.ID, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
			"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}}
		requireError(t, h.admin("AdminInitiateAuth", in), 400, "ResourceNotFoundException", "User pool client "+h.client.ID+" does not exist.")
		in["UserPoolId"] = "us-east-1_missing"
		requireError(t, h.admin("AdminInitiateAuth", in), 400, "ResourceNotFoundException", "User pool us-east-1_missing does not exist.")
	})

	tests := []struct {
		name    string
		user    func(*cognitotest.UserConfig)
		params  map[string]string
		code    string
		message string
	}{
		{"a wrong password is NotAuthorizedException", nil, map[string]string{"USERNAME": "alice", "PASSWORD": "Wr0ng-password"},
			"NotAuthorizedException", "Incorrect username or password."},
		{"an unknown user is UserNotFoundException", nil, map[string]string{"USERNAME": "nobody", "PASSWORD": oldPassword},
			"UserNotFoundException", "User does not exist."},
		{"a RESET_REQUIRED user must reset", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusResetRequired },
			map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}, "PasswordResetRequiredException", "Password reset required for the user"},
		{"a missing PASSWORD is InvalidParameterException", nil, map[string]string{"USERNAME": "alice"},
			"InvalidParameterException", "Missing required parameter PASSWORD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			if tt.user == nil {
				tt.user = func(*cognitotest.UserConfig) {}
			}
			h.addUser("alice", tt.user)
			requireError(t, h.initiate(true, h.client, "ADMIN_USER_PASSWORD_AUTH", tt.params), 400, tt.code, tt.message)
		})
	}

	t.Run("an expired temporary password is refused", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{TemporaryPasswordValidityDays: 1})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		params := map[string]string{"USERNAME": "fay", "PASSWORD": oldPassword}
		challenge(t, h.initiate(true, h.client, "ADMIN_USER_PASSWORD_AUTH", params), "NEW_PASSWORD_REQUIRED")
		h.clock.Advance(24 * time.Hour)
		requireError(t, h.initiate(true, h.client, "ADMIN_USER_PASSWORD_AUTH", params), 400, "NotAuthorizedException",
			"Temporary password has expired and must be reset by an administrator.")
	})

	t.Run("AdminRespondToAuthChallenge answers NEW_PASSWORD_REQUIRED", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("fay", func(c *cognitotest.UserConfig) { c.Status = cognitotest.StatusForceChangePassword })
		r := h.initiate(true, h.client, "ADMIN_USER_PASSWORD_AUTH", map[string]string{"USERNAME": "fay", "PASSWORD": oldPassword})
		params := challenge(t, r, "NEW_PASSWORD_REQUIRED")
		assert.Equal(t, "fay", params["USER_ID_FOR_SRP"])
		res := tokens(t, h.respond(true, h.client, "NEW_PASSWORD_REQUIRED", r.body["Session"].(string),
			map[string]string{"USERNAME": "fay", "NEW_PASSWORD": newPassword}))
		assert.NotEmpty(t, res["RefreshToken"])
		cognitotest.RequireUserStatus(t, h.pool, "fay", cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, h.pool, "fay", newPassword)
	})

	t.Run("a challenge name outside the model is a validation error", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.respond(true, h.client, "PASSWORD_PLEASE", "", map[string]string{"USERNAME": "fay"})
		requireError(t, r, 400, "InvalidParameterException", "")
		assert.Contains(t, r.body["message"], "'challengeName' failed to satisfy constraint: Member must satisfy enum value set")
	})
}

func TestRefreshTokenAuth(t *testing.T) {
	signIn := func(h *harness, client cognitotest.AppClient) string {
		h.t.Helper()
		params := map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}
		if client.Secret != "" {
			params["SECRET_HASH"] = client.SecretHash("alice")
		}
		return tokens(h.t, h.initiate(false, client, "USER_PASSWORD_AUTH", params))["RefreshToken"].(string)
	}

	for _, admin := range []bool{false, true} {
		for _, flow := range []string{"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"} {
			name := flow + " through InitiateAuth gets new tokens and no refresh token"
			if admin {
				name = flow + " through AdminInitiateAuth gets new tokens and no refresh token"
			}
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, cognitotest.PoolConfig{})
				h.addUser("alice")
				rt := signIn(h, h.client)
				h.clock.Advance(2 * time.Hour) // the first access token has expired
				res := tokens(t, h.initiate(admin, h.client, flow, map[string]string{"REFRESH_TOKEN": rt}))
				assert.NotContains(t, res, "RefreshToken")
				assert.Regexp(t, tokenPattern, res["IdToken"])
				requireOK(t, h.changePassword(res["AccessToken"].(string), oldPassword, newPassword))
				// The refresh token stays valid.
				tokens(t, h.initiate(admin, h.client, flow, map[string]string{"REFRESH_TOKEN": rt}))
			})
		}
	}

	t.Run("an unknown refresh token is invalid", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		requireError(t, h.initiate(false, h.client, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": "abc"}),
			400, "NotAuthorizedException", "Invalid Refresh Token.")
		requireError(t, h.initiate(false, h.client, "REFRESH_TOKEN_AUTH", map[string]string{}),
			400, "InvalidParameterException", "Missing required parameter REFRESH_TOKEN")
	})

	t.Run("a refresh token of another client is invalid", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		rt := signIn(h, h.client)
		other := h.appClient(cognitotest.ClientConfig{})
		requireError(t, h.initiate(false, other, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "NotAuthorizedException", "Invalid Refresh Token.")
	})

	t.Run("a global sign-out revokes refresh tokens", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		rt := signIn(h, h.client)
		requireOK(t, h.admin("AdminUserGlobalSignOut", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
		requireError(t, h.initiate(false, h.client, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "NotAuthorizedException", "Refresh Token has been revoked")
	})

	t.Run("a refresh token expires after the client's RefreshTokenValidity", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		c := h.appClient(cognitotest.ClientConfig{RefreshTokenValidity: 2 * time.Hour, ExplicitAuthFlows: allFlows})
		rt := signIn(h, c)
		h.clock.Advance(2*time.Hour - time.Second)
		tokens(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}))
		h.clock.Advance(time.Second)
		requireError(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "NotAuthorizedException", "Refresh Token has expired")
	})

	t.Run("CreateUserPoolClient's RefreshTokenValidity sets the lifetime", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		r := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": h.pool.ID(), "ClientName": "short",
			"ExplicitAuthFlows":    []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
			"RefreshTokenValidity": 2, "TokenValidityUnits": map[string]string{"RefreshToken": "hours"}})
		requireOK(t, r)
		uc := r.body["UserPoolClient"].(map[string]any)
		assert.Equal(t, float64(120), uc["RefreshTokenValidity"])
		assert.Equal(t, "minutes", uc["TokenValidityUnits"].(map[string]any)["RefreshToken"])
		c := cognitotest.AppClient{ID: uc["ClientId"].(string)}
		rt := signIn(h, c)
		h.clock.Advance(2 * time.Hour)
		requireError(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "NotAuthorizedException", "Refresh Token has expired")
	})

	t.Run("a client with a secret needs SECRET_HASH over the username", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		c := h.appClient(cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: allFlows})
		rt := signIn(h, c)
		requireError(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "NotAuthorizedException", "Client "+c.ID+" is configured for secret but secret was not received")
		requireError(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt, "SECRET_HASH": c.SecretHash("bob")}),
			400, "NotAuthorizedException", "Unable to verify secret hash for client "+c.ID)
		tokens(t, h.initiate(false, c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt, "SECRET_HASH": c.SecretHash("alice")}))
	})

	t.Run("a user who must reset the password cannot refresh", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		rt := signIn(h, h.client)
		requireOK(t, h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
		requireError(t, h.initiate(false, h.client, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": rt}),
			400, "PasswordResetRequiredException", "")
	})
}

func TestNewPasswordRequired(t *testing.T) {
	// newChallenge seeds fay with a temporary password and returns the
	// session and parameters of her NEW_PASSWORD_REQUIRED challenge.
	newChallenge := func(t *testing.T, h *harness, client cognitotest.AppClient, mods ...func(*cognitotest.UserConfig)) (string, map[string]string) {
		t.Helper()
		h.addUser("fay", append([]func(*cognitotest.UserConfig){func(c *cognitotest.UserConfig) {
			c.Status = cognitotest.StatusForceChangePassword
		}}, mods...)...)
		params := map[string]string{"USERNAME": "fay", "PASSWORD": oldPassword}
		if client.Secret != "" {
			params["SECRET_HASH"] = client.SecretHash("fay")
		}
		r := h.initiate(false, client, "USER_PASSWORD_AUTH", params)
		return r.body["Session"].(string), challenge(t, r, "NEW_PASSWORD_REQUIRED")
	}

	t.Run("userAttributes has the verification flags and not sub", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		_, params := newChallenge(t, h, h.client, func(c *cognitotest.UserConfig) {
			c.Attributes["phone_number"] = "+15555550100"
			c.Attributes["custom:tier"] = "gold"
			c.PhoneVerified = true
		})
		assert.JSONEq(t, `{"email":"fay@example.com","email_verified":"true","phone_number":"+15555550100",
			"phone_number_verified":"true","custom:tier":"gold"}`, params["userAttributes"])
		assert.Equal(t, "[]", params["requiredAttributes"])
	})

	t.Run("requiredAttributes lists the required attributes the user lacks", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{RequiredAttributes: []string{"given_name", "email", "family_name"}})
		_, params := newChallenge(t, h, h.client)
		assert.JSONEq(t, `["userAttributes.family_name","userAttributes.given_name"]`, params["requiredAttributes"])
	})

	t.Run("the answers are checked before anything is applied", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{RequiredAttributes: []string{"given_name", "email"}})
		session, _ := newChallenge(t, h, h.client)
		answer := func(password string, extra map[string]string) response {
			a := map[string]string{"USERNAME": "fay", "NEW_PASSWORD": password}
			for k, v := range extra {
				a[k] = v
			}
			return h.respond(false, h.client, "NEW_PASSWORD_REQUIRED", session, a)
		}
		refusals := []struct {
			name    string
			extra   map[string]string
			message string
		}{
			{"email_verified cannot be written", map[string]string{"userAttributes.given_name": "Fay", "userAttributes.email_verified": "true"},
				"Cannot modify the non-mutable attribute email_verified"},
			{"phone_number_verified cannot be written", map[string]string{"userAttributes.given_name": "Fay", "userAttributes.phone_number_verified": "false"},
				"Cannot modify the non-mutable attribute phone_number_verified"},
			{"sub cannot be written", map[string]string{"userAttributes.given_name": "Fay", "userAttributes.sub": "x"},
				"Cannot modify the non-mutable attribute sub"},
			{"a missing required attribute is refused", map[string]string{"userAttributes.locale": "en"},
				"Invalid attributes given, given_name is missing"},
			{"a required attribute the user has cannot be changed", map[string]string{"userAttributes.given_name": "Fay", "userAttributes.email": "f@example.com"},
				"Cannot modify an already provided email"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				requireError(t, answer(newPassword, tt.extra), 400, "InvalidParameterException", tt.message)
				cognitotest.RequireUserStatus(t, h.pool, "fay", cognitotest.StatusForceChangePassword)
				u, err := h.pool.User("fay")
				require.NoError(t, err)
				assert.Empty(t, u.Attributes["given_name"], "nothing was applied")
			})
		}

		t.Run("a weak password is refused and applies nothing", func(t *testing.T) {
			requireError(t, answer("weak", map[string]string{"userAttributes.given_name": "Fay"}), 400, "InvalidPasswordException", "")
			u, err := h.pool.User("fay")
			require.NoError(t, err)
			assert.Empty(t, u.Attributes["given_name"])
		})

		t.Run("the right answer applies the attributes and the password", func(t *testing.T) {
			tokens(t, answer(newPassword, map[string]string{"userAttributes.given_name": "Fay", "userAttributes.locale": "en"}))
			u, err := h.pool.User("fay")
			require.NoError(t, err)
			assert.Equal(t, "Fay", u.Attributes["given_name"])
			assert.Equal(t, "en", u.Attributes["locale"])
			assert.Equal(t, "fay@example.com", u.Attributes["email"])
			assert.Equal(t, cognitotest.StatusConfirmed, u.Status)
			cognitotest.RequirePasswordSignsIn(t, h.pool, "fay", newPassword)
		})
	})

	t.Run("SECRET_HASH is over USER_ID_FOR_SRP", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		c := h.appClient(cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: allFlows})
		session, params := newChallenge(t, h, c)
		id := params["USER_ID_FOR_SRP"]
		require.Equal(t, "fay", id)
		r := h.respond(false, c, "NEW_PASSWORD_REQUIRED", session,
			map[string]string{"USERNAME": id, "NEW_PASSWORD": newPassword, "SECRET_HASH": c.SecretHash("fay@example.com")})
		requireError(t, r, 400, "NotAuthorizedException", "Unable to verify secret hash for client "+c.ID)
		tokens(t, h.respond(false, c, "NEW_PASSWORD_REQUIRED", session,
			map[string]string{"USERNAME": id, "NEW_PASSWORD": newPassword, "SECRET_HASH": c.SecretHash(id)}))
	})

	t.Run("a session of another client is refused", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		session, _ := newChallenge(t, h, h.client)
		other := h.appClient(cognitotest.ClientConfig{})
		requireError(t, h.respond(false, other, "NEW_PASSWORD_REQUIRED", session, map[string]string{"USERNAME": "fay", "NEW_PASSWORD": newPassword}),
			400, "NotAuthorizedException", "Invalid session for the user, session is expired.")
	})

	t.Run("CreateUserPool's Schema sets the required attributes", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		r := h.call("CreateUserPool", map[string]any{"PoolName": "schema", "Schema": []map[string]any{
			{"Name": "given_name", "Required": true}, {"Name": "nickname", "Required": false}}})
		requireOK(t, r)
		id := r.body["UserPool"].(map[string]any)["Id"].(string)
		c := h.call("CreateUserPoolClient", map[string]any{"UserPoolId": id, "ClientName": "c", "ExplicitAuthFlows": []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH"}})
		requireOK(t, c)
		requireOK(t, h.call("AdminCreateUser", map[string]any{"UserPoolId": id, "Username": "gus", "TemporaryPassword": oldPassword, "MessageAction": "SUPPRESS"}))
		auth := h.admin("AdminInitiateAuth", map[string]any{"UserPoolId": id, "ClientId": c.body["UserPoolClient"].(map[string]any)["ClientId"],
			"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": map[string]string{"USERNAME": "gus", "PASSWORD": oldPassword}})
		assert.Equal(t, `["userAttributes.given_name"]`, challenge(t, auth, "NEW_PASSWORD_REQUIRED")["requiredAttributes"])
	})
}
