package cognitopassword

import (
	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

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
