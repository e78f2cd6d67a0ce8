package cognitopassword

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// authOperationCases are the sign-in operations and AdminGetUser with full
// inputs, part of fullOperationCases.
func authOperationCases() []opCase {
	ctxData := &types.ContextDataType{IpAddress: "192.0.2.1", ServerName: "srv", ServerPath: "/login",
		HttpHeaders: []types.HttpHeader{{HeaderName: "User-Agent", HeaderValue: "ua"}, {HeaderName: "X-Empty"}}, EncodedData: "enc"}
	return []opCase{
		{
			name: "InitiateAuth",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.InitiateAuth(ctx, &InitiateAuthInput{
					AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: "client1",
					AuthParameters: map[string]string{"USERNAME": "Jürgen", "PASSWORD": `P@ss<w>&"rd\`},
					ClientMetadata: map[string]string{"k": "v"}, AnalyticsMetadata: &types.AnalyticsMetadataType{AnalyticsEndpointId: "ep"},
					UserContextData: &types.UserContextDataType{IpAddress: "192.0.2.1", EncodedData: "enc"},
				})
				return err
			},
			body: `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"client1","AuthParameters":{"USERNAME":"Jürgen","PASSWORD":"P@ss<w>&\"rd\\"},"ClientMetadata":{"k":"v"},"AnalyticsMetadata":{"AnalyticsEndpointId":"ep"},"UserContextData":{"IpAddress":"192.0.2.1","EncodedData":"enc"}}`,
		},
		{
			name: "RespondToAuthChallenge",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{
					ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: "client1",
					Session:            strings.Repeat("s", 20),
					ChallengeResponses: map[string]string{"USERNAME": "alice", "NEW_PASSWORD": "N3w!", "userAttributes.name": "Alice"},
				})
				return err
			},
			body: `{"ChallengeName":"NEW_PASSWORD_REQUIRED","ClientId":"client1","Session":"ssssssssssssssssssss","ChallengeResponses":{"USERNAME":"alice","NEW_PASSWORD":"N3w!","userAttributes.name":"Alice"}}`,
		},
		{
			name: "AdminInitiateAuth", signed: true,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AdminInitiateAuth(ctx, &AdminInitiateAuthInput{
					UserPoolId: "us-east-1_AbC123", ClientId: "client1", AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth,
					AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "pw"}, ContextData: ctxData,
				})
				return err
			},
			body: `{"UserPoolId":"us-east-1_AbC123","ClientId":"client1","AuthFlow":"ADMIN_USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"alice","PASSWORD":"pw"},"ContextData":{"IpAddress":"192.0.2.1","ServerName":"srv","ServerPath":"/login","HttpHeaders":[{"headerName":"User-Agent","headerValue":"ua"},{"headerName":"X-Empty"}],"EncodedData":"enc"}}`,
		},
		{
			name: "AdminRespondToAuthChallenge", signed: true,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AdminRespondToAuthChallenge(ctx, &AdminRespondToAuthChallengeInput{
					UserPoolId: "us-east-1_AbC123", ClientId: "client1", ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
					Session: strings.Repeat("s", 2048), ChallengeResponses: map[string]string{"USERNAME": "alice", "NEW_PASSWORD": "N3w!"},
					ContextData: &types.ContextDataType{IpAddress: "i", ServerName: "n", ServerPath: "p", HttpHeaders: []types.HttpHeader{}},
				})
				return err
			},
			body: `{"UserPoolId":"us-east-1_AbC123","ClientId":"client1","ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"` + strings.Repeat("s", 2048) + `","ChallengeResponses":{"USERNAME":"alice","NEW_PASSWORD":"N3w!"},"ContextData":{"IpAddress":"i","ServerName":"n","ServerPath":"p","HttpHeaders":[]}}`,
		},
		{
			name: "AdminGetUser", signed: true,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AdminGetUser(ctx, &AdminGetUserInput{UserPoolId: "us-east-1_AbC123", Username: "alice"})
				return err
			},
			body: `{"UserPoolId":"us-east-1_AbC123","Username":"alice"}`,
		},
	}
}

const tokensBody = `{"AuthenticationResult":{"AccessToken":"ACCESS.LEAK-a","ExpiresIn":3600,"IdToken":"ID.LEAK-i","RefreshToken":"REFRESH.LEAK-r","TokenType":"Bearer",` +
	`"NewDeviceMetadata":{"DeviceKey":"us-east-1_dk","DeviceGroupKey":"dgk"}},"ChallengeParameters":{}}`

const challengeBody = `{"ChallengeName":"PASSWORD_VERIFIER","Session":"SESSION-LEAK-0123456789","AvailableChallenges":["PASSWORD","PASSWORD_SRP",null],` +
	`"ChallengeParameters":{"SALT":"SALTLEAK","SRP_B":"SRPBLEAK","SECRET_BLOCK":"BLOCKLEAK","USER_ID_FOR_SRP":"1234-abcd","USERNAME":"1234-abcd","NULL":null}}`

func TestSignInOutputsDecodeTokensAndChallenges(t *testing.T) {
	t.Run("InitiateAuth decodes the tokens and the request id", func(t *testing.T) {
		s := newScriptedServer(t, reply{Status: 200, Body: tokensBody})
		out, err := newTestClient(s).InitiateAuth(context.Background(), &InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: "c"})
		require.NoError(t, err)
		require.NotNil(t, out.AuthenticationResult)
		assert.Equal(t, types.AuthenticationResultType{AccessToken: "ACCESS.LEAK-a", ExpiresIn: 3600, IdToken: "ID.LEAK-i", RefreshToken: "REFRESH.LEAK-r",
			TokenType: "Bearer", NewDeviceMetadata: &types.NewDeviceMetadataType{DeviceKey: "us-east-1_dk", DeviceGroupKey: "dgk"}}, *out.AuthenticationResult)
		assert.Equal(t, map[string]string{}, out.ChallengeParameters)
		assert.Empty(t, out.ChallengeName)
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		assert.Equal(t, "req-0001", id)
	})
	t.Run("AdminInitiateAuth decodes a challenge, its parameters and the available challenges", func(t *testing.T) {
		s := newScriptedServer(t, reply{Status: 200, Body: challengeBody})
		out, err := newTestClient(s).AdminInitiateAuth(context.Background(), &AdminInitiateAuthInput{UserPoolId: "us-east-1_A1", AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: "c"})
		require.NoError(t, err)
		assert.Nil(t, out.AuthenticationResult)
		assert.Equal(t, types.ChallengeNameTypePasswordVerifier, out.ChallengeName)
		assert.Equal(t, "SESSION-LEAK-0123456789", out.Session)
		assert.Equal(t, []types.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", ""}, out.AvailableChallenges)
		assert.Equal(t, map[string]string{"SALT": "SALTLEAK", "SRP_B": "SRPBLEAK", "SECRET_BLOCK": "BLOCKLEAK", "USER_ID_FOR_SRP": "1234-abcd", "USERNAME": "1234-abcd", "NULL": ""}, out.ChallengeParameters)
	})
	t.Run("RespondToAuthChallenge and its admin form decode the same members", func(t *testing.T) {
		s := newScriptedServer(t, reply{Status: 200, Body: challengeBody})
		c := newTestClient(s)
		out, err := c.RespondToAuthChallenge(context.Background(), &RespondToAuthChallengeInput{ChallengeName: "X", ClientId: "c"})
		require.NoError(t, err)
		assert.Equal(t, types.ChallengeNameTypePasswordVerifier, out.ChallengeName)
		assert.Equal(t, "SRPBLEAK", out.ChallengeParameters["SRP_B"])
		aout, err := c.AdminRespondToAuthChallenge(context.Background(), &AdminRespondToAuthChallengeInput{UserPoolId: "us-east-1_A1", ChallengeName: "X", ClientId: "c"})
		require.NoError(t, err)
		assert.Equal(t, out.ChallengeParameters, aout.ChallengeParameters)
		assert.Equal(t, out.Session, aout.Session)
	})
	t.Run("a sign-in output of the wrong shape is an error, never a panic", func(t *testing.T) {
		for _, body := range []string{`{"AuthenticationResult":"x"}`, `{"AuthenticationResult":{"ExpiresIn":"1"}}`, `{"AuthenticationResult":{"ExpiresIn":1.5}}`,
			`{"ChallengeParameters":{"a":1}}`, `{"ChallengeParameters":[]}`, `{"AvailableChallenges":{}}`, `{"Session":7}`, `[]`, `{"ChallengeName":`} {
			s := newScriptedServer(t, reply{Status: 200, Body: body})
			_, err := newTestClient(s).InitiateAuth(context.Background(), &InitiateAuthInput{AuthFlow: "USER_SRP_AUTH", ClientId: "c"})
			var de *smithy.DeserializationError
			assert.ErrorAs(t, err, &de, "body %s", body)
			assert.ErrorIs(t, err, ErrProcessed, "body %s", body)
		}
	})
}

func TestAdminGetUserDecodesTheUser(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 200, Body: `{"Username":"alice","Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD",
		"UserAttributes":[{"Name":"sub","Value":"1234"},{"Name":"email","Value":"a@example.com"},null],
		"UserCreateDate":1.700000000123E9,"UserLastModifiedDate":1700000100,
		"MFAOptions":[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}],"PreferredMfaSetting":"SMS_MFA","UserMFASettingList":["SMS_MFA"]}`})
	out, err := newTestClient(s).AdminGetUser(context.Background(), &AdminGetUserInput{UserPoolId: "us-east-1_A1", Username: "alice"})
	require.NoError(t, err)
	assert.Equal(t, "alice", out.Username)
	assert.True(t, out.Enabled)
	assert.Equal(t, types.UserStatusTypeForceChangePassword, out.UserStatus)
	assert.Equal(t, []types.AttributeType{{Name: "sub", Value: "1234"}, {Name: "email", Value: "a@example.com"}, {}}, out.UserAttributes)
	assert.Equal(t, time.UnixMilli(1700000000123).UTC(), out.UserCreateDate)
	assert.Equal(t, time.Unix(1700000100, 0).UTC(), out.UserLastModifiedDate)
	assert.Equal(t, []types.MFAOptionType{{DeliveryMedium: types.DeliveryMediumTypeSms, AttributeName: "phone_number"}}, out.MFAOptions)
	assert.Equal(t, "SMS_MFA", out.PreferredMfaSetting)
	assert.Equal(t, []string{"SMS_MFA"}, out.UserMFASettingList)
	assert.NotContains(t, fmt.Sprint(out), "a@example.com", "attribute values are sensitive in the model")
	assert.Contains(t, fmt.Sprint(out), "FORCE_CHANGE_PASSWORD")

	for _, body := range []string{`{"Enabled":"yes"}`, `{"UserCreateDate":"2024-01-01"}`, `{"UserAttributes":{}}`, `{"UserAttributes":[1]}`, `{"MFAOptions":[{"DeliveryMedium":1}]}`, `{"UserCreateDate":1e999}`} {
		s := newScriptedServer(t, reply{Status: 200, Body: body})
		_, err := newTestClient(s).AdminGetUser(context.Background(), &AdminGetUserInput{UserPoolId: "us-east-1_A1", Username: "alice"})
		var de *smithy.DeserializationError
		assert.ErrorAs(t, err, &de, "body %s", body)
	}
}

