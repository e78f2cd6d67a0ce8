package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// scenario is one check, written once and run against every backend.
type scenario struct {
	name string
	run  func(ctx context.Context, t *testing.T, f *fixture)
}

// scenarioTimeout bounds one scenario, setup included.
const scenarioTimeout = time.Minute

// TestScenarios runs every scenario against cognito-local and cognitotest,
// each scenario on a fresh user pool, and then checks RESULTS.md against
// the outcome.
func TestScenarios(t *testing.T) {
	backends := []struct {
		name  string
		start func(*testing.T) Backend
	}{
		{"cognito-local", func(t *testing.T) Backend { return newCognitoLocal(t) }},
		{"cognitotest", func(t *testing.T) Backend { return newInProcess(t) }},
	}
	res := newResults()
	for _, bk := range backends {
		t.Run(bk.name, func(t *testing.T) {
			b := bk.start(t)
			for _, s := range scenarios() {
				t.Run(s.name, func(t *testing.T) {
					c := &cell{}
					defer func() { res.record(s.name, b.Name(), t, c) }()
					ctx, cancel := context.WithTimeout(context.Background(), scenarioTimeout)
					defer cancel()
					s.run(ctx, t, newFixture(ctx, t, b, c))
				})
			}
		})
	}
	t.Run("RESULTS.md matches this run", func(t *testing.T) {
		names := make([]string, 0, len(backends))
		for _, bk := range backends {
			names = append(names, bk.name)
		}
		res.check(t, "RESULTS.md", scenarioNames(), names)
	})
}

func scenarioNames() []string {
	var names []string
	for _, s := range scenarios() {
		names = append(names, s.name)
	}
	return names
}

func scenarios() []scenario {
	return append(passwordScenarios(), signInScenarios()...)
}

