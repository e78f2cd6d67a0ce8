package cognitopassword

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

// hostRecorder is an HTTPClient that records the request host and answers
// {} without any network I/O.
type hostRecorder struct {
	mu    sync.Mutex
	hosts []string
}

func (h *hostRecorder) Do(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.hosts = append(h.hosts, req.URL.Scheme+"://"+req.URL.Host+req.URL.Path)
	h.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

func TestEndpointsPerPartitionAndFlag(t *testing.T) {
	cases := []struct {
		region, base    string
		fips, dualStack bool
		want            string
		wantErr         string
	}{
		{region: "eu-west-1", want: "https://cognito-idp.eu-west-1.amazonaws.com/"},
		{region: "eu-west-1", dualStack: true, want: "https://cognito-idp.eu-west-1.amazonaws.com/"},
		{region: "us-east-1", fips: true, want: "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{region: "us-east-1", fips: true, dualStack: true, want: "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{region: "eu-west-1", fips: true, dualStack: true, want: "https://cognito-idp-fips.eu-west-1.api.aws/"},
		{region: "cn-north-1", want: "https://cognito-idp.cn-north-1.amazonaws.com.cn/"},
		{region: "us-gov-west-1", want: "https://cognito-idp.us-gov-west-1.amazonaws.com/"},
		{region: "us-gov-west-1", dualStack: true, want: "https://cognito-idp.us-gov-west-1.api.aws/"},
		{region: "us-iso-east-1", want: "https://cognito-idp.us-iso-east-1.c2s.ic.gov/"},
		{region: "fips-us-east-1", want: "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{region: "eu-west-1", base: "https://proxy.example/prefix/", want: "https://proxy.example/prefix/"},
		{region: "eu-west-1", base: "https://proxy.example/prefix?x=1", want: "https://proxy.example/prefix"},
		{region: "", base: "http://127.0.0.1:9229", want: "http://127.0.0.1:9229/"},
		{region: "", wantErr: "missing region"},
		{region: "us-east-1/../evil", wantErr: "invalid input region"},
		{region: "evil.com@x", wantErr: "invalid input region"},
		{region: "eu-west-1", base: "https://proxy.example", fips: true, wantErr: "FIPS and custom endpoint"},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("region %q fips=%v dualstack=%v base=%q", tc.region, tc.fips, tc.dualStack, tc.base)
		t.Run(name, func(t *testing.T) {
			rec := &hostRecorder{}
			o := Options{Region: tc.region, BaseEndpoint: tc.base, HTTPClient: rec, DisableRegionCheck: true}
			if tc.fips {
				o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
			}
			if tc.dualStack {
				o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
			}
			_, err := New(o).ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Empty(t, rec.hosts)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []string{tc.want}, rec.hosts)
		})
	}
}

func TestPoolRegionMismatchFailsLocallyNamingBothRegions(t *testing.T) {
	rec := &hostRecorder{}
	c := New(Options{Region: "us-east-1", HTTPClient: rec, Credentials: testCreds})
	_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "eu-west-1_AbC123", Username: "u", Password: "p"})
	var mismatch *RegionMismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Contains(t, err.Error(), "eu-west-1")
	assert.Contains(t, err.Error(), "us-east-1")
	assert.Empty(t, rec.hosts)

	_, err = c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_AbC123", Username: "u", Password: "p"})
	require.NoError(t, err, "a matching region is sent")
	for _, region := range []string{"fips-us-east-1", "us-east-1-fips", "us-fips-east-1", "US-EAST-1"} {
		_, err = New(Options{Region: region, HTTPClient: rec, Credentials: testCreds}).
			AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_AbC123", Username: "u", Password: "p"})
		require.NoError(t, err, "region %s names the us-east-1 pools", region)
	}
	_, err = New(Options{Region: "us-east-1", BaseEndpoint: "http://127.0.0.1:9", HTTPClient: rec, Credentials: testCreds}).
		AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "eu-west-1_AbC123", Username: "u", Password: "p"})
	require.NoError(t, err, "a custom endpoint (an emulator) is not checked")
}

// Secrets used in the leak tests; each is distinctive so that a scan finds it.
const (
	leakPassword = "Pw-LEAK-1111"
	leakProposed = "Pw-LEAK-2222"
	leakPrevious = "Pw-LEAK-3333"
	leakCode     = "CODE-LEAK-4444"
	leakHash     = "HASHLEAK5555"
	leakToken    = "TOKEN.LEAK-6666"
	leakIP       = "203.0.113.77"
	leakEncoded  = "ENCODEDLEAK7777"
	leakSecret   = "CLIENTSECRETLEAK8888"
)

