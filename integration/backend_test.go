package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/secrethash"
)

// Backend is a server the scenarios run against. Everything the library
// itself does not offer (pools, app clients, users, sign-in, reading the
// codes the server "sent") goes through it.
type Backend interface {
	// Name names the backend in test names and in RESULTS.md.
	Name() string
	// Endpoint is the base URL of the backend, on 127.0.0.1.
	Endpoint() string
	// LibraryOptions points a cognitopassword client at the backend.
	LibraryOptions() cognitopassword.Options

	// CreatePool creates a user pool and returns its id; the pool's schema
	// makes the standard attributes named in required required.
	CreatePool(ctx context.Context, t *testing.T, required ...string) string
	// CreateAppClient creates an app client that allows USER_SRP_AUTH,
	// USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH,
	// with a generated secret when secret is true.
	CreateAppClient(ctx context.Context, t *testing.T, poolID string, secret bool) AppClient
	// CreateUser creates a CONFIRMED user with the given password, without
	// AdminSetUserPassword; withEmail gives the user a verified email
	// address, <username>@example.com.
	CreateUser(ctx context.Context, t *testing.T, poolID string, client AppClient, username, password string, withEmail bool)
	// CreateUserByAdmin creates a CONFIRMED user with the given password
	// and a verified email address as an administrator would
	// (AdminCreateUser, then AdminSetUserPassword with Permanent), without
	// signing in, so that required attributes the user lacks stay missing.
	CreateUserByAdmin(ctx context.Context, t *testing.T, poolID, username, password string)
	// CreateUnconfirmedUser creates a user who signed up and has not
	// confirmed the sign-up code yet (status UNCONFIRMED).
	CreateUnconfirmedUser(ctx context.Context, t *testing.T, poolID string, client AppClient, username, password string)
	// SignIn runs InitiateAuth USER_PASSWORD_AUTH and returns the access
	// token, or the error the backend answered with.
	SignIn(ctx context.Context, client AppClient, username, password string) (string, error)
	// UserStatus reads the user's status with AdminGetUser.
	UserStatus(ctx context.Context, t *testing.T, poolID, username string) string
	// ConfirmSignUp confirms a sign-up code.
	ConfirmSignUp(ctx context.Context, client AppClient, username, code string) error
	// LatestCode returns the latest code the backend "sent" to the user.
	LatestCode(t *testing.T, poolID, username string) string
	// AdvanceClock moves the backend's clock forward and reports whether it
	// could.
	AdvanceClock(d time.Duration) bool
	// Departures lists where the backend departs from Amazon Cognito.
	Departures() Departures
}

// Departures describes how a backend departs from Amazon Cognito. An empty
// reason means the backend behaves as Cognito does.
type Departures struct {
	// Unsupported maps an operation the backend does not implement (or
	// "InitiateAuth USER_SRP_AUTH" for a flow it lacks) to the error code
	// it answers with instead (with HTTP 500).
	Unsupported map[string]string
	// NoAddressCode is the error code of ForgotPassword for a user with no
	// email address or phone number (Cognito: InvalidParameterException).
	NoAddressCode string
	// NoSecretHashCheck: a wrong or missing SECRET_HASH is accepted.
	NoSecretHashCheck string
	// NoPasswordPolicy: any password is accepted.
	NoPasswordPolicy string
	// NoCodeExpiry: codes never expire.
	NoCodeExpiry string
	// WrongPasswordCode is the error code of InitiateAuth and
	// AdminInitiateAuth with a wrong password (Cognito:
	// NotAuthorizedException).
	WrongPasswordCode string
	// TemporaryPasswordUnchecked: USER_PASSWORD_AUTH answers
	// NEW_PASSWORD_REQUIRED to a user in FORCE_CHANGE_PASSWORD whatever
	// the password (Cognito: NotAuthorizedException for a wrong one).
	TemporaryPasswordUnchecked string
	// AdminSignInSkipsNewPassword: ADMIN_USER_PASSWORD_AUTH gives tokens to
	// a user in FORCE_CHANGE_PASSWORD (Cognito: NEW_PASSWORD_REQUIRED).
	AdminSignInSkipsNewPassword string
	// NoRequiredAttributes: NEW_PASSWORD_REQUIRED's requiredAttributes
	// never names the pool's required attributes the user lacks.
	NoRequiredAttributes string
	// ChallengeAttributesIgnored: the userAttributes.* entries of a
	// NEW_PASSWORD_REQUIRED answer are not written to the user.
	ChallengeAttributesIgnored string
	// WrongPreviousPasswordCode is the error code of ChangePassword with a
	// wrong PreviousPassword (Cognito: NotAuthorizedException).
	WrongPreviousPasswordCode string
}

