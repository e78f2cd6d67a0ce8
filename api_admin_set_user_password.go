package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

var opAdminSetUserPassword = newOperation("AdminSetUserPassword", true, true,
	"InternalErrorException", "InvalidParameterException", "InvalidPasswordException",
	"NotAuthorizedException", "OperationNotEnabledException", "PasswordHistoryPolicyViolationException",
	"ResourceNotFoundException", "TooManyRequestsException", "UserNotFoundException")

// AdminSetUserPassword sets a user's password as an administrator. With
// Permanent true the user's status becomes CONFIRMED and the password works
// at once; with Permanent false the password is temporary, the status becomes
// FORCE_CHANGE_PASSWORD and the user must choose a new one at the next
// sign-in (NEW_PASSWORD_REQUIRED challenge). A user in RESET_REQUIRED leaves
// that status.
//
// The request is SigV4-signed; without credentials the call fails locally
// with [ErrMissingCredentials]. Repeating it is harmless, so it is retried
// on throttling, on failures that never reached the service, and on
// ambiguous failures (5xx, InternalErrorException, timeouts); if a retry
// then fails with PasswordHistoryPolicyViolationException the first attempt
// may have set the password, and the error matches [ErrOutcomeUnknown].
//
// Errors: InternalErrorException, InvalidParameterException,
// InvalidPasswordException, NotAuthorizedException,
// OperationNotEnabledException, PasswordHistoryPolicyViolationException,
// ResourceNotFoundException, TooManyRequestsException, UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html
func (c *Client) AdminSetUserPassword(ctx context.Context, params *AdminSetUserPasswordInput, optFns ...func(*Options)) (*AdminSetUserPasswordOutput, error) {
	out := &AdminSetUserPasswordOutput{}
	if params == nil {
		params = &AdminSetUserPasswordInput{}
	}
	if err := c.invoke(ctx, opAdminSetUserPassword, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminSetUserPasswordInput is the input of [Client.AdminSetUserPassword].
type AdminSetUserPasswordInput struct {
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required.
	UserPoolId string
	// Username is the user's username or an alias (email, phone) when the
	// pool allows it. Required.
	Username string
	// Password is the new password. Required. Sensitive.
	Password string
	// Permanent makes the password permanent (status CONFIRMED) instead of
	// temporary (status FORCE_CHANGE_PASSWORD).
	Permanent bool
}

// AdminSetUserPasswordOutput is the output of [Client.AdminSetUserPassword].
type AdminSetUserPasswordOutput struct {
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *AdminSetUserPasswordInput) prepare(*callConfig) request { return in }

func (in *AdminSetUserPasswordInput) userPoolID() string { return in.UserPoolId }

func (out *AdminSetUserPasswordOutput) decode(data []byte) error { return decodeEmpty(data) }

func (out *AdminSetUserPasswordOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
