package redact

import (
	"sort"
	"strconv"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
)

// I is an integer field.
func I(name string, v int64) Field { return Field{Name: name, Int: &v} }

// L is a list-of-strings field.
func L(name string, v []string) Field { return Field{Name: name, List: v} }

// AuthMap is a map field of authentication keys and values (AuthParameters,
// ChallengeResponses, ChallengeParameters): each value is masked unless its
// key is one of the public keys of [PublicAuthKey].
func AuthMap(name string, v map[string]string) Field { return Field{Name: name, Map: v, Kind: ByKey} }

// publicAuthKeys are the keys of AuthParameters, ChallengeResponses and
// ChallengeParameters whose values are not secret: names and identifiers
// that help to debug a sign-in. Every other key, known (PASSWORD, SRP_A,
// SRP_B, SALT, SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE,
// PASSWORD_CLAIM_SECRET_BLOCK, SECRET_HASH, NEW_PASSWORD, REFRESH_TOKEN,
// the MFA and OTP codes, ANSWER, userAttributes) or not, is masked.
var publicAuthKeys = map[string]bool{
	"USERNAME":                      true,
	"USER_ID_FOR_SRP":               true,
	"TIMESTAMP":                     true,
	"CODE_DELIVERY_DELIVERY_MEDIUM": true,
	"CODE_DELIVERY_DESTINATION":     true, // masked by the service
	"MFAS_CAN_CHOOSE":               true,
	"MFAS_CAN_SETUP":                true,
	"PREFERRED_CHALLENGE":           true,
	"requiredAttributes":            true,
}

// PublicAuthKey reports whether the value of an authentication map key may
// be shown: only for a short list of names and identifiers; every unknown
// key is secret.
func PublicAuthKey(key string) bool { return publicAuthKeys[key] }

// UsernameAuthKey reports whether key carries the user's name or id
// (USERNAME, USER_ID_FOR_SRP), which Options.RedactUsername masks in logs.
func UsernameAuthKey(key string) bool { return key == "USERNAME" || key == "USER_ID_FOR_SRP" }

func (f Field) mapValue(k string) string {
	v := f.Map[k]
	if f.Kind == ByKey && v != "" && !publicAuthKeys[k] {
		return Mask
	}
	return v
}

// JSON encodes the fields as a JSON object with sensitive values masked:
// strings as strings, booleans and integers as such, maps as objects,
// structures as objects (null when absent), lists as arrays. Empty strings
// and nil maps, lists and absent structures are left out, as the service
// leaves out absent members.
func JSON(fields []Field) []byte {
	return appendJSON(nil, fields)
}

func appendJSON(b []byte, fields []Field) []byte {
	b = append(b, '{')
	n := 0
	member := func(name string) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = awsjson.AppendString(b, name)
		b = append(b, ':')
	}
	for _, f := range fields {
		switch {
		case f.Bool != nil:
			member(f.Name)
			b = strconv.AppendBool(b, *f.Bool)
		case f.Int != nil:
			member(f.Name)
			b = strconv.AppendInt(b, *f.Int, 10)
		case f.List != nil:
			member(f.Name)
			b = append(b, '[')
			for i, s := range f.List {
				if i > 0 {
					b = append(b, ',')
				}
				b = awsjson.AppendString(b, s)
			}
			b = append(b, ']')
		case f.Map != nil:
			member(f.Name)
			keys := make([]string, 0, len(f.Map))
			for k := range f.Map {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			b = append(b, '{')
			for i, k := range keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = awsjson.AppendString(b, k)
				b = append(b, ':')
				b = awsjson.AppendString(b, f.mapValue(k))
			}
			b = append(b, '}')
		case f.Inner != nil:
			if f.Set {
				member(f.Name)
				b = appendJSON(b, f.Inner)
			}
		default:
			if f.Str != "" {
				member(f.Name)
				b = awsjson.AppendString(b, f.text(false))
			}
		}
	}
	return append(b, '}')
}
