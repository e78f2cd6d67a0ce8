package conformance

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// endpointRegions covers every partition, regions the partition table
// lists and ones only its patterns match, FIPS pseudo-regions in all three
// spellings, and regions that are not valid host names.
var endpointRegions = []string{
	// aws
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-south-1", "ap-south-2", "ap-east-1", "ap-east-2",
	"me-south-1", "me-central-1", "af-south-1", "il-central-1",
	"us-east-9", "xx-unknown-1", "aws-global", "mars-1",
	// aws-cn
	"cn-north-1", "cn-northwest-1", "cn-south-9",
	// aws-us-gov
	"us-gov-west-1", "us-gov-east-1", "us-gov-central-9",
	// aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc
	"us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-south-1",
	"us-isof-east-1", "eusc-de-east-1", "eusc-de-west-9",
	// FIPS pseudo-regions
	"fips-us-east-1", "us-east-1-fips", "us-fips-east-1", "fips-us-gov-west-1", "us-gov-west-1-fips",
	"fips-ca-central-1", "fips-cn-north-1", "fips-us-iso-east-1", "fips-eu-west-1", "fips-",
	// not valid host names, or odd ones
	"", "US-EAST-1", "us_east_1", "us-east-1.", "a.b", "-bad", "bad-", "us east 1", "us-east-1/evil",
	strings.Repeat("a", 64), "localhost", "127.0.0.1",
}

// hostRecorder is an http.RoundTripper that records the request and answers
// {} without dialing.
type hostRecorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	h.mu.Lock()
	h.reqs = append(h.reqs, r)
	h.mu.Unlock()
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {"endpoint"}},
		Body:    io.NopCloser(strings.NewReader("{}")),
		Request: r,
	}, nil
}

func (h *hostRecorder) take() []*http.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.reqs
	h.reqs = nil
	return r
}

// endpointOutcome is where a call went, or that it failed.
type endpointOutcome struct {
	Failed        bool
	URL           string // scheme://host/path
	SigningRegion string
}

func outcomeOf(err error, reqs []*http.Request) endpointOutcome {
	if err != nil || len(reqs) != 1 {
		return endpointOutcome{Failed: true}
	}
	r := reqs[0]
	o := endpointOutcome{URL: r.URL.Scheme + "://" + r.URL.Host + r.URL.EscapedPath()}
	if auth := r.Header.Get("Authorization"); auth != "" {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			scope := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
			if len(scope) == 5 {
				o.SigningRegion = scope[2]
			}
		}
	}
	return o
}

// TestEndpointsMatchTheOfficialClient builds both clients for every region
// of endpointRegions with FIPS and dual-stack on and off, from Options and
// from an aws.Config, sends a signed and an unsigned operation through a
// transport that records the URL instead of dialing, and compares where
// each call went (or that both failed) and the signing region.
func TestEndpointsMatchTheOfficialClient(t *testing.T) {
	isolateFromEnvironment(t)
	rec := &hostRecorder{}
	httpClient := &http.Client{Transport: rec}
	ctx := context.Background()
	ops := []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")}
	type flags struct{ fips, dual bool }
	allFlags := []flags{{false, false}, {true, false}, {false, true}, {true, true}}
	fipsState := func(on bool) aws.FIPSEndpointState {
		if on {
			return aws.FIPSEndpointStateEnabled
		}
		return aws.FIPSEndpointStateUnset
	}
	dualState := func(on bool) aws.DualStackEndpointState {
		if on {
			return aws.DualStackEndpointStateEnabled
		}
		return aws.DualStackEndpointStateUnset
	}
	failures := 0
	for _, region := range endpointRegions {
		for _, f := range allFlags {
			for _, fromConfig := range []bool{false, true} {
				var ours *cp.Client
				var theirs *cip.Client
				if fromConfig {
					cfg, err := config.LoadDefaultConfig(ctx,
						config.WithRegion(region),
						config.WithCredentialsProvider(staticProvider()),
						config.WithHTTPClient(httpClient),
						config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
						config.WithUseFIPSEndpoint(fipsState(f.fips)),
						config.WithUseDualStackEndpoint(dualState(f.dual)),
					)
					require.NoError(t, err)
					ours = cp.NewFromConfig(cfg, func(o *cp.Options) { o.DisableRegionCheck = true })
					theirs = cip.NewFromConfig(cfg)
				} else {
					ours = cp.New(cp.Options{
						Region: region, Credentials: staticProvider(), HTTPClient: httpClient, Retryer: aws.NopRetryer{},
						EndpointOptions:    cp.EndpointOptions{UseFIPSEndpoint: fipsState(f.fips), UseDualStackEndpoint: dualState(f.dual)},
						DisableRegionCheck: true,
					})
					theirs = cip.New(cip.Options{
						Region: region, Credentials: staticProvider(), HTTPClient: httpClient, Retryer: aws.NopRetryer{},
						EndpointOptions: cip.EndpointResolverOptions{UseFIPSEndpoint: fipsState(f.fips), UseDualStackEndpoint: dualState(f.dual)},
					})
				}
				for _, op := range ops {
					where := fmt.Sprintf("%s region %q fips=%v dualstack=%v fromConfig=%v", op.name, region, f.fips, f.dual, fromConfig)
					p := minimalParams(op.name)
					rec.take()
					_, terr := op.theirs(ctx, theirs, p)
					to := outcomeOf(terr, rec.take())
					_, oerr := op.ours(ctx, ours, p)
					oo := outcomeOf(oerr, rec.take())
					endpointCases.Add(1)
					if !assert.Equalf(t, to, oo, "%s\nofficial error: %v\nour error:      %v", where, terr, oerr) {
						if failures++; failures >= 3*maxFailures {
							t.Fatalf("stopping after %d failing endpoint cases", failures)
						}
					}
				}
			}
		}
	}
}

