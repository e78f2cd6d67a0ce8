package cognitotest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/types"
)

// These tests drive the server through the library's own client, so that
// the fake and the client are checked against each other.

// newClientHarness is a harness whose clock starts at the real time, so
// that the client's signatures are within the allowed skew.
func newClientHarness(t *testing.T, cfg cognitotest.PoolConfig) *harness {
	t.Helper()
	return newHarnessAt(t, time.Now().UTC().Truncate(time.Second), cfg)
}

// newClient returns a library client pointed at the harness server, with the
// given app client's secret registered and no backoff between retries.
func (h *harness) newClient(app cognitotest.AppClient, optFns ...func(*cognitopassword.Options)) *cognitopassword.Client {
	h.t.Helper()
	fns := []func(*cognitopassword.Options){h.srv.ClientOptions(), func(o *cognitopassword.Options) {
		o.Retryer = awsretry.NewStandard(func(so *awsretry.StandardOptions) {
			so.Backoff = awsretry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}}
	if app.Secret != "" {
		fns = append(fns, cognitopassword.WithClientSecret(app.ID, app.Secret))
	}
	return cognitopassword.New(cognitopassword.Options{}, append(fns, optFns...)...)
}

func TestClientForgotPasswordFlow(t *testing.T) {
	for _, withSecret := range []bool{false, true} {
		name := "a public app client resets a password"
		if withSecret {
			name = "an app client with a secret resets a password"
		}
		t.Run(name, func(t *testing.T) {
			h := newClientHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			app, err := h.pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: withSecret})
			require.NoError(t, err)
			c := h.newClient(app)
			ctx := context.Background()

			out, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "alice",
				ClientMetadata: map[string]string{"flow": "test"}})
			require.NoError(t, err)
			require.NotNil(t, out.CodeDeliveryDetails)
			assert.Equal(t, types.DeliveryMediumTypeEmail, out.CodeDeliveryDetails.DeliveryMedium)
			assert.Equal(t, "a***@e***", out.CodeDeliveryDetails.Destination)
			assert.Equal(t, "email", out.CodeDeliveryDetails.AttributeName)
			assert.Equal(t, map[string]string{"flow": "test"}, h.srv.Outbox()[0].ClientMetadata)

			_, err = c.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: app.ID, Username: "alice",
				ConfirmationCode: h.lastCode("alice"), Password: newPassword})
			require.NoError(t, err)
			cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
			cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
		})
	}
}

func TestClientAdministratorOperationsAreSignedAndAccepted(t *testing.T) {
	h := newClientHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	c := h.newClient(h.client)
	ctx := context.Background()

	_, err := c.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice"})
	require.NoError(t, err)
	cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusResetRequired)

	_, err = c.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice",
		Password: newPassword, Permanent: false})
	require.NoError(t, err)
	cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusForceChangePassword)

	_, err = c.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice",
		Password: altPassword, Permanent: true})
	require.NoError(t, err)
	cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)

	for _, r := range h.srv.Requests() {
		assert.True(t, r.Signed, r.Op)
		assert.Equal(t, 200, r.Status, r.Op)
	}
}

func TestClientWithWrongCredentialsIsRefused(t *testing.T) {
	h := newClientHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	c := h.newClient(h.client, func(o *cognitopassword.Options) {
		o.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: cognitotest.DefaultAccessKeyID, SecretAccessKey: "wrong"}, nil
		})
	})
	_, err := c.AdminResetUserPassword(context.Background(), &cognitopassword.AdminResetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice"})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
	cognitotest.RequireUserStatus(t, h.pool, "alice", cognitotest.StatusConfirmed)
}

