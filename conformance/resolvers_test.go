//lint:file-ignore SA1019 the deprecated endpoint resolvers are what these tests exercise

package conformance

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// TestConfigEndpointResolversMatchTheOfficialClient gives both clients the
// same aws.Config with an EndpointResolverWithOptions (or the deprecated
// EndpointResolver), together with a BaseEndpoint and the endpoint
// variables, and checks that each call goes to the same URL with the same
// signing region, or fails in both.
func TestConfigEndpointResolversMatchTheOfficialClient(t *testing.T) {
	notFound := &aws.EndpointNotFoundError{Err: errors.New("not mine")}
	cases := []struct {
		name     string
		endpoint aws.Endpoint
		err      error
		v1       bool
		env      bool
	}{
		{name: "a LocalStack resolver", endpoint: aws.Endpoint{URL: "http://localhost:4566"}},
		{name: "a LocalStack resolver set as the deprecated EndpointResolver", endpoint: aws.Endpoint{URL: "http://localhost:4566"}, v1: true},
		{name: "a resolver ahead of AWS_ENDPOINT_URL and BaseEndpoint", endpoint: aws.Endpoint{URL: "http://localhost:4566"}, env: true},
		{name: "a resolver with a signing region", endpoint: aws.Endpoint{URL: "http://localhost:4566", SigningRegion: "eu-west-1"}},
		{name: "a resolver with a path and a query", endpoint: aws.Endpoint{URL: "http://localhost:4566/a/b?x=1"}},
		{name: "a resolver that finds nothing falls back", err: notFound},
		{name: "a resolver that finds nothing falls back to BaseEndpoint", err: notFound, env: true},
		{name: "a resolver that fails", err: errors.New("down")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			isolateFromEnvironment(t)
			t.Setenv("AWS_REGION", testRegion)
			t.Setenv("AWS_ACCESS_KEY_ID", testAccessKeyID)
			t.Setenv("AWS_SECRET_ACCESS_KEY", testSecretAccessKey)
			if tc.env {
				t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:7002")
			}
			cfg, err := config.LoadDefaultConfig(context.Background())
			require.NoError(t, err)
			var calls []string
			resolve := func(service, region string) (aws.Endpoint, error) {
				calls = append(calls, service+" "+region)
				return tc.endpoint, tc.err
			}
			if tc.v1 {
				cfg.EndpointResolver = aws.EndpointResolverFunc(resolve)
			} else {
				cfg.EndpointResolverWithOptions = aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
					return resolve(service, region)
				})
			}
			rec := &hostRecorder{}
			cfg.HTTPClient = &http.Client{Transport: rec}
			cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
			theirs := cip.NewFromConfig(cfg)
			ours := cp.NewFromConfig(cfg)
			for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")} {
				_, terr := op.theirs(context.Background(), theirs, minimalParams(op.name))
				want := outcomeOf(terr, rec.take())
				_, oerr := op.ours(context.Background(), ours, minimalParams(op.name))
				got := outcomeOf(oerr, rec.take())
				assert.Equal(t, want, got, "%s: official err %v, ours %v", op.name, terr, oerr)
				endpointCases.Add(1)
				switch {
				case tc.err == nil:
					assert.Contains(t, want.URL, "http://localhost:4566/", "the official client went where the resolver said")
				case errors.As(tc.err, &notFound):
					assert.False(t, want.Failed, "the official client fell back")
				default:
					assert.True(t, want.Failed, "the official client failed")
				}
			}
			assert.Len(t, calls, 4, "each client asks the resolver once per call")
			for _, c := range calls {
				assert.Equal(t, cp.ServiceID+" "+testRegion, c)
			}
		})
	}
}

// TestEndpointResolverV2MatchesTheOfficialClient gives both clients an
// EndpointResolverV2 that wraps their default one and moves the endpoint to
// a local host with a path and a header, and checks that the calls go to the
// same URL with the same header, and that both resolvers were given the
// same parameters.
func TestEndpointResolverV2MatchesTheOfficialClient(t *testing.T) {
	isolateFromEnvironment(t)
	rec := &hostRecorder{}
	hc := &http.Client{Transport: rec}
	regions := []string{"us-east-1", "fips-us-east-1", "eu-west-1"}
	for _, region := range regions {
		for _, base := range []string{"", "http://127.0.0.1:9229/base"} {
			var theirParams cip.EndpointParameters
			var ourParams cp.EndpointParameters
			theirs := cip.New(cip.Options{Region: region, Credentials: staticProvider(), HTTPClient: hc, Retryer: aws.NopRetryer{},
				BaseEndpoint: ptrOrNil(base),
				EndpointResolverV2: theirV2(func(ctx context.Context, p cip.EndpointParameters) (smithyendpoints.Endpoint, error) {
					theirParams = p
					return moveLocal(cip.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p))
				})})
			ours := cp.New(cp.Options{Region: region, Credentials: staticProvider(), HTTPClient: hc, Retryer: aws.NopRetryer{},
				BaseEndpoint: base, DisableRegionCheck: true,
				EndpointResolverV2: ourV2(func(ctx context.Context, p cp.EndpointParameters) (smithyendpoints.Endpoint, error) {
					ourParams = p
					return moveLocal(cp.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p))
				})})
			for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")} {
				_, terr := op.theirs(context.Background(), theirs, minimalParams(op.name))
				treqs := rec.take()
				_, oerr := op.ours(context.Background(), ours, minimalParams(op.name))
				oreqs := rec.take()
				assert.Equal(t, outcomeOf(terr, treqs), outcomeOf(oerr, oreqs), "region %q base %q %s", region, base, op.name)
				endpointCases.Add(1)
				if len(treqs) == 1 && len(oreqs) == 1 {
					assert.Equal(t, treqs[0].Header.Get("X-Route"), oreqs[0].Header.Get("X-Route"))
				}
				assert.Equal(t, *theirParams.UseFIPS, *ourParams.UseFIPS)
				assert.Equal(t, *theirParams.UseDualStack, *ourParams.UseDualStack)
				assert.Equal(t, theirParams.Region, ourParams.Region)
				assert.Equal(t, theirParams.Endpoint, ourParams.Endpoint)
			}
		}
	}
}

type theirV2 func(context.Context, cip.EndpointParameters) (smithyendpoints.Endpoint, error)

func (f theirV2) ResolveEndpoint(ctx context.Context, p cip.EndpointParameters) (smithyendpoints.Endpoint, error) {
	return f(ctx, p)
}

type ourV2 func(context.Context, cp.EndpointParameters) (smithyendpoints.Endpoint, error)

func (f ourV2) ResolveEndpoint(ctx context.Context, p cp.EndpointParameters) (smithyendpoints.Endpoint, error) {
	return f(ctx, p)
}

// moveLocal sends an endpoint to a local host under /local, with a header,
// keeping its path.
func moveLocal(e smithyendpoints.Endpoint, err error) (smithyendpoints.Endpoint, error) {
	if err != nil {
		return e, err
	}
	e.URI.Scheme, e.URI.Host = "http", "127.0.0.1:4566"
	e.URI.Path = "/local" + e.URI.Path
	if e.Headers == nil {
		e.Headers = http.Header{}
	}
	e.Headers.Set("X-Route", "local")
	return e, nil
}

func ptrOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
