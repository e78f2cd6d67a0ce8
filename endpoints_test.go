//lint:file-ignore SA1019 the deprecated endpoint resolvers are what these tests exercise

package cognitopassword

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"
	smithyauth "github.com/aws/smithy-go/auth"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requestRecorder is an HTTPClient that records each request and answers
// 200 {} without dialing.
type requestRecorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *requestRecorder) Do(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(context.Background()))
	r.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

func (r *requestRecorder) only(t *testing.T) *http.Request {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Len(t, r.reqs, 1)
	return r.reqs[0]
}

// credentialScope is the region/service of a signed request's credential.
func credentialScope(req *http.Request) string {
	auth := req.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return ""
	}
	scope := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
	if len(scope) != 5 {
		return ""
	}
	return scope[2] + "/" + scope[3]
}

func adminSet(pool string) *AdminSetUserPasswordInput {
	return &AdminSetUserPasswordInput{UserPoolId: pool, Username: "u", Password: "p"}
}

// localStack is a resolver for a LocalStack-style emulator on
// 127.0.0.1:4566, as aws.Config's EndpointResolverWithOptions.
func localStack(calls *[]string) aws.EndpointResolverWithOptionsFunc {
	return func(service, region string, options ...any) (aws.Endpoint, error) {
		*calls = append(*calls, service+" "+region)
		return aws.Endpoint{URL: "http://127.0.0.1:4566", SigningRegion: region}, nil
	}
}

func TestNewFromConfigSendsTheSignedCallWhereTheConfigResolverSays(t *testing.T) {
	cases := []struct {
		name string
		set  func(cfg *aws.Config, calls *[]string)
	}{
		{"EndpointResolverWithOptions", func(cfg *aws.Config, calls *[]string) {
			cfg.EndpointResolverWithOptions = localStack(calls)
		}},
		{"the deprecated EndpointResolver", func(cfg *aws.Config, calls *[]string) {
			cfg.EndpointResolver = aws.EndpointResolverFunc(func(service, region string) (aws.Endpoint, error) {
				*calls = append(*calls, service+" "+region)
				return aws.Endpoint{URL: "http://127.0.0.1:4566"}, nil
			})
		}},
	}
	for _, tc := range cases {
		t.Run("a LocalStack resolver set as "+tc.name+" gets the signed admin call, not amazonaws.com", func(t *testing.T) {
			isolateConfig(t)
			cfg, err := config.LoadDefaultConfig(context.Background())
			require.NoError(t, err)
			var calls []string
			tc.set(&cfg, &calls)
			rec := &requestRecorder{}
			cfg.HTTPClient = rec
			_, err = NewFromConfig(cfg).AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
			require.NoError(t, err)
			req := rec.only(t)
			assert.Equal(t, "http://127.0.0.1:4566/", req.URL.String())
			assert.Equal(t, "127.0.0.1:4566", req.Host)
			assert.Equal(t, "us-east-1/cognito-idp", credentialScope(req))
			assert.Equal(t, []string{ServiceID + " us-east-1"}, calls)
		})
	}
}

func TestAV1ResolverComesBeforeBaseEndpointAndTheEndpointVariables(t *testing.T) {
	isolateConfig(t)
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "http://127.0.0.1:7001")
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithBaseEndpoint("http://127.0.0.1:7002"))
	require.NoError(t, err)
	var calls []string
	cfg.EndpointResolverWithOptions = localStack(&calls)
	rec := &requestRecorder{}
	cfg.HTTPClient = rec
	c := NewFromConfig(cfg)
	assert.NotEmpty(t, c.Options().BaseEndpoint, "BaseEndpoint is still set")
	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:4566/", rec.only(t).URL.String())
}