// TestBaseEndpointFlagsMatchTheOfficialClient combines a base endpoint with
// the FIPS and dual-stack flags, a FIPS pseudo-region and no region.
func TestBaseEndpointFlagsMatchTheOfficialClient(t *testing.T) {
	rec := &hostRecorder{}
	httpClient := &http.Client{Transport: rec}
	ctx := context.Background()
	cases := []struct {
		region     string
		base       string
		fips, dual bool
	}{
		{"us-east-1", "https://proxy.example.com", false, false},
		{"us-east-1", "https://proxy.example.com/base", false, false},
		{"us-east-1", "https://proxy.example.com/base/", false, false},
		{"us-east-1", "http://127.0.0.1:9229", false, false},
		{"us-east-1", "https://proxy.example.com", true, false},
		{"us-east-1", "https://proxy.example.com", false, true},
		{"us-east-1", "https://proxy.example.com", true, true},
		{"fips-us-east-1", "https://proxy.example.com", false, false},
		{"us-east-1-fips", "https://proxy.example.com", false, false},
		{"", "https://proxy.example.com", false, false},
		{"not a region", "https://proxy.example.com", false, false},
		{"cn-north-1", "https://proxy.example.com:8443/x", false, false},
	}
	for _, tc := range cases {
		for _, op := range []operation{operationNamed("ChangePassword"), operationNamed("AdminResetUserPassword")} {
			where := fmt.Sprintf("%s region %q base %q fips=%v dualstack=%v", op.name, tc.region, tc.base, tc.fips, tc.dual)
			fips, dual := aws.FIPSEndpointStateUnset, aws.DualStackEndpointStateUnset
			if tc.fips {
				fips = aws.FIPSEndpointStateEnabled
			}
			if tc.dual {
				dual = aws.DualStackEndpointStateEnabled
			}
			ours := cp.New(cp.Options{
				Region: tc.region, BaseEndpoint: tc.base, Credentials: staticProvider(), HTTPClient: httpClient, Retryer: aws.NopRetryer{},
				EndpointOptions: cp.EndpointOptions{UseFIPSEndpoint: fips, UseDualStackEndpoint: dual},
			})
			theirs := cip.New(cip.Options{
				Region: tc.region, BaseEndpoint: aws.String(tc.base), Credentials: staticProvider(), HTTPClient: httpClient, Retryer: aws.NopRetryer{},
				EndpointOptions: cip.EndpointResolverOptions{UseFIPSEndpoint: fips, UseDualStackEndpoint: dual},
			})
			p := minimalParams(op.name)
			rec.take()
			_, terr := op.theirs(ctx, theirs, p)
			to := outcomeOf(terr, rec.take())
			_, oerr := op.ours(ctx, ours, p)
			oo := outcomeOf(oerr, rec.take())
			endpointCases.Add(1)
			// Without a region both clients sign with an empty region in
			// the credential scope; the signing regions compare equal.
			// The path is compared by TestBaseEndpointPathMatchesTheOfficialClient.
			to.URL, oo.URL = trimSlash(to.URL), trimSlash(oo.URL)
			assert.Equalf(t, to, oo, "%s\nofficial error: %v\nour error:      %v", where, terr, oerr)
		}
	}
}

