package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/types"
)

var opInitiateAuth = newOperation("InitiateAuth", false, false,
	"ForbiddenException", "InternalErrorException", "InvalidEmailRoleAccessPolicyException",
	"InvalidLambdaResponseException", "InvalidParameterException", "InvalidSmsRoleAccessPolicyException",
	"InvalidSmsRoleTrustRelationshipException", "InvalidUserPoolConfigurationException", "NotAuthorizedException",
	"OperationNotEnabledException", "PasswordResetRequiredException", "ResourceNotFoundException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UnsupportedOperationException",
	"UserLambdaValidationException", "UserNotConfirmedException", "UserNotFoundException").secretOutput()

// InitiateAuth starts a sign-in with an app client: AuthFlow chooses the
// flow (USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH,
// USER_AUTH) and AuthParameters carries its inputs (USERNAME, PASSWORD,
// SRP_A, REFRESH_TOKEN...). The output holds either the tokens
// (AuthenticationResult) or the next challenge to answer with
// [Client.RespondToAuthChallenge]. It does not change the user's status;
// a wrong password counts as a failed attempt. [Client.SignIn] runs the
// whole password sign-in for you.
//
// The request is unsigned and needs no credentials. When a secret is
// registered for the client id ([WithClientSecret]) and AuthParameters has
// a USERNAME but no SECRET_HASH, SECRET_HASH is computed from that USERNAME
// and sent in a copy of the map (the caller's map is never modified). A
// repeated call may send another MFA message or count another failed
// attempt, so it is retried only on throttling and on failures that surely
// never reached the service; an ambiguous failure is returned at once and
// matches [ErrOutcomeUnknown].
//
// Errors: ForbiddenException, InternalErrorException,
// InvalidEmailRoleAccessPolicyException, InvalidLambdaResponseException,
// InvalidParameterException, InvalidSmsRoleAccessPolicyException,
// InvalidSmsRoleTrustRelationshipException,
// InvalidUserPoolConfigurationException, NotAuthorizedException,
// OperationNotEnabledException, PasswordResetRequiredException,
// ResourceNotFoundException, TooManyRequestsException,
// UnexpectedLambdaException, UnsupportedOperationException,
// UserLambdaValidationException, UserNotConfirmedException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
func (c *Client) InitiateAuth(ctx context.Context, params *InitiateAuthInput, optFns ...func(*Options)) (*InitiateAuthOutput, error) {
	out := &InitiateAuthOutput{}
	if params == nil {
		params = &InitiateAuthInput{}
	}
	if err := c.invoke(ctx, opInitiateAuth, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// InitiateAuthInput is the input of [Client.InitiateAuth].
type InitiateAuthInput struct {
	// AuthFlow is the sign-in flow. Required.
	AuthFlow types.AuthFlowType
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// AuthParameters are the flow's inputs, such as USERNAME, PASSWORD,
	// SRP_A, SECRET_HASH, REFRESH_TOKEN. Sensitive: values are printed
	// redacted, but for USERNAME and a few other public keys.
	AuthParameters map[string]string
	// ClientMetadata is passed to the Lambda triggers this call invokes.
	ClientMetadata map[string]string
	// AnalyticsMetadata is the Amazon Pinpoint endpoint for analytics.
	AnalyticsMetadata *types.AnalyticsMetadataType
	// UserContextData is the device data for threat protection. Sensitive.
	UserContextData *types.UserContextDataType
	// Session continues a USER_AUTH sign-in. Sensitive.
	Session string
}

// InitiateAuthOutput is the output of [Client.InitiateAuth]. Its tokens,
// Session and secret challenge parameters are printed redacted.
type InitiateAuthOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete.
	AuthenticationResult *types.AuthenticationResultType
	// AvailableChallenges lists the challenges a USER_AUTH sign-in may
	// choose from.
	AvailableChallenges []types.ChallengeNameType
	// ChallengeName is the next challenge, when there is one.
	ChallengeName types.ChallengeNameType
	// ChallengeParameters are the challenge's inputs (SRP_B, SALT,
	// SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME...). Sensitive by key.
	ChallengeParameters map[string]string
	// Session is passed back with the challenge answer. Sensitive.
	Session string
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *InitiateAuthInput) prepare(cc *callConfig) request {
	clientID, params, changed := authDefaults(cc, in.ClientId, in.AuthParameters)
	if !changed {
		return in
	}
	cp := *in
	cp.ClientId, cp.AuthParameters = clientID, params
	return &cp
}

func (in *InitiateAuthInput) userPoolID() string { return "" }

func (out InitiateAuthOutput) fields() []redact.Field {
	return authOutputFields(out.AuthenticationResult, out.AvailableChallenges, true, out.ChallengeName, out.ChallengeParameters, out.Session)
}

func (out *InitiateAuthOutput) decode(data []byte) error {
	var a authFields
	if err := decodeAuth(data, &a, true); err != nil {
		return err
	}
	out.AuthenticationResult, out.AvailableChallenges, out.ChallengeName, out.ChallengeParameters, out.Session =
		a.result, a.available, a.name, a.params, a.session
	return nil
}

func (out *InitiateAuthOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
