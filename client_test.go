package cognitopassword

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/types"
)

// opCase is one operation called with a full input.
type opCase struct {
	name   string
	signed bool
	call   func(ctx context.Context, c *Client) error
	body   string
}

func fullOperationCases() []opCase {
	return append([]opCase{
		{
			name: "AdminResetUserPassword", signed: true,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AdminResetUserPassword(ctx, &AdminResetUserPasswordInput{
					UserPoolId: "us-east-1_AbC123", Username: "alice", ClientMetadata: map[string]string{"k": "v", "é": "ü"},
				})
				return err
			},
			body: `{"UserPoolId":"us-east-1_AbC123","Username":"alice","ClientMetadata":{"k":"v","é":"ü"}}`,
		},
		{
			name: "AdminSetUserPassword", signed: true,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{
					UserPoolId: "us-east-1_AbC123", Username: "alice", Password: `P@ss<w>&"rd\`, Permanent: true,
				})
				return err
			},
			body: `{"UserPoolId":"us-east-1_AbC123","Username":"alice","Password":"P@ss<w>&\"rd\\","Permanent":true}`,
		},
		{
			name: "ConfirmForgotPassword",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{
					ClientId: "client1", Username: "Jürgen", ConfirmationCode: "123456", Password: "N3w-Passw0rd!",
					SecretHash: "c2VjcmV0aGFzaA==", AnalyticsMetadata: &types.AnalyticsMetadataType{AnalyticsEndpointId: "ep"},
					UserContextData: &types.UserContextDataType{IpAddress: "192.0.2.1", EncodedData: "enc"},
					ClientMetadata:  map[string]string{"a": "1"},
				})
				return err
			},
			body: `{"ClientId":"client1","Username":"Jürgen","ConfirmationCode":"123456","Password":"N3w-Passw0rd!","SecretHash":"c2VjcmV0aGFzaA==","AnalyticsMetadata":{"AnalyticsEndpointId":"ep"},"UserContextData":{"IpAddress":"192.0.2.1","EncodedData":"enc"},"ClientMetadata":{"a":"1"}}`,
		},
		{
			name: "ResendConfirmationCode",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ResendConfirmationCode(ctx, &ResendConfirmationCodeInput{
					ClientId: "client1", Username: "bob", AnalyticsMetadata: &types.AnalyticsMetadataType{},
				})
				return err
			},
			body: `{"ClientId":"client1","Username":"bob","AnalyticsMetadata":{}}`,
		},
		{
			name: "ForgotPassword",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "client1", Username: "用户名", ClientMetadata: map[string]string{}})
				return err
			},
			body: `{"ClientId":"client1","Username":"用户名","ClientMetadata":{}}`,
		},
		{
			name: "ChangePassword",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ChangePassword(ctx, &ChangePasswordInput{AccessToken: "eyJ.abc-_=", PreviousPassword: "old", ProposedPassword: "new"})
				return err
			},
			body: `{"AccessToken":"eyJ.abc-_=","PreviousPassword":"old","ProposedPassword":"new"}`,
		},
	}, authOperationCases()...)
}

func TestEveryOperationSendsTheWireRequestCognitoExpects(t *testing.T) {
	for _, tc := range fullOperationCases() {
		t.Run(tc.name+" is posted to the base path with its target and body", func(t *testing.T) {
			s := newScriptedServer(t)
			c := newTestClient(s)
			require.NoError(t, tc.call(context.Background(), c))
			req := s.last(t)
			assert.Equal(t, http.MethodPost, req.Method)
			assert.Equal(t, basePath, req.Path, "the endpoint path is kept as given, as the official client does")
			assert.Equal(t, "application/x-amz-json-1.1", req.Header.Get("Content-Type"))
			assert.Equal(t, "AWSCognitoIdentityProviderService."+tc.name, req.Header.Get("X-Amz-Target"))
			assert.True(t, strings.HasPrefix(req.Header.Get("User-Agent"), "cognitopassword/"+Version+" "), req.Header.Get("User-Agent"))
			assert.Len(t, req.Header.Get("Amz-Sdk-Invocation-Id"), 36)
			assert.Equal(t, "attempt=1; max=3", req.Header.Get("Amz-Sdk-Request"))
			jsonEqual(t, tc.body, req.Body)
			if tc.signed {
				assertValidSignature(t, req, s.URL)
			} else {
				assert.Empty(t, req.Header.Get("Authorization"), "unsigned operations carry no Authorization")
				assert.Empty(t, req.Header.Get("X-Amz-Security-Token"))
				assert.Empty(t, req.Header.Get("X-Amz-Date"))
			}
		})
	}
}

// assertValidSignature recomputes the SigV4 signature of a received request
// from the headers it signed, its date and its body, as the service does.
func assertValidSignature(t *testing.T, got recorded, serverURL string) {
	t.Helper()
	auth := got.Header.Get("Authorization")
	require.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/cognito-idp/aws4_request, SignedHeaders="), auth)
	signedHeaders := auth[strings.Index(auth, "SignedHeaders=")+len("SignedHeaders=") : strings.Index(auth, ", Signature=")]
	assert.Equal(t, "20261122T120000Z", got.Header.Get("X-Amz-Date"))
	assert.Equal(t, "session-token-secret", got.Header.Get("X-Amz-Security-Token"))

	req, err := http.NewRequest(got.Method, serverURL+got.Path, bytes.NewReader(got.Body))
	require.NoError(t, err)
	for _, h := range strings.Split(signedHeaders, ";") {
		if h == "host" {
			continue
		}
		req.Header[http.CanonicalHeaderKey(h)] = got.Header.Values(h)
	}
	req.Header.Del("Authorization")
	sum := sha256.Sum256(got.Body)
	creds, err := testCreds.Retrieve(context.Background())
	require.NoError(t, err)
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "cognito-idp", "us-east-1", signingTime))
	assert.Equal(t, req.Header.Get("Authorization"), auth, "the signature must verify")
}

func TestSignedOperationsWithoutCredentialsFailBeforeSending(t *testing.T) {
	for _, tc := range fullOperationCases() {
		if !tc.signed {
			continue
		}
		t.Run(tc.name+" fails locally", func(t *testing.T) {
			s := newScriptedServer(t)
			c := newTestClient(s, func(o *Options) { o.Credentials = nil })
			err := tc.call(context.Background(), c)
			require.ErrorIs(t, err, ErrMissingCredentials)
			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, tc.name, opErr.OperationName)
			assert.Zero(t, s.count())
		})
	}
}

func TestUnsignedOperationsNeedNoCredentials(t *testing.T) {
	for _, tc := range fullOperationCases() {
		if tc.signed {
			continue
		}
		t.Run(tc.name+" is sent unsigned without credentials", func(t *testing.T) {
			s := newScriptedServer(t)
			c := newTestClient(s, func(o *Options) { o.Credentials = nil })
			require.NoError(t, tc.call(context.Background(), c))
			assert.Empty(t, s.last(t).Header.Get("Authorization"))
		})
	}
}

func TestSignatureIsFreshOnEveryAttempt(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"TooManyRequestsException","message":"slow down"}`}, reply{Status: 200, Body: `{}`})
	tick := signingTime
	c := newTestClient(s, func(o *Options) {
		o.now = func() time.Time { tick = tick.Add(time.Second); return tick }
	})
	c = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
	_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"})
	require.NoError(t, err)
	require.Equal(t, 2, s.count())
	s.mu.Lock()
	first, second := s.requests[0], s.requests[1]
	s.mu.Unlock()
	assert.NotEqual(t, first.Header.Get("X-Amz-Date"), second.Header.Get("X-Amz-Date"))
	assert.NotEqual(t, first.Header.Get("Authorization"), second.Header.Get("Authorization"))
	assert.Equal(t, first.Header.Get("Amz-Sdk-Invocation-Id"), second.Header.Get("Amz-Sdk-Invocation-Id"), "the invocation id stays the same across retries")
	assert.Equal(t, "attempt=2; max=3", second.Header.Get("Amz-Sdk-Request"))
}

func TestAppIDIsInTheUserAgent(t *testing.T) {
	s := newScriptedServer(t)
	c := newTestClient(s, func(o *Options) { o.AppID = "billing-svc" })
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Contains(t, s.last(t).Header.Get("User-Agent"), " app/billing-svc")
}

func TestForgotPasswordDecodesCodeDeliveryDetailsAndRequestID(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 200, Body: `{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email","Extra":[1,{"x":null}]},"Unknown":{"deep":[true]}}`})
	c := newTestClient(s)
	out, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	require.NotNil(t, out.CodeDeliveryDetails)
	assert.Equal(t, types.CodeDeliveryDetailsType{Destination: "a***@e***", DeliveryMedium: types.DeliveryMediumTypeEmail, AttributeName: "email"}, *out.CodeDeliveryDetails)
	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	assert.True(t, ok)
	assert.Equal(t, "req-0001", id)
}

func TestNilInputIsAnInvalidParamsError(t *testing.T) {
	s := newScriptedServer(t)
	c := newTestClient(s)
	_, err := c.ForgotPassword(context.Background(), nil)
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid)
	assert.Zero(t, s.count())
}

func TestPerCallOptionsApplyToThatCallOnly(t *testing.T) {
	s := newScriptedServer(t)
	other := newScriptedServer(t)
	c := newTestClient(s)
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"}, WithBaseEndpoint(other.URL+"/other"), func(o *Options) { o.HTTPClient = other.Client() })
	require.NoError(t, err)
	assert.Equal(t, "/other", other.last(t).Path)
	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, 1, s.count())
	assert.Equal(t, 1, other.count())
}

func TestClientOptionsReturnsACopy(t *testing.T) {
	s := newScriptedServer(t)
	c := newTestClient(s)
	o := c.Options()
	o.Region = "eu-west-1"
	assert.Equal(t, "us-east-1", c.Options().Region)
	assert.NotNil(t, c.Options().Retryer, "the resolved default retryer is visible")
}

func TestContextCancellationStopsTheCall(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 200, Body: `{}`, Delay: 400 * time.Millisecond})
	c := newTestClient(s)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), time.Second)
}