func trimSlash(s string) string { return strings.TrimSuffix(s, "/") }

// isolateFromEnvironment keeps the machine's AWS environment and shared
// files out of config.LoadDefaultConfig.
func isolateFromEnvironment(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "")
			require.NoError(t, os.Unsetenv(name))
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// TestConfiguredEndpointsMatchTheOfficialClient sets the endpoint through
// the environment and the shared config file's services section, loads an
// aws.Config and compares where both clients built from it send. The
// official client resolves the service's endpoint with
// internal/configsources.ResolveServiceBaseEndpoint, which gives nothing
// when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
// ignore_configured_endpoint_urls) is true.
func TestConfiguredEndpointsMatchTheOfficialClient(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		profile string
	}{
		{"no endpoint configured", nil, ""},
		{"AWS_ENDPOINT_URL", map[string]string{"AWS_ENDPOINT_URL": "https://global.example.com"}, ""},
		{"the service's variable", map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service.example.com/base"}, ""},
		{"both variables", map[string]string{"AWS_ENDPOINT_URL": "https://global.example.com", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service.example.com"}, ""},
		{"the shared config's services section", nil, "services = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = https://shared.example.com\n"},
		{"a global endpoint_url in the profile", nil, "endpoint_url = https://profile.example.com\n"},
		{"the profile and the service's variable", map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service.example.com"}, "services = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = https://shared.example.com\n"},
		{"AWS_ENDPOINT_URL and the services section", map[string]string{"AWS_ENDPOINT_URL": "https://global.example.com"}, "services = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = https://shared.example.com\n"},
		{"configured endpoints ignored by the environment", map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service.example.com"}, ""},
		{"configured endpoints ignored by the profile", nil, "ignore_configured_endpoint_urls = true\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = https://shared.example.com\n"},
		{"FIPS from the environment", map[string]string{"AWS_USE_FIPS_ENDPOINT": "true"}, ""},
		{"dual-stack from the environment", map[string]string{"AWS_USE_DUALSTACK_ENDPOINT": "true"}, ""},
		{"FIPS and dual-stack from the profile", nil, "use_fips_endpoint = true\nuse_dualstack_endpoint = true\n"},
		{"FIPS off in the environment, on in the profile", map[string]string{"AWS_USE_FIPS_ENDPOINT": "false"}, "use_fips_endpoint = true\n"},
		{"FIPS with a service endpoint", map[string]string{"AWS_USE_FIPS_ENDPOINT": "true", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service.example.com"}, ""},
		{"a global endpoint ignored by the environment", map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "https://global.example.com"}, ""},
	}
	rec := &hostRecorder{}
	httpClient := &http.Client{Transport: rec}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			isolateFromEnvironment(t)
			if tc.profile != "" {
				f := filepath.Join(t.TempDir(), "config")
				require.NoError(t, os.WriteFile(f, []byte("[default]\n"+tc.profile), 0o600))
				t.Setenv("AWS_CONFIG_FILE", f)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := config.LoadDefaultConfig(ctx,
				config.WithRegion("eu-west-1"),
				config.WithCredentialsProvider(staticProvider()),
				config.WithHTTPClient(httpClient),
				config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
			)
			require.NoError(t, err)
			ours := cp.NewFromConfig(cfg)
			theirs := cip.NewFromConfig(cfg)
			for _, op := range []operation{operationNamed("ResendConfirmationCode"), operationNamed("AdminResetUserPassword")} {
				p := minimalParams(op.name)
				p.UserPoolId = "eu-west-1_Abc123"
				rec.take()
				_, terr := op.theirs(ctx, theirs, p)
				to := outcomeOf(terr, rec.take())
				_, oerr := op.ours(ctx, ours, p)
				oo := outcomeOf(oerr, rec.take())
				endpointCases.Add(1)
				to.URL, oo.URL = trimSlash(to.URL), trimSlash(oo.URL)
				assert.Equalf(t, to, oo, "%s\nofficial error: %v\nour error:      %v", op.name, terr, oerr)
			}
		})
	}
}