func TestSecretHashIsFilledIntoAuthMapsFromTheRightUsername(t *testing.T) {
	ctx := context.Background()
	s := newScriptedServer(t)
	c := newTestClient(s, WithClientSecret("client1", leakSecret))
	hash := func(user string) string { return secrethash.Compute(user, "client1", leakSecret) }
	body := func() map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal(s.last(t).Body, &m))
		return m
	}
	member := func(m map[string]any, k string) map[string]any { return m[k].(map[string]any) }

	t.Run("InitiateAuth computes it from USERNAME in a copy of AuthParameters", func(t *testing.T) {
		params := map[string]string{"USERNAME": "alice@example.com", "PASSWORD": "pw"}
		_, err := c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: "client1", AuthParameters: params})
		require.NoError(t, err)
		assert.Equal(t, hash("alice@example.com"), member(body(), "AuthParameters")["SECRET_HASH"])
		assert.Equal(t, map[string]string{"USERNAME": "alice@example.com", "PASSWORD": "pw"}, params, "the caller's map is not modified")
	})
	t.Run("RespondToAuthChallenge computes it from the USERNAME of the answer (the internal username)", func(t *testing.T) {
		responses := map[string]string{"USERNAME": "1234-abcd", "NEW_PASSWORD": "pw"}
		_, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: "client1", ChallengeResponses: responses})
		require.NoError(t, err)
		assert.Equal(t, hash("1234-abcd"), member(body(), "ChallengeResponses")["SECRET_HASH"])
		assert.NotContains(t, responses, "SECRET_HASH")
	})
	t.Run("the admin forms compute it too", func(t *testing.T) {
		_, err := c.AdminInitiateAuth(ctx, &AdminInitiateAuthInput{UserPoolId: "us-east-1_A1", AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, ClientId: "client1", AuthParameters: map[string]string{"USERNAME": "bob"}})
		require.NoError(t, err)
		assert.Equal(t, hash("bob"), member(body(), "AuthParameters")["SECRET_HASH"])
		_, err = c.AdminRespondToAuthChallenge(ctx, &AdminRespondToAuthChallengeInput{UserPoolId: "us-east-1_A1", ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: "client1", ChallengeResponses: map[string]string{"USERNAME": "bob"}})
		require.NoError(t, err)
		assert.Equal(t, hash("bob"), member(body(), "ChallengeResponses")["SECRET_HASH"])
	})
	t.Run("an explicit SECRET_HASH wins", func(t *testing.T) {
		_, err := c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client1", AuthParameters: map[string]string{"USERNAME": "a", "SECRET_HASH": "explicit="}})
		require.NoError(t, err)
		assert.Equal(t, "explicit=", member(body(), "AuthParameters")["SECRET_HASH"])
	})
	t.Run("no USERNAME, another client or no map: nothing is added", func(t *testing.T) {
		_, err := c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: "client1", AuthParameters: map[string]string{"REFRESH_TOKEN": "r"}})
		require.NoError(t, err)
		assert.NotContains(t, member(body(), "AuthParameters"), "SECRET_HASH")
		_, err = c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client2", AuthParameters: map[string]string{"USERNAME": "a"}})
		require.NoError(t, err)
		assert.NotContains(t, member(body(), "AuthParameters"), "SECRET_HASH")
		_, err = c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{ChallengeName: "X", ClientId: "client1"})
		require.NoError(t, err)
		assert.NotContains(t, body(), "ChallengeResponses")
	})
	t.Run("Options.ClientID fills an empty ClientId, and its secret is used", func(t *testing.T) {
		c := newTestClient(s, func(o *Options) { o.ClientID = "client1" }, WithClientSecret("client1", leakSecret))
		_, err := c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: map[string]string{"USERNAME": "a"}})
		require.NoError(t, err)
		assert.Equal(t, "client1", body()["ClientId"])
		assert.Equal(t, hash("a"), member(body(), "AuthParameters")["SECRET_HASH"])
	})
}