func TestAV1EndpointIsTakenAsTheOfficialClientTakesIt(t *testing.T) {
	cases := []struct {
		name     string
		endpoint aws.Endpoint
		opts     func(*Options)
		want     string
		scope    string
	}{
		{"a path gets the operation's trailing slash", aws.Endpoint{URL: "http://127.0.0.1:4566/prefix"}, nil, "http://127.0.0.1:4566/prefix/", "eu-west-1/cognito-idp"},
		{"a query is kept", aws.Endpoint{URL: "http://127.0.0.1:4566/?b=2&a=1"}, nil, "http://127.0.0.1:4566/?a=1&b=2", "eu-west-1/cognito-idp"},
		{"the signing region and name come from the endpoint", aws.Endpoint{URL: "http://127.0.0.1:4566", SigningRegion: "us-west-2", SigningName: "custom"}, nil, "http://127.0.0.1:4566/", "us-west-2/custom"},
		{"DisableHTTPS turns https to http", aws.Endpoint{URL: "https://127.0.0.1:4566"}, func(o *Options) { o.EndpointOptions.DisableHTTPS = true }, "http://127.0.0.1:4566/", "eu-west-1/cognito-idp"},
		{"DisableHTTPS leaves an immutable host name alone", aws.Endpoint{URL: "https://127.0.0.1:4566", HostnameImmutable: true}, func(o *Options) { o.EndpointOptions.DisableHTTPS = true }, "https://127.0.0.1:4566/", "eu-west-1/cognito-idp"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &requestRecorder{}
			o := Options{Region: "eu-west-1", Credentials: testCreds, HTTPClient: rec,
				EndpointResolver: EndpointResolverFunc(func(string, EndpointResolverOptions) (aws.Endpoint, error) { return tc.endpoint, nil })}
			var fns []func(*Options)
			if tc.opts != nil {
				fns = append(fns, tc.opts)
			}
			_, err := New(o, fns...).AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
			require.NoError(t, err)
			req := rec.only(t)
			assert.Equal(t, tc.want, req.URL.String())
			assert.Equal(t, tc.scope, credentialScope(req))
		})
	}
}

func TestAV1ResolverIsGivenTheRegionAndTheMappedFIPSRegion(t *testing.T) {
	var gotRegion string
	var gotOpts EndpointResolverOptions
	rec := &requestRecorder{}
	c := New(Options{Region: "fips-us-east-1", HTTPClient: rec, ClientLogMode: aws.LogDeprecatedUsage,
		EndpointResolver: EndpointResolverFunc(func(region string, o EndpointResolverOptions) (aws.Endpoint, error) {
			gotRegion, gotOpts = region, o
			return aws.Endpoint{URL: "http://127.0.0.1:4566"}, nil
		})})
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, "fips-us-east-1", gotRegion)
	assert.Equal(t, "us-east-1", gotOpts.ResolvedRegion)
	assert.Equal(t, aws.FIPSEndpointStateEnabled, gotOpts.UseFIPSEndpoint)
	assert.True(t, gotOpts.LogDeprecated)
}

func TestAV1ResolverThatFindsNothingFallsBackToTheRules(t *testing.T) {
	rec := &requestRecorder{}
	c := New(Options{Region: "eu-west-1", HTTPClient: rec, Credentials: testCreds,
		EndpointResolver: EndpointResolverFunc(func(string, EndpointResolverOptions) (aws.Endpoint, error) {
			return aws.Endpoint{}, &aws.EndpointNotFoundError{Err: errors.New("not mine")}
		})})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
	require.NoError(t, err)
	assert.Equal(t, "https://cognito-idp.eu-west-1.amazonaws.com/", rec.only(t).URL.String())

	_, err = c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	var mismatch *RegionMismatchError
	require.ErrorAs(t, err, &mismatch, "the region check applies to the endpoint the rules gave")
}

func TestAV1ResolverErrorFailsTheCallBeforeAnyIO(t *testing.T) {
	boom := errors.New("resolver down")
	rec := &requestRecorder{}
	c := New(Options{Region: "eu-west-1", HTTPClient: rec, Credentials: testCreds,
		EndpointResolver: EndpointResolverFunc(func(string, EndpointResolverOptions) (aws.Endpoint, error) {
			return aws.Endpoint{}, boom
		})})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "EndpointResolver")
	assert.Empty(t, rec.reqs)

	c = New(Options{Region: "eu-west-1", HTTPClient: rec, Credentials: testCreds,
		EndpointResolver: EndpointResolverFunc(func(string, EndpointResolverOptions) (aws.Endpoint, error) {
			return aws.Endpoint{URL: "127.0.0.1:4566"}, nil
		})})
	_, err = c.AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
	require.Error(t, err, "an endpoint that is not an absolute URL is refused")
	assert.Empty(t, rec.reqs)
}

// v2Func is an EndpointResolverV2 from a function.
type v2Func func(context.Context, EndpointParameters) (smithyendpoints.Endpoint, error)

func (f v2Func) ResolveEndpoint(ctx context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
	return f(ctx, p)
}

