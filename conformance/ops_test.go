package conformance

import (
	"context"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go/middleware"

	cp "github.com/cognitokit/cognitopassword"
	cptypes "github.com/cognitokit/cognitopassword/types"
)

// params is one input in a form neutral to both clients. An empty string is
// an absent member: our client has plain strings, so an empty one is never
// sent, and the official client gets a nil pointer for it.
type params struct {
	UserPoolId       string
	Username         string
	Password         string
	Permanent        bool
	ClientId         string
	SecretHash       string
	ConfirmationCode string
	AccessToken      string
	PreviousPassword string
	ProposedPassword string
	ClientMetadata   map[string]string
	Analytics        *analytics
	UserContext      *userContext
	// The members of the sign-in operations.
	AuthFlow           string
	ChallengeName      string
	AuthParameters     map[string]string
	ChallengeResponses map[string]string
	Session            string
	ContextData        *contextData
}

type analytics struct{ EndpointId string }

type userContext struct{ IpAddress, EncodedData string }

// delivery is CodeDeliveryDetails in a form neutral to both clients; a
// missing member and a null one both read as "".
type delivery struct {
	Destination, DeliveryMedium, AttributeName string
}

// result is what a successful call returned.
type result struct {
	// Delivery is CodeDeliveryDetails, nil when absent (and always nil for
	// the operations that have no such member).
	Delivery *delivery
	// RequestID is the request id of the ResultMetadata, and whether it
	// was set.
	RequestID    string
	HasRequestID bool
	// SignIn is the output of the sign-in operations, User that of
	// AdminGetUser; nil for the others.
	SignIn *signIn
	User   *user
}

// operation calls one operation through either client.
type operation struct {
	name string
	// signed is whether the official client's model signs it.
	signed bool
	// hasDelivery is whether the output has CodeDeliveryDetails.
	hasDelivery bool
	// signIn is whether the output is a sign-in output, getUser whether
	// it is AdminGetUser's.
	signIn, getUser bool
	ours            func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error)
	theirs          func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error)
}