// AppClient is an app client of a pool.
type AppClient struct {
	ID     string
	Secret string
}

// secretHash is the SECRET_HASH of username for the client, or nil.
func (c AppClient) secretHash(username string) *string {
	if c.Secret == "" {
		return nil
	}
	return aws.String(secrethash.Compute(username, c.ID, c.Secret))
}

// wire implements the setup part of Backend with the official client, the
// same way for every backend.
type wire struct {
	api *cip.Client
}

// newWire returns the official client pointed at endpoint, with static
// credentials and at most two attempts per call.
func newWire(endpoint, region, accessKeyID, secretAccessKey string) *wire {
	return &wire{api: cip.New(cip.Options{
		Region:           region,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:       &http.Client{Timeout: 15 * time.Second},
		RetryMaxAttempts: 2,
	})}
}

func (w *wire) CreatePool(ctx context.Context, t *testing.T, required ...string) string {
	t.Helper()
	var schema []ciptypes.SchemaAttributeType
	for _, name := range required {
		schema = append(schema, ciptypes.SchemaAttributeType{
			Name:              aws.String(name),
			AttributeDataType: ciptypes.AttributeDataTypeString,
			Mutable:           aws.Bool(true),
			Required:          aws.Bool(true),
		})
	}
	out, err := w.api.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName: aws.String("cognitopassword-integration"),
		AccountRecoverySetting: &ciptypes.AccountRecoverySettingType{
			RecoveryMechanisms: []ciptypes.RecoveryOptionType{{Name: ciptypes.RecoveryOptionNameTypeVerifiedEmail, Priority: aws.Int32(1)}},
		},
		Schema: schema,
	})
	require.NoError(t, err, "CreateUserPool")
	require.NotNil(t, out.UserPool)
	return aws.ToString(out.UserPool.Id)
}

func (w *wire) CreateAppClient(ctx context.Context, t *testing.T, poolID string, secret bool) AppClient {
	t.Helper()
	out, err := w.api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                 aws.String(poolID),
		ClientName:                 aws.String(fmt.Sprintf("integration-secret-%v", secret)),
		GenerateSecret:             secret,
		PreventUserExistenceErrors: ciptypes.PreventUserExistenceErrorTypesLegacy,
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{
			ciptypes.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	require.NoError(t, err, "CreateUserPoolClient")
	require.NotNil(t, out.UserPoolClient)
	c := AppClient{ID: aws.ToString(out.UserPoolClient.ClientId), Secret: aws.ToString(out.UserPoolClient.ClientSecret)}
	require.NotEmpty(t, c.ID)
	require.Equal(t, secret, c.Secret != "", "a generated secret is returned exactly when asked for")
	return c
}

// CreateUser creates the user with a temporary password (AdminCreateUser,
// MessageAction SUPPRESS) and then signs in and answers the
// NEW_PASSWORD_REQUIRED challenge, which makes the user CONFIRMED.
func (w *wire) CreateUser(ctx context.Context, t *testing.T, poolID string, client AppClient, username, password string, withEmail bool) {
	t.Helper()
	const temporary = "Temporary-Passw0rd!"
	var attrs []ciptypes.AttributeType
	if withEmail {
		attrs = []ciptypes.AttributeType{
			{Name: aws.String("email"), Value: aws.String(username + "@example.com")},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
		}
	}
	_, err := w.api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId:        aws.String(poolID),
		Username:          aws.String(username),
		TemporaryPassword: aws.String(temporary),
		MessageAction:     ciptypes.MessageActionTypeSuppress,
		UserAttributes:    attrs,
	})
	require.NoError(t, err, "AdminCreateUser")

	auth, err := w.api.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: aws.String(client.ID),
		AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		AuthParameters: withSecretHash(map[string]string{
			"USERNAME": username,
			"PASSWORD": temporary,
		}, client, username),
	})
	require.NoError(t, err, "InitiateAuth with the temporary password")
	require.Equal(t, ciptypes.ChallengeNameTypeNewPasswordRequired, auth.ChallengeName)

	_, err = w.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:      aws.String(client.ID),
		ChallengeName: ciptypes.ChallengeNameTypeNewPasswordRequired,
		Session:       auth.Session,
		ChallengeResponses: withSecretHash(map[string]string{
			"USERNAME":     username,
			"NEW_PASSWORD": password,
		}, client, username),
	})
	require.NoError(t, err, "RespondToAuthChallenge NEW_PASSWORD_REQUIRED")
	require.Equal(t, "CONFIRMED", w.UserStatus(ctx, t, poolID, username))
}

