package cognitopassword

import (
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
