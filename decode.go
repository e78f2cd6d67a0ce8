package cognitopassword

import (
	"fmt"
	"net/http"
	"strings"

	smithy "github.com/aws/smithy-go"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/exceptions"
	"github.com/cognitokit/cognitopassword/types"
)

// decodeError turns an error response into the operation's typed exception,
// a *smithy.GenericAPIError for other codes, or a
// *smithy.DeserializationError (naming the HTTP status and content type)
// when the body cannot be read. The code comes from the X-Amzn-ErrorType
// header, else the body's __type, else its code; the message from the body.
func decodeError(op *operation, resp *http.Response, data []byte) error {
	unreadable := func(err error) error {
		return &smithy.DeserializationError{
			Err:      fmt.Errorf("decode error response (HTTP %d, Content-Type %q): %w", resp.StatusCode, resp.Header.Get("Content-Type"), err),
			Snapshot: snapshot(data),
		}
	}
	eb, err := awsjson.ParseErrorBody(data)
	if err != nil {
		return unreadable(err)
	}
	code := "UnknownError"
	message := code
	switch h := resp.Header.Get("X-Amzn-Errortype"); {
	case h != "":
		code = awsjson.SanitizeCode(h)
	case eb.Type != "":
		code = awsjson.SanitizeCode(eb.Type)
	case eb.Code != "":
		code = awsjson.SanitizeCode(eb.Code)
	}
	if eb.Message != "" {
		message = eb.Message
	}
	for _, name := range op.errors {
		if strings.EqualFold(name, code) {
			if name == "InvalidParameterException" && eb.ReasonCodeErr != nil {
				return unreadable(eb.ReasonCodeErr)
			}
			return exceptions.New(name, eb.ExceptionMessage, eb.ReasonCode)
		}
	}
	return &smithy.GenericAPIError{Code: code, Message: message}
}

// decodeDelivery reads the CodeDeliveryDetails member of ForgotPassword and
// ResendConfirmationCode responses; other members are ignored. Like the
// official client, which decodes the body into a map first, it reads only
// the last of duplicate members, and a null member is absent.
func decodeDelivery(data []byte, dst **types.CodeDeliveryDetailsType) error {
	top, err := awsjson.Top(data)
	if err != nil || top == nil {
		return err
	}
	if ok, err := awsjson.IsObject("(body)", top); !ok {
		return err
	}
	var details []byte
	err = awsjson.EachMember(top, func(key, raw []byte) error {
		if awsjson.KeyIs(key, "CodeDeliveryDetails") {
			details = raw
		}
		return nil
	})
	if err != nil || details == nil {
		return err
	}
	if ok, err := awsjson.IsObject("CodeDeliveryDetails", details); !ok {
		return err
	}
	var destination, medium, attribute []byte
	err = awsjson.EachMember(details, func(k, v []byte) error {
		switch {
		case awsjson.KeyIs(k, "Destination"):
			destination = v
		case awsjson.KeyIs(k, "DeliveryMedium"):
			medium = v
		case awsjson.KeyIs(k, "AttributeName"):
			attribute = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	d := &types.CodeDeliveryDetailsType{}
	if d.Destination, err = optionalString("Destination", destination); err != nil {
		return err
	}
	var s string
	if s, err = optionalString("DeliveryMedium", medium); err != nil {
		return err
	}
	d.DeliveryMedium = types.DeliveryMediumType(s)
	if d.AttributeName, err = optionalString("AttributeName", attribute); err != nil {
		return err
	}
	*dst = d
	return nil
}

// optionalString decodes a string member that may be missing (nil raw).
func optionalString(member string, raw []byte) (string, error) {
	if raw == nil {
		return "", nil
	}
	return awsjson.StringMember(member, raw)
}

// decodeEmpty accepts any well-formed JSON body for outputs with no members.
func decodeEmpty(data []byte) error {
	top, err := awsjson.Top(data)
	if err != nil || top == nil {
		return err
	}
	_, err = awsjson.IsObject("(body)", top)
	return err
}

// authFields are the members of the sign-in outputs (InitiateAuth,
// RespondToAuthChallenge and their admin forms).
type authFields struct {
	result    *types.AuthenticationResultType
	available []types.ChallengeNameType
	name      types.ChallengeNameType
	params    map[string]string
	session   string
}

// decodeAuth reads a sign-in output as the official client does: members
// matched exactly, the last of duplicates wins, null is absent, other
// members are ignored (AvailableChallenges too, unless withAvailable: the
// outputs of the challenge answers do not have it).
func decodeAuth(data []byte, a *authFields, withAvailable bool) error {
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
		case awsjson.KeyIs(key, "AuthenticationResult"):
			a.result, err = decodeAuthenticationResult(raw)
		case withAvailable && awsjson.KeyIs(key, "AvailableChallenges"):
			var l []string
			l, err = awsjson.StringListMember("AvailableChallenges", raw)
			a.available = nil
			if l != nil {
				a.available = make([]types.ChallengeNameType, len(l))
				for i, s := range l {
					a.available[i] = types.ChallengeNameType(s)
				}
			}
		case awsjson.KeyIs(key, "ChallengeName"):
			var s string
			s, err = awsjson.StringMember("ChallengeName", raw)
			a.name = types.ChallengeNameType(s)
		case awsjson.KeyIs(key, "ChallengeParameters"):
			a.params, err = awsjson.StringMapMember("ChallengeParameters", raw)
		case awsjson.KeyIs(key, "Session"):
			a.session, err = awsjson.StringMember("Session", raw)
		}
		return err
	})
}

func decodeAuthenticationResult(raw []byte) (*types.AuthenticationResultType, error) {
	if ok, err := awsjson.IsObject("AuthenticationResult", raw); !ok {
		return nil, err
	}
	r := &types.AuthenticationResultType{}
	err := awsjson.EachMember(raw, func(key, v []byte) error {
		var err error
		switch {
		case awsjson.KeyIs(key, "AccessToken"):
			r.AccessToken, err = awsjson.StringMember("AccessToken", v)
		case awsjson.KeyIs(key, "ExpiresIn"):
			r.ExpiresIn, err = awsjson.Int32Member("ExpiresIn", v)
		case awsjson.KeyIs(key, "IdToken"):
			r.IdToken, err = awsjson.StringMember("IdToken", v)
		case awsjson.KeyIs(key, "NewDeviceMetadata"):
			r.NewDeviceMetadata, err = decodeNewDeviceMetadata(v)
		case awsjson.KeyIs(key, "RefreshToken"):
			r.RefreshToken, err = awsjson.StringMember("RefreshToken", v)
		case awsjson.KeyIs(key, "TokenType"):
			r.TokenType, err = awsjson.StringMember("TokenType", v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func decodeNewDeviceMetadata(raw []byte) (*types.NewDeviceMetadataType, error) {
	if ok, err := awsjson.IsObject("NewDeviceMetadata", raw); !ok {
		return nil, err
	}
	d := &types.NewDeviceMetadataType{}
	err := awsjson.EachMember(raw, func(key, v []byte) error {
		var err error
		switch {
		case awsjson.KeyIs(key, "DeviceGroupKey"):
			d.DeviceGroupKey, err = awsjson.StringMember("DeviceGroupKey", v)
		case awsjson.KeyIs(key, "DeviceKey"):
			d.DeviceKey, err = awsjson.StringMember("DeviceKey", v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
