package integration

import (
	"bytes"
	"context"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// signInScenarios check sign-in and the temporary-password lifecycle. Every
// step under test goes through cognitopassword.Client: SignIn,
// CompleteNewPassword, ChangePassword, AdminSetUserPassword and
// AdminGetUser; the official client only creates pools, app clients and
// users.
func signInScenarios() []scenario {
	return []scenario{
		{"SignIn with USER_PASSWORD_AUTH returns tokens, with the SECRET_HASH the library computes for a client with a secret", func(ctx context.Context, t *testing.T, f *fixture) {
			for _, app := range []AppClient{f.public, f.secret} {
				out, err := f.client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: app.ID, Username: f.user, Password: f.password,
					Flow: cognitopassword.SignInFlowUserPassword,
				})
				require.NoError(t, err, "secret %v", app.Secret != "")
				requireTokens(t, out)
				assert.NotEmpty(t, out.AuthenticationResult.RefreshToken)

				body := f.sent.lastBody(t, "InitiateAuth")
				assert.Equal(t, "USER_PASSWORD_AUTH", body["AuthFlow"])
				params, _ := body["AuthParameters"].(map[string]any)
				assert.Equal(t, f.user, params["USERNAME"])
				if app.Secret != "" {
					assert.Equal(t, secrethash.Compute(f.user, app.ID, app.Secret), params["SECRET_HASH"])
				} else {
					assert.NotContains(t, params, "SECRET_HASH")
				}
				assert.False(t, f.sent.wasSigned("InitiateAuth"), "InitiateAuth is not signed")
			}
			assert.Equal(t, 2, f.sent.count("InitiateAuth"), "one request per sign-in")
			if f.b.Departures().NoSecretHashCheck != "" {
				f.note("%s does not check the hash it is sent", f.b.Name())
			}
		}},

		{"SignIn with ADMIN_USER_PASSWORD_AUTH sends a signed AdminInitiateAuth whose access token ChangePassword accepts", func(ctx context.Context, t *testing.T, f *fixture) {
			signIn := func(app AppClient, password string) (*cognitopassword.SignInOutput, error) {
				return f.client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: app.ID, Username: f.user, Password: password,
					Flow: cognitopassword.SignInFlowAdminUserPassword,
				})
			}
			out, err := signIn(f.public, f.password)
			require.NoError(t, err)
			requireTokens(t, out)
			assert.True(t, f.sent.wasSigned("AdminInitiateAuth"), "AdminInitiateAuth is SigV4-signed")
			body := f.sent.lastBody(t, "AdminInitiateAuth")
			assert.Equal(t, "ADMIN_USER_PASSWORD_AUTH", body["AuthFlow"])
			assert.Equal(t, f.pool, body["UserPoolId"])

			out, err = signIn(f.secret, f.password)
			require.NoError(t, err)
			token := requireTokens(t, out)
			params, _ := f.sent.lastBody(t, "AdminInitiateAuth")["AuthParameters"].(map[string]any)
			assert.Equal(t, secrethash.Compute(f.user, f.secret.ID, f.secret.Secret), params["SECRET_HASH"])
			assert.Equal(t, 0, f.sent.count("InitiateAuth"))

			_, err = f.client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
				AccessToken: token, PreviousPassword: f.password, ProposedPassword: newPassword,
			})
			require.NoError(t, err)
			out, err = signIn(f.secret, newPassword)
			require.NoError(t, err)
			requireTokens(t, out)
			_, err = signIn(f.secret, f.password)
			f.requireWrongPassword(t, err, "the old password")
		}},

		{"SignIn over SRP, the default, returns tokens and never sends the password", func(ctx context.Context, t *testing.T, f *fixture) {
			signIn := func(ctx context.Context, app AppClient) (*cognitopassword.SignInOutput, error) {
				return f.client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: app.ID, Username: f.user, Password: f.password,
				})
			}
			if code, unsupported := f.b.Departures().Unsupported["InitiateAuth USER_SRP_AUTH"]; unsupported {
				f.requireUnsupported(ctx, t, "InitiateAuth", code, func(ctx context.Context) error {
					_, err := signIn(ctx, f.public)
					return err
				})
				assert.Equal(t, 0, f.sent.count("RespondToAuthChallenge"))
				f.cell.unsupported = "USER_SRP_AUTH is not implemented: InitiateAuth " + f.cell.unsupported
				return
			}
			for i, app := range []AppClient{f.public, f.secret} {
				out, err := signIn(ctx, app)
				require.NoError(t, err, "secret %v", app.Secret != "")
				requireTokens(t, out)
				assert.Equal(t, f.user, out.Username)
				assert.Equal(t, i+1, f.sent.count("InitiateAuth"))
				assert.Equal(t, i+1, f.sent.count("RespondToAuthChallenge"))

				initiate := f.sent.lastBody(t, "InitiateAuth")
				assert.Equal(t, "USER_SRP_AUTH", initiate["AuthFlow"])
				params, _ := initiate["AuthParameters"].(map[string]any)
				assert.NotEmpty(t, params["SRP_A"])
				assert.NotContains(t, params, "PASSWORD")
				answer := f.sent.lastBody(t, "RespondToAuthChallenge")
				assert.Equal(t, "PASSWORD_VERIFIER", answer["ChallengeName"])
				responses, _ := answer["ChallengeResponses"].(map[string]any)
				assert.NotEmpty(t, responses["PASSWORD_CLAIM_SIGNATURE"])
				if app.Secret != "" {
					assert.Equal(t, secrethash.Compute(f.user, app.ID, app.Secret), responses["SECRET_HASH"])
				}
				for _, op := range []string{"InitiateAuth", "RespondToAuthChallenge"} {
					assert.False(t, bytes.Contains(f.sent.lastRaw(op), []byte(f.password)), "%s does not carry the password", op)
				}
			}
		}},

		{"a wrong password gets NotAuthorizedException in every sign-in flow, after one attempt", func(ctx context.Context, t *testing.T, f *fixture) {
			unsupported := f.b.Departures().Unsupported
			for _, flow := range []struct {
				flow cognitopassword.SignInFlow
				op   string // the operation that refuses the password
			}{
				{cognitopassword.SignInFlowUserPassword, "InitiateAuth"},
				{cognitopassword.SignInFlowAdminUserPassword, "AdminInitiateAuth"},
				{cognitopassword.SignInFlowSRP, "RespondToAuthChallenge"},
			} {
				if _, ok := unsupported["InitiateAuth "+string(flow.flow)]; ok {
					f.note("%s not checked: not implemented", flow.flow)
					continue
				}
				client, sent := f.newClient(cognitopassword.WithClientSecret(f.secret.ID, f.secret.Secret))
				_, err := client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: f.secret.ID, Username: f.user, Password: "Wrong-Passw0rd!", Flow: flow.flow,
				})
				f.requireWrongPassword(t, err, string(flow.flow))
				var opErr *smithy.OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, flow.op, opErr.OperationName, "%s", flow.flow)
				assert.Equal(t, 1, sent.count(flow.op), "%s: a refused password is not sent again", flow.flow)
				assert.NotContains(t, err.Error(), "Wrong-Passw0rd!")
			}
			out, err := f.client.SignIn(ctx, &cognitopassword.SignInInput{
				UserPoolId: f.pool, ClientId: f.public.ID, Username: f.user, Password: f.password,
				Flow: cognitopassword.SignInFlowUserPassword,
			})
			require.NoError(t, err, "the right password still signs in")
			requireTokens(t, out)
		}},

		{"AdminSetUserPassword without Permanent, SignIn, CompleteNewPassword with a required attribute and ChangePassword take the user from FORCE_CHANGE_PASSWORD to CONFIRMED", func(ctx context.Context, t *testing.T, f *fixture) {
			const (
				dave          = "dave"
				temporary     = "Temporary-Passw0rd-2!"
				thirdPassword = "Third-Passw0rd!"
			)
			d := f.b.Departures()
			pool := f.b.CreatePool(ctx, t, "given_name")
			app := f.b.CreateAppClient(ctx, t, pool, true)
			f.b.CreateUserByAdmin(ctx, t, pool, dave, initialPassword)
			client, sent := f.newClient(cognitopassword.WithClientSecret(app.ID, app.Secret))
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeConfirmed)

			_, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: pool, Username: dave, Password: temporary, Permanent: false,
			})
			require.NoError(t, err)
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeForceChangePassword)

			signIn := func(password string) (*cognitopassword.SignInOutput, error) {
				return client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: pool, ClientId: app.ID, Username: dave, Password: password,
					Flow: cognitopassword.SignInFlowUserPassword,
				})
			}
			out, err := signIn("Wrong-Passw0rd!")
			if d.TemporaryPasswordUnchecked != "" {
				require.NoError(t, err, "the departure: a wrong temporary password")
				require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, out.ChallengeName)
				f.note("%s", d.TemporaryPasswordUnchecked)
			} else {
				f.requireWrongPassword(t, err, "a wrong temporary password")
			}
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeForceChangePassword)

			challenge, err := signIn(temporary)
			require.NoError(t, err)
			require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, challenge.ChallengeName)
			require.Nil(t, challenge.AuthenticationResult)
			assert.Equal(t, dave, challenge.Username)
			assert.NotEmpty(t, challenge.Session)
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeForceChangePassword)

			// email_verified cannot be written; the library leaves it out.
			in := &cognitopassword.CompleteNewPasswordInput{
				Challenge: challenge, NewPassword: newPassword,
				UserAttributes: map[string]string{"email_verified": "true"},
			}
			current, err := in.CurrentAttributes()
			require.NoError(t, err)
			assert.Equal(t, dave+"@example.com", current["email"])
			required, err := in.RequiredAttributes()
			require.NoError(t, err)
			if d.NoRequiredAttributes != "" {
				assert.Empty(t, required)
				f.note("%s", d.NoRequiredAttributes)
			} else {
				assert.Equal(t, []string{"given_name"}, required)
				before := sent.total()
				_, err = client.CompleteNewPassword(ctx, in)
				var invalid smithy.InvalidParamsError
				require.ErrorAs(t, err, &invalid)
				assert.Contains(t, err.Error(), "given_name")
				assert.Equal(t, before, sent.total(), "a missing required attribute fails before any request")
			}

			in.UserAttributes["given_name"] = "Dave"
			done, err := client.CompleteNewPassword(ctx, in)
			require.NoError(t, err)
			token := requireTokens(t, done)
			assert.Equal(t, 1, sent.count("RespondToAuthChallenge"))
			responses, _ := sent.lastBody(t, "RespondToAuthChallenge")["ChallengeResponses"].(map[string]any)
			assert.Equal(t, dave, responses["USERNAME"])
			assert.Equal(t, secrethash.Compute(dave, app.ID, app.Secret), responses["SECRET_HASH"])
			assert.Equal(t, "Dave", responses["userAttributes.given_name"])
			assert.NotContains(t, responses, "userAttributes.email_verified")

			user := userStatus(ctx, t, client, pool, dave, types.UserStatusTypeConfirmed)
			if d.ChallengeAttributesIgnored != "" {
				assert.Empty(t, attribute(user, "given_name"))
				f.note("%s", d.ChallengeAttributesIgnored)
			} else {
				assert.Equal(t, "Dave", attribute(user, "given_name"))
			}

			_, err = client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
				AccessToken: token, PreviousPassword: newPassword, ProposedPassword: thirdPassword,
			})
			require.NoError(t, err)
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeConfirmed)
			out, err = signIn(thirdPassword)
			require.NoError(t, err)
			requireTokens(t, out)
			for _, old := range []string{newPassword, temporary} {
				_, err = signIn(old)
				f.requireWrongPassword(t, err, "a replaced password")
			}
			userStatus(ctx, t, client, pool, dave, types.UserStatusTypeConfirmed)
		}},

		{"SignIn over SRP with a temporary password gets NEW_PASSWORD_REQUIRED, which CompleteNewPassword answers with RespondToAuthChallenge", func(ctx context.Context, t *testing.T, f *fixture) {
			const temporary = "Temporary-Passw0rd-2!"
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: temporary, Permanent: false,
			})
			require.NoError(t, err)
			userStatus(ctx, t, f.client, f.pool, f.user, types.UserStatusTypeForceChangePassword)
			signIn := func(ctx context.Context, password string) (*cognitopassword.SignInOutput, error) {
				return f.client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: f.secret.ID, Username: f.user, Password: password,
				})
			}
			if code, unsupported := f.b.Departures().Unsupported["InitiateAuth USER_SRP_AUTH"]; unsupported {
				f.requireUnsupported(ctx, t, "InitiateAuth", code, func(ctx context.Context) error {
					_, err := signIn(ctx, temporary)
					return err
				})
				f.cell.unsupported = "USER_SRP_AUTH is not implemented: InitiateAuth " + f.cell.unsupported
				return
			}
			_, err = signIn(ctx, "Wrong-Passw0rd!")
			f.requireWrongPassword(t, err, "a wrong temporary password")

			challenge, err := signIn(ctx, temporary)
			require.NoError(t, err)
			require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, challenge.ChallengeName)
			assert.Equal(t, cognitopassword.SignInFlowSRP, challenge.Flow)
			assert.Equal(t, f.user, challenge.Username)
			done, err := f.client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{
				Challenge: challenge, NewPassword: newPassword,
				UserAttributes: map[string]string{"email_verified": "true", "email": f.user + "@example.com"},
			})
			require.NoError(t, err)
			requireTokens(t, done)
			assert.Equal(t, 3, f.sent.count("RespondToAuthChallenge"), "PASSWORD_VERIFIER for the wrong and the temporary password, then NEW_PASSWORD_REQUIRED, each once")
			answer := f.sent.lastBody(t, "RespondToAuthChallenge")
			assert.Equal(t, "NEW_PASSWORD_REQUIRED", answer["ChallengeName"])
			responses, _ := answer["ChallengeResponses"].(map[string]any)
			assert.Equal(t, secrethash.Compute(f.user, f.secret.ID, f.secret.Secret), responses["SECRET_HASH"])
			assert.NotContains(t, responses, "userAttributes.email_verified", "a read-only attribute is never sent")
			assert.NotContains(t, responses, "userAttributes.email", "an unchanged attribute is not sent back")
			userStatus(ctx, t, f.client, f.pool, f.user, types.UserStatusTypeConfirmed)

			out, err := signIn(ctx, newPassword)
			require.NoError(t, err)
			requireTokens(t, out)
			_, err = signIn(ctx, temporary)
			f.requireWrongPassword(t, err, "the temporary password after it was replaced")
		}},

		{"ADMIN_USER_PASSWORD_AUTH with a temporary password gets NEW_PASSWORD_REQUIRED, which CompleteNewPassword answers with AdminRespondToAuthChallenge", func(ctx context.Context, t *testing.T, f *fixture) {
			const temporary = "Temporary-Passw0rd-2!"
			_, err := f.client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
				UserPoolId: f.pool, Username: f.user, Password: temporary, Permanent: false,
			})
			require.NoError(t, err)
			userStatus(ctx, t, f.client, f.pool, f.user, types.UserStatusTypeForceChangePassword)
			signIn := func(flow cognitopassword.SignInFlow, password string) (*cognitopassword.SignInOutput, error) {
				return f.client.SignIn(ctx, &cognitopassword.SignInInput{
					UserPoolId: f.pool, ClientId: f.secret.ID, Username: f.user, Password: password, Flow: flow,
				})
			}
			out, err := signIn(cognitopassword.SignInFlowAdminUserPassword, temporary)
			require.NoError(t, err)

			if reason := f.b.Departures().AdminSignInSkipsNewPassword; reason != "" {
				// The departure, checked: tokens instead of the challenge,
				// and no AdminRespondToAuthChallenge to answer one with
				// (tried with the challenge USER_PASSWORD_AUTH gives).
				requireTokens(t, out)
				userStatus(ctx, t, f.client, f.pool, f.user, types.UserStatusTypeForceChangePassword)
				challenge, err := signIn(cognitopassword.SignInFlowUserPassword, temporary)
				require.NoError(t, err)
				require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, challenge.ChallengeName)
				challenge.Flow = cognitopassword.SignInFlowAdminUserPassword
				code := f.b.Departures().Unsupported["AdminRespondToAuthChallenge"]
				f.requireUnsupported(ctx, t, "AdminRespondToAuthChallenge", code, func(ctx context.Context) error {
					_, err := f.client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{Challenge: challenge, NewPassword: newPassword})
					return err
				})
				f.skipIf(t, reason)
			}

			require.Equal(t, types.ChallengeNameTypeNewPasswordRequired, out.ChallengeName)
			assert.Equal(t, cognitopassword.SignInFlowAdminUserPassword, out.Flow)
			done, err := f.client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{Challenge: out, NewPassword: newPassword})
			require.NoError(t, err)
			requireTokens(t, done)
			assert.Equal(t, 1, f.sent.count("AdminRespondToAuthChallenge"))
			assert.Equal(t, 0, f.sent.count("RespondToAuthChallenge"))
			assert.True(t, f.sent.wasSigned("AdminRespondToAuthChallenge"), "AdminRespondToAuthChallenge is SigV4-signed")
			responses, _ := f.sent.lastBody(t, "AdminRespondToAuthChallenge")["ChallengeResponses"].(map[string]any)
			assert.Equal(t, secrethash.Compute(f.user, f.secret.ID, f.secret.Secret), responses["SECRET_HASH"])
			userStatus(ctx, t, f.client, f.pool, f.user, types.UserStatusTypeConfirmed)

			out, err = signIn(cognitopassword.SignInFlowAdminUserPassword, newPassword)
			require.NoError(t, err)
			requireTokens(t, out)
		}},
	}
}
