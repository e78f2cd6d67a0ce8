package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

var opChangePassword = newOperation("ChangePassword", false, false,
	"ForbiddenException", "InternalErrorException", "InvalidParameterException",
	"InvalidPasswordException", "LimitExceededException", "NotAuthorizedException",
	"OperationNotEnabledException", "PasswordHistoryPolicyViolationException", "PasswordResetRequiredException",
	"ResourceNotFoundException", "TooManyRequestsException", "UserNotConfirmedException",
	"UserNotFoundException")

// ChangePassword changes the signed-in user's password, authorised by the
// user's access token and current password. The user's status is unchanged
// (CONFIRMED); the previous password stops working.
//
// The request is unsigned (the access token authorises it) and needs no AWS
// credentials. After an ambiguous failure the old password may no longer be
// valid, so the call is retried only on throttling and on failures that
// surely never reached the service; an ambiguous failure is returned at once
// and matches [ErrOutcomeUnknown].
//
// Errors: ForbiddenException, InternalErrorException,
// InvalidParameterException, InvalidPasswordException,
// LimitExceededException, NotAuthorizedException,
// OperationNotEnabledException, PasswordHistoryPolicyViolationException,
// PasswordResetRequiredException, ResourceNotFoundException,
// TooManyRequestsException, UserNotConfirmedException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html
func (c *Client) ChangePassword(ctx context.Context, params *ChangePasswordInput, optFns ...func(*Options)) (*ChangePasswordOutput, error) {
	out := &ChangePasswordOutput{}
	if params == nil {
		params = &ChangePasswordInput{}
	}
	if err := c.invoke(ctx, opChangePassword, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ChangePasswordInput is the input of [Client.ChangePassword].
type ChangePasswordInput struct {
	// AccessToken is the user's access token from sign-in. Required.
	// Sensitive.
	AccessToken string
	// PreviousPassword is the current password. Required when the user has
	// a password; users who sign in only without a password omit it.
	// Sensitive.
	PreviousPassword string
	// ProposedPassword is the new password. Required. Sensitive.
	ProposedPassword string
}

// ChangePasswordOutput is the output of [Client.ChangePassword].
type ChangePasswordOutput struct {
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *ChangePasswordInput) prepare(*callConfig) request { return in }

func (in *ChangePasswordInput) userPoolID() string { return "" }

func (out *ChangePasswordOutput) decode(data []byte) error { return decodeEmpty(data) }

func (out *ChangePasswordOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
