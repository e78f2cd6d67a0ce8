package types

import (
	"fmt"
	"log/slog"

	iredact "github.com/cognitokit/cognitopassword/internal/redact"
)

// AuthFlowType is the authentication flow of InitiateAuth and
// AdminInitiateAuth.
type AuthFlowType string

// The values of AuthFlowType.
const (
	AuthFlowTypeUserSrpAuth           AuthFlowType = "USER_SRP_AUTH"
	AuthFlowTypeRefreshTokenAuth      AuthFlowType = "REFRESH_TOKEN_AUTH"
	AuthFlowTypeRefreshToken          AuthFlowType = "REFRESH_TOKEN"
	AuthFlowTypeCustomAuth            AuthFlowType = "CUSTOM_AUTH"
	AuthFlowTypeAdminNoSrpAuth        AuthFlowType = "ADMIN_NO_SRP_AUTH"
	AuthFlowTypeUserPasswordAuth      AuthFlowType = "USER_PASSWORD_AUTH"
	AuthFlowTypeAdminUserPasswordAuth AuthFlowType = "ADMIN_USER_PASSWORD_AUTH"
	AuthFlowTypeUserAuth              AuthFlowType = "USER_AUTH"
)

// Values returns every known value of AuthFlowType. The service may add
// values; they are sent as they are.
func (AuthFlowType) Values() []AuthFlowType {
	return []AuthFlowType{
		AuthFlowTypeUserSrpAuth, AuthFlowTypeRefreshTokenAuth, AuthFlowTypeRefreshToken,
		AuthFlowTypeCustomAuth, AuthFlowTypeAdminNoSrpAuth, AuthFlowTypeUserPasswordAuth,
		AuthFlowTypeAdminUserPasswordAuth, AuthFlowTypeUserAuth,
	}
}

// ChallengeNameType is the name of an authentication challenge.
type ChallengeNameType string

// The values of ChallengeNameType.
const (
	ChallengeNameTypeSmsMfa                 ChallengeNameType = "SMS_MFA"
	ChallengeNameTypeEmailOtp               ChallengeNameType = "EMAIL_OTP"
	ChallengeNameTypeSoftwareTokenMfa       ChallengeNameType = "SOFTWARE_TOKEN_MFA"
	ChallengeNameTypeSelectMfaType          ChallengeNameType = "SELECT_MFA_TYPE"
	ChallengeNameTypeMfaSetup               ChallengeNameType = "MFA_SETUP"
	ChallengeNameTypePasswordVerifier       ChallengeNameType = "PASSWORD_VERIFIER"
	ChallengeNameTypeCustomChallenge        ChallengeNameType = "CUSTOM_CHALLENGE"
	ChallengeNameTypeSelectChallenge        ChallengeNameType = "SELECT_CHALLENGE"
	ChallengeNameTypeDeviceSrpAuth          ChallengeNameType = "DEVICE_SRP_AUTH"
	ChallengeNameTypeDevicePasswordVerifier ChallengeNameType = "DEVICE_PASSWORD_VERIFIER"
	ChallengeNameTypeAdminNoSrpAuth         ChallengeNameType = "ADMIN_NO_SRP_AUTH"
	ChallengeNameTypeNewPasswordRequired    ChallengeNameType = "NEW_PASSWORD_REQUIRED"
	ChallengeNameTypeSmsOtp                 ChallengeNameType = "SMS_OTP"
	ChallengeNameTypePassword               ChallengeNameType = "PASSWORD"
	ChallengeNameTypeWebAuthn               ChallengeNameType = "WEB_AUTHN"
	ChallengeNameTypePasswordSrp            ChallengeNameType = "PASSWORD_SRP"
)

