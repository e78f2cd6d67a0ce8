// The deprecated v1 endpoint resolvers are supported here on purpose: the
// official client honours them, so configurations built for it must work.
//
//lint:file-ignore SA1019 the deprecated resolvers are honoured as the official client honours them

package cognitopassword

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	smithyauth "github.com/aws/smithy-go/auth"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cognitokit/cognitopassword/internal/endpoint"
	"github.com/cognitokit/cognitopassword/internal/redact"
)

// EndpointResolverOptions are the options an [EndpointResolver] is given:
// Options.EndpointOptions, with Logger, LogDeprecated and ResolvedRegion
// filled in for the call, as in the official client.
type EndpointResolverOptions = EndpointOptions

// EndpointResolver is the deprecated (v1) endpoint resolver of the official
// client, kept so that configurations built for it work unchanged. What it
// returns is used as it is, ahead of BaseEndpoint and the endpoint rules;
// an *aws.EndpointNotFoundError from it falls back to [EndpointResolverV2].
//
// Deprecated: set BaseEndpoint, or EndpointResolverV2, instead, as the
// official client advises.
type EndpointResolver interface {
	ResolveEndpoint(region string, options EndpointResolverOptions) (aws.Endpoint, error)
}

// EndpointResolverFunc is a function that satisfies [EndpointResolver].
//
// Deprecated: see [EndpointResolver].
type EndpointResolverFunc func(region string, options EndpointResolverOptions) (aws.Endpoint, error)

// ResolveEndpoint calls fn.
func (fn EndpointResolverFunc) ResolveEndpoint(region string, options EndpointResolverOptions) (aws.Endpoint, error) {
	return fn(region, options)
}

// EndpointParameters are the inputs of an [EndpointResolverV2], the same
// as the official client's: the region with any FIPS pseudo-region markers
// removed, the FIPS and dual-stack flags, and BaseEndpoint.
type EndpointParameters struct {
	// Region is the AWS Region, nil when Options.Region is empty.
	Region *string
	// UseDualStack selects the dual-stack endpoint.
	UseDualStack *bool
	// UseFIPS selects the FIPS endpoint; a FIPS pseudo-region turns it on.
	UseFIPS *bool
	// Endpoint is Options.BaseEndpoint, nil when that is empty.
	Endpoint *string
}

// EndpointResolverV2 resolves the endpoint of a call, as the official
// client's interface of the same name does. The endpoint's URI gives the
// scheme, host and path prefix the request is posted to (its query is
// dropped), its Headers are set on the request, and the SigV4 signing
// name and region in its auth-scheme properties override the defaults.
type EndpointResolverV2 interface {
	ResolveEndpoint(ctx context.Context, params EndpointParameters) (smithyendpoints.Endpoint, error)
}

// NewDefaultEndpointResolverV2 returns the resolver the client uses when
// Options.EndpointResolverV2 is nil: the service's endpoint rules, as in
// the official client. Wrap it to adjust what it returns.
func NewDefaultEndpointResolverV2() EndpointResolverV2 {
	return defaultEndpointResolver{}
}

type defaultEndpointResolver struct{}

// ResolveEndpoint evaluates the endpoint rules.
func (defaultEndpointResolver) ResolveEndpoint(_ context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := endpoint.Resolve(endpoint.Params{
		Region:       deref(p.Region),
		UseFIPS:      p.UseFIPS != nil && *p.UseFIPS,
		UseDualStack: p.UseDualStack != nil && *p.UseDualStack,
		BaseEndpoint: deref(p.Endpoint),
		RegionBound:  true,
	})
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u, Headers: http.Header{}}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// resolvedEndpoint is where a call goes and how it is signed.
type resolvedEndpoint struct {
	// url is the POST target.
	url url.URL
	// headers are set on every request (from an EndpointResolverV2).
	headers http.Header
	// signingName and signingRegion are the SigV4 credential scope.
	signingName, signingRegion string
	// awsRegion is the region of an AWS Cognito endpoint host, for the
	// user pool region check; "" for any other host.
	awsRegion string
}