func (w *wire) CreateUserByAdmin(ctx context.Context, t *testing.T, poolID, username, password string) {
	t.Helper()
	_, err := w.api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId:        aws.String(poolID),
		Username:          aws.String(username),
		TemporaryPassword: aws.String("Temporary-Passw0rd!"),
		MessageAction:     ciptypes.MessageActionTypeSuppress,
		UserAttributes: []ciptypes.AttributeType{
			{Name: aws.String("email"), Value: aws.String(username + "@example.com")},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
		},
	})
	require.NoError(t, err, "AdminCreateUser")
	_, err = w.api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(poolID),
		Username:   aws.String(username),
		Password:   aws.String(password),
		Permanent:  true,
	})
	require.NoError(t, err, "AdminSetUserPassword")
	require.Equal(t, "CONFIRMED", w.UserStatus(ctx, t, poolID, username))
}

// CreateUnconfirmedUser signs the user up (SignUp).
func (w *wire) CreateUnconfirmedUser(ctx context.Context, t *testing.T, poolID string, client AppClient, username, password string) {
	t.Helper()
	_, err := w.api.SignUp(ctx, &cip.SignUpInput{
		ClientId:   aws.String(client.ID),
		Username:   aws.String(username),
		Password:   aws.String(password),
		SecretHash: client.secretHash(username),
		UserAttributes: []ciptypes.AttributeType{
			{Name: aws.String("email"), Value: aws.String(username + "@example.com")},
		},
	})
	require.NoError(t, err, "SignUp")
	require.Equal(t, "UNCONFIRMED", w.UserStatus(ctx, t, poolID, username))
}

func (w *wire) SignIn(ctx context.Context, client AppClient, username, password string) (string, error) {
	out, err := w.api.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: aws.String(client.ID),
		AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		AuthParameters: withSecretHash(map[string]string{
			"USERNAME": username,
			"PASSWORD": password,
		}, client, username),
	})
	if err != nil {
		return "", err
	}
	if out.ChallengeName != "" {
		return "", fmt.Errorf("sign-in answered with challenge %s", out.ChallengeName)
	}
	if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.AccessToken) == "" {
		return "", errors.New("sign-in answered without an access token")
	}
	return aws.ToString(out.AuthenticationResult.AccessToken), nil
}

func (w *wire) UserStatus(ctx context.Context, t *testing.T, poolID, username string) string {
	t.Helper()
	out, err := w.api.AdminGetUser(ctx, &cip.AdminGetUserInput{
		UserPoolId: aws.String(poolID),
		Username:   aws.String(username),
	})
	require.NoError(t, err, "AdminGetUser")
	return string(out.UserStatus)
}

func (w *wire) ConfirmSignUp(ctx context.Context, client AppClient, username, code string) error {
	_, err := w.api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
		ClientId:         aws.String(client.ID),
		Username:         aws.String(username),
		ConfirmationCode: aws.String(code),
		SecretHash:       client.secretHash(username),
	})
	return err
}

// withSecretHash adds SECRET_HASH to auth parameters or challenge
// responses of a client with a secret.
func withSecretHash(m map[string]string, client AppClient, username string) map[string]string {
	if h := client.secretHash(username); h != nil {
		m["SECRET_HASH"] = *h
	}
	return m
}
