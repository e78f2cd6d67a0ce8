package cognitopassword

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/jsontest"
	"github.com/cognitokit/cognitopassword/internal/validate"
	"github.com/cognitokit/cognitopassword/types"
)

// fuzzBodies are response bodies that reach the decoders' corners; the
// committed corpus under testdata/fuzz holds more.
var fuzzBodies = []string{
	``, `null`, `{}`, `[]`, `"x"`, `5`, `<html>`, `{"__type":"`,
	`{"__type":"CodeMismatchException","message":"m"}`,
	`{"__type":"com.amazonaws.cognito#InvalidParameterException:http://x","message":"m","reasonCode":"RC"}`,
	`{"__type":"InvalidParameterException","reasonCode":5}`,
	`{"code":"TooManyRequestsException","Message":"slow down"}`,
	`{"__type":null,"message":{},"code":[1]}`,
	`{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`,
	`{"CodeDeliveryDetails":null}`, `{"CodeDeliveryDetails":{"Destination":5}}`,
	`{"CodeDeliveryDetails":{"Destination":5},"CodeDeliveryDetails":{"Destination":"b"}}`,
	`{"CodeDeliveryDetails":{"Destination":"a","Destination":null}}`, `{"codedeliverydetails":{}}`,
	"{\"CodeDeliveryDetails\":{\"Destination\":\"\xff\\ud800\"}}",
	`{"CodeDeliveryDetails":` + strings.Repeat(`[`, 70) + strings.Repeat(`]`, 70) + `}`,
}

// officialDelivery reads CodeDeliveryDetails the way the official client
// does, with encoding/json: the first value of the body, decoded into maps
// (exact member names, the last duplicate winning, null meaning absent).
// ok is false where that client fails.
func officialDelivery(data []byte) (d *types.CodeDeliveryDetailsType, ok bool, deep bool) {
	var top json.RawMessage
	switch err := json.NewDecoder(bytes.NewReader(data)).Decode(&top); {
	case err == io.EOF:
		return nil, true, false
	case err != nil:
		return nil, false, false
	}
	deep = jsontest.Nesting(top) > awsjson.MaxDepth
	var body map[string]json.RawMessage
	if err := json.Unmarshal(top, &body); err != nil {
		return nil, false, deep
	}
	raw, found := body["CodeDeliveryDetails"]
	if !found || string(raw) == "null" {
		return nil, true, deep
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return nil, false, deep
	}
	d = &types.CodeDeliveryDetailsType{}
	var medium string
	for name, dst := range map[string]*string{"Destination": &d.Destination, "AttributeName": &d.AttributeName, "DeliveryMedium": &medium} {
		v, found := members[name]
		if !found || string(v) == "null" {
			continue
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return nil, false, deep
		}
	}
	d.DeliveryMedium = types.DeliveryMediumType(medium)
	return d, true, deep
}

// FuzzDecodeDelivery checks that the output decoder of ForgotPassword and
// ResendConfirmationCode never panics and reads every body as the official
// client's encoding/json passes do, except that nesting deeper than
// awsjson.MaxDepth is refused.
func FuzzDecodeDelivery(f *testing.F) {
	for _, b := range fuzzBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got *types.CodeDeliveryDetailsType
		err := decodeDelivery(data, &got)
		want, ok, deep := officialDelivery(data)
		if deep {
			require.Error(t, err, "nesting deeper than %d is refused", awsjson.MaxDepth)
			return
		}
		require.Equal(t, ok, err == nil, "body %q: %v", data, err)
		if ok {
			require.Equal(t, want, got)
		}
		var out ResendConfirmationCodeOutput
		require.Equal(t, err == nil, out.decode(data) == nil)

		var top json.RawMessage
		jerr := json.NewDecoder(bytes.NewReader(data)).Decode(&top)
		k := awsjson.KindOf(top)
		wantEmpty := jerr == io.EOF || jerr == nil && (k == awsjson.KindNull || k == awsjson.KindObject)
		require.Equal(t, wantEmpty, decodeEmpty(data) == nil, "outputs without members accept null and every well-formed object: %q", data)
	})
}

// FuzzDecodeError checks that the error decoder never panics and turns
// every error response into a modelled exception, a *smithy.GenericAPIError
// or a *smithy.DeserializationError, and that a code naming a modelled
// exception always gives its type.
func FuzzDecodeError(f *testing.F) {
	for i, b := range fuzzBodies {
		f.Add(uint16(400+i), "", []byte(b))
	}
	f.Add(uint16(500), "InternalErrorException:http://internal.amazon.com/", []byte(`{"message":"m"}`))
	f.Add(uint16(429), "aws.protocoltests#TooManyRequestsException", []byte(``))
	f.Add(uint16(400), ":", []byte(`{}`))
	f.Fuzz(func(t *testing.T, status uint16, errorType string, data []byte) {
		resp := &http.Response{StatusCode: 400 + int(status%200), Header: http.Header{}}
		if errorType != "" {
			resp.Header.Set("X-Amzn-Errortype", errorType)
		}
		_, syntaxErr := awsjson.Top(data)
		for _, op := range allOperations() {
			err := decodeError(op, resp, data)
			require.Error(t, err)
			_ = err.Error()
			var apiErr smithy.APIError
			var deser *smithy.DeserializationError
			switch {
			case errors.As(err, &deser):
				assert.False(t, errors.As(err, &apiErr))
				assert.Contains(t, deser.Error(), "HTTP "+strconv.Itoa(resp.StatusCode))
			case errors.As(err, &apiErr):
				require.Nil(t, syntaxErr, "a body that is not JSON gives a DeserializationError")
				var generic *smithy.GenericAPIError
				modelled := false
				for _, name := range op.errors {
					modelled = modelled || strings.EqualFold(name, apiErr.ErrorCode())
				}
				assert.Equal(t, modelled, !errors.As(err, &generic), "code %q", apiErr.ErrorCode())
			default:
				t.Fatalf("%s: unexpected error type %T: %v", op.name, err, err)
			}
		}
	})
}

