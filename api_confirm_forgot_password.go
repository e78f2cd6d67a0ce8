package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/types"
)

var opConfirmForgotPassword = newOperation("ConfirmForgotPassword", false, false,
	"CodeMismatchException", "ExpiredCodeException", "ForbiddenException", "InternalErrorException",
	"InvalidLambdaResponseException", "InvalidParameterException", "InvalidPasswordException",
	"LimitExceededException", "NotAuthorizedException", "OperationNotEnabledException",
	"PasswordHistoryPolicyViolationException", "ResourceNotFoundException", "TooManyFailedAttemptsException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UserLambdaValidationException",
	"UserNotConfirmedException", "UserNotFoundException")

// ConfirmForgotPassword completes a password reset with the code that
// [Client.ForgotPassword] or [Client.AdminResetUserPassword] sent: the new
// password replaces the old one, the code is used up, and a user in
// RESET_REQUIRED (or FORCE_CHANGE_PASSWORD) becomes CONFIRMED.
//
// The request is unsigned and needs no credentials. SecretHash is computed
// when a secret is registered for the client id ([WithClientSecret]). The
// code is single-use, so the call is retried only on throttling and on
// failures that surely never reached the service; an ambiguous failure is
// returned at once and matches [ErrOutcomeUnknown] (check by signing in with
// the new password).
//
// Errors: CodeMismatchException, ExpiredCodeException, ForbiddenException,
// InternalErrorException, InvalidLambdaResponseException,
// InvalidParameterException, InvalidPasswordException,
// LimitExceededException, NotAuthorizedException,
// OperationNotEnabledException, PasswordHistoryPolicyViolationException,
// ResourceNotFoundException, TooManyFailedAttemptsException,
// TooManyRequestsException, UnexpectedLambdaException,
// UserLambdaValidationException, UserNotConfirmedException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html
func (c *Client) ConfirmForgotPassword(ctx context.Context, params *ConfirmForgotPasswordInput, optFns ...func(*Options)) (*ConfirmForgotPasswordOutput, error) {
	out := &ConfirmForgotPasswordOutput{}
	if params == nil {
		params = &ConfirmForgotPasswordInput{}
	}
	if err := c.invoke(ctx, opConfirmForgotPassword, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ConfirmForgotPasswordInput is the input of [Client.ConfirmForgotPassword].
type ConfirmForgotPasswordInput struct {
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// Username is the username or the alias used with ForgotPassword.
	// Required.
	Username string
	// ConfirmationCode is the code Amazon Cognito sent. Required. Sensitive.
	ConfirmationCode string
	// Password is the new password. Required. Sensitive.
	Password string
	// SecretHash is the SECRET_HASH for app clients with a secret. Computed
	// when a secret is registered with [WithClientSecret]; an explicit value
	// wins. Sensitive.
	SecretHash string
	// AnalyticsMetadata is the Amazon Pinpoint endpoint for analytics.
	AnalyticsMetadata *types.AnalyticsMetadataType
	// UserContextData is the device data for threat protection. Sensitive.
	UserContextData *types.UserContextDataType
	// ClientMetadata is passed to the post-confirmation Lambda trigger.
	ClientMetadata map[string]string
}

// ConfirmForgotPasswordOutput is the output of [Client.ConfirmForgotPassword].
type ConfirmForgotPasswordOutput struct {
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *ConfirmForgotPasswordInput) prepare(cc *callConfig) request {
	clientID, hash, changed := clientDefaults(cc, in.ClientId, in.Username, in.SecretHash)
	if !changed {
		return in
	}
	cp := *in
	cp.ClientId, cp.SecretHash = clientID, hash
	return &cp
}

func (in *ConfirmForgotPasswordInput) userPoolID() string { return "" }

func (out *ConfirmForgotPasswordOutput) decode(data []byte) error { return decodeEmpty(data) }

func (out *ConfirmForgotPasswordOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
