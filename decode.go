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
