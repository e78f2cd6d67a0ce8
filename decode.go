package cognitopassword

import (
	"fmt"
	"net/http"
	"strings"

	smithy "github.com/aws/smithy-go"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/types"
)

// decodeError turns an error response into the operation's typed exception,
// a *smithy.GenericAPIError for other codes, or a
// *smithy.DeserializationError (naming the HTTP status and content type)
// when the body cannot be read. The code comes from the X-Amzn-ErrorType
// header, else the body's __type, else its code; the message from the body.
func decodeError(op *operation, resp *http.Response, data []byte) error {
	eb, err := awsjson.ParseErrorBody(data)
	if err != nil {
		return &smithy.DeserializationError{
			Err:      fmt.Errorf("decode error response (HTTP %d, Content-Type %q): %w", resp.StatusCode, resp.Header.Get("Content-Type"), err),
			Snapshot: snapshot(data),
		}
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
			return types.NewException(name, eb.ExceptionMessage, eb.ReasonCode)
		}
	}
	return &smithy.GenericAPIError{Code: code, Message: message}
}

// decodeDelivery reads the CodeDeliveryDetails member of ForgotPassword and
// ResendConfirmationCode responses; other members are ignored.
func decodeDelivery(data []byte, dst **types.CodeDeliveryDetailsType) error {
	top, err := awsjson.Top(data)
	if err != nil || top == nil {
		return err
	}
	switch awsjson.KindOf(top) {
	case awsjson.KindNull:
		return nil
	case awsjson.KindObject:
	default:
		return &awsjson.TypeError{Member: "(body)", Want: awsjson.KindObject, Got: awsjson.KindOf(top)}
	}
	return awsjson.Members(top, func(key string, raw []byte) error {
		if key != "CodeDeliveryDetails" {
			return nil
		}
		switch awsjson.KindOf(raw) {
		case awsjson.KindNull:
			return nil
		case awsjson.KindObject:
		default:
			return &awsjson.TypeError{Member: key, Want: awsjson.KindObject, Got: awsjson.KindOf(raw)}
		}
		d := &types.CodeDeliveryDetailsType{}
		*dst = d
		return awsjson.Members(raw, func(k string, v []byte) error {
			var err error
			switch k {
			case "Destination":
				d.Destination, err = awsjson.StringMember(k, v)
			case "AttributeName":
				d.AttributeName, err = awsjson.StringMember(k, v)
			case "DeliveryMedium":
				var s string
				s, err = awsjson.StringMember(k, v)
				d.DeliveryMedium = types.DeliveryMediumType(s)
			}
			return err
		})
	})
}

// decodeEmpty accepts any well-formed JSON body for outputs with no members.
func decodeEmpty(data []byte) error {
	top, err := awsjson.Top(data)
	if err != nil || top == nil {
		return err
	}
	switch awsjson.KindOf(top) {
	case awsjson.KindNull, awsjson.KindObject:
		return nil
	}
	return &awsjson.TypeError{Member: "(body)", Want: awsjson.KindObject, Got: awsjson.KindOf(top)}
}
