package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

var opAdminResetUserPassword = newOperation("AdminResetUserPassword", true, false,
	"InternalErrorException", "InvalidEmailRoleAccessPolicyException", "InvalidLambdaResponseException",
	"InvalidParameterException", "InvalidSmsRoleAccessPolicyException", "InvalidSmsRoleTrustRelationshipException",
	"LimitExceededException", "NotAuthorizedException", "OperationNotEnabledException",
	"ResourceNotFoundException", "TooManyRequestsException", "UnexpectedLambdaException",
	"UserLambdaValidationException", "UserNotFoundException")

// AdminResetUserPassword resets a user's password as an administrator: the
// current password stops working, the user's status becomes RESET_REQUIRED,
// and Amazon Cognito sends a confirmation code by the pool's account
// recovery route (verified email or phone) for the user to complete the reset
// with [Client.ConfirmForgotPassword]. Sign-in fails with
// PasswordResetRequiredException until then.
//
// The request is SigV4-signed; without credentials the call fails locally
// with [ErrMissingCredentials]. Each call sends a message, so it is retried
// only on throttling and on failures that surely never reached the service;
// an ambiguous failure (5xx, InternalErrorException, timeout after sending)
// is returned at once and matches [ErrOutcomeUnknown].
//
// Errors: InternalErrorException, InvalidEmailRoleAccessPolicyException,
// InvalidLambdaResponseException, InvalidParameterException,
// InvalidSmsRoleAccessPolicyException,
// InvalidSmsRoleTrustRelationshipException, LimitExceededException,
// NotAuthorizedException, OperationNotEnabledException,
// ResourceNotFoundException, TooManyRequestsException,
// UnexpectedLambdaException, UserLambdaValidationException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html
func (c *Client) AdminResetUserPassword(ctx context.Context, params *AdminResetUserPasswordInput, optFns ...func(*Options)) (*AdminResetUserPasswordOutput, error) {
	out := &AdminResetUserPasswordOutput{}
	if params == nil {
		params = &AdminResetUserPasswordInput{}
	}
	if err := c.invoke(ctx, opAdminResetUserPassword, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminResetUserPasswordInput is the input of [Client.AdminResetUserPassword].
type AdminResetUserPasswordInput struct {
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required.
	UserPoolId string
	// Username is the user's username or an alias. Required.
	Username string
	// ClientMetadata is passed to the custom message Lambda trigger.
	ClientMetadata map[string]string
}

// AdminResetUserPasswordOutput is the output of [Client.AdminResetUserPassword].
type AdminResetUserPasswordOutput struct {
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *AdminResetUserPasswordInput) prepare(*callConfig) request { return in }

func (in *AdminResetUserPasswordInput) userPoolID() string { return in.UserPoolId }

func (out *AdminResetUserPasswordOutput) decode(data []byte) error { return decodeEmpty(data) }

func (out *AdminResetUserPasswordOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
