package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/types"
)

var opAdminInitiateAuth = newOperation("AdminInitiateAuth", true, false,
	"InternalErrorException", "InvalidEmailRoleAccessPolicyException", "InvalidLambdaResponseException",
	"InvalidParameterException", "InvalidSmsRoleAccessPolicyException", "InvalidSmsRoleTrustRelationshipException",
	"InvalidUserPoolConfigurationException", "MFAMethodNotFoundException", "NotAuthorizedException",
	"OperationNotEnabledException", "PasswordResetRequiredException", "ResourceNotFoundException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UnsupportedOperationException",
	"UserLambdaValidationException", "UserNotConfirmedException", "UserNotFoundException").secretOutput()

// AdminInitiateAuth starts a sign-in from a server, as an administrator:
// AuthFlow chooses the flow (ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH,
// REFRESH_TOKEN_AUTH, CUSTOM_AUTH, USER_AUTH) and AuthParameters carries its
// inputs (USERNAME, PASSWORD, SRP_A, REFRESH_TOKEN...). The output holds
// either the tokens (AuthenticationResult) or the next challenge to answer
// with [Client.AdminRespondToAuthChallenge]. It does not change the user's
// status; a wrong password counts as a failed attempt. [Client.SignIn] runs
// the whole password sign-in for you.
//
// The request is SigV4-signed (the app client must allow
// ADMIN_USER_PASSWORD_AUTH for that flow); without credentials the call
// fails locally with [ErrMissingCredentials]. When a secret is registered
// for the client id ([WithClientSecret]) and AuthParameters has a USERNAME
// but no SECRET_HASH, SECRET_HASH is computed from that USERNAME and sent in
// a copy of the map (the caller's map is never modified). A repeated call
// may send another MFA message or count another failed attempt, so it is
// retried only on throttling and on failures that surely never reached the
// service; an ambiguous failure is returned at once and matches
// [ErrOutcomeUnknown].
//
// Errors: InternalErrorException, InvalidEmailRoleAccessPolicyException,
// InvalidLambdaResponseException, InvalidParameterException,
// InvalidSmsRoleAccessPolicyException,
// InvalidSmsRoleTrustRelationshipException,
// InvalidUserPoolConfigurationException, MFAMethodNotFoundException,
// NotAuthorizedException, OperationNotEnabledException,
// PasswordResetRequiredException, ResourceNotFoundException,
// TooManyRequestsException, UnexpectedLambdaException,
// UnsupportedOperationException, UserLambdaValidationException,
// UserNotConfirmedException, UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html
func (c *Client) AdminInitiateAuth(ctx context.Context, params *AdminInitiateAuthInput, optFns ...func(*Options)) (*AdminInitiateAuthOutput, error) {
	out := &AdminInitiateAuthOutput{}
	if params == nil {
		params = &AdminInitiateAuthInput{}
	}
	if err := c.invoke(ctx, opAdminInitiateAuth, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminInitiateAuthInput is the input of [Client.AdminInitiateAuth].
type AdminInitiateAuthInput struct {
	// AuthFlow is the sign-in flow. Required.
	AuthFlow types.AuthFlowType
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required.
	UserPoolId string
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
	// ContextData is the context of the user's request, for threat
	// protection. Sensitive.
	ContextData *types.ContextDataType
	// Session continues a USER_AUTH sign-in. Sensitive.
	Session string
}

// AdminInitiateAuthOutput is the output of [Client.AdminInitiateAuth]. Its tokens,
// Session and secret challenge parameters are printed redacted.
type AdminInitiateAuthOutput struct {
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

func (in *AdminInitiateAuthInput) prepare(cc *callConfig) request {
	clientID, params, changed := authDefaults(cc, in.ClientId, in.AuthParameters)
	if !changed {
		return in
	}
	cp := *in
	cp.ClientId, cp.AuthParameters = clientID, params
	return &cp
}

func (in *AdminInitiateAuthInput) userPoolID() string { return in.UserPoolId }

func (out AdminInitiateAuthOutput) fields() []redact.Field {
	return authOutputFields(out.AuthenticationResult, out.AvailableChallenges, true, out.ChallengeName, out.ChallengeParameters, out.Session)
}

func (out *AdminInitiateAuthOutput) decode(data []byte) error {
	var a authFields
	if err := decodeAuth(data, &a, true); err != nil {
		return err
	}
	out.AuthenticationResult, out.AvailableChallenges, out.ChallengeName, out.ChallengeParameters, out.Session =
		a.result, a.available, a.name, a.params, a.session
	return nil
}

func (out *AdminInitiateAuthOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
