package cognitopassword

import (
	"unicode/utf8"

	"github.com/cognitokit/cognitopassword/internal/validate"
	"github.com/cognitokit/cognitopassword/types"
)

// validator checks members against the service model's constraints
// (botocore cognito-idp 2016-04-18) and collects every violation into one
// smithy.InvalidParamsError that names members and rules, never values.
type validator struct {
	e validate.Errors
}

func newValidator(context string) validator {
	return validator{e: validate.New(context)}
}

func (v *validator) err() error { return v.e.Err() }

func (v *validator) userPoolID(field, s string) {
	v.e.Check(field, s, validate.UserPoolIDType(), true)
}

func (v *validator) username(field, s string) {
	v.e.Check(field, s, validate.UsernameType(), true)
}

func (v *validator) password(field, s string, required bool) {
	v.e.Check(field, s, validate.PasswordType(), required)
}

func (v *validator) clientID(field, s string) {
	v.e.Check(field, s, validate.ClientIDType(), true)
}

func (v *validator) confirmationCode(field, s string) {
	v.e.Check(field, s, validate.ConfirmationCodeType(), true)
}

func (v *validator) secretHash(field, s string) {
	v.e.Check(field, s, validate.SecretHashType(), false)
}

func (v *validator) accessToken(field, s string) {
	v.e.Check(field, s, validate.TokenModelType(), true)
}

func (v *validator) clientMetadata(field string, m map[string]string) {
	v.e.ClientMetadata(field, m)
}

// analytics checks the AnalyticsMetadata structure member, when set.
func (v *validator) analytics(field string, a *types.AnalyticsMetadataType) {
	if a != nil {
		v.e.UTF8(field+".AnalyticsEndpointId", a.AnalyticsEndpointId)
	}
}

// userContext checks the UserContextData structure member, when set.
func (v *validator) userContext(field string, u *types.UserContextDataType) {
	if u != nil {
		v.e.UTF8(field+".IpAddress", u.IpAddress)
		v.e.UTF8(field+".EncodedData", u.EncodedData)
	}
}

// authMap checks AuthParameters or ChallengeResponses: keys and
// values are StringType (at most 131072 characters each).
func (v *validator) authMap(field string, m map[string]string) {
	v.e.ClientMetadata(field, m)
}

// session checks a Session member: 20 to 2048 characters, valid UTF-8.
func (v *validator) session(field, s string) {
	v.e.Check(field, s, validate.SessionType(), false)
	v.e.UTF8(field, s)
}

// contextData checks the required members of ContextData.
func (v *validator) contextData(c *types.ContextDataType) {
	if c == nil {
		return
	}
	e := validate.New("ContextDataType")
	if c.IpAddress == "" {
		e.Required("IpAddress")
	}
	if c.ServerName == "" {
		e.Required("ServerName")
	}
	if c.ServerPath == "" {
		e.Required("ServerPath")
	}
	if c.HttpHeaders == nil {
		e.Required("HttpHeaders")
	}
	for _, s := range []struct{ field, v string }{
		{"IpAddress", c.IpAddress}, {"ServerName", c.ServerName}, {"ServerPath", c.ServerPath}, {"EncodedData", c.EncodedData},
	} {
		if !validate.LenAtMost(s.v, validate.MaxClientMetadataLen) {
			e.MaxLen(s.field, validate.MaxClientMetadataLen)
		}
		e.UTF8(s.field, s.v)
	}
	for _, h := range c.HttpHeaders {
		if !utf8.ValidString(h.HeaderName) || !utf8.ValidString(h.HeaderValue) {
			e.Custom("HttpHeaders", "a header name or value is not valid UTF-8")
			break
		}
	}
	v.e.Nested("ContextData", e)
}

// required checks that a member with no other constraint (an enum) is set
// and valid UTF-8.
func (v *validator) required(field, s string) {
	if s == "" {
		v.e.Required(field)
	}
	v.e.UTF8(field, s)
}

func sessionConstraint() validate.Constraint { return validate.SessionType() }
