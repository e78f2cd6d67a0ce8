package cognitopassword

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeSignInOutputs decodes any body as each sign-in output and as
// AdminGetUser's: never a panic, and where encoding/json reads the body as
// an object, the members a caller uses most agree with it (a string where
// it has a string, an error where it has another kind, the last duplicate).
func FuzzDecodeSignInOutputs(f *testing.F) {
	for _, seed := range []string{tokensBody, challengeBody, `{}`, `null`, ``, `[]`, `{"Session":1}`,
		`{"Session":"a","Session":"b"}`, `{"ChallengeParameters":{"a":"1","a":null}}`, `{"AuthenticationResult":{"ExpiresIn":1e400}}`,
		`{"UserAttributes":[{"Name":"n","Value":"v"},null],"UserCreateDate":1.5,"Enabled":true}`, `{"AvailableChallenges":[null,"X"]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var ia InitiateAuthOutput
		iaErr := ia.decode(body)
		var ra RespondToAuthChallengeOutput
		_ = ra.decode(body)
		var aia AdminInitiateAuthOutput
		aiaErr := aia.decode(body)
		var ara AdminRespondToAuthChallengeOutput
		_ = ara.decode(body)
		var gu AdminGetUserOutput
		_ = gu.decode(body)
		assert.Equal(t, iaErr == nil, aiaErr == nil, "the two Initiate outputs decode alike")

		dec := json.NewDecoder(bytes.NewReader(body))
		var top map[string]json.RawMessage
		if dec.Decode(&top) != nil || top == nil {
			return
		}
		raw, ok := top["Session"]
		if !ok {
			return
		}
		var session any
		require.NoError(t, json.Unmarshal(raw, &session))
		switch v := session.(type) {
		case string:
			if iaErr == nil {
				assert.Equal(t, v, ia.Session)
			}
		case nil:
			if iaErr == nil {
				assert.Empty(t, ia.Session)
			}
		default:
			assert.Error(t, iaErr, "a Session that is not a string is an error")
		}
	})
}
