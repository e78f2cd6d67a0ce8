package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/types"
)

var opForgotPassword = newOperation("ForgotPassword", false, false,
	"CodeDeliveryFailureException", "ForbiddenException", "InternalErrorException",
	"InvalidEmailRoleAccessPolicyException", "InvalidLambdaResponseException", "InvalidParameterException",
	"InvalidSmsRoleAccessPolicyException", "InvalidSmsRoleTrustRelationshipException", "LimitExceededException",
	"NotAuthorizedException", "OperationNotEnabledException", "ResourceNotFoundException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UserLambdaValidationException",
	"UserNotFoundException")

// ForgotPassword starts the forgotten-password flow: Amazon Cognito sends a
// confirmation code to the user's verified email or phone (the output's
// CodeDeliveryDetails says where, masked), and the user completes the reset
// with [Client.ConfirmForgotPassword]. The user's status does not change
// (the current password keeps working until the reset is confirmed); with
// PreventUserExistenceErrors enabled an unknown user gets a simulated
// success and no message.
//
// The request is unsigned and needs no credentials. SecretHash is computed
// when a secret is registered for the client id ([WithClientSecret]). Each
// call sends a message, so it is retried only on throttling and on failures
// that surely never reached the service; an ambiguous failure is returned at
// once and matches [ErrOutcomeUnknown].
//
// Errors: CodeDeliveryFailureException, ForbiddenException,
// InternalErrorException, InvalidEmailRoleAccessPolicyException,
// InvalidLambdaResponseException, InvalidParameterException,
// InvalidSmsRoleAccessPolicyException,
// InvalidSmsRoleTrustRelationshipException, LimitExceededException,
// NotAuthorizedException, OperationNotEnabledException,
// ResourceNotFoundException, TooManyRequestsException,
// UnexpectedLambdaException, UserLambdaValidationException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
func (c *Client) ForgotPassword(ctx context.Context, params *ForgotPasswordInput, optFns ...func(*Options)) (*ForgotPasswordOutput, error) {
	out := &ForgotPasswordOutput{}
	if params == nil {
		params = &ForgotPasswordInput{}
	}
	if err := c.invoke(ctx, opForgotPassword, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ForgotPasswordInput is the input of [Client.ForgotPassword].
type ForgotPasswordInput struct {
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// Username is the username or an alias the user typed. Required.
	Username string
	// SecretHash is the SECRET_HASH for app clients with a secret. Computed
	// when a secret is registered with [WithClientSecret]; an explicit value
	// wins. Sensitive.
	SecretHash string
	// AnalyticsMetadata is the Amazon Pinpoint endpoint for analytics.
	AnalyticsMetadata *types.AnalyticsMetadataType
	// UserContextData is the device data for threat protection. Sensitive.
	UserContextData *types.UserContextDataType
	// ClientMetadata is passed to the Lambda triggers this call invokes.
	ClientMetadata map[string]string
}

// ForgotPasswordOutput is the output of [Client.ForgotPassword].
type ForgotPasswordOutput struct {
	// CodeDeliveryDetails says where and how the code was sent.
	CodeDeliveryDetails *types.CodeDeliveryDetailsType
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *ForgotPasswordInput) prepare(cc *callConfig) request {
	clientID, hash, changed := clientDefaults(cc, in.ClientId, in.Username, in.SecretHash)
	if !changed {
		return in
	}
	cp := *in
	cp.ClientId, cp.SecretHash = clientID, hash
	return &cp
}

func (in *ForgotPasswordInput) userPoolID() string { return "" }

func (out *ForgotPasswordOutput) decode(data []byte) error {
	return decodeDelivery(data, &out.CodeDeliveryDetails)
}

func (out *ForgotPasswordOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
