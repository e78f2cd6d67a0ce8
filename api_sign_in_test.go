package cognitopassword_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/types"
)

// bodyRecorder is an HTTP client that keeps every request body.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies []string
	next   *http.Client
}

func (r *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, string(body))
	r.mu.Unlock()
	req.Body = io.NopCloser(bytes.NewReader(body))
	return r.next.Do(req)
}

func (r *bodyRecorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.bodies, "\n")
}

type signInFixture struct {
	srv    *cognitotest.Server
	pool   *cognitotest.UserPool
	client *cp.Client
	bodies *bodyRecorder
}

func newSignInFixture(t *testing.T, pool cognitotest.PoolConfig, optFns ...func(*cp.Options)) signInFixture {
	t.Helper()
	srv := cognitotest.NewServer()
	t.Cleanup(srv.Close)
	p, err := srv.CreateUserPool(pool)
	require.NoError(t, err)
	rec := &bodyRecorder{next: http.DefaultClient}
	opts := append([]func(*cp.Options){srv.ClientOptions(), func(o *cp.Options) { o.HTTPClient = rec }}, optFns...)
	return signInFixture{srv: srv, pool: p, client: cp.New(cp.Options{}, opts...), bodies: rec}
}

func (f signInFixture) appClient(t *testing.T, cfg cognitotest.ClientConfig) cognitotest.AppClient {
	t.Helper()
	c, err := f.pool.CreateAppClient(cfg)
	require.NoError(t, err)
	return c
}

func (f signInFixture) user(t *testing.T, cfg cognitotest.UserConfig) {
	t.Helper()
	require.NoError(t, f.pool.CreateUser(cfg))
}

const (
	signInPassword = "Corr3ct-Horse-LEAK!"
	newPassword    = "N3w-Battery-LEAK!"
)

func TestSignInWithSRPGetsTokensWithoutSendingThePassword(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{})
	app := f.appClient(t, cognitotest.ClientConfig{})
	f.user(t, cognitotest.UserConfig{Username: "alice", Password: signInPassword})
	ctx := context.Background()

	out, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: signInPassword})
	require.NoError(t, err)
	require.NotNil(t, out.AuthenticationResult)
	assert.Empty(t, out.ChallengeName)
	assert.NotEmpty(t, out.AuthenticationResult.AccessToken)
	assert.NotEmpty(t, out.AuthenticationResult.RefreshToken)
	assert.Equal(t, 1, f.srv.RequestCount("InitiateAuth"))
	assert.Equal(t, 1, f.srv.RequestCount("RespondToAuthChallenge"))
	assert.NotContains(t, f.bodies.all(), signInPassword, "with SRP the password never leaves the process")
	assert.Contains(t, f.bodies.all(), `"AuthFlow":"USER_SRP_AUTH"`)

	_, err = f.client.ChangePassword(ctx, &cp.ChangePasswordInput{AccessToken: out.AuthenticationResult.AccessToken, PreviousPassword: signInPassword, ProposedPassword: newPassword})
	require.NoError(t, err, "the access token works for ChangePassword")
	assert.True(t, f.pool.PasswordWouldSignIn("alice", newPassword))

	for _, v := range []string{fmt.Sprint(out), fmt.Sprintf("%#v", out), mustJSON(t, out)} {
		assert.NotContains(t, v, out.AuthenticationResult.AccessToken, "the output prints its tokens redacted")
		assert.NotContains(t, v, out.AuthenticationResult.RefreshToken)
	}
}

func TestSignInWithAWrongPasswordIsNotAuthorized(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{})
	app := f.appClient(t, cognitotest.ClientConfig{})
	f.user(t, cognitotest.UserConfig{Username: "alice", Password: signInPassword})
	for _, flow := range []cp.SignInFlow{cp.SignInFlowSRP, ""} {
		_, err := f.client.SignIn(context.Background(), &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: "Wrong-LEAK-1", Flow: flow})
		var notAuth *types.NotAuthorizedException
		require.ErrorAs(t, err, &notAuth)
		assert.NotContains(t, err.Error(), "LEAK")
		assert.False(t, errors.Is(err, cp.ErrOutcomeUnknown))
	}
}