func TestSignInInputsAreValidatedBeforeSending(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		call   func(*Client) error
		fields []string
	}{
		{"InitiateAuth with nothing set", func(c *Client) error {
			_, err := c.InitiateAuth(ctx, &InitiateAuthInput{})
			return err
		}, []string{"AuthFlow", "ClientId"}},
		{"InitiateAuth with a short session and an oversized parameter", func(c *Client) error {
			_, err := c.InitiateAuth(ctx, &InitiateAuthInput{AuthFlow: "USER_AUTH", ClientId: "c", Session: "short", AuthParameters: map[string]string{"PASSWORD": strings.Repeat("p", 131073)}})
			return err
		}, []string{"Session", "AuthParameters"}},
		{"RespondToAuthChallenge with nothing set", func(c *Client) error {
			_, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{})
			return err
		}, []string{"ChallengeName", "ClientId"}},
		{"RespondToAuthChallenge with a session over 2048 characters", func(c *Client) error {
			_, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{ChallengeName: "X", ClientId: "c", Session: strings.Repeat("s", 2049)})
			return err
		}, []string{"Session"}},
		{"AdminInitiateAuth with nothing set", func(c *Client) error {
			_, err := c.AdminInitiateAuth(ctx, &AdminInitiateAuthInput{})
			return err
		}, []string{"UserPoolId", "ClientId", "AuthFlow"}},
		{"AdminInitiateAuth with an incomplete ContextData", func(c *Client) error {
			_, err := c.AdminInitiateAuth(ctx, &AdminInitiateAuthInput{UserPoolId: "us-east-1_A1", ClientId: "c", AuthFlow: "ADMIN_USER_PASSWORD_AUTH", ContextData: &types.ContextDataType{EncodedData: "x"}})
			return err
		}, []string{"ContextData.IpAddress", "ContextData.ServerName", "ContextData.ServerPath", "ContextData.HttpHeaders"}},
		{"AdminRespondToAuthChallenge with nothing set", func(c *Client) error {
			_, err := c.AdminRespondToAuthChallenge(ctx, &AdminRespondToAuthChallengeInput{})
			return err
		}, []string{"UserPoolId", "ClientId", "ChallengeName"}},
		{"AdminGetUser with a malformed pool id and username", func(c *Client) error {
			_, err := c.AdminGetUser(ctx, &AdminGetUserInput{UserPoolId: "nopool", Username: "a b"})
			return err
		}, []string{"UserPoolId", "Username"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused before any request", func(t *testing.T) {
			s := newScriptedServer(t)
			err := tc.call(newTestClient(s))
			var invalid smithy.InvalidParamsError
			require.ErrorAs(t, err, &invalid)
			for _, f := range tc.fields {
				assert.Contains(t, err.Error(), f)
			}
			assert.Zero(t, s.count(), "no request may be sent")
			assertNoLeak(t, "the validation error", err.Error())
		})
	}
}