func TestEndpointResolverV2GetsTheOfficialParametersAndItsEndpointIsUsed(t *testing.T) {
	var got EndpointParameters
	rec := &requestRecorder{}
	c := New(Options{Region: "us-east-1-fips", BaseEndpoint: "http://127.0.0.1:9229", HTTPClient: rec, Credentials: testCreds,
		EndpointResolverV2: v2Func(func(_ context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
			got = p
			e := smithyendpoints.Endpoint{Headers: http.Header{"X-Test-Route": {"blue"}}}
			e.URI.Scheme, e.URI.Host, e.URI.Path, e.URI.RawQuery = "http", "127.0.0.1:4566", "/v2", "dropped=1"
			opt := &smithyauth.Option{SchemeID: smithyauth.SchemeIDSigV4}
			smithyhttp.SetSigV4SigningRegion(&opt.SignerProperties, "us-west-2")
			smithyauth.SetAuthOptions(&e.Properties, []*smithyauth.Option{opt})
			return e, nil
		})})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	require.NoError(t, err)
	require.NotNil(t, got.Region)
	assert.Equal(t, "us-east-1", *got.Region)
	assert.True(t, *got.UseFIPS, "the FIPS pseudo-region turns FIPS on")
	assert.False(t, *got.UseDualStack)
	assert.Equal(t, "http://127.0.0.1:9229", *got.Endpoint)
	req := rec.only(t)
	assert.Equal(t, "http://127.0.0.1:4566/v2", req.URL.String())
	assert.Equal(t, "blue", req.Header.Get("X-Test-Route"))
	assert.Contains(t, req.Header.Get("Authorization"), "SignedHeaders=")
	assert.Equal(t, "us-west-2/cognito-idp", credentialScope(req))
}

func TestTheRegionCheckAppliesToTheHostAResolverReturns(t *testing.T) {
	rec := &requestRecorder{}
	toEU := v2Func(func(ctx context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
		eu := "eu-west-1"
		p.Region = &eu
		return NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
	})
	c := New(Options{Region: "us-east-1", HTTPClient: rec, Credentials: testCreds, EndpointResolverV2: toEU})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	var mismatch *RegionMismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, "eu-west-1", mismatch.ClientRegion, "the error names the region of the host the call would go to")
	assert.Empty(t, rec.reqs)

	_, err = c.AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
	require.NoError(t, err)
	assert.Equal(t, "https://cognito-idp.eu-west-1.amazonaws.com/", rec.only(t).URL.String())
}

func TestTheRegionCheckAppliesToAnAWSBaseEndpoint(t *testing.T) {
	rec := &requestRecorder{}
	c := New(Options{Region: "us-east-1", BaseEndpoint: "https://cognito-idp.eu-west-1.amazonaws.com", HTTPClient: rec, Credentials: testCreds})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	var mismatch *RegionMismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Empty(t, rec.reqs)
}

func TestEndpointResolverV2ErrorFailsTheCallBeforeAnyIO(t *testing.T) {
	boom := errors.New("no route")
	rec := &requestRecorder{}
	c := New(Options{Region: "us-east-1", HTTPClient: rec,
		EndpointResolverV2: v2Func(func(context.Context, EndpointParameters) (smithyendpoints.Endpoint, error) {
			return smithyendpoints.Endpoint{}, boom
		})})
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "EndpointResolverV2")
	assert.Empty(t, rec.reqs)

	_, err = New(Options{Region: "us east 1", HTTPClient: rec, EndpointResolverV2: NewDefaultEndpointResolverV2()}).
		ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.Error(t, err, "an invalid region is refused before the resolver, as in the official client")
	assert.Empty(t, rec.reqs)
}

func TestDisableHTTPSAppliesToTheRulesEndpoint(t *testing.T) {
	rec := &requestRecorder{}
	c := New(Options{Region: "eu-west-1", HTTPClient: rec, EndpointOptions: EndpointOptions{DisableHTTPS: true}})
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, "http://cognito-idp.eu-west-1.amazonaws.com/", rec.only(t).URL.String())
}

// recordingSigner is an HTTPSignerV4 that records its calls and signs with
// the SDK's signer.
type recordingSigner struct {
	calls []string
}

func (s *recordingSigner) SignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string, at time.Time, optFns ...func(*v4.SignerOptions)) error {
	s.calls = append(s.calls, service+"/"+region)
	return v4.NewSigner().SignHTTP(ctx, creds, r, payloadHash, service, region, at, optFns...)
}

func TestAnHTTPSignerV4OfYourOwnSignsTheAdminOperations(t *testing.T) {
	rec := &requestRecorder{}
	signer := &recordingSigner{}
	c := New(Options{Region: "eu-west-1", HTTPClient: rec, Credentials: testCreds, HTTPSignerV4: signer})
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("eu-west-1_A1"))
	require.NoError(t, err)
	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, []string{"cognito-idp/eu-west-1"}, signer.calls, "the signed operation only")
	assert.Equal(t, "eu-west-1/cognito-idp", credentialScope(rec.reqs[0]))
}
