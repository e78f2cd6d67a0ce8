package cognitopassword

import (
	"context"
	"time"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/types"
)

var opAdminGetUser = newOperation("AdminGetUser", true, true,
	"InternalErrorException", "InvalidParameterException", "NotAuthorizedException",
	"OperationNotEnabledException", "ResourceNotFoundException", "TooManyRequestsException",
	"UserNotFoundException").secretOutput()

// AdminGetUser reads a user as an administrator: status (UserStatus, such
// as CONFIRMED, FORCE_CHANGE_PASSWORD or RESET_REQUIRED), whether the user
// is enabled, attributes and MFA settings. It changes nothing, which makes
// it the way to check the outcome of a call that failed with
// [ErrOutcomeUnknown] (after AdminSetUserPassword, UserStatus says whether
// the password became permanent).
//
// The request is SigV4-signed; without credentials the call fails locally
// with [ErrMissingCredentials]. It is a read, so it is retried on
// throttling, on failures that never reached the service and on ambiguous
// failures (5xx, InternalErrorException, timeouts).
//
// Errors: InternalErrorException, InvalidParameterException,
// NotAuthorizedException, OperationNotEnabledException,
// ResourceNotFoundException, TooManyRequestsException,
// UserNotFoundException.
//
// API reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html
func (c *Client) AdminGetUser(ctx context.Context, params *AdminGetUserInput, optFns ...func(*Options)) (*AdminGetUserOutput, error) {
	out := &AdminGetUserOutput{}
	if params == nil {
		params = &AdminGetUserInput{}
	}
	if err := c.invoke(ctx, opAdminGetUser, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminGetUserInput is the input of [Client.AdminGetUser].
type AdminGetUserInput struct {
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required.
	UserPoolId string
	// Username is the user's username or an alias (email, phone) when the
	// pool allows it. Required.
	Username string
}

// AdminGetUserOutput is the output of [Client.AdminGetUser]. Attribute
// values are printed redacted.
type AdminGetUserOutput struct {
	// Username is the user's username (not an alias).
	Username string
	// Enabled says whether the user may sign in.
	Enabled bool
	// MFAOptions are the user's legacy SMS MFA settings.
	MFAOptions []types.MFAOptionType
	// PreferredMfaSetting is the user's preferred MFA method.
	PreferredMfaSetting string
	// UserAttributes are the user's attributes. Values are sensitive.
	UserAttributes []types.AttributeType
	// UserCreateDate is when the user was created; zero when absent.
	UserCreateDate time.Time
	// UserLastModifiedDate is when the user was last changed; zero when
	// absent.
	UserLastModifiedDate time.Time
	// UserMFASettingList lists the MFA methods the user has activated.
	UserMFASettingList []string
	// UserStatus is the user's status.
	UserStatus types.UserStatusType
	// ResultMetadata holds the request id (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

func (in *AdminGetUserInput) prepare(*callConfig) request { return in }

func (in *AdminGetUserInput) userPoolID() string { return in.UserPoolId }

func (out AdminGetUserOutput) fields() []redact.Field {
	attrs := make(map[string]string, len(out.UserAttributes))
	for _, a := range out.UserAttributes {
		attrs[a.Name] = a.Value
	}
	mfa := make([]string, len(out.MFAOptions))
	for i, m := range out.MFAOptions {
		mfa[i] = m.AttributeName + ":" + string(m.DeliveryMedium)
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	return []redact.Field{
		redact.S("Username", out.Username),
		redact.B("Enabled", out.Enabled),
		redact.S("UserStatus", string(out.UserStatus)),
		redact.AuthMap("UserAttributes", attrs),
		redact.S("UserCreateDate", date(out.UserCreateDate)),
		redact.S("UserLastModifiedDate", date(out.UserLastModifiedDate)),
		redact.L("MFAOptions", mfa),
		redact.S("PreferredMfaSetting", out.PreferredMfaSetting),
		redact.L("UserMFASettingList", out.UserMFASettingList),
	}
}

func (out *AdminGetUserOutput) decode(data []byte) error {
	top, err := awsjson.Top(data)
	if err != nil || top == nil {
		return err
	}
	if ok, err := awsjson.IsObject("(body)", top); !ok {
		return err
	}
	return awsjson.EachMember(top, func(key, raw []byte) error {
		var err error
		switch {
		case awsjson.KeyIs(key, "Enabled"):
			out.Enabled, err = awsjson.BoolMember("Enabled", raw)
		case awsjson.KeyIs(key, "MFAOptions"):
			out.MFAOptions, err = decodeMFAOptions(raw)
		case awsjson.KeyIs(key, "PreferredMfaSetting"):
			out.PreferredMfaSetting, err = awsjson.StringMember("PreferredMfaSetting", raw)
		case awsjson.KeyIs(key, "UserAttributes"):
			out.UserAttributes, err = decodeAttributes(raw)
		case awsjson.KeyIs(key, "UserCreateDate"):
			out.UserCreateDate, err = awsjson.EpochSecondsMember("UserCreateDate", raw)
		case awsjson.KeyIs(key, "UserLastModifiedDate"):
			out.UserLastModifiedDate, err = awsjson.EpochSecondsMember("UserLastModifiedDate", raw)
		case awsjson.KeyIs(key, "UserMFASettingList"):
			out.UserMFASettingList, err = awsjson.StringListMember("UserMFASettingList", raw)
		case awsjson.KeyIs(key, "UserStatus"):
			var s string
			s, err = awsjson.StringMember("UserStatus", raw)
			out.UserStatus = types.UserStatusType(s)
		case awsjson.KeyIs(key, "Username"):
			out.Username, err = awsjson.StringMember("Username", raw)
		}
		return err
	})
}

func decodeAttributes(raw []byte) ([]types.AttributeType, error) {
	if ok, err := awsjson.IsArray("UserAttributes", raw); !ok {
		return nil, err
	}
	l := []types.AttributeType{}
	err := awsjson.Elements(raw, func(v []byte) error {
		var a types.AttributeType
		if ok, err := awsjson.IsObject("UserAttributes", v); !ok {
			if err == nil {
				l = append(l, a)
			}
			return err
		}
		err := awsjson.EachMember(v, func(key, m []byte) error {
			var err error
			switch {
			case awsjson.KeyIs(key, "Name"):
				a.Name, err = awsjson.StringMember("Name", m)
			case awsjson.KeyIs(key, "Value"):
				a.Value, err = awsjson.StringMember("Value", m)
			}
			return err
		})
		l = append(l, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func decodeMFAOptions(raw []byte) ([]types.MFAOptionType, error) {
	if ok, err := awsjson.IsArray("MFAOptions", raw); !ok {
		return nil, err
	}
	l := []types.MFAOptionType{}
	err := awsjson.Elements(raw, func(v []byte) error {
		var o types.MFAOptionType
		if ok, err := awsjson.IsObject("MFAOptions", v); !ok {
			if err == nil {
				l = append(l, o)
			}
			return err
		}
		err := awsjson.EachMember(v, func(key, m []byte) error {
			var err error
			switch {
			case awsjson.KeyIs(key, "AttributeName"):
				o.AttributeName, err = awsjson.StringMember("AttributeName", m)
			case awsjson.KeyIs(key, "DeliveryMedium"):
				var s string
				s, err = awsjson.StringMember("DeliveryMedium", m)
				o.DeliveryMedium = types.DeliveryMediumType(s)
			}
			return err
		})
		l = append(l, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func (out *AdminGetUserOutput) metadata() *middleware.Metadata { return &out.ResultMetadata }