// leakyAuthValues are sign-in inputs and outputs whose every secret holds
// "LEAK".
func leakyAuthValues() []any {
	result := &types.AuthenticationResultType{AccessToken: "ACCESS.LEAK", IdToken: "ID.LEAK", RefreshToken: "REFRESH.LEAK", ExpiresIn: 3600, TokenType: "Bearer",
		NewDeviceMetadata: &types.NewDeviceMetadataType{DeviceKey: "DK-LEAK", DeviceGroupKey: "DGK-LEAK"}}
	params := map[string]string{"SRP_B": "SRPB-LEAK", "SALT": "SALT-LEAK", "SECRET_BLOCK": "BLOCK-LEAK", "USER_ID_FOR_SRP": "1234-abcd", "userAttributes": `{"email":"LEAK@example.com"}`, "UNKNOWN_KEY": "UNKNOWN-LEAK"}
	auth := map[string]string{"USERNAME": "alice", "PASSWORD": "PW-LEAK", "SRP_A": "SRPA-LEAK", "SECRET_HASH": "HASH-LEAK", "NEW_PASSWORD": "NEW-LEAK",
		"PASSWORD_CLAIM_SIGNATURE": "SIG-LEAK", "PASSWORD_CLAIM_SECRET_BLOCK": "BLOCK-LEAK", "REFRESH_TOKEN": "REFRESH-LEAK", "SOFTWARE_TOKEN_MFA_CODE": "MFA-LEAK", "NEW_UNKNOWN": "LEAK"}
	ctxData := &types.ContextDataType{IpAddress: "IP-LEAK", ServerName: "SN-LEAK", ServerPath: "SP-LEAK", EncodedData: "ENC-LEAK", HttpHeaders: []types.HttpHeader{{HeaderName: "Cookie", HeaderValue: "LEAK"}}}
	session := "SESSION-LEAK-0123456789"
	return []any{
		InitiateAuthInput{AuthFlow: "USER_SRP_AUTH", ClientId: "c", AuthParameters: auth, Session: session, UserContextData: &types.UserContextDataType{IpAddress: "IP-LEAK"}},
		RespondToAuthChallengeInput{ChallengeName: "PASSWORD_VERIFIER", ClientId: "c", ChallengeResponses: auth, Session: session},
		AdminInitiateAuthInput{UserPoolId: "us-east-1_A1", AuthFlow: "ADMIN_USER_PASSWORD_AUTH", ClientId: "c", AuthParameters: auth, ContextData: ctxData, Session: session},
		AdminRespondToAuthChallengeInput{UserPoolId: "us-east-1_A1", ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: "c", ChallengeResponses: auth, ContextData: ctxData, Session: session},
		InitiateAuthOutput{AuthenticationResult: result, ChallengeParameters: params, Session: session},
		RespondToAuthChallengeOutput{AuthenticationResult: result, ChallengeParameters: params, Session: session},
		AdminInitiateAuthOutput{AuthenticationResult: result, ChallengeParameters: params, Session: session},
		AdminRespondToAuthChallengeOutput{AuthenticationResult: result, ChallengeParameters: params, Session: session},
		*result,
		*ctxData,
		types.AttributeType{Name: "email", Value: "LEAK@example.com"},
		AdminGetUserOutput{Username: "alice", UserAttributes: []types.AttributeType{{Name: "email", Value: "LEAK@example.com"}}},
	}
}