// fuzzHTTP answers every request with 200 {} and keeps the last body, so
// that validation can be fuzzed end to end without a network.
type fuzzHTTP struct {
	mu   sync.Mutex
	body []byte
	n    int
}

func (h *fuzzHTTP) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	h.body, h.n = body, h.n+1
	h.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
}

func (h *fuzzHTTP) last() ([]byte, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.body, h.n
}

// fuzzInputs builds an input of every operation from fuzzed strings.
func fuzzInputs(pool, user, password, clientID, code, hash, token, key, value string) []func(ctx context.Context, c *Client) error {
	md := map[string]string{key: value}
	return []func(ctx context.Context, c *Client) error{
		func(ctx context.Context, c *Client) error {
			_, err := c.AdminResetUserPassword(ctx, &AdminResetUserPasswordInput{UserPoolId: pool, Username: user, ClientMetadata: md})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{UserPoolId: pool, Username: user, Password: password})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{ClientId: clientID, Username: user, ConfirmationCode: code, Password: password, SecretHash: hash, ClientMetadata: md})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.ResendConfirmationCode(ctx, &ResendConfirmationCodeInput{ClientId: clientID, Username: user, SecretHash: hash, ClientMetadata: md})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: clientID, Username: user, SecretHash: hash, ClientMetadata: md})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.ChangePassword(ctx, &ChangePasswordInput{AccessToken: token, PreviousPassword: password, ProposedPassword: password})
			return err
		},
	}
}

// validationVocabulary is every validation message the operations can
// give, gathered from inputs that break every rule: the words an error may
// contain. A fuzzed value that is part of it may appear in an error without
// having been echoed.
var validationVocabulary = sync.OnceValue(func() string {
	var b strings.Builder
	for _, p := range []string{validate.UserPoolIDPattern, validate.UsernamePattern, validate.NonSpacePattern, validate.ClientIDPattern, validate.SecretHashPattern, validate.AccessTokenPattern} {
		b.WriteString(p + "\n")
	}
	c := New(Options{Region: "us-east-1", BaseEndpoint: "http://127.0.0.1:9", Credentials: testCreds, HTTPClient: &fuzzHTTP{}})
	long := strings.Repeat("\x00", 200000)
	for _, v := range []string{"", "\x00", long} {
		for _, call := range fuzzInputs(v, v, v, v, v, v, v, v, v) {
			if err := call(context.Background(), c); err != nil {
				b.WriteString(err.Error() + "\n")
			}
		}
	}
	return b.String()
})

// jsonString is what encoding/json makes of s on a round trip: invalid
// UTF-8 becomes U+FFFD, byte by byte.
func jsonString(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var out string
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// FuzzValidateInputs builds the input of every operation from fuzzed
// strings and calls it against an in-memory transport. Validation must never
// panic; a refused input gives a *smithy.InvalidParamsError that names no
// value and sends nothing; an accepted one is sent as JSON that encoding/json
// reads back to the same strings.
func FuzzValidateInputs(f *testing.F) {
	f.Add("us-east-1_AbC123", "alice", "N3w-Passw0rd!", "client1", "123456", "c2VjcmV0aGFzaA==", "eyJ.abc-_=", "k", "v")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add("no-underscore", "a b", "has space", "bad-id!", "12 34", "hash!", "tok/+", "\xff", "\xfe")
	f.Add("us-east-1_"+strings.Repeat("a", 50), strings.Repeat("ü", 129), strings.Repeat("p", 257), strings.Repeat("c", 129), strings.Repeat("9", 2049), strings.Repeat("h", 129), "t", "", "")
	f.Add("eu-west-1_X", "Jürgen\u200d", "pass\u00a0word", "c+_", "\u3000", "a/b=", "..--__==", "é", "\u2028")
	f.Fuzz(func(t *testing.T, pool, user, password, clientID, code, hash, token, key, value string) {
		h := &fuzzHTTP{}
		c := New(Options{Region: "us-east-1", BaseEndpoint: "http://127.0.0.1:9", Credentials: testCreds, HTTPClient: h})
		values := []string{pool, user, password, clientID, code, hash, token, key, value}
		for i, call := range fuzzInputs(pool, user, password, clientID, code, hash, token, key, value) {
			_, before := h.last()
			err := call(context.Background(), c)
			body, after := h.last()
			if err != nil {
				var invalid smithy.InvalidParamsError
				require.ErrorAs(t, err, &invalid, "only validation can fail here: %v", err)
				require.Equal(t, before, after, "a refused input is not sent")
				msg := err.Error()
				for _, v := range values {
					if len(v) >= 4 && !strings.Contains(validationVocabulary(), v) {
						require.NotContains(t, msg, v, "the error of call %d echoes a value", i)
					}
				}
				continue
			}
			require.Equal(t, before+1, after, "an accepted input is sent once")
			var sent map[string]any
			require.NoError(t, json.Unmarshal(body, &sent), "the body is JSON: %q", body)
			for name, v := range map[string]string{"UserPoolId": pool, "Username": user, "Password": password, "ClientId": clientID,
				"ConfirmationCode": code, "SecretHash": hash, "AccessToken": token, "ProposedPassword": password} {
				if got, ok := sent[name]; ok {
					require.Equal(t, jsonString(t, v), got, "member %s", name)
				}
			}
			if md, ok := sent["ClientMetadata"].(map[string]any); ok {
				require.Equal(t, map[string]any{jsonString(t, key): jsonString(t, value)}, md)
			}
		}
	})
}