var leaks = []string{leakPassword, leakProposed, leakPrevious, leakCode, leakHash, leakToken, leakIP, leakEncoded, leakSecret, "LEAK"}

func assertNoLeak(t *testing.T, what, s string) {
	t.Helper()
	for _, l := range leaks {
		assert.NotContains(t, s, l, "%s leaks a secret", what)
	}
}

func TestValidationRejectsBadInputWithoutSending(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name   string
		call   func(*Client) error
		fields []string
	}{
		{"AdminSetUserPassword with nothing set", func(c *Client) error {
			_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{})
			return err
		}, []string{"UserPoolId", "Username", "Password"}},
		{"AdminSetUserPassword with a malformed pool id and a spaced password", func(c *Client) error {
			_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "no-underscore", Username: "u", Password: "has " + leakPassword})
			return err
		}, []string{"UserPoolId", "Password"}},
		{"AdminSetUserPassword with a too-long pool id and password", func(c *Client) error {
			_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_" + long(50), Username: "u", Password: long(257)})
			return err
		}, []string{"UserPoolId", "Password"}},
		{"AdminResetUserPassword with a username with a space and a 129-char pool", func(c *Client) error {
			_, err := c.AdminResetUserPassword(context.Background(), &AdminResetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "a b"})
			return err
		}, []string{"Username"}},
		{"AdminResetUserPassword with oversized client metadata", func(c *Client) error {
			_, err := c.AdminResetUserPassword(context.Background(), &AdminResetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", ClientMetadata: map[string]string{"k": long(131073)}})
			return err
		}, []string{"ClientMetadata"}},
		{"ConfirmForgotPassword with a bad client id, code and hash", func(c *Client) error {
			_, err := c.ConfirmForgotPassword(context.Background(), &ConfirmForgotPasswordInput{ClientId: "bad-id!", Username: long(129), ConfirmationCode: leakCode + " x", Password: leakPassword, SecretHash: leakHash + "!"})
			return err
		}, []string{"ClientId", "Username", "ConfirmationCode", "SecretHash"}},
		{"ForgotPassword without a client id or username", func(c *Client) error {
			_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{})
			return err
		}, []string{"ClientId", "Username"}},
		{"ResendConfirmationCode with a control character in the username", func(c *Client) error {
			_, err := c.ResendConfirmationCode(context.Background(), &ResendConfirmationCodeInput{ClientId: "c", Username: "a\x00b"})
			return err
		}, []string{"Username"}},
		{"ChangePassword with a malformed token", func(c *Client) error {
			_, err := c.ChangePassword(context.Background(), &ChangePasswordInput{AccessToken: leakToken + "/+", PreviousPassword: leakPrevious, ProposedPassword: leakProposed + "\t"})
			return err
		}, []string{"AccessToken", "ProposedPassword"}},
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

func TestSecretHashIsComputedForRegisteredClients(t *testing.T) {
	s := newScriptedServer(t)
	c := newTestClient(s, WithClientSecret("client1", leakSecret), WithClientSecret("client2", "other-secret"))
	want := secrethash.Compute("Jürgen", "client1", leakSecret)

	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "client1", Username: "Jürgen"})
	require.NoError(t, err)
	jsonEqual(t, `{"ClientId":"client1","Username":"Jürgen","SecretHash":"`+want+`"}`, s.last(t).Body)

	in := &ConfirmForgotPasswordInput{ClientId: "client1", Username: "Jürgen", ConfirmationCode: "1", Password: "p"}
	_, err = c.ConfirmForgotPassword(context.Background(), in)
	require.NoError(t, err)
	assert.Contains(t, string(s.last(t).Body), want)
	assert.Empty(t, in.SecretHash, "the caller's input is not modified")

	_, err = c.ResendConfirmationCode(context.Background(), &ResendConfirmationCodeInput{ClientId: "client1", Username: "Jürgen", SecretHash: "explicit="})
	require.NoError(t, err)
	assert.Contains(t, string(s.last(t).Body), `"SecretHash":"explicit="`, "an explicit hash wins")

	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "client3", Username: "Jürgen"})
	require.NoError(t, err)
	assert.NotContains(t, string(s.last(t).Body), "SecretHash", "a secret of another client is never used")
}