func TestSignInSecretsNeverAppearInFmtSlogOrJSON(t *testing.T) {
	for _, v := range leakyAuthValues() {
		t.Run(fmt.Sprintf("%T prints no secret", v), func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				assertNoLeak(t, fmt.Sprintf("%s of %T", verb, v), fmt.Sprintf(verb, v))
				assertNoLeak(t, fmt.Sprintf("%s of *%T", verb, v), fmt.Sprintf(verb, &v))
			}
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("call", "v", v)
			slog.New(slog.NewTextHandler(&buf, nil)).Info("call", "v", v)
			assertNoLeak(t, fmt.Sprintf("slog of %T", v), buf.String())
			if _, ok := v.(json.Marshaler); ok {
				data, err := json.Marshal(v)
				require.NoError(t, err)
				assert.True(t, json.Valid(data))
				assertNoLeak(t, fmt.Sprintf("JSON of %T", v), string(data))
			}
		})
	}
	in := InitiateAuthInput{AuthFlow: "USER_SRP_AUTH", ClientId: "c", AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "PW-LEAK"}}
	assert.Contains(t, fmt.Sprint(in), "USERNAME:alice", "the username stays visible")
	assert.Contains(t, fmt.Sprint(in), "PASSWORD:[redacted]")
	data, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"AuthFlow":"USER_SRP_AUTH","ClientId":"c","AuthParameters":{"PASSWORD":"[redacted]","USERNAME":"alice"}}`, string(data))
}

func TestSignInSecretsNeverAppearInLogsOrErrors(t *testing.T) {
	modes := []aws.ClientLogMode{aws.LogRequestWithBody, aws.LogResponseWithBody, aws.LogRequestWithBody | aws.LogResponseWithBody | aws.LogRetries | aws.LogSigning}
	bodies := []string{
		strings.ReplaceAll(tokensBody, `"ChallengeParameters":{}`, `"ChallengeParameters":{"SRP_B":"LEAK"},"Session":"SESSION-LEAK-0123456789"`),
		`{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"SESSION-LEAK-0123456789","ChallengeParameters":{"userAttributes":"{\"email\":\"LEAK@example.com\"}","requiredAttributes":"[]","USER_ID_FOR_SRP":"1234"}}`,
		`{"AuthenticationResult":{"AccessToken":"LEAK"`, // cut short: a DeserializationError
		`{"Username":"alice","UserAttributes":[{"Name":"email","Value":"LEAK@example.com"}],"UserStatus":"CONFIRMED"}`,
	}
	auth := map[string]string{"USERNAME": "alice", "PASSWORD": "PW-LEAK", "SRP_A": "SRPA-LEAK", "SECRET_HASH": "HASH-LEAK", "UNKNOWN": "LEAK"}
	for _, mode := range modes {
		for i, body := range bodies {
			t.Run(fmt.Sprintf("log mode %d with response %d", mode, i), func(t *testing.T) {
				s := newScriptedServer(t, reply{Status: 200, Body: body})
				rec := &logRecorder{}
				c := newTestClient(s, func(o *Options) { o.Logger = rec; o.ClientLogMode = mode }, WithClientSecret("c", leakSecret))
				var errs []error
				collect := func(_ any, err error) { errs = append(errs, err) }
				collect(c.InitiateAuth(context.Background(), &InitiateAuthInput{AuthFlow: "USER_SRP_AUTH", ClientId: "c", AuthParameters: auth}))
				collect(c.RespondToAuthChallenge(context.Background(), &RespondToAuthChallengeInput{ChallengeName: "PASSWORD_VERIFIER", ClientId: "c", ChallengeResponses: auth, Session: "SESSION-LEAK-0123456789"}))
				collect(c.AdminInitiateAuth(context.Background(), &AdminInitiateAuthInput{UserPoolId: "us-east-1_A1", AuthFlow: "ADMIN_USER_PASSWORD_AUTH", ClientId: "c", AuthParameters: auth}))
				collect(c.AdminRespondToAuthChallenge(context.Background(), &AdminRespondToAuthChallengeInput{UserPoolId: "us-east-1_A1", ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: "c", ChallengeResponses: auth}))
				collect(c.AdminGetUser(context.Background(), &AdminGetUserInput{UserPoolId: "us-east-1_A1", Username: "alice"}))
				out := rec.buf.String()
				assertNoLeak(t, "the log", out)
				if mode&aws.LogRequestWithBody != 0 {
					assert.Contains(t, out, `"PASSWORD":"[redacted]"`)
					assert.Contains(t, out, `"USERNAME":"alice"`, "the username stays visible")
				}
				if mode&aws.LogResponseWithBody != 0 && i != 2 {
					assert.Contains(t, out, `[redacted]`)
				}
				for _, err := range errs {
					if err == nil {
						continue
					}
					assertNoLeak(t, "the error", err.Error())
					assertNoLeak(t, "the error with %+v", fmt.Sprintf("%+v", err))
					var de *smithy.DeserializationError
					if errors.As(err, &de) {
						assertNoLeak(t, "the error's snapshot", string(de.Snapshot))
					}
				}
			})
		}
	}
	t.Run("RedactUsername hides USERNAME and USER_ID_FOR_SRP in the logs", func(t *testing.T) {
		s := newScriptedServer(t, reply{Status: 200, Body: `{"ChallengeParameters":{"USERNAME":"alice-private","USER_ID_FOR_SRP":"alice-private"}}`})
		rec := &logRecorder{}
		c := newTestClient(s, func(o *Options) {
			o.Logger = rec
			o.ClientLogMode = aws.LogRequestWithBody | aws.LogResponseWithBody
			o.RedactUsername = true
		})
		_, err := c.InitiateAuth(context.Background(), &InitiateAuthInput{AuthFlow: "USER_SRP_AUTH", ClientId: "c", AuthParameters: map[string]string{"USERNAME": "alice-private"}})
		require.NoError(t, err)
		assert.NotContains(t, rec.buf.String(), "alice-private")
		assert.Contains(t, string(s.last(t).Body), "alice-private", "the request itself is unchanged")
	})
}
