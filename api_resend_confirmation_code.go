package cognitopassword

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/types"
)

var opResendConfirmationCode = newOperation("ResendConfirmationCode", false, false,
	"CodeDeliveryFailureException", "ForbiddenException", "InternalErrorException",
	"InvalidEmailRoleAccessPolicyException", "InvalidLambdaResponseException", "InvalidParameterException",
	"InvalidSmsRoleAccessPolicyException", "InvalidSmsRoleTrustRelationshipException", "LimitExceededException",
	"NotAuthorizedException", "OperationNotEnabledException", "ResourceNotFoundException",
	"TooManyRequestsException", "UnexpectedLambdaException", "UserLambdaValidationException",
	"UserNotFoundException")

// ResendConfirmationCode sends a new sign-up confirmation code to a user
// who signed up but has not confirmed (status UNCONFIRMED); the user confirms
// with ConfirmSignUp. The user's status does not change, and earlier codes
// stop working. The output's CodeDeliveryDetails says where the code went,
// masked.
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
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html
func (c *Client) ResendConfirmationCode(ctx context.Context, params *ResendConfirmationCodeInput, optFns ...func(*Options)) (*ResendConfirmationCodeOutput, error) {
	out := &ResendConfirmationCodeOutput{}
	if params == nil {
		params = &ResendConfirmationCodeInput{}
	}
	if err := c.invoke(ctx, opResendConfirmationCode, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ResendConfirmationCodeInput is the input of [Client.ResendConfirmationCode].
type ResendConfirmationCodeInput struct {
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// Username is the username or an alias the user signed up with.
	// Required.
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

// ResendConfirmationCodeOutput is the output of [Client.ResendConfirmationCode].
type ResendConfirmationCodeOutput struct {
	// CodeDeliveryDetails says where and how the new code was sent.
	CodeDeliveryDetails *types.CodeDeliveryDetailsType
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

// ResendConfirmationCodeInput has the members of ForgotPasswordInput, in
// the same order, so the two share their defaults (prepare) through a
// conversion.
func (in *ResendConfirmationCodeInput) asForgot() *ForgotPasswordInput {
	return (*ForgotPasswordInput)(in)
}

func (in *ResendConfirmationCodeInput) prepare(cc *callConfig) request {
	if p := in.asForgot().prepare(cc); p != request(in.asForgot()) {
		return (*ResendConfirmationCodeInput)(p.(*ForgotPasswordInput))
	}
	return in
}

func (in *ResendConfirmationCodeInput) userPoolID() string { return "" }

func (out *ResendConfirmationCodeOutput) decode(data []byte) error {
	return decodeDelivery(data, &out.CodeDeliveryDetails)
}

func (out *ResendConfirmationCodeOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