func TestSignInFlowsFollowTheAppClientsExplicitAuthFlows(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{})
	def := f.appClient(t, cognitotest.ClientConfig{})
	all := f.appClient(t, cognitotest.ClientConfig{ExplicitAuthFlows: []cognitotest.ExplicitAuthFlow{
		cognitotest.AllowUserSRPAuth, cognitotest.AllowUserPasswordAuth, cognitotest.AllowAdminUserPasswordAuth, cognitotest.AllowRefreshTokenAuth}})
	f.user(t, cognitotest.UserConfig{Username: "alice", Password: signInPassword})
	ctx := context.Background()
	for _, flow := range []cp.SignInFlow{cp.SignInFlowUserPassword, cp.SignInFlowAdminUserPassword} {
		t.Run(string(flow)+" signs in on a client that allows it", func(t *testing.T) {
			out, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: all.ID, Username: "alice", Password: signInPassword, Flow: flow})
			require.NoError(t, err)
			require.NotNil(t, out.AuthenticationResult)
			assert.NotEmpty(t, out.AuthenticationResult.AccessToken)
		})
		t.Run(string(flow)+" is refused by a default client", func(t *testing.T) {
			_, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: def.ID, Username: "alice", Password: signInPassword, Flow: flow})
			var invalid *types.InvalidParameterException
			require.ErrorAs(t, err, &invalid)
		})
	}
	assert.Equal(t, 2, f.srv.RequestCount("AdminInitiateAuth"), "ADMIN_USER_PASSWORD_AUTH goes through AdminInitiateAuth")
}

func TestSignInComputesSecretHashFromTheRightUsername(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{})
	app := f.appClient(t, cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: []cognitotest.ExplicitAuthFlow{
		cognitotest.AllowUserSRPAuth, cognitotest.AllowUserPasswordAuth, cognitotest.AllowRefreshTokenAuth}})
	f.user(t, cognitotest.UserConfig{Username: "alice", Password: signInPassword})
	ctx := context.Background()

	_, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: signInPassword})
	var notAuth *types.NotAuthorizedException
	require.ErrorAs(t, err, &notAuth, "without the secret the service refuses the sign-in")

	c := cp.New(f.client.Options(), cp.WithClientSecret(app.ID, app.Secret))
	for _, flow := range []cp.SignInFlow{cp.SignInFlowSRP, cp.SignInFlowUserPassword} {
		out, err := c.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: signInPassword, Flow: flow})
		require.NoError(t, err, "flow %s", flow)
		require.NotNil(t, out.AuthenticationResult)
	}
	assert.NotContains(t, f.bodies.all(), app.Secret)
}

func TestTemporaryPasswordSignInThenCompleteNewPassword(t *testing.T) {
	for _, flow := range []cp.SignInFlow{cp.SignInFlowSRP, cp.SignInFlowUserPassword, cp.SignInFlowAdminUserPassword} {
		t.Run("with "+string(flow)+" the user chooses a password and becomes CONFIRMED", func(t *testing.T) {
			f := newSignInFixture(t, cognitotest.PoolConfig{})
			app := f.appClient(t, cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: []cognitotest.ExplicitAuthFlow{
				cognitotest.AllowUserSRPAuth, cognitotest.AllowUserPasswordAuth, cognitotest.AllowAdminUserPasswordAuth, cognitotest.AllowRefreshTokenAuth}})
			f.user(t, cognitotest.UserConfig{Username: "alice", Attributes: map[string]string{"email": "alice@example.com"}, EmailVerified: true})
			c := cp.New(f.client.Options(), cp.WithClientSecret(app.ID, app.Secret))
			ctx := context.Background()
			_, err := c.AdminSetUserPassword(ctx, &cp.AdminSetUserPasswordInput{UserPoolId: f.pool.ID(), Username: "alice", Password: signInPassword})
			require.NoError(t, err)

			out, err := c.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: signInPassword, Flow: flow})
			require.NoError(t, err)
			require.Nil(t, out.AuthenticationResult)
			require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, out.ChallengeName)
			assert.Equal(t, "alice", out.Username)
			assert.NotEmpty(t, out.Session)

			in := &cp.CompleteNewPasswordInput{Challenge: out, NewPassword: newPassword,
				// echoing the challenge's attributes back is the classic trap:
				// the read-only and unchanged ones are left out.
				UserAttributes: map[string]string{"email": "alice@example.com", "email_verified": "true", "userAttributes.name": "Alice"}}
			current, err := in.CurrentAttributes()
			require.NoError(t, err)
			assert.Equal(t, "alice@example.com", current["email"])
			done, err := c.CompleteNewPassword(ctx, in)
			require.NoError(t, err)
			require.NotNil(t, done.AuthenticationResult)
			assert.NotEmpty(t, done.AuthenticationResult.AccessToken)

			user, err := c.AdminGetUser(ctx, &cp.AdminGetUserInput{UserPoolId: f.pool.ID(), Username: "alice"})
			require.NoError(t, err)
			assert.Equal(t, types.UserStatusTypeConfirmed, user.UserStatus)
			assert.Contains(t, user.UserAttributes, types.AttributeType{Name: "name", Value: "Alice"})
			again, err := c.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "alice", Password: newPassword, Flow: flow})
			require.NoError(t, err)
			assert.NotNil(t, again.AuthenticationResult, "the new password signs in")
			assert.NotContains(t, f.bodies.all(), `"userAttributes.email_verified"`)
		})
	}
}