func TestDefaultClientIDFillsAnEmptyClientID(t *testing.T) {
	s := newScriptedServer(t)
	c := newTestClient(s, func(o *Options) { o.ClientID = "client1" }, WithClientSecret("client1", leakSecret))
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{Username: "bob"})
	require.NoError(t, err)
	jsonEqual(t, `{"ClientId":"client1","Username":"bob","SecretHash":"`+secrethash.Compute("bob", "client1", leakSecret)+`"}`, s.last(t).Body)
}

func leakyInputs() []any {
	return []any{
		AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "alice", Password: leakPassword, Permanent: true},
		ConfirmForgotPasswordInput{ClientId: "c", Username: "alice", ConfirmationCode: leakCode, Password: leakPassword, SecretHash: leakHash, UserContextData: &types.UserContextDataType{IpAddress: leakIP, EncodedData: leakEncoded}},
		ForgotPasswordInput{ClientId: "c", Username: "alice", SecretHash: leakHash, UserContextData: &types.UserContextDataType{IpAddress: leakIP, EncodedData: leakEncoded}},
		ResendConfirmationCodeInput{ClientId: "c", Username: "alice", SecretHash: leakHash, UserContextData: &types.UserContextDataType{IpAddress: leakIP, EncodedData: leakEncoded}},
		ChangePasswordInput{AccessToken: leakToken, PreviousPassword: leakPrevious, ProposedPassword: leakProposed},
		types.UserContextDataType{IpAddress: leakIP, EncodedData: leakEncoded},
		Options{Region: "us-east-1", Credentials: testCreds, ClientID: "c"},
	}
}

func TestNoFmtVerbOrSlogRevealsASecret(t *testing.T) {
	opts := Options{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{SecretAccessKey: "LEAK"}, nil
	})}
	WithClientSecret("c", leakSecret)(&opts)
	values := append(leakyInputs(), opts)
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			assertNoLeak(t, fmt.Sprintf("%s of %T", verb, v), fmt.Sprintf(verb, v))
			assertNoLeak(t, fmt.Sprintf("%s of *%T", verb, v), fmt.Sprintf(verb, &v))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("call", "input", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("call", "input", v)
		assertNoLeak(t, fmt.Sprintf("slog of %T", v), buf.String())
	}
	assert.Contains(t, fmt.Sprintf("%v", AdminSetUserPasswordInput{Username: "alice"}), "alice", "the username stays visible")
}

// logRecorder is a smithy logger that keeps everything.
type logRecorder struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *logRecorder) Logf(_ logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, format+"\n", v...)
}

func TestLogsRedactSecretsUnderEveryLogMode(t *testing.T) {
	modes := []aws.ClientLogMode{aws.LogRequest, aws.LogRequestWithBody, aws.LogResponse, aws.LogResponseWithBody, aws.LogRetries, aws.LogSigning,
		aws.LogRequestWithBody | aws.LogResponseWithBody | aws.LogRetries | aws.LogSigning}
	for _, mode := range modes {
		t.Run(fmt.Sprintf("log mode %d", mode), func(t *testing.T) {
			s := newScriptedServer(t, reply{Status: 500, Body: `{"__type":"InternalErrorException","message":"x"}`}, reply{Status: 200, Body: `{}`})
			rec := &logRecorder{}
			c := newTestClient(s, func(o *Options) { o.Logger = rec; o.ClientLogMode = mode }, WithClientSecret("c", leakSecret))
			c = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
			_, _ = c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "alice", Password: leakPassword})
			_, _ = c.ConfirmForgotPassword(context.Background(), &ConfirmForgotPasswordInput{ClientId: "c", Username: "alice", ConfirmationCode: leakCode, Password: leakPassword, UserContextData: &types.UserContextDataType{IpAddress: leakIP, EncodedData: leakEncoded}})
			_, _ = c.ChangePassword(context.Background(), &ChangePasswordInput{AccessToken: leakToken, PreviousPassword: leakPrevious, ProposedPassword: leakProposed})
			out := rec.buf.String()
			assertNoLeak(t, "the log", out)
			assert.NotContains(t, out, "session-token-secret")
			if mode&aws.LogRequestWithBody != 0 {
				assert.Contains(t, out, `"Password":"[redacted]"`, "bodies are logged with members masked")
				assert.Contains(t, out, `"Username":"alice"`)
			}
		})
	}
}