// Values returns every known value of ChallengeNameType. The service may
// add values; they decode as they are.
func (ChallengeNameType) Values() []ChallengeNameType {
	return []ChallengeNameType{
		ChallengeNameTypeSmsMfa, ChallengeNameTypeEmailOtp, ChallengeNameTypeSoftwareTokenMfa,
		ChallengeNameTypeSelectMfaType, ChallengeNameTypeMfaSetup, ChallengeNameTypePasswordVerifier,
		ChallengeNameTypeCustomChallenge, ChallengeNameTypeSelectChallenge, ChallengeNameTypeDeviceSrpAuth,
		ChallengeNameTypeDevicePasswordVerifier, ChallengeNameTypeAdminNoSrpAuth,
		ChallengeNameTypeNewPasswordRequired, ChallengeNameTypeSmsOtp, ChallengeNameTypePassword,
		ChallengeNameTypeWebAuthn, ChallengeNameTypePasswordSrp,
	}
}

// UserStatusType is a user's status in the user pool.
type UserStatusType string

// The values of UserStatusType.
const (
	UserStatusTypeUnconfirmed         UserStatusType = "UNCONFIRMED"
	UserStatusTypeConfirmed           UserStatusType = "CONFIRMED"
	UserStatusTypeArchived            UserStatusType = "ARCHIVED"
	UserStatusTypeCompromised         UserStatusType = "COMPROMISED"
	UserStatusTypeUnknown             UserStatusType = "UNKNOWN"
	UserStatusTypeResetRequired       UserStatusType = "RESET_REQUIRED"
	UserStatusTypeForceChangePassword UserStatusType = "FORCE_CHANGE_PASSWORD"
	UserStatusTypeExternalProvider    UserStatusType = "EXTERNAL_PROVIDER"
)

// Values returns every known value of UserStatusType. The service may add
// values; they decode as they are.
func (UserStatusType) Values() []UserStatusType {
	return []UserStatusType{
		UserStatusTypeUnconfirmed, UserStatusTypeConfirmed, UserStatusTypeArchived,
		UserStatusTypeCompromised, UserStatusTypeUnknown, UserStatusTypeResetRequired,
		UserStatusTypeForceChangePassword, UserStatusTypeExternalProvider,
	}
}

// AuthenticationResultType holds the tokens of a successful sign-in. The
// tokens are sensitive: the fmt verbs, slog and encoding/json print them as
// [Redacted]; read the members to use them.
type AuthenticationResultType struct {
	// AccessToken authorises the user's own operations, such as
	// ChangePassword. Sensitive.
	AccessToken string
	// ExpiresIn is the lifetime of the access and ID tokens, in seconds.
	ExpiresIn int32
	// IdToken carries the user's identity claims. Sensitive.
	IdToken string
	// NewDeviceMetadata describes a device the sign-in remembered, when
	// device tracking is on.
	NewDeviceMetadata *NewDeviceMetadataType
	// RefreshToken obtains new access and ID tokens. Sensitive.
	RefreshToken string
	// TokenType is "Bearer".
	TokenType string
}

func (a AuthenticationResultType) fields() []iredact.Field {
	f := iredact.Field{Name: "NewDeviceMetadata", Inner: []iredact.Field{}}
	if d := a.NewDeviceMetadata; d != nil {
		f.Set = true
		f.Inner = []iredact.Field{iredact.Secret("DeviceGroupKey", d.DeviceGroupKey), iredact.Secret("DeviceKey", d.DeviceKey)}
	}
	return []iredact.Field{
		iredact.Secret("AccessToken", a.AccessToken),
		iredact.I("ExpiresIn", int64(a.ExpiresIn)),
		iredact.Secret("IdToken", a.IdToken),
		f,
		iredact.Secret("RefreshToken", a.RefreshToken),
		iredact.S("TokenType", a.TokenType),
	}
}

// String prints the result with the tokens redacted.
func (a AuthenticationResultType) String() string { return iredact.String("", a.fields()) }

// GoString prints the result with the tokens redacted, for %#v.
func (a AuthenticationResultType) GoString() string {
	return iredact.String("types.AuthenticationResultType", a.fields())
}

// Format prints the result with the tokens redacted, for every verb.
func (a AuthenticationResultType) Format(f fmt.State, verb rune) {
	iredact.Format(f, verb, "types.AuthenticationResultType", a.fields())
}