// operations are the six password operations, then the sign-in operations
// and AdminGetUser (authOperations), in a fixed order.
var operations = append([]operation{
	{
		name: "AdminResetUserPassword", signed: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.AdminResetUserPassword(ctx, &cp.AdminResetUserPasswordInput{
				UserPoolId: p.UserPoolId, Username: p.Username, ClientMetadata: copyMap(p.ClientMetadata),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{
				UserPoolId: str(p.UserPoolId), Username: str(p.Username), ClientMetadata: copyMap(p.ClientMetadata),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
	},
	{
		name: "AdminSetUserPassword", signed: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.AdminSetUserPassword(ctx, &cp.AdminSetUserPasswordInput{
				UserPoolId: p.UserPoolId, Username: p.Username, Password: p.Password, Permanent: p.Permanent,
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
				UserPoolId: str(p.UserPoolId), Username: str(p.Username), Password: str(p.Password), Permanent: p.Permanent,
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
	},
	{
		name: "ConfirmForgotPassword",
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.ConfirmForgotPassword(ctx, &cp.ConfirmForgotPasswordInput{
				ClientId: p.ClientId, Username: p.Username, ConfirmationCode: p.ConfirmationCode,
				Password: p.Password, SecretHash: p.SecretHash, ClientMetadata: copyMap(p.ClientMetadata),
				AnalyticsMetadata: oursAnalytics(p.Analytics), UserContextData: oursUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
				ClientId: str(p.ClientId), Username: str(p.Username), ConfirmationCode: str(p.ConfirmationCode),
				Password: str(p.Password), SecretHash: str(p.SecretHash), ClientMetadata: copyMap(p.ClientMetadata),
				AnalyticsMetadata: theirAnalytics(p.Analytics), UserContextData: theirUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
	},
	{
		name: "ResendConfirmationCode", hasDelivery: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.ResendConfirmationCode(ctx, &cp.ResendConfirmationCodeInput{
				ClientId: p.ClientId, Username: p.Username, SecretHash: p.SecretHash,
				ClientMetadata:    copyMap(p.ClientMetadata),
				AnalyticsMetadata: oursAnalytics(p.Analytics), UserContextData: oursUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.Delivery = oursDelivery(out.CodeDeliveryDetails)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{
				ClientId: str(p.ClientId), Username: str(p.Username), SecretHash: str(p.SecretHash),
				ClientMetadata:    copyMap(p.ClientMetadata),
				AnalyticsMetadata: theirAnalytics(p.Analytics), UserContextData: theirUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.Delivery = theirDelivery(out.CodeDeliveryDetails)
			return r, nil
		},
	},
	{
		name: "ForgotPassword", hasDelivery: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.ForgotPassword(ctx, &cp.ForgotPasswordInput{
				ClientId: p.ClientId, Username: p.Username, SecretHash: p.SecretHash,
				ClientMetadata:    copyMap(p.ClientMetadata),
				AnalyticsMetadata: oursAnalytics(p.Analytics), UserContextData: oursUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.Delivery = oursDelivery(out.CodeDeliveryDetails)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.ForgotPassword(ctx, &cip.ForgotPasswordInput{
				ClientId: str(p.ClientId), Username: str(p.Username), SecretHash: str(p.SecretHash),
				ClientMetadata:    copyMap(p.ClientMetadata),
				AnalyticsMetadata: theirAnalytics(p.Analytics), UserContextData: theirUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.Delivery = theirDelivery(out.CodeDeliveryDetails)
			return r, nil
		},
	},
	{
		name: "ChangePassword",
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.ChangePassword(ctx, &cp.ChangePasswordInput{
				AccessToken: p.AccessToken, PreviousPassword: p.PreviousPassword, ProposedPassword: p.ProposedPassword,
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.ChangePassword(ctx, &cip.ChangePasswordInput{
				AccessToken: str(p.AccessToken), PreviousPassword: str(p.PreviousPassword), ProposedPassword: str(p.ProposedPassword),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			return metaResult(out.ResultMetadata), nil
		},
	},
}, authOperations...)

// operationNamed returns the operation called name.
func operationNamed(name string) operation {
	for _, op := range operations {
		if op.name == name {
			return op
		}
	}
	panic("conformance: no operation " + name)
}

// minimalParams returns a valid input for op with only its required members.
func minimalParams(op string) params {
	switch op {
	case "AdminResetUserPassword":
		return params{UserPoolId: "us-east-1_Abc123", Username: "alice"}
	case "AdminSetUserPassword":
		return params{UserPoolId: "us-east-1_Abc123", Username: "alice", Password: "Passw0rd!"}
	case "ConfirmForgotPassword":
		return params{ClientId: "client1", Username: "alice", ConfirmationCode: "123456", Password: "Passw0rd!"}
	case "ResendConfirmationCode", "ForgotPassword":
		return params{ClientId: "client1", Username: "alice"}
	case "ChangePassword":
		return params{AccessToken: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", ProposedPassword: "Passw0rd!"}
	case "InitiateAuth":
		return params{AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client1"}
	case "RespondToAuthChallenge":
		return params{ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: "client1"}
	case "AdminInitiateAuth":
		return params{UserPoolId: "us-east-1_Abc123", ClientId: "client1", AuthFlow: "ADMIN_USER_PASSWORD_AUTH"}
	case "AdminRespondToAuthChallenge":
		return params{UserPoolId: "us-east-1_Abc123", ClientId: "client1", ChallengeName: "NEW_PASSWORD_REQUIRED"}
	case "AdminGetUser":
		return params{UserPoolId: "us-east-1_Abc123", Username: "alice"}
	}
	panic("conformance: no operation " + op)
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return maps.Clone(m)
}

func metaResult(md middleware.Metadata) result {
	id, ok := awsmiddleware.GetRequestIDMetadata(md)
	return result{RequestID: id, HasRequestID: ok}
}

func oursAnalytics(a *analytics) *cptypes.AnalyticsMetadataType {
	if a == nil {
		return nil
	}
	return &cptypes.AnalyticsMetadataType{AnalyticsEndpointId: a.EndpointId}
}

func theirAnalytics(a *analytics) *ciptypes.AnalyticsMetadataType {
	if a == nil {
		return nil
	}
	return &ciptypes.AnalyticsMetadataType{AnalyticsEndpointId: str(a.EndpointId)}
}

func oursUserContext(u *userContext) *cptypes.UserContextDataType {
	if u == nil {
		return nil
	}
	return &cptypes.UserContextDataType{IpAddress: u.IpAddress, EncodedData: u.EncodedData}
}

func theirUserContext(u *userContext) *ciptypes.UserContextDataType {
	if u == nil {
		return nil
	}
	return &ciptypes.UserContextDataType{IpAddress: str(u.IpAddress), EncodedData: str(u.EncodedData)}
}

func oursDelivery(d *cptypes.CodeDeliveryDetailsType) *delivery {
	if d == nil {
		return nil
	}
	return &delivery{Destination: d.Destination, DeliveryMedium: string(d.DeliveryMedium), AttributeName: d.AttributeName}
}

func theirDelivery(d *ciptypes.CodeDeliveryDetailsType) *delivery {
	if d == nil {
		return nil
	}
	return &delivery{
		Destination: aws.ToString(d.Destination), DeliveryMedium: string(d.DeliveryMedium),
		AttributeName: aws.ToString(d.AttributeName),
	}
}
