package conformance

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	cp "github.com/cognitokit/cognitopassword"
	cptypes "github.com/cognitokit/cognitopassword/types"
)

// contextData is ContextData in a form neutral to both clients.
type contextData struct {
	IpAddress, ServerName, ServerPath, EncodedData string
	Headers                                        []header // nil: absent
}

type header struct{ Name, Value string }

// signIn is a sign-in output (InitiateAuth, RespondToAuthChallenge and
// their admin forms) in a form neutral to both clients.
type signIn struct {
	Tokens     *tokens
	Available  []string // nil when absent
	Name       string
	Parameters map[string]string
	Session    string
}

type tokens struct {
	Access, ID, Refresh, Type string
	ExpiresIn                 int32
	Device                    *device
}

type device struct{ Key, GroupKey string }

// user is an AdminGetUser output in a form neutral to both clients.
type user struct {
	Username, Status, Preferred string
	Enabled                     bool
	Attributes                  []header // nil when absent
	Created, Modified           string   // RFC 3339 with nanoseconds, "" when absent
	MFA                         []header // AttributeName, DeliveryMedium
	Settings                    []string
}

var authOperations = []operation{
	{
		name: "InitiateAuth", signIn: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.InitiateAuth(ctx, &cp.InitiateAuthInput{
				AuthFlow: cptypes.AuthFlowType(p.AuthFlow), ClientId: p.ClientId, AuthParameters: copyMap(p.AuthParameters),
				ClientMetadata: copyMap(p.ClientMetadata), Session: p.Session,
				AnalyticsMetadata: oursAnalytics(p.Analytics), UserContextData: oursUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = oursSignIn(out.AuthenticationResult, out.AvailableChallenges, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
				AuthFlow: ciptypes.AuthFlowType(p.AuthFlow), ClientId: str(p.ClientId), AuthParameters: copyMap(p.AuthParameters),
				ClientMetadata: copyMap(p.ClientMetadata), Session: str(p.Session),
				AnalyticsMetadata: theirAnalytics(p.Analytics), UserContextData: theirUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = theirSignIn(out.AuthenticationResult, out.AvailableChallenges, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
	},
	{
		name: "RespondToAuthChallenge", signIn: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.RespondToAuthChallenge(ctx, &cp.RespondToAuthChallengeInput{
				ChallengeName: cptypes.ChallengeNameType(p.ChallengeName), ClientId: p.ClientId, ChallengeResponses: copyMap(p.ChallengeResponses),
				ClientMetadata: copyMap(p.ClientMetadata), Session: p.Session,
				AnalyticsMetadata: oursAnalytics(p.Analytics), UserContextData: oursUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = oursSignIn(out.AuthenticationResult, nil, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
				ChallengeName: ciptypes.ChallengeNameType(p.ChallengeName), ClientId: str(p.ClientId), ChallengeResponses: copyMap(p.ChallengeResponses),
				ClientMetadata: copyMap(p.ClientMetadata), Session: str(p.Session),
				AnalyticsMetadata: theirAnalytics(p.Analytics), UserContextData: theirUserContext(p.UserContext),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = theirSignIn(out.AuthenticationResult, nil, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
	},
	{
		name: "AdminInitiateAuth", signed: true, signIn: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.AdminInitiateAuth(ctx, &cp.AdminInitiateAuthInput{
				UserPoolId: p.UserPoolId, AuthFlow: cptypes.AuthFlowType(p.AuthFlow), ClientId: p.ClientId, AuthParameters: copyMap(p.AuthParameters),
				ClientMetadata: copyMap(p.ClientMetadata), Session: p.Session,
				AnalyticsMetadata: oursAnalytics(p.Analytics), ContextData: oursContextData(p.ContextData),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = oursSignIn(out.AuthenticationResult, out.AvailableChallenges, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
				UserPoolId: str(p.UserPoolId), AuthFlow: ciptypes.AuthFlowType(p.AuthFlow), ClientId: str(p.ClientId), AuthParameters: copyMap(p.AuthParameters),
				ClientMetadata: copyMap(p.ClientMetadata), Session: str(p.Session),
				AnalyticsMetadata: theirAnalytics(p.Analytics), ContextData: theirContextData(p.ContextData),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = theirSignIn(out.AuthenticationResult, out.AvailableChallenges, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
	},
	{
		name: "AdminRespondToAuthChallenge", signed: true, signIn: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.AdminRespondToAuthChallenge(ctx, &cp.AdminRespondToAuthChallengeInput{
				UserPoolId: p.UserPoolId, ChallengeName: cptypes.ChallengeNameType(p.ChallengeName), ClientId: p.ClientId,
				ChallengeResponses: copyMap(p.ChallengeResponses), ClientMetadata: copyMap(p.ClientMetadata), Session: p.Session,
				AnalyticsMetadata: oursAnalytics(p.Analytics), ContextData: oursContextData(p.ContextData),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = oursSignIn(out.AuthenticationResult, nil, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
				UserPoolId: str(p.UserPoolId), ChallengeName: ciptypes.ChallengeNameType(p.ChallengeName), ClientId: str(p.ClientId),
				ChallengeResponses: copyMap(p.ChallengeResponses), ClientMetadata: copyMap(p.ClientMetadata), Session: str(p.Session),
				AnalyticsMetadata: theirAnalytics(p.Analytics), ContextData: theirContextData(p.ContextData),
			}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			r.SignIn = theirSignIn(out.AuthenticationResult, nil, string(out.ChallengeName), out.ChallengeParameters, out.Session)
			return r, nil
		},
	},
	{
		name: "AdminGetUser", signed: true, getUser: true,
		ours: func(ctx context.Context, c *cp.Client, p params, optFns ...func(*cp.Options)) (result, error) {
			out, err := c.AdminGetUser(ctx, &cp.AdminGetUserInput{UserPoolId: p.UserPoolId, Username: p.Username}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			u := &user{Username: out.Username, Status: string(out.UserStatus), Preferred: out.PreferredMfaSetting, Enabled: out.Enabled,
				Created: timeString(out.UserCreateDate), Modified: timeString(out.UserLastModifiedDate), Settings: out.UserMFASettingList}
			if out.UserAttributes != nil {
				u.Attributes = []header{}
				for _, a := range out.UserAttributes {
					u.Attributes = append(u.Attributes, header{a.Name, a.Value})
				}
			}
			if out.MFAOptions != nil {
				u.MFA = []header{}
				for _, m := range out.MFAOptions {
					u.MFA = append(u.MFA, header{m.AttributeName, string(m.DeliveryMedium)})
				}
			}
			r.User = u
			return r, nil
		},
		theirs: func(ctx context.Context, c *cip.Client, p params, optFns ...func(*cip.Options)) (result, error) {
			out, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: str(p.UserPoolId), Username: str(p.Username)}, optFns...)
			if err != nil {
				return result{}, err
			}
			r := metaResult(out.ResultMetadata)
			u := &user{Username: aws.ToString(out.Username), Status: string(out.UserStatus), Preferred: aws.ToString(out.PreferredMfaSetting),
				Enabled: out.Enabled, Created: timePtrString(out.UserCreateDate), Modified: timePtrString(out.UserLastModifiedDate), Settings: out.UserMFASettingList}
			if out.UserAttributes != nil {
				u.Attributes = []header{}
				for _, a := range out.UserAttributes {
					u.Attributes = append(u.Attributes, header{aws.ToString(a.Name), aws.ToString(a.Value)})
				}
			}
			if out.MFAOptions != nil {
				u.MFA = []header{}
				for _, m := range out.MFAOptions {
					u.MFA = append(u.MFA, header{aws.ToString(m.AttributeName), string(m.DeliveryMedium)})
				}
			}
			r.User = u
			return r, nil
		},
	},
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func timePtrString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func oursSignIn(a *cptypes.AuthenticationResultType, available []cptypes.ChallengeNameType, name string, params map[string]string, session string) *signIn {
	s := &signIn{Name: name, Parameters: params, Session: session}
	if available != nil {
		s.Available = []string{}
		for _, c := range available {
			s.Available = append(s.Available, string(c))
		}
	}
	if a != nil {
		s.Tokens = &tokens{Access: a.AccessToken, ID: a.IdToken, Refresh: a.RefreshToken, Type: a.TokenType, ExpiresIn: a.ExpiresIn}
		if d := a.NewDeviceMetadata; d != nil {
			s.Tokens.Device = &device{Key: d.DeviceKey, GroupKey: d.DeviceGroupKey}
		}
	}
	return s
}

func theirSignIn(a *ciptypes.AuthenticationResultType, available []ciptypes.ChallengeNameType, name string, params map[string]string, session *string) *signIn {
	s := &signIn{Name: name, Parameters: params, Session: aws.ToString(session)}
	if available != nil {
		s.Available = []string{}
		for _, c := range available {
			s.Available = append(s.Available, string(c))
		}
	}
	if a != nil {
		s.Tokens = &tokens{Access: aws.ToString(a.AccessToken), ID: aws.ToString(a.IdToken), Refresh: aws.ToString(a.RefreshToken),
			Type: aws.ToString(a.TokenType), ExpiresIn: a.ExpiresIn}
		if d := a.NewDeviceMetadata; d != nil {
			s.Tokens.Device = &device{Key: aws.ToString(d.DeviceKey), GroupKey: aws.ToString(d.DeviceGroupKey)}
		}
	}
	return s
}

func oursContextData(c *contextData) *cptypes.ContextDataType {
	if c == nil {
		return nil
	}
	o := &cptypes.ContextDataType{IpAddress: c.IpAddress, ServerName: c.ServerName, ServerPath: c.ServerPath, EncodedData: c.EncodedData}
	if c.Headers != nil {
		o.HttpHeaders = []cptypes.HttpHeader{}
		for _, h := range c.Headers {
			o.HttpHeaders = append(o.HttpHeaders, cptypes.HttpHeader{HeaderName: h.Name, HeaderValue: h.Value})
		}
	}
	return o
}

func theirContextData(c *contextData) *ciptypes.ContextDataType {
	if c == nil {
		return nil
	}
	o := &ciptypes.ContextDataType{IpAddress: str(c.IpAddress), ServerName: str(c.ServerName), ServerPath: str(c.ServerPath), EncodedData: str(c.EncodedData)}
	if c.Headers != nil {
		o.HttpHeaders = []ciptypes.HttpHeader{}
		for _, h := range c.Headers {
			o.HttpHeaders = append(o.HttpHeaders, ciptypes.HttpHeader{HeaderName: str(h.Name), HeaderValue: str(h.Value)})
		}
	}
	return o
}

// authFlows and challengeNames are every value of the official enums and
// one that a later model may add: both clients send any value.
var (
	authFlows      = []string{"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH", "FUTURE_FLOW"}
	challengeNames = []string{"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "SELECT_CHALLENGE",
		"DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP", "FUTURE_CHALLENGE"}
	authKeys = []string{"USERNAME", "PASSWORD", "SRP_A", "SECRET_HASH", "REFRESH_TOKEN", "DEVICE_KEY", "NEW_PASSWORD", "PASSWORD_CLAIM_SIGNATURE",
		"PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "SMS_MFA_CODE", "ANSWER", "userAttributes.email", "PREFERRED_CHALLENGE"}
)

// authMap returns AuthParameters or ChallengeResponses: nil, empty, or
// known keys (and now and then any key) with values of any characters.
func (g gen) authMap() map[string]string {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1:
		return map[string]string{}
	}
	n := 1 + g.r.IntN(6)
	m := make(map[string]string, n)
	for range n {
		k := authKeys[g.r.IntN(len(authKeys))]
		if g.r.IntN(8) == 0 {
			k = g.from(metadataRunes, 0, 12)
		}
		m[k] = g.from(metadataRunes, 0, 60)
	}
	return m
}

func (g gen) contextData() *contextData {
	if g.r.IntN(3) == 0 {
		return nil
	}
	c := &contextData{
		IpAddress: "198.51.100." + strconv.Itoa(g.r.IntN(256)), ServerName: g.from(metadataRunes, 1, 30),
		ServerPath: "/" + g.from(metadataRunes, 0, 30), EncodedData: g.optional(g.from(metadataRunes, 1, 200)),
		Headers: []header{},
	}
	for range g.r.IntN(5) {
		c.Headers = append(c.Headers, header{Name: g.optional(g.from(metadataRunes, 1, 20)), Value: g.optional(g.from(metadataRunes, 1, 80))})
	}
	return c
}

// authSpecials are the hand-picked inputs of the sign-in operations and
// AdminGetUser, beyond those every operation gets.
func authSpecials(op string) []params {
	base := minimalParams(op)
	with := func(f func(p *params)) params {
		p := base
		f(&p)
		return p
	}
	longest := strings.Repeat("ü", 131072)
	return []params{
		with(func(p *params) { p.AuthParameters, p.ChallengeResponses = map[string]string{}, map[string]string{} }),
		with(func(p *params) {
			p.AuthParameters = map[string]string{"USERNAME": "alice", "SRP_A": strings.Repeat("0123456789abcdef", 48)}
			p.ChallengeResponses = map[string]string{"USERNAME": "1234-abcd", "PASSWORD_CLAIM_SIGNATURE": "c2ln+/=", "PASSWORD_CLAIM_SECRET_BLOCK": strings.Repeat("QUJD", 300), "TIMESTAMP": "Mon Nov 3 15:04:05 UTC 2026"}
		}),
		with(func(p *params) {
			p.AuthParameters = map[string]string{escapes: escapes}
			p.ChallengeResponses = map[string]string{escapes: escapes}
		}),
		with(func(p *params) {
			p.AuthParameters = map[string]string{longest: longest}
			p.ChallengeResponses = map[string]string{longest: longest}
		}),
		with(func(p *params) { p.Session = strings.Repeat("S", 20) }),
		with(func(p *params) { p.Session = strings.Repeat("🦊", 2048) }),
		with(func(p *params) { p.Session = escapes + strings.Repeat("x", 20) }),
		with(func(p *params) {
			p.ContextData = &contextData{IpAddress: "::1", ServerName: "s", ServerPath: "/", Headers: []header{}}
		}),
		with(func(p *params) {
			p.ContextData = &contextData{IpAddress: "192.0.2.1", ServerName: escapes, ServerPath: "/login", EncodedData: "enc",
				Headers: []header{{"User-Agent", "Mozilla/5.0"}, {"X-Forwarded-For", "192.0.2.1, 198.51.100.2"}, {"", ""}, {"only-name", ""}, {"", "only-value"}}}
		}),
		with(func(p *params) {
			p.ContextData = &contextData{IpAddress: longest, ServerName: longest, ServerPath: longest, EncodedData: longest, Headers: []header{{longest, longest}}}
		}),
	}
}
