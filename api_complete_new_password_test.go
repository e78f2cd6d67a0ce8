package cognitopassword

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// A scripted service: the sign-in's second step meets a hostile or failing
// answer.

func TestSignInRefusesAHostileOrIncompletePasswordVerifierChallenge(t *testing.T) {
	bodies := map[string]string{
		"no SRP_B":      `{"ChallengeName":"PASSWORD_VERIFIER","Session":"SESSION-LEAK-0123456789","ChallengeParameters":{"SALT":"ab","SECRET_BLOCK":"QUJD","USER_ID_FOR_SRP":"u"}}`,
		"SRP_B of zero": `{"ChallengeName":"PASSWORD_VERIFIER","Session":"SESSION-LEAK-0123456789","ChallengeParameters":{"SRP_B":"0","SALT":"ab","SECRET_BLOCK":"QUJD","USER_ID_FOR_SRP":"u"}}`,
		"SRP_B not hex": `{"ChallengeName":"PASSWORD_VERIFIER","Session":"SESSION-LEAK-0123456789","ChallengeParameters":{"SRP_B":"LEAKzz","SALT":"ab","SECRET_BLOCK":"QUJD","USER_ID_FOR_SRP":"u"}}`,
		"no user id":    `{"ChallengeName":"PASSWORD_VERIFIER","Session":"SESSION-LEAK-0123456789","ChallengeParameters":{"SRP_B":"ff","SALT":"ab","SECRET_BLOCK":"QUJD"}}`,
	}
	for name, body := range bodies {
		t.Run("a challenge with "+name+" is an error, and nothing more is sent", func(t *testing.T) {
			s := newScriptedServer(t, reply{Status: 200, Body: body})
			_, err := newTestClient(s).SignIn(context.Background(), &SignInInput{UserPoolId: "us-east-1_Pool", ClientId: "c", Username: "u", Password: "Pw-LEAK-1"})
			require.Error(t, err)
			assert.Equal(t, 1, s.count(), "the challenge is not answered")
			assert.NotContains(t, err.Error(), "LEAK")
			assert.NotContains(t, fmt.Sprintf("%+v", err), "LEAK")
		})
	}
}

func TestSignInDoesNotRepeatAnAmbiguousAnswer(t *testing.T) {
	challenge := `{"ChallengeName":"PASSWORD_VERIFIER","Session":"session-0123456789-0123","ChallengeParameters":{"SRP_B":"` +
		"d4a9" + `","SALT":"ab","SECRET_BLOCK":"QUJD","USER_ID_FOR_SRP":"1234-abcd","USERNAME":"1234-abcd"}}`
	s := newScriptedServer(t, reply{Status: 200, Body: challenge}, reply{Status: 500, Body: `{"__type":"InternalErrorException","message":"m"}`})
	c := newTestClient(s, WithClientSecret("c", leakSecret))
	c = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
	_, err := c.SignIn(context.Background(), &SignInInput{UserPoolId: "us-east-1_Pool", ClientId: "c", Username: "alice@example.com", Password: "Pw-LEAK-1"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrOutcomeUnknown))
	assert.Equal(t, 2, s.count(), "InitiateAuth, then one answer: a sign-in step is never repeated")
	answer := s.last(t)
	assert.Equal(t, "AWSCognitoIdentityProviderService.RespondToAuthChallenge", answer.Header.Get("X-Amz-Target"))
	assert.Contains(t, string(answer.Body), `"USERNAME":"1234-abcd"`, "the answer names the internal username")
	assert.Contains(t, string(answer.Body), `"SECRET_HASH":"`+secrethash.Compute("1234-abcd", "c", leakSecret)+`"`, "and its SECRET_HASH is over it")
	s.mu.Lock()
	first := string(s.requests[0].Body)
	s.mu.Unlock()
	assert.Contains(t, first, `"SECRET_HASH":"`+secrethash.Compute("alice@example.com", "c", leakSecret)+`"`, "the first request's is over the name typed")
	assert.NotContains(t, string(answer.Body), "Pw-LEAK-1")
}

func TestCompleteNewPasswordAnswersWithTheInternalUsernameAndHash(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 200, Body: `{"AuthenticationResult":{"AccessToken":"a.b.c"}}`})
	c := newTestClient(s, WithClientSecret("client1", leakSecret))
	ch := &SignInOutput{ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: "client1", Username: "1234-abcd",
		Session: "session-0123456789-0123", ChallengeParameters: map[string]string{
			"USER_ID_FOR_SRP": "1234-abcd", "requiredAttributes": `["userAttributes.name"]`,
			"userAttributes": `{"email":"a@example.com","email_verified":"true","phone_number_verified":"false"}`}}
	attrs := map[string]string{"name": "Alice", "email": "a@example.com", "email_verified": "true", "phone_number_verified": "true", "sub": "x", "custom:team": "blue"}
	out, err := c.CompleteNewPassword(context.Background(), &CompleteNewPasswordInput{Challenge: ch, NewPassword: leakProposed, UserAttributes: attrs})
	require.NoError(t, err)
	require.NotNil(t, out.AuthenticationResult)
	jsonEqual(t, `{"ChallengeName":"NEW_PASSWORD_REQUIRED","ClientId":"client1","Session":"session-0123456789-0123","ChallengeResponses":{`+
		`"USERNAME":"1234-abcd","NEW_PASSWORD":"`+leakProposed+`","SECRET_HASH":"`+secrethash.Compute("1234-abcd", "client1", leakSecret)+`",`+
		`"userAttributes.name":"Alice","userAttributes.custom:team":"blue"}}`, s.last(t).Body)
	assert.Len(t, attrs, 6, "the caller's map is not modified")
	for _, v := range []any{CompleteNewPasswordInput{Challenge: ch, NewPassword: leakProposed, UserAttributes: attrs}, *ch} {
		assertNoLeak(t, "fmt", fmt.Sprintf("%+v", v))
	}
}