func TestClientResendConfirmationCodeAndChangePassword(t *testing.T) {
	h := newClientHarness(t, cognitotest.PoolConfig{})
	h.addUser("uma", unconfirmed)
	h.addUser("alice")
	c := h.newClient(h.client)
	ctx := context.Background()

	out, err := c.ResendConfirmationCode(ctx, &cognitopassword.ResendConfirmationCodeInput{ClientId: h.client.ID, Username: "uma"})
	require.NoError(t, err)
	assert.Equal(t, "u***@e***", out.CodeDeliveryDetails.Destination)
	assert.Equal(t, "CustomMessage_ResendCode", h.srv.Outbox()[0].Trigger)

	tok := h.token("alice")
	_, err = c.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{AccessToken: tok, PreviousPassword: oldPassword, ProposedPassword: newPassword})
	require.NoError(t, err)
	cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)

	require.NoError(t, h.pool.RevokeTokens("alice"))
	_, err = c.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{AccessToken: tok, PreviousPassword: newPassword, ProposedPassword: altPassword})
	var na *types.NotAuthorizedException
	require.ErrorAs(t, err, &na)
	assert.Equal(t, "Access Token has been revoked", na.ErrorMessage())
}

func TestClientSeesTypedErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		cfg    cognitotest.PoolConfig
		run    func(h *harness, c *cognitopassword.Client) error
		target any
	}{
		{"a wrong code is a CodeMismatchException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			requireOK(h.t, h.forgot("alice"))
			_, err := c.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: h.client.ID, Username: "alice",
				ConfirmationCode: wrongCode(h.lastCode("alice")), Password: newPassword})
			return err
		}, new(*types.CodeMismatchException)},
		{"an expired code is an ExpiredCodeException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			requireOK(h.t, h.forgot("alice"))
			h.clock.Advance(time.Hour)
			_, err := c.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: h.client.ID, Username: "alice",
				ConfirmationCode: h.lastCode("alice"), Password: newPassword})
			return err
		}, new(*types.ExpiredCodeException)},
		{"a burned code is a TooManyFailedAttemptsException", cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeAttempts: 1}},
			func(h *harness, c *cognitopassword.Client) error {
				requireOK(h.t, h.forgot("alice"))
				code := h.lastCode("alice")
				requireError(h.t, h.confirm("alice", wrongCode(code), newPassword), 400, "CodeMismatchException", "")
				_, err := c.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: h.client.ID, Username: "alice",
					ConfirmationCode: code, Password: newPassword})
				return err
			}, new(*types.TooManyFailedAttemptsException)},
		{"too many code requests is a LimitExceededException", cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeRequests: 1}},
			func(h *harness, c *cognitopassword.Client) error {
				requireOK(h.t, h.forgot("alice"))
				_, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "alice"})
				return err
			}, new(*types.LimitExceededException)},
		{"an unknown user is a UserNotFoundException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			_, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "nobody"})
			return err
		}, new(*types.UserNotFoundException)},
		{"no verified contact is an InvalidParameterException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			require.NoError(h.t, h.pool.CreateUser(cognitotest.UserConfig{Username: "nocontact", Password: oldPassword}))
			_, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "nocontact"})
			return err
		}, new(*types.InvalidParameterException)},
		{"a weak password is an InvalidPasswordException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			_, err := c.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice", Password: "weakweak", Permanent: true})
			return err
		}, new(*types.InvalidPasswordException)},
		{"a reused password is a PasswordHistoryPolicyViolationException", cognitotest.PoolConfig{PasswordHistorySize: 5},
			func(h *harness, c *cognitopassword.Client) error {
				_, err := c.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice", Password: oldPassword, Permanent: true})
				return err
			}, new(*types.PasswordHistoryPolicyViolationException)},
		{"an unknown app client is a ResourceNotFoundException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			_, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: "nosuchclient", Username: "alice"})
			return err
		}, new(*types.ResourceNotFoundException)},
		{"a confirmed user's resend is an InvalidParameterException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			_, err := c.ResendConfirmationCode(ctx, &cognitopassword.ResendConfirmationCodeInput{ClientId: h.client.ID, Username: "alice"})
			return err
		}, new(*types.InvalidParameterException)},
		{"a reset-required user's ChangePassword is a PasswordResetRequiredException", cognitotest.PoolConfig{}, func(h *harness, c *cognitopassword.Client) error {
			tok := h.token("alice")
			requireOK(h.t, h.admin("AdminResetUserPassword", map[string]any{"UserPoolId": h.pool.ID(), "Username": "alice"}))
			_, err := c.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{AccessToken: tok, PreviousPassword: oldPassword, ProposedPassword: newPassword})
			return err
		}, new(*types.PasswordResetRequiredException)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newClientHarness(t, tt.cfg)
			h.addUser("alice")
			err := tt.run(h, h.newClient(h.client))
			require.Error(t, err)
			require.ErrorAs(t, err, tt.target)
			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
		})
	}
}

