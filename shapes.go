package cognitopassword

import (
	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// internal/genops writes, from its table of the service model's input
// members, each operation input's validate, encode and fields() methods
// into inputs_gen.go; each api_*.go file keeps the operation's policy
// (prepare, the output's fields() and decode). Every type with a fields()
// method says there which members are sensitive; internal/genredact writes
// the five methods that print it redacted (String, GoString, Format,
// LogValue, MarshalJSON) into redaction_gen.go, so genops runs first.
//go:generate go run ./internal/genops
//go:generate go run ./internal/genredact

// redaction says which members encode replaces, for logging.
type redaction struct {
	secrets  bool // passwords, codes, secret hashes, tokens, user context data
	username bool // Username, when Options.RedactUsername is set
}

// putSecret writes a string member, masked when hide is set.
func putSecret(o *awsjson.Object, k, v string, hide bool) {
	if hide && v != "" {
		v = redact.Mask
	}
	o.String(k, v)
}

func putAnalytics(o *awsjson.Object, a *types.AnalyticsMetadataType) {
	if a == nil {
		return
	}
	o.Key("AnalyticsMetadata")
	o.Begin()
	o.String("AnalyticsEndpointId", a.AnalyticsEndpointId)
	o.End()
}

func putUserContext(o *awsjson.Object, u *types.UserContextDataType, hide bool) {
	if u == nil {
		return
	}
	o.Key("UserContextData")
	o.Begin()
	putSecret(o, "EncodedData", u.EncodedData, hide)
	putSecret(o, "IpAddress", u.IpAddress, hide)
	o.End()
}

func analyticsField(a *types.AnalyticsMetadataType) redact.Field {
	f := redact.Field{Name: "AnalyticsMetadata", Inner: []redact.Field{}}
	if a != nil {
		f.Set = true
		f.Inner = []redact.Field{redact.S("AnalyticsEndpointId", a.AnalyticsEndpointId)}
	}
	return f
}

func userContextField(u *types.UserContextDataType) redact.Field {
	f := redact.Field{Name: "UserContextData", Inner: []redact.Field{}}
	if u != nil {
		f.Set = true
		f.Inner = []redact.Field{redact.Secret("IpAddress", u.IpAddress), redact.Secret("EncodedData", u.EncodedData)}
	}
	return f
}

// clientDefaults returns the client id and secret hash to send: the
// options' default client id when clientID is empty, and the SECRET_HASH
// computed from the secret registered for that client id when secretHash is
// empty. changed reports whether either differs from the input.
func clientDefaults(cc *callConfig, clientID, username, secretHash string) (string, string, bool) {
	changed := false
	if clientID == "" && cc.opts.ClientID != "" {
		clientID = cc.opts.ClientID
		changed = true
	}
	if secretHash == "" && clientID != "" && username != "" {
		if secret, ok := cc.opts.clientSecrets[clientID]; ok {
			secretHash = secrethash.Compute(username, clientID, secret)
			changed = true
		}
	}
	return clientID, secretHash, changed
}

// putAuthMap writes AuthParameters or ChallengeResponses. Logged, every
// value is masked but those of the public keys (redact.PublicAuthKey), and
// USERNAME and USER_ID_FOR_SRP too when the username is redacted.
func putAuthMap(o *awsjson.Object, k string, m map[string]string, r redaction) {
	if !r.secrets && !r.username {
		o.Map(k, m)
		return
	}
	o.MapMasked(k, m, func(key string) bool {
		if redact.UsernameAuthKey(key) {
			return r.username
		}
		return r.secrets && !redact.PublicAuthKey(key)
	}, redact.Mask)
}

func putContextData(o *awsjson.Object, c *types.ContextDataType, hide bool) {
	if c == nil {
		return
	}
	o.Key("ContextData")
	o.Begin()
	putSecret(o, "EncodedData", c.EncodedData, hide)
	if c.HttpHeaders != nil {
		o.Key("HttpHeaders")
		o.BeginList()
		for _, h := range c.HttpHeaders {
			o.Elem()
			o.Begin()
			o.String("headerName", h.HeaderName)
			putSecret(o, "headerValue", h.HeaderValue, hide)
			o.End()
		}
		o.EndList()
	}
	putSecret(o, "IpAddress", c.IpAddress, hide)
	putSecret(o, "ServerName", c.ServerName, hide)
	putSecret(o, "ServerPath", c.ServerPath, hide)
	o.End()
}

func contextDataField(c *types.ContextDataType) redact.Field {
	f := redact.Field{Name: "ContextData", Inner: []redact.Field{}}
	if c != nil {
		f.Set = true
		f.Inner = []redact.Field{
			redact.Secret("IpAddress", c.IpAddress),
			redact.Secret("ServerName", c.ServerName),
			redact.Secret("ServerPath", c.ServerPath),
			redact.Secret("HttpHeaders", headerCount(c.HttpHeaders)),
			redact.Secret("EncodedData", c.EncodedData),
		}
	}
	return f
}

func headerCount(h []types.HttpHeader) string {
	if len(h) == 0 {
		return ""
	}
	return "set"
}

// authDefaults returns the client id and the map to send: the options'
// default client id when clientID is empty, and, when a secret is
// registered for that client id and m has a non-empty USERNAME but no
// SECRET_HASH, a copy of m with SECRET_HASH computed from that USERNAME.
// The caller's map is never modified; an explicit SECRET_HASH wins.
// changed reports whether either differs from the input.
func authDefaults(cc *callConfig, clientID string, m map[string]string) (string, map[string]string, bool) {
	changed := false
	if clientID == "" && cc.opts.ClientID != "" {
		clientID = cc.opts.ClientID
		changed = true
	}
	if clientID == "" || m["SECRET_HASH"] != "" || m["USERNAME"] == "" {
		return clientID, m, changed
	}
	secret, ok := cc.opts.clientSecrets[clientID]
	if !ok {
		return clientID, m, changed
	}
	cp := make(map[string]string, len(m)+1)
	for k, v := range m {
		cp[k] = v
	}
	cp["SECRET_HASH"] = secrethash.Compute(m["USERNAME"], clientID, secret)
	return clientID, cp, true
}

func authResultField(a *types.AuthenticationResultType) redact.Field {
	f := redact.Field{Name: "AuthenticationResult", Inner: []redact.Field{}}
	if a == nil {
		return f
	}
	d := redact.Field{Name: "NewDeviceMetadata", Inner: []redact.Field{}}
	if m := a.NewDeviceMetadata; m != nil {
		d.Set = true
		d.Inner = []redact.Field{redact.Secret("DeviceGroupKey", m.DeviceGroupKey), redact.Secret("DeviceKey", m.DeviceKey)}
	}
	f.Set = true
	f.Inner = []redact.Field{
		redact.Secret("AccessToken", a.AccessToken),
		redact.I("ExpiresIn", int64(a.ExpiresIn)),
		redact.Secret("IdToken", a.IdToken),
		d,
		redact.Secret("RefreshToken", a.RefreshToken),
		redact.S("TokenType", a.TokenType),
	}
	return f
}

// authOutputFields are the printed members of a sign-in output; the
// AvailableChallenges member only where the output has it.
func authOutputFields(a *types.AuthenticationResultType, available []types.ChallengeNameType, hasAvailable bool, name types.ChallengeNameType, params map[string]string, session string) []redact.Field {
	f := make([]redact.Field, 0, 5)
	f = append(f, authResultField(a))
	if hasAvailable {
		var l []string
		if available != nil {
			l = make([]string, len(available))
			for i, c := range available {
				l[i] = string(c)
			}
		}
		f = append(f, redact.L("AvailableChallenges", l))
	}
	return append(f,
		redact.S("ChallengeName", string(name)),
		redact.AuthMap("ChallengeParameters", params),
		redact.Secret("Session", session),
	)
}