// staticEndpoint reports whether the endpoint of o is the same for every
// call, so that it is resolved once per client: no custom resolver is set.
func staticEndpoint(o *Options) bool {
	return o.EndpointResolver == nil && o.EndpointResolverV2 == nil && o.EndpointOptions.ResolvedRegion == ""
}

// endpointResolverOptions are the options given to a v1 EndpointResolver:
// the FIPS pseudo-region of Region is mapped into ResolvedRegion and turns
// FIPS on, as the official client's finalizeClientEndpointResolverOptions
// does.
func endpointResolverOptions(o *Options) EndpointResolverOptions {
	eo := o.EndpointOptions
	eo.LogDeprecated = o.ClientLogMode.IsDeprecatedUsage()
	if eo.Logger == nil {
		eo.Logger = o.Logger
	}
	if eo.ResolvedRegion == "" {
		if mapped, fips := endpoint.MapFIPSRegion(o.Region); fips {
			eo.ResolvedRegion = mapped
			eo.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
		}
	}
	return eo
}

// resolveEndpoint resolves the endpoint of o as the official client does:
// a v1 EndpointResolver first (its result is used as it is, and an
// *aws.EndpointNotFoundError falls through), then the EndpointResolverV2
// (the endpoint rules by default) with Region, the FIPS and dual-stack
// flags and BaseEndpoint. DisableHTTPS then turns the scheme to http unless
// a v1 endpoint's hostname is immutable. ctx is only passed to a custom
// EndpointResolverV2; it may be nil otherwise.
func resolveEndpoint(ctx context.Context, o *Options) (*resolvedEndpoint, error) {
	eo := endpointResolverOptions(o)
	ep := &resolvedEndpoint{signingName: signingName, signingRegion: o.Region}
	immutable := false
	resolved := false
	if r := o.EndpointResolver; r != nil {
		e, err := r.ResolveEndpoint(o.Region, eo)
		var notFound *aws.EndpointNotFoundError
		switch {
		case err == nil:
			if err := ep.setV1(e); err != nil {
				return nil, err
			}
			immutable = e.HostnameImmutable
			resolved = true
		case errors.As(err, &notFound):
			// Fall back to EndpointResolverV2, as the official client
			// does.
		default:
			return nil, fmt.Errorf("EndpointResolver: failed to resolve service endpoint: %w", err)
		}
	}
	if !resolved {
		params, err := bindEndpointParams(o, eo)
		if err != nil {
			return nil, err
		}
		var e smithyendpoints.Endpoint
		if o.EndpointResolverV2 != nil {
			if e, err = o.EndpointResolverV2.ResolveEndpoint(ctx, params); err != nil {
				return nil, fmt.Errorf("EndpointResolverV2: failed to resolve service endpoint: %w", err)
			}
		} else if e, err = (defaultEndpointResolver{}).ResolveEndpoint(ctx, params); err != nil {
			return nil, err
		}
		ep.setV2(e)
	}
	if eo.DisableHTTPS && !immutable {
		ep.url.Scheme = "http"
	}
	if ep.url.Host == "" || (ep.url.Scheme != "http" && ep.url.Scheme != "https") {
		return nil, fmt.Errorf("endpoint %q is not an absolute http or https URL", redactURL(&ep.url))
	}
	if region, ok := endpoint.HostRegion(ep.url.Hostname()); ok {
		ep.awsRegion = region
	}
	return ep, nil
}