func TestRedactUsernameHidesUsernamesInLogs(t *testing.T) {
	s := newScriptedServer(t)
	rec := &logRecorder{}
	c := newTestClient(s, func(o *Options) { o.Logger = rec; o.ClientLogMode = aws.LogRequestWithBody; o.RedactUsername = true })
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "alice-private"})
	require.NoError(t, err)
	assert.NotContains(t, rec.buf.String(), "alice-private")
	assert.Contains(t, string(s.last(t).Body), "alice-private", "the request itself is unchanged")
}

func TestErrorStringsNeverContainSecrets(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"CodeMismatchException","message":"Invalid verification code provided, please try again."}`})
	c := newTestClient(s, WithClientSecret("c", leakSecret))
	_, err := c.ConfirmForgotPassword(context.Background(), &ConfirmForgotPasswordInput{ClientId: "c", Username: "alice", ConfirmationCode: leakCode, Password: leakPassword})
	require.Error(t, err)
	assertNoLeak(t, "the error", err.Error())
	assertNoLeak(t, "the error with %+v", fmt.Sprintf("%+v", err))
	var cm *types.CodeMismatchException
	assert.True(t, errors.As(err, &cm))
}

func TestJSONAndNestedSlogRevealNoSecret(t *testing.T) {
	opts := Options{Region: "us-east-1", BaseEndpoint: "https://LEAKuser:LEAKpass@cognito.example", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIDLEAK", SecretAccessKey: "LEAK-secret-key"}, nil
	})}
	WithClientSecret("c", leakSecret)(&opts)
	for _, v := range append(leakyInputs(), opts, &opts) {
		b, err := json.Marshal(v)
		require.NoError(t, err, "%T", v)
		assertNoLeak(t, fmt.Sprintf("json.Marshal of %T", v), string(b))
		nested := struct {
			Input any
			List  []any
			Map   map[string]any
		}{v, []any{v, &v}, map[string]any{"k": v}}
		b, err = json.Marshal(nested)
		require.NoError(t, err)
		assertNoLeak(t, fmt.Sprintf("json.Marshal of a struct holding %T", v), string(b))
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("call", "nested", nested, "list", []any{v})
		slog.New(slog.NewTextHandler(&buf, nil)).Info("call", "nested", nested, "list", []any{v})
		assertNoLeak(t, fmt.Sprintf("slog of a struct and a slice holding %T", v), buf.String())
	}
	b, err := json.Marshal(AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "alice", Password: leakPassword, Permanent: true})
	require.NoError(t, err)
	jsonEqual(t, `{"UserPoolId":"us-east-1_A1","Username":"alice","Password":"[redacted]","Permanent":true}`, b)
}

func TestBaseEndpointUserInformationIsNeverPrinted(t *testing.T) {
	for _, endpoint := range []string{"https://LEAKuser:LEAKpass@cognito.example/prefix", "https://LEAKuser:LEAK%zz@cognito.example", "LEAKuser:LEAKpass@cognito.example"} {
		o := Options{Region: "us-east-1", BaseEndpoint: endpoint}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			assertNoLeak(t, verb+" of Options", fmt.Sprintf(verb, o))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("o", "options", o)
		assertNoLeak(t, "slog of Options", buf.String())
		rec := &hostRecorder{}
		c := New(o, func(o *Options) { o.HTTPClient = rec })
		_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
		if err != nil {
			assertNoLeak(t, "the error of a call to "+endpoint, fmt.Sprintf("%v %+v", err, err))
		}
	}
}

// walkErrors calls f for err and every error in its chain (both Unwrap
// forms).
func walkErrors(err error, f func(error)) {
	if err == nil {
		return
	}
	f(err)
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walkErrors(e, f)
		}
	case interface{ Unwrap() error }:
		walkErrors(u.Unwrap(), f)
	}
}

func TestNoErrorInTheChainPrintsTheSessionTokenOrSignature(t *testing.T) {
	for _, status := range []int{400, 500, 302} {
		t.Run(fmt.Sprintf("a %d answer to AdminSetUserPassword", status), func(t *testing.T) {
			s := newScriptedServer(t, reply{Status: status, Body: `{"__type":"InvalidPasswordException","message":"m"}`, Header: map[string]string{"Location": "http://127.0.0.1:1/x"}})
			c := newTestClient(s, func(o *Options) { o.Retryer = aws.NopRetryer{} })
			_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "alice", Password: leakPassword})
			require.Error(t, err)
			auth := s.last(t).Header.Get("Authorization")
			_, signature, ok := strings.Cut(auth, "Signature=")
			require.True(t, ok, "the request was signed")
			var re *awshttp.ResponseError
			require.ErrorAs(t, err, &re)
			require.NotNil(t, re.Response.Request, "the request is kept in the error, sanitized")
			assert.Equal(t, "[redacted]", re.Response.Request.Header.Get("X-Amz-Security-Token"))
			var printed []string
			walkErrors(err, func(e error) {
				for _, verb := range []string{"%v", "%+v", "%#v"} {
					printed = append(printed, fmt.Sprintf(verb, e))
				}
			})
			for _, v := range []any{re.Response, re.Response.Request, *re.Response.Request, re.Response.Request.Header} {
				printed = append(printed, fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v))
			}
			for _, p := range printed {
				assertNoLeak(t, "an error in the chain", p)
				assert.NotContains(t, p, "session-token-secret")
				assert.NotContains(t, p, signature)
			}
		})
	}
}

func TestTheSigningLogPrintsNoHashOfTheBody(t *testing.T) {
	s := newScriptedServer(t)
	rec := &logRecorder{}
	c := newTestClient(s, func(o *Options) { o.Logger = rec; o.ClientLogMode = aws.LogSigning | aws.LogRequest })
	_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "alice", Password: leakPassword})
	require.NoError(t, err)
	out := rec.buf.String()
	require.Contains(t, out, "CANONICAL STRING", "the signing log is there")
	sum := sha256.Sum256(s.last(t).Body)
	assert.NotContains(t, out, hex.EncodeToString(sum[:]), "the payload hash would let a reader test password guesses offline")
	assert.NotRegexp(t, `(^|[^0-9a-fA-F])[0-9a-fA-F]{64}([^0-9a-fA-F]|$)`, out, "no SHA-256 at all: the canonical request's hash is as good an oracle")
	assert.NotContains(t, out, "session-token-secret")
	assert.Contains(t, out, "[redacted sha256]")
}

func TestInvalidUTF8InAnyStringMemberIsRefusedBeforeAnyRequest(t *testing.T) {
	const bad = "a\xffb"
	ctx := context.Background()
	cases := []struct {
		name, field string
		call        func(c *Client) error
	}{
		{"a password", "Password", func(c *Client) error {
			_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: bad})
			return err
		}},
		{"a username", "Username", func(c *Client) error {
			_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "c", Username: bad})
			return err
		}},
		{"a confirmation code", "ConfirmationCode", func(c *Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{ClientId: "c", Username: "u", ConfirmationCode: bad, Password: "p"})
			return err
		}},
		{"a ClientMetadata value", "ClientMetadata", func(c *Client) error {
			_, err := c.AdminResetUserPassword(ctx, &AdminResetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", ClientMetadata: map[string]string{"k": bad}})
			return err
		}},
		{"a ClientMetadata key", "ClientMetadata", func(c *Client) error {
			_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "c", Username: "u", ClientMetadata: map[string]string{bad: "v"}})
			return err
		}},
		{"an analytics endpoint id", "AnalyticsMetadata.AnalyticsEndpointId", func(c *Client) error {
			_, err := c.ResendConfirmationCode(ctx, &ResendConfirmationCodeInput{ClientId: "c", Username: "u", AnalyticsMetadata: &types.AnalyticsMetadataType{AnalyticsEndpointId: bad}})
			return err
		}},
		{"user context data", "UserContextData.EncodedData", func(c *Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{ClientId: "c", Username: "u", ConfirmationCode: "1", Password: "p", UserContextData: &types.UserContextDataType{EncodedData: bad}})
			return err
		}},
		{"a previous password", "PreviousPassword", func(c *Client) error {
			_, err := c.ChangePassword(ctx, &ChangePasswordInput{AccessToken: "a.b.c", PreviousPassword: bad, ProposedPassword: "p"})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is a typed validation error and nothing is sent", func(t *testing.T) {
			rec := &hostRecorder{}
			c := New(Options{Region: "us-east-1", Credentials: testCreds, HTTPClient: rec})
			err := tc.call(c)
			var invalid smithy.InvalidParamsError
			require.ErrorAs(t, err, &invalid, "%v", err)
			assert.Contains(t, err.Error(), tc.field)
			assert.NotContains(t, err.Error(), bad)
			assert.Empty(t, rec.hosts)
		})
	}
}