func TestClientRetriesAgainstInjectedFaults(t *testing.T) {
	ctx := context.Background()

	t.Run("throttled requests are retried until one succeeds", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultThrottle, Count: 2})
		_, err := h.newClient(h.client).ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "alice"})
		require.NoError(t, err)
		assert.Equal(t, 3, h.srv.RequestCount("ForgotPassword"))
		assert.Len(t, h.srv.Outbox(), 1, "only the successful attempt sent a code")
	})

	t.Run("throttling past the attempts surfaces TooManyRequestsException", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultThrottle, Count: 5})
		_, err := h.newClient(h.client).ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "alice"})
		require.ErrorAs(t, err, new(*types.TooManyRequestsException))
		assert.Equal(t, 3, h.srv.RequestCount("ForgotPassword"), "the standard retryer makes three attempts")
	})

	t.Run("a 502 HTML page on ForgotPassword is not repeated", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultServerError, Status: 502, Body: "<html>Bad Gateway</html>"})
		_, err := h.newClient(h.client).ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "alice"})
		require.ErrorIs(t, err, cognitopassword.ErrOutcomeUnknown)
		assert.Equal(t, 1, h.srv.RequestCount("ForgotPassword"))
	})

	t.Run("a dropped connection on ConfirmForgotPassword is not repeated", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		requireOK(t, h.forgot("alice"))
		h.srv.InjectFault(cognitotest.Fault{Op: "ConfirmForgotPassword", Kind: cognitotest.FaultDropConnection})
		_, err := h.newClient(h.client).ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: h.client.ID,
			Username: "alice", ConfirmationCode: h.lastCode("alice"), Password: newPassword})
		require.ErrorIs(t, err, cognitopassword.ErrOutcomeUnknown)
		assert.Equal(t, 1, h.srv.RequestCount("ConfirmForgotPassword"))
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword) // it had been processed
	})

	t.Run("a dropped connection on AdminSetUserPassword is retried", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.srv.InjectFault(cognitotest.Fault{Op: "AdminSetUserPassword", Kind: cognitotest.FaultDropConnection})
		_, err := h.newClient(h.client).AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(),
			Username: "alice", Password: newPassword, Permanent: true})
		require.NoError(t, err)
		assert.Equal(t, 2, h.srv.RequestCount("AdminSetUserPassword"))
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
	})

	t.Run("a delay longer than the caller's deadline ends in a context error", func(t *testing.T) {
		h := newClientHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		h.srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultDelay, Delay: time.Minute})
		ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := h.newClient(h.client).ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: h.client.ID, Username: "alice"})
		require.Error(t, err)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "err: %v", err)
	})
}

func TestClientSignaturesAndAFixedClock(t *testing.T) {
	ctx := context.Background()
	in := func(h *harness) *cognitopassword.AdminSetUserPasswordInput {
		return &cognitopassword.AdminSetUserPasswordInput{UserPoolId: h.pool.ID(), Username: "alice", Password: newPassword, Permanent: true}
	}

	t.Run("a clock far from the real time rejects the client's signatures", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{})
		h.addUser("alice")
		_, err := h.newClient(h.client).AdminSetUserPassword(ctx, in(h))
		var apiErr smithy.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
		assert.Contains(t, apiErr.ErrorMessage(), "Signature not yet current")
	})

	t.Run("WithMaxSkew(-1) accepts them", func(t *testing.T) {
		h := newHarness(t, cognitotest.PoolConfig{}, cognitotest.WithMaxSkew(-1))
		h.addUser("alice")
		_, err := h.newClient(h.client).AdminSetUserPassword(ctx, in(h))
		require.NoError(t, err)
		cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword)
	})
}