// bindEndpointParams gives the EndpointResolverV2 parameters, as the
// official client's bindEndpointParams: a region that is not a valid host
// name is refused before any resolver sees it.
func bindEndpointParams(o *Options, eo EndpointResolverOptions) (EndpointParameters, error) {
	var p EndpointParameters
	if o.Region != "" {
		if !endpoint.ValidRegion(o.Region) {
			return p, fmt.Errorf("%w %q", endpoint.ErrInvalidRegion, o.Region)
		}
		region, _ := endpoint.MapFIPSRegion(o.Region)
		p.Region = &region
	}
	dual := eo.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled
	fips := eo.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled
	p.UseDualStack, p.UseFIPS = &dual, &fips
	if o.BaseEndpoint != "" {
		base := o.BaseEndpoint
		p.Endpoint = &base
	}
	return p, nil
}

// setV1 takes a v1 endpoint as the official client's ResolveEndpoint
// middleware and operation serializer do: the URL as it is, with the
// operation path "/" joined to its path and its query kept.
func (ep *resolvedEndpoint) setV1(e aws.Endpoint) error {
	u, err := url.Parse(e.URL)
	if err != nil {
		return fmt.Errorf("EndpointResolver: failed to parse endpoint URL: %w", err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return fmt.Errorf("EndpointResolver: failed to parse endpoint query: %w", err)
	}
	ep.url = *u
	ep.url.RawQuery, ep.url.ForceQuery = q.Encode(), false
	ep.url.Fragment, ep.url.RawFragment = "", ""
	if p := u.Path; p == "" {
		ep.url.Path = "/"
	} else if p = path.Join(p, "/"); p != "/" {
		ep.url.Path = p + "/"
	} else {
		ep.url.Path = p
	}
	ep.url.RawPath = ""
	if e.SigningName != "" {
		ep.signingName = e.SigningName
	}
	if e.SigningRegion != "" {
		ep.signingRegion = e.SigningRegion
	}
	return nil
}

// setV2 takes a v2 endpoint as the official client's ResolveEndpointV2
// middleware does: scheme, host and path prefix, its headers, and the SigV4
// signing name and region of its auth schemes.
func (ep *resolvedEndpoint) setV2(e smithyendpoints.Endpoint) {
	ep.url = e.URI
	ep.url.RawQuery, ep.url.ForceQuery, ep.url.Fragment, ep.url.RawFragment = "", false, "", ""
	ep.url.User = nil
	if ep.url.Path == "" {
		ep.url.Path, ep.url.RawPath = "/", ""
	}
	if len(e.Headers) > 0 {
		ep.headers = e.Headers.Clone()
	}
	opts, _ := smithyauth.GetAuthOptions(&e.Properties)
	for _, opt := range opts {
		if name, ok := smithyhttp.GetSigV4SigningName(&opt.SignerProperties); ok && name != "" {
			ep.signingName = name
		}
		if region, ok := smithyhttp.GetSigV4SigningRegion(&opt.SignerProperties); ok && region != "" {
			ep.signingRegion = region
		}
	}
}

// redactURL shows a URL without its user information.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	// An opaque URL ("user:pw@host" parses as scheme "user") keeps its
	// user information in Opaque: redact.URL finds it there too.
	return redact.URL(strings.TrimSpace(c.String()))
}

// configEndpointResolver adapts aws.Config's deprecated resolvers to
// [EndpointResolver] as the official client's withEndpointResolver does:
// EndpointResolverWithOptions wins over EndpointResolver, and it is called
// with ServiceID. It returns nil when cfg has neither.
func configEndpointResolver(cfg aws.Config) EndpointResolver {
	withOptions := cfg.EndpointResolverWithOptions
	if withOptions == nil {
		v1 := cfg.EndpointResolver
		if v1 == nil {
			return nil
		}
		withOptions = aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
			return v1.ResolveEndpoint(service, region)
		})
	}
	return configResolver{withOptions: withOptions}
}

// configResolver is an aws.Config resolver as an [EndpointResolver].
type configResolver struct {
	withOptions aws.EndpointResolverWithOptions
}

// ResolveEndpoint calls the aws.Config resolver with ServiceID.
func (r configResolver) ResolveEndpoint(region string, options EndpointResolverOptions) (aws.Endpoint, error) {
	return r.withOptions.ResolveEndpoint(ServiceID, region, options)
}