// LogValue implements slog.LogValuer with the tokens redacted.
func (a AuthenticationResultType) LogValue() slog.Value { return iredact.Value(a.fields()) }

// MarshalJSON encodes the result with the tokens redacted, so that a
// result logged as JSON leaks nothing. Copy the members to store tokens.
func (a AuthenticationResultType) MarshalJSON() ([]byte, error) { return iredact.JSON(a.fields()), nil }

// NewDeviceMetadataType identifies a device that Amazon Cognito remembered
// at sign-in. Its members are printed redacted.
type NewDeviceMetadataType struct {
	// DeviceGroupKey is the device's group key.
	DeviceGroupKey string
	// DeviceKey is the device's key.
	DeviceKey string
}

// ContextDataType is the request context of an admin sign-in, for threat
// protection. It is treated as sensitive: the fmt verbs and slog print only
// which members are set.
type ContextDataType struct {
	// IpAddress is the source IP address of the user's device. Required.
	IpAddress string
	// ServerName is the name of your server. Required.
	ServerName string
	// ServerPath is the path of your server's endpoint. Required.
	ServerPath string
	// HttpHeaders are the HTTP headers of the user's request. Required
	// (non-nil; may be empty).
	HttpHeaders []HttpHeader
	// EncodedData is the device fingerprint collected with the Amazon
	// Cognito context data collection library.
	EncodedData string
}

func (c ContextDataType) fields() []iredact.Field {
	headers := iredact.Field{Name: "HttpHeaders", Kind: iredact.Sensitive, Str: ""}
	if len(c.HttpHeaders) > 0 {
		headers.Str = fmt.Sprintf("%d headers", len(c.HttpHeaders))
	}
	return []iredact.Field{
		iredact.Secret("IpAddress", c.IpAddress),
		iredact.Secret("ServerName", c.ServerName),
		iredact.Secret("ServerPath", c.ServerPath),
		headers,
		iredact.Secret("EncodedData", c.EncodedData),
	}
}

// String returns a redacted description.
func (c ContextDataType) String() string { return iredact.String("", c.fields()) }

// GoString returns a redacted description for %#v.
func (c ContextDataType) GoString() string {
	return iredact.String("types.ContextDataType", c.fields())
}

// Format prints a redacted description for every verb.
func (c ContextDataType) Format(f fmt.State, verb rune) {
	iredact.Format(f, verb, "types.ContextDataType", c.fields())
}

// LogValue implements slog.LogValuer with the members redacted.
func (c ContextDataType) LogValue() slog.Value { return iredact.Value(c.fields()) }

// HttpHeader is one HTTP header of [ContextDataType].
type HttpHeader struct {
	// HeaderName is the header's name.
	HeaderName string
	// HeaderValue is the header's value.
	HeaderValue string
}

// AttributeType is one user attribute, such as email. The value is
// sensitive in the service model: the fmt verbs and slog print it redacted.
type AttributeType struct {
	// Name is the attribute's name, such as "email". Required.
	Name string
	// Value is the attribute's value. Sensitive.
	Value string
}

func (a AttributeType) fields() []iredact.Field {
	return []iredact.Field{iredact.S("Name", a.Name), iredact.Secret("Value", a.Value)}
}

// String prints the attribute with its value redacted.
func (a AttributeType) String() string { return iredact.String("", a.fields()) }

// GoString prints the attribute with its value redacted, for %#v.
func (a AttributeType) GoString() string { return iredact.String("types.AttributeType", a.fields()) }

// Format prints the attribute with its value redacted, for every verb.
func (a AttributeType) Format(f fmt.State, verb rune) {
	iredact.Format(f, verb, "types.AttributeType", a.fields())
}

// LogValue implements slog.LogValuer with the value redacted.
func (a AttributeType) LogValue() slog.Value { return iredact.Value(a.fields()) }

// MFAOptionType is a legacy SMS MFA setting of a user.
type MFAOptionType struct {
	// AttributeName is the attribute that receives the codes.
	AttributeName string
	// DeliveryMedium is SMS or EMAIL.
	DeliveryMedium DeliveryMediumType
}
