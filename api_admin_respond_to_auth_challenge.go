package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/types"
)

var opAdminRespondToAuthChallenge = newOperation("AdminRespondToAuthChallenge", true, false,
	"AliasExistsException", "CodeMismatchException", "ExpiredCodeException",
	"InternalErrorException", "InvalidEmailRoleAccessPolicyException", "InvalidLambdaResponseException",
	"InvalidParameterException", "InvalidPasswordException", "InvalidSmsRoleAccessPolicyException",
	"InvalidSmsRoleTrustRelationshipException", "InvalidUserPoolConfigurationException", "MFAMethodNotFoundException",
	"NotAuthorizedException", "OperationNotEnabledException", "PasswordHistoryPolicyViolationException",
	"PasswordResetRequiredException", "ResourceNotFoundException", "SoftwareTokenMFANotFoundException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UserLambdaValidationException",
	"UserNotConfirmedException", "UserNotFoundException").secretOutput()

// AdminRespondToAuthChallenge answers a sign-in challenge that
// [Client.AdminInitiateAuth] (or an earlier answer) returned: ChallengeName
// and Session come from that output, ChallengeResponses carries the answer
// (USERNAME and, for PASSWORD_VERIFIER, PASSWORD_CLAIM_SIGNATURE,
// PASSWORD_CLAIM_SECRET_BLOCK and TIMESTAMP; for NEW_PASSWORD_REQUIRED,
// NEW_PASSWORD and userAttributes.*). The output holds the tokens or the
// next challenge. Answering NEW_PASSWORD_REQUIRED sets the password and
// moves the user from FORCE_CHANGE_PASSWORD to CONFIRMED; [Client.SignIn]
// and [Client.CompleteNewPassword] run these exchanges for you.
//
// The request is SigV4-signed; without credentials the call fails locally
// with [ErrMissingCredentials]. When a secret is registered for the client
// id ([WithClientSecret]) and ChallengeResponses has a USERNAME but no
// SECRET_HASH, SECRET_HASH is computed from that USERNAME (which must be the
// challenge's USER_ID_FOR_SRP or USERNAME parameter, the user's internal
// name, not an alias) and sent in a copy of the map. A repeated answer may
// send another MFA message, count another failed attempt or find the
// password already set, so the call is retried only on throttling and on
// failures that surely never reached the service; an ambiguous failure is
// returned at once and matches [ErrOutcomeUnknown].
//
// Errors: AliasExistsException, CodeMismatchException,
// ExpiredCodeException, InternalErrorException,
// InvalidEmailRoleAccessPolicyException, InvalidLambdaResponseException,
// InvalidParameterException, InvalidPasswordException,
// InvalidSmsRoleAccessPolicyException,
// InvalidSmsRoleTrustRelationshipException,
// InvalidUserPoolConfigurationException, MFAMethodNotFoundException,
// NotAuthorizedException, OperationNotEnabledException,
// PasswordHistoryPolicyViolationException, PasswordResetRequiredException,
// ResourceNotFoundException, SoftwareTokenMFANotFoundException,
// TooManyRequestsException, UnexpectedLambdaException,
// UserLambdaValidationException, UserNotConfirmedException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html
func (c *Client) AdminRespondToAuthChallenge(ctx context.Context, params *AdminRespondToAuthChallengeInput, optFns ...func(*Options)) (*AdminRespondToAuthChallengeOutput, error) {
	out := &AdminRespondToAuthChallengeOutput{}
	if params == nil {
		params = &AdminRespondToAuthChallengeInput{}
	}
	if err := c.invoke(ctx, opAdminRespondToAuthChallenge, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminRespondToAuthChallengeInput is the input of [Client.AdminRespondToAuthChallenge].
type AdminRespondToAuthChallengeInput struct {
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required.
	UserPoolId string
	// ChallengeName is the challenge answered. Required.
	ChallengeName types.ChallengeNameType
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// ChallengeResponses is the answer. Sensitive: values are printed
	// redacted, but for USERNAME and a few other public keys.
	ChallengeResponses map[string]string
	// ClientMetadata is passed to the Lambda triggers this call invokes.
	ClientMetadata map[string]string
	// AnalyticsMetadata is the Amazon Pinpoint endpoint for analytics.
	AnalyticsMetadata *types.AnalyticsMetadataType
	// ContextData is the context of the user's request, for threat
	// protection. Sensitive.
	ContextData *types.ContextDataType
	// Session is the Session of the output that posed the challenge.
	// Sensitive.
	Session string
}

// AdminRespondToAuthChallengeOutput is the output of
// [Client.AdminRespondToAuthChallenge]. Its tokens, Session and secret challenge
// parameters are printed redacted.
type AdminRespondToAuthChallengeOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete.
	AuthenticationResult *types.AuthenticationResultType
	// ChallengeName is the next challenge, when there is one.
	ChallengeName types.ChallengeNameType
	// ChallengeParameters are the next challenge's inputs. Sensitive by
	// key.
	ChallengeParameters map[string]string
	// Session is passed back with the next answer. Sensitive.
	Session string
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *AdminRespondToAuthChallengeInput) prepare(cc *callConfig) request {
	clientID, responses, changed := authDefaults(cc, in.ClientId, in.ChallengeResponses)
	if !changed {
		return in
	}
	cp := *in
	cp.ClientId, cp.ChallengeResponses = clientID, responses
	return &cp
}

func (in *AdminRespondToAuthChallengeInput) userPoolID() string { return in.UserPoolId }

func (out AdminRespondToAuthChallengeOutput) fields() []redact.Field {
	return authOutputFields(out.AuthenticationResult, nil, false, out.ChallengeName, out.ChallengeParameters, out.Session)
}

func (out *AdminRespondToAuthChallengeOutput) decode(data []byte) error {
	var a authFields
	if err := decodeAuth(data, &a, false); err != nil {
		return err
	}
	out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session =
		a.result, a.name, a.params, a.session
	return nil
}

func (out *AdminRespondToAuthChallengeOutput) metadata() *middleware.Metadata {
	return &out.ResultMetadata
}