func TestCompleteNewPasswordNamesMissingRequiredAttributesBeforeSending(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{RequiredAttributes: []string{"given_name", "family_name"}})
	app := f.appClient(t, cognitotest.ClientConfig{})
	f.user(t, cognitotest.UserConfig{Username: "bob", Password: signInPassword, Status: cognitotest.StatusForceChangePassword})
	ctx := context.Background()
	out, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: f.pool.ID(), ClientId: app.ID, Username: "bob", Password: signInPassword})
	require.NoError(t, err)
	require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, out.ChallengeName)

	in := &cp.CompleteNewPasswordInput{Challenge: out, NewPassword: newPassword, UserAttributes: map[string]string{"given_name": "Bob"}}
	required, err := in.RequiredAttributes()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"given_name", "family_name"}, required)
	before := f.srv.RequestCount("")
	_, err = f.client.CompleteNewPassword(ctx, in)
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid)
	assert.Contains(t, err.Error(), "family_name")
	assert.NotContains(t, err.Error(), "given_name", "only the missing attribute is named")
	assert.NotContains(t, err.Error(), "LEAK")
	assert.Equal(t, before, f.srv.RequestCount(""), "nothing is sent")

	in.UserAttributes["family_name"] = "Builder"
	done, err := f.client.CompleteNewPassword(ctx, in)
	require.NoError(t, err)
	assert.NotNil(t, done.AuthenticationResult)
}

func TestSignInAndCompleteNewPasswordRefuseBadInputBeforeSending(t *testing.T) {
	f := newSignInFixture(t, cognitotest.PoolConfig{})
	ctx := context.Background()
	cases := []struct {
		name   string
		call   func() error
		fields []string
	}{
		{"SignIn with nothing set", func() error { _, err := f.client.SignIn(ctx, nil); return err }, []string{"UserPoolId", "ClientId", "Username", "Password"}},
		{"SignIn with an unknown flow", func() error {
			_, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: "us-east-1_A", ClientId: "c", Username: "u", Password: "p", Flow: "CUSTOM_AUTH"})
			return err
		}, []string{"Flow"}},
		{"SignIn with a password containing a space", func() error {
			_, err := f.client.SignIn(ctx, &cp.SignInInput{UserPoolId: "us-east-1_A", ClientId: "c", Username: "u", Password: "LEAK pw"})
			return err
		}, []string{"Password"}},
		{"CompleteNewPassword without a challenge", func() error {
			_, err := f.client.CompleteNewPassword(ctx, &cp.CompleteNewPasswordInput{NewPassword: "p"})
			return err
		}, []string{"Challenge"}},
		{"CompleteNewPassword for another challenge", func() error {
			_, err := f.client.CompleteNewPassword(ctx, &cp.CompleteNewPasswordInput{NewPassword: "p", Challenge: &cp.SignInOutput{ChallengeName: types.ChallengeNameTypeSmsMfa}})
			return err
		}, []string{"Challenge"}},
		{"CompleteNewPassword with malformed challenge attributes", func() error {
			_, err := f.client.CompleteNewPassword(ctx, &cp.CompleteNewPasswordInput{NewPassword: "p", Challenge: &cp.SignInOutput{
				ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: "c", Username: "u", Session: strings.Repeat("s", 20),
				ChallengeParameters: map[string]string{"requiredAttributes": "not json LEAK"}}})
			return err
		}, []string{"requiredAttributes"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused locally", func(t *testing.T) {
			before := f.srv.RequestCount("")
			err := tc.call()
			var invalid smithy.InvalidParamsError
			require.ErrorAs(t, err, &invalid)
			for _, field := range tc.fields {
				assert.Contains(t, err.Error(), field)
			}
			assert.NotContains(t, err.Error(), "LEAK")
			assert.Equal(t, before, f.srv.RequestCount(""))
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