// passwordScenarios check the password operations.
func passwordScenarios() []scenario {
	return []scenario{
		{"AdminSetUserPassword with Permanent lets the user sign in with the new password only", func(ctx context.Context, t *testing.T, f *fixture) {
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: newPassword, Permanent: true,
			})
			require.NoError(t, err)
			f.requireSignIn(ctx, t, newPassword)
			f.requireSignInRefused(ctx, t, initialPassword)
			assert.Equal(t, "CONFIRMED", f.b.UserStatus(ctx, t, f.pool, f.user))
		}},

		{"AdminSetUserPassword without Permanent puts the user in FORCE_CHANGE_PASSWORD", func(ctx context.Context, t *testing.T, f *fixture) {
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: newPassword, Permanent: false,
			})
			require.NoError(t, err)
			assert.Equal(t, "FORCE_CHANGE_PASSWORD", f.b.UserStatus(ctx, t, f.pool, f.user))
		}},

		{"ForgotPassword then ConfirmForgotPassword with the delivered code replaces the password", func(ctx context.Context, t *testing.T, f *fixture) {
			out, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.public.ID, Username: f.user})
			require.NoError(t, err)
			require.NotNil(t, out.CodeDeliveryDetails)
			assert.Equal(t, types.DeliveryMediumTypeEmail, out.CodeDeliveryDetails.DeliveryMedium)
			assert.Equal(t, "email", out.CodeDeliveryDetails.AttributeName)

			code := f.b.LatestCode(t, f.pool, f.user)
			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.public.ID, Username: f.user, ConfirmationCode: code, Password: newPassword,
			})
			require.NoError(t, err)
			f.requireSignInRefused(ctx, t, initialPassword)
			f.requireSignIn(ctx, t, newPassword)
		}},

		{"ConfirmForgotPassword with a wrong code returns CodeMismatchException and keeps the right one usable", func(ctx context.Context, t *testing.T, f *fixture) {
			_, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.public.ID, Username: f.user})
			require.NoError(t, err)
			code := f.b.LatestCode(t, f.pool, f.user)
			wrong := "000000"
			if code == wrong {
				wrong = "111111"
			}
			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.public.ID, Username: f.user, ConfirmationCode: wrong, Password: newPassword,
			})
			var mismatch *types.CodeMismatchException
			require.ErrorAs(t, err, &mismatch)
			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, 1, f.sent.count("ConfirmForgotPassword"), "a wrong code is not retried")
			f.requireSignIn(ctx, t, initialPassword)

			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.public.ID, Username: f.user, ConfirmationCode: code, Password: newPassword,
			})
			require.NoError(t, err)
			f.requireSignIn(ctx, t, newPassword)
		}},

		{"ChangePassword with an access token from InitiateAuth replaces the password", func(ctx context.Context, t *testing.T, f *fixture) {
			token := f.requireSignIn(ctx, t, initialPassword)
			_, err := f.client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
				AccessToken: token, PreviousPassword: initialPassword, ProposedPassword: newPassword,
			})
			require.NoError(t, err)
			f.requireSignIn(ctx, t, newPassword)
			f.requireSignInRefused(ctx, t, initialPassword)
		}},

		{"ChangePassword with a wrong previous password is refused", func(ctx context.Context, t *testing.T, f *fixture) {
			token := f.requireSignIn(ctx, t, initialPassword)
			_, err := f.client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
				AccessToken: token, PreviousPassword: "Wrong-Passw0rd!", ProposedPassword: newPassword,
			})
			require.Error(t, err)
			want := f.b.Departures().WrongPreviousPasswordCode
			assert.Equal(t, want, errorCode(err), "%v", err)
			if want == "NotAuthorizedException" {
				var notAuthorized *types.NotAuthorizedException
				assert.ErrorAs(t, err, &notAuthorized)
			} else {
				f.note("answers %s (Cognito: NotAuthorizedException)", want)
			}
			f.requireSignIn(ctx, t, initialPassword)
		}},

		{"NewFromConfig finds the backend through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", func(ctx context.Context, t *testing.T, f *fixture) {
			opts := f.b.LibraryOptions()
			// What a developer's shell may hold, which would send the call
			// to AWS or fail the load, is removed first.
			t.Setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
			t.Setenv("AWS_PROFILE", "nonexistent")
			isolateFromEnvironment(t)
			t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", f.b.Endpoint())
			cfg, err := config.LoadDefaultConfig(ctx,
				config.WithRegion(opts.Region),
				config.WithCredentialsProvider(opts.Credentials),
				config.WithSharedConfigFiles([]string{}),
				config.WithSharedCredentialsFiles([]string{}),
				config.WithHTTPClient(loopbackOnly()),
			)
			require.NoError(t, err)
			require.Nil(t, cfg.BaseEndpoint)
			client := cognitopassword.NewFromConfig(cfg)
			require.Equal(t, f.b.Endpoint(), client.Options().BaseEndpoint)
			_, err = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: newPassword, Permanent: true,
			})
			require.NoError(t, err)
			f.requireSignIn(ctx, t, newPassword)
		}},

		{"an unknown user gets UserNotFoundException", func(ctx context.Context, t *testing.T, f *fixture) {
			_, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.public.ID, Username: "nobody"})
			var notFound *types.UserNotFoundException
			require.ErrorAs(t, err, &notFound, "ForgotPassword")

			_, err = f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: "nobody", Password: newPassword, Permanent: true,
			})
			require.ErrorAs(t, err, &notFound, "AdminSetUserPassword")
		}},

		{"an unknown user pool or app client gets ResourceNotFoundException", func(ctx context.Context, t *testing.T, f *fixture) {
			prefix := f.pool[:strings.LastIndex(f.pool, "_")]
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: prefix + "_Missing00", Username: f.user, Password: newPassword, Permanent: true,
			})
			var notFound *types.ResourceNotFoundException
			require.ErrorAs(t, err, &notFound, "AdminSetUserPassword on an unknown pool")

			_, err = f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: "0unknownclient0000000000000", Username: f.user})
			require.ErrorAs(t, err, &notFound, "ForgotPassword through an unknown app client")
		}},

		{"ForgotPassword for a user without an email address or phone number is refused", func(ctx context.Context, t *testing.T, f *fixture) {
			const carol = "carol"
			f.b.CreateUser(ctx, t, f.pool, f.public, carol, initialPassword, false)
			forgot := func(ctx context.Context) error {
				_, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.public.ID, Username: carol})
				return err
			}
			if code := f.b.Departures().NoAddressCode; code != "InvalidParameterException" {
				f.requireUnsupported(ctx, t, "ForgotPassword", code, forgot)
				return
			}
			var invalid *types.InvalidParameterException
			require.ErrorAs(t, forgot(ctx), &invalid)
			assert.Equal(t, 1, f.sent.count("ForgotPassword"))
		}},

		{"a client with a secret resets a password with the SECRET_HASH the library computes", func(ctx context.Context, t *testing.T, f *fixture) {
			_, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.secret.ID, Username: f.user})
			require.NoError(t, err)
			want := secrethash.Compute(f.user, f.secret.ID, f.secret.Secret)
			assert.Equal(t, want, f.sent.lastBody(t, "ForgotPassword")["SecretHash"])

			code := f.b.LatestCode(t, f.pool, f.user)
			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.secret.ID, Username: f.user, ConfirmationCode: code, Password: newPassword,
			})
			require.NoError(t, err)
			assert.Equal(t, want, f.sent.lastBody(t, "ConfirmForgotPassword")["SecretHash"])
			f.requireSignIn(ctx, t, newPassword)
			if f.b.Departures().NoSecretHashCheck != "" {
				f.note("%s does not check the hash it is sent", f.b.Name())
			}
		}},

		{"a wrong or missing SECRET_HASH is rejected with NotAuthorizedException", func(ctx context.Context, t *testing.T, f *fixture) {
			f.skipIf(t, f.b.Departures().NoSecretHashCheck)
			var notAuthorized *types.NotAuthorizedException
			wrong, _ := f.newClient(cognitopassword.WithClientSecret(f.secret.ID, "not-the-secret"))
			_, err := wrong.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.secret.ID, Username: f.user})
			require.ErrorAs(t, err, &notAuthorized, "wrong secret")

			unaware, _ := f.newClient()
			_, err = unaware.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.secret.ID, Username: f.user})
			require.ErrorAs(t, err, &notAuthorized, "no secret")
		}},

		{"a password that breaks the pool's policy is rejected with InvalidPasswordException", func(ctx context.Context, t *testing.T, f *fixture) {
			f.skipIf(t, f.b.Departures().NoPasswordPolicy)
			var invalid *types.InvalidPasswordException
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: "short", Permanent: true,
			})
			require.ErrorAs(t, err, &invalid, "AdminSetUserPassword")

			token := f.requireSignIn(ctx, t, initialPassword)
			_, err = f.client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
				AccessToken: token, PreviousPassword: initialPassword, ProposedPassword: "alllowercase",
			})
			require.ErrorAs(t, err, &invalid, "ChangePassword")
			f.requireSignIn(ctx, t, initialPassword)
		}},

		{"a reset code older than an hour gets ExpiredCodeException", func(ctx context.Context, t *testing.T, f *fixture) {
			f.skipIf(t, f.b.Departures().NoCodeExpiry)
			_, err := f.client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: f.public.ID, Username: f.user})
			require.NoError(t, err)
			code := f.b.LatestCode(t, f.pool, f.user)
			require.True(t, f.b.AdvanceClock(time.Hour+time.Minute))
			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.public.ID, Username: f.user, ConfirmationCode: code, Password: newPassword,
			})
			var expired *types.ExpiredCodeException
			require.ErrorAs(t, err, &expired)
			f.requireSignIn(ctx, t, initialPassword)
		}},

		{"AdminResetUserPassword sends a code with which ConfirmForgotPassword sets a new password", func(ctx context.Context, t *testing.T, f *fixture) {
			reset := func(ctx context.Context) error {
				_, err := f.client.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: f.pool, Username: f.user})
				return err
			}
			if code, unsupported := f.b.Departures().Unsupported["AdminResetUserPassword"]; unsupported {
				f.requireUnsupported(ctx, t, "AdminResetUserPassword", code, reset)
				return
			}
			require.NoError(t, reset(ctx))
			assert.Equal(t, "RESET_REQUIRED", f.b.UserStatus(ctx, t, f.pool, f.user))
			_, err := f.b.SignIn(ctx, f.public, f.user, initialPassword)
			assert.Equal(t, "PasswordResetRequiredException", errorCode(err), "sign-in before the reset is confirmed: %v", err)

			code := f.b.LatestCode(t, f.pool, f.user)
			_, err = f.client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
				ClientId: f.public.ID, Username: f.user, ConfirmationCode: code, Password: newPassword,
			})
			require.NoError(t, err)
			f.requireSignIn(ctx, t, newPassword)
			assert.Equal(t, "CONFIRMED", f.b.UserStatus(ctx, t, f.pool, f.user))
		}},

		{"ResendConfirmationCode sends a sign-up code that confirms the user", func(ctx context.Context, t *testing.T, f *fixture) {
			const bob = "bob"
			f.b.CreateUnconfirmedUser(ctx, t, f.pool, f.public, bob, initialPassword)
			resend := func(ctx context.Context) error {
				_, err := f.client.ResendConfirmationCode(ctx, &cognitopassword.ResendConfirmationCodeInput{ClientId: f.public.ID, Username: bob})
				return err
			}
			if code, unsupported := f.b.Departures().Unsupported["ResendConfirmationCode"]; unsupported {
				f.requireUnsupported(ctx, t, "ResendConfirmationCode", code, resend)
				return
			}
			require.NoError(t, resend(ctx))
			code := f.b.LatestCode(t, f.pool, bob)
			require.NoError(t, f.b.ConfirmSignUp(ctx, f.public, bob, code))
			assert.Equal(t, "CONFIRMED", f.b.UserStatus(ctx, t, f.pool, bob))
		}},
	}
}
