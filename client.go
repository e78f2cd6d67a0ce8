// Package cognitopassword is a Go client for the Amazon Cognito user-pool
// password operations: AdminResetUserPassword, AdminSetUserPassword,
// ConfirmForgotPassword, ResendConfirmationCode, ForgotPassword and
// ChangePassword; the sign-in operations they need (InitiateAuth,
// RespondToAuthChallenge, AdminInitiateAuth, AdminRespondToAuthChallenge);
// and AdminGetUser, to read a user's status.
//
// It sends the same requests as the official aws-sdk-go-v2 client
// (service/cognitoidentityprovider) and returns the same error types, and
// adds what that client leaves to its users: validation before any network
// I/O, SECRET_HASH computed from registered client secrets, redaction of
// every secret in fmt, slog, errors and logs, and a retry policy that never
// repeats a call whose repetition would send another message or burn a code
// unless the first attempt surely did not reach the service.
//
// # Getting started
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	if err != nil { ... }
//	client := cognitopassword.NewFromConfig(cfg)
//	_, err = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
//		UserPoolId: "eu-west-1_AbC123", Username: "alice", Password: pw, Permanent: true,
//	})
//
// # Signing in
//
// [Client.SignIn] runs a password sign-in (Secure Remote Password by
// default, so the password never leaves the process) and returns the
// tokens or the next challenge; [Client.CompleteNewPassword] answers the
// NEW_PASSWORD_REQUIRED challenge of a user with a temporary password. The
// access token they return is what [Client.ChangePassword] needs:
//
//	out, err := client.SignIn(ctx, &cognitopassword.SignInInput{
//		UserPoolId: poolID, ClientId: clientID, Username: "alice", Password: pw,
//	})
//	if err == nil && out.ChallengeName == types.ChallengeNameTypeNewPasswordRequired {
//		out, err = client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{
//			Challenge: out, NewPassword: newPw,
//		})
//	}
//
// # Errors
//
// Every error is a *smithy.OperationError. Service errors unwrap to the
// typed exceptions in package types (errors.As), to *awshttp.ResponseError
// for the HTTP status and request id, and, for operations that must not be
// repeated, ambiguous failures also match [ErrOutcomeUnknown] (errors.Is).
// Invalid input is a smithy.InvalidParamsError (a value, as in the official client) and nothing is sent.
package cognitopassword

import (
	"context"
	"errors"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/logging"

	"github.com/cognitokit/cognitopassword/internal/retry"
)

// Version is this library's version, sent in the User-Agent.
const Version = "0.1.0"

// ServiceID is the service name used in errors, as the official client's.
const ServiceID = "Cognito Identity Provider"

// signingName is the SigV4 service name of Cognito user pools.
const signingName = "cognito-idp"

// API is the set of operations of [Client]. *Client satisfies it; services
// can depend on API and substitute a fake in tests.
//
// API grows with the library: a release that adds an operation adds its
// method here, so a fake that implements API by listing methods must add it
// too. Embed API in the fake (and override the methods the test uses) to
// keep it compiling across releases.
type API interface {
	AdminResetUserPassword(ctx context.Context, params *AdminResetUserPasswordInput, optFns ...func(*Options)) (*AdminResetUserPasswordOutput, error)
	AdminSetUserPassword(ctx context.Context, params *AdminSetUserPasswordInput, optFns ...func(*Options)) (*AdminSetUserPasswordOutput, error)
	ConfirmForgotPassword(ctx context.Context, params *ConfirmForgotPasswordInput, optFns ...func(*Options)) (*ConfirmForgotPasswordOutput, error)
	ResendConfirmationCode(ctx context.Context, params *ResendConfirmationCodeInput, optFns ...func(*Options)) (*ResendConfirmationCodeOutput, error)
	ForgotPassword(ctx context.Context, params *ForgotPasswordInput, optFns ...func(*Options)) (*ForgotPasswordOutput, error)
	ChangePassword(ctx context.Context, params *ChangePasswordInput, optFns ...func(*Options)) (*ChangePasswordOutput, error)
	InitiateAuth(ctx context.Context, params *InitiateAuthInput, optFns ...func(*Options)) (*InitiateAuthOutput, error)
	RespondToAuthChallenge(ctx context.Context, params *RespondToAuthChallengeInput, optFns ...func(*Options)) (*RespondToAuthChallengeOutput, error)
	AdminInitiateAuth(ctx context.Context, params *AdminInitiateAuthInput, optFns ...func(*Options)) (*AdminInitiateAuthOutput, error)
	AdminRespondToAuthChallenge(ctx context.Context, params *AdminRespondToAuthChallengeInput, optFns ...func(*Options)) (*AdminRespondToAuthChallengeOutput, error)
	AdminGetUser(ctx context.Context, params *AdminGetUserInput, optFns ...func(*Options)) (*AdminGetUserOutput, error)
	SignIn(ctx context.Context, params *SignInInput, optFns ...func(*Options)) (*SignInOutput, error)
	CompleteNewPassword(ctx context.Context, params *CompleteNewPasswordInput, optFns ...func(*Options)) (*SignInOutput, error)
}

var _ API = (*Client)(nil)

// Client calls the Cognito password operations. It is safe for concurrent
// use and cannot be changed after construction; per-call option functions
// apply to that call only.
type Client struct {
	cfg *callConfig
}

// callConfig is everything a call needs, resolved once per client (and once
// per call only when that call passes option functions).
type callConfig struct {
	opts Options
	// endpoint is where calls go, resolved once when staticEndpoint;
	// otherwise each call resolves its own (see withEndpoint).
	endpoint       resolvedEndpoint
	staticEndpoint bool
	endpointErr    error
	// unsupported is the error of a setting the client cannot honour.
	unsupported error
	// intercepted: Options.Interceptors holds at least one interceptor.
	intercepted bool
	// obs emits spans and metrics; nil when there is no provider.
	obs       *observer
	obsErr    error
	signer    HTTPSignerV4
	userAgent []string
	logger    logging.Logger
	// skew is the clock skew last measured for the client, in
	// nanoseconds, shared by its per-call configurations.
	skew *atomic.Int64
	// bound hands out the contexts that bound attempts (nil when
	// AttemptTimeout is negative), shared like skew.
	bound *attemptBound
}

// New returns a client for options, after applying optFns to a copy of
// them. The options are not validated here: an unusable configuration (no
// region, an invalid region, FIPS with a custom endpoint) makes every call
// fail with a clear error.
func New(options Options, optFns ...func(*Options)) *Client {
	o := options.Copy()
	resolveDefaultsMode(&o)
	applyDefaultsMode(&o)
	for _, fn := range optFns {
		fn(&o)
	}
	return &Client{cfg: newCallConfig(o, nil)}
}

// NewFromConfig returns a client configured from cfg (as loaded by
// config.LoadDefaultConfig) the way the official client's NewFromConfig
// does: Region, Credentials, HTTPClient, Retryer, RetryMaxAttempts,
// RetryMode, Logger, ClientLogMode, AppID, DefaultsMode,
// RuntimeEnvironment, BaseEndpoint, the FIPS and dual-stack settings, the
// deprecated EndpointResolverWithOptions and EndpointResolver (which take
// precedence over BaseEndpoint, as there), Interceptors, APIOptions
// (refused at call time, see [UnsupportedSettingError]), and
// ServiceOptions, each called with ServiceID and this package's *Options
// before optFns. Like the official client it honours
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL and the
// shared config's services section through cfg.ConfigSources.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client {
	o := Options{
		Region:             cfg.Region,
		Credentials:        cfg.Credentials,
		RetryMaxAttempts:   cfg.RetryMaxAttempts,
		RetryMode:          cfg.RetryMode,
		Logger:             cfg.Logger,
		ClientLogMode:      cfg.ClientLogMode,
		AppID:              cfg.AppID,
		DefaultsMode:       cfg.DefaultsMode,
		RuntimeEnvironment: cfg.RuntimeEnvironment,
		APIOptions:         cfg.APIOptions,
		Interceptors:       cfg.Interceptors.Copy(),
		// The official client v1.61.0 does not take this one; the
		// setting says what its user wants, so it is honoured.
		DisableClockSkewCorrection: cfg.DisableClockSkewCorrection,
	}
	if cfg.HTTPClient != nil {
		o.HTTPClient = cfg.HTTPClient
	}
	if cfg.Retryer != nil {
		o.Retryer = cfg.Retryer()
	}
	o.EndpointResolver = configEndpointResolver(cfg)
	if cfg.BaseEndpoint != nil {
		o.BaseEndpoint = *cfg.BaseEndpoint
	}
	o.BaseEndpoint = configuredEndpoint(cfg, o.BaseEndpoint)
	for _, src := range cfg.ConfigSources {
		if s, ok := src.(interface {
			GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error)
		}); ok && o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateUnset {
			if v, found, err := s.GetUseFIPSEndpoint(context.TODO()); err == nil && found {
				o.EndpointOptions.UseFIPSEndpoint = v
			}
		}
		if s, ok := src.(interface {
			GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error)
		}); ok && o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateUnset {
			if v, found, err := s.GetUseDualStackEndpoint(context.TODO()); err == nil && found {
				o.EndpointOptions.UseDualStackEndpoint = v
			}
		}
	}
	return New(o, func(o *Options) {
		for _, fn := range cfg.ServiceOptions {
			fn(ServiceID, o)
		}
		for _, fn := range optFns {
			fn(o)
		}
	})
}

// serviceEndpointSource is what config.EnvConfig and config.SharedConfig
// implement to give a service-specific endpoint.
type serviceEndpointSource interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

// configuredEndpoint applies the service-specific endpoint configuration the
// way the official client does: when AWS_ENDPOINT_URL is set but the
// service's own variable is not, BaseEndpoint is left as cfg gave it;
// otherwise the first config source that names an endpoint for the service
// wins.
func configuredEndpoint(cfg aws.Config, current string) string {
	_, global := os.LookupEnv("AWS_ENDPOINT_URL")
	_, service := os.LookupEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
	if global && !service {
		return current
	}
	for _, src := range cfg.ConfigSources {
		if s, ok := src.(interface {
			GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error)
		}); ok {
			if ignore, found, err := s.GetIgnoreConfiguredEndpoints(context.TODO()); err == nil && found {
				if ignore {
					return current
				}
				break
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		s, ok := src.(serviceEndpointSource)
		if !ok {
			continue
		}
		v, found, err := s.GetServiceBaseEndpoint(context.TODO(), ServiceID)
		if err != nil || !found {
			continue
		}
		return v
	}
	return current
}

// Options returns a copy of the client's options, with the defaults it
// resolved (the Retryer, the HTTP client and the credentials cache).
func (c *Client) Options() Options {
	return c.cfg.opts.Copy()
}

// newCallConfig resolves options into a callConfig. base, when not nil, is
// the client's own configuration, whose signer is reused.
func newCallConfig(o Options, base *callConfig) *callConfig {
	cc := &callConfig{}
	if o.HTTPClient == nil {
		o.HTTPClient = awshttp.NewBuildableClient()
	}
	if o.Credentials != nil && !isCache(o.Credentials) && !isAnonymous(o.Credentials) {
		o.Credentials = aws.NewCredentialsCache(o.Credentials)
	}
	if isAnonymous(o.Credentials) {
		o.Credentials = nil
	}
	switch {
	case o.Retryer == nil:
		o.Retryer = newRetryer(o)
	case base != nil && o.RetryMaxAttempts != 0 && o.RetryMaxAttempts != base.opts.RetryMaxAttempts:
		o.Retryer = awsretry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	case base == nil && o.RetryMaxAttempts != 0:
		o.Retryer = awsretry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if o.AttemptTimeout == 0 {
		o.AttemptTimeout = DefaultAttemptTimeout
	}
	if hc, ok := o.HTTPClient.(*http.Client); ok && (base == nil || HTTPClient(hc) != base.opts.HTTPClient) {
		o.HTTPClient = withoutRedirects(hc)
	}
	if base != nil {
		cc.skew = base.skew
	} else {
		cc.skew = new(atomic.Int64)
	}
	if o.AttemptTimeout > 0 {
		if base != nil && base.opts.AttemptTimeout == o.AttemptTimeout {
			cc.bound = base.bound
		} else {
			cc.bound = newAttemptBound(o.AttemptTimeout)
		}
	}
	cc.opts = o
	cc.logger = o.Logger
	if cc.logger == nil {
		cc.logger = logging.Nop{}
	}

	cc.unsupported = unsupportedSetting(&o)
	cc.intercepted = hasInterceptors(&o.Interceptors)
	if base != nil && sameProvider(base.opts.TracerProvider, o.TracerProvider) && sameProvider(base.opts.MeterProvider, o.MeterProvider) {
		cc.obs, cc.obsErr = base.obs, base.obsErr
	} else {
		cc.obs, cc.obsErr = newObserver(&o)
	}
	cc.staticEndpoint = staticEndpoint(&o)
	if cc.staticEndpoint {
		// No custom resolver: the endpoint rules give the same endpoint
		// to every call, so they run once. They need no context.
		if ep, err := resolveEndpoint(context.TODO(), &o); err != nil {
			cc.endpointErr = err
		} else {
			cc.endpoint = *ep
		}
	}

	switch {
	case o.HTTPSignerV4 != nil:
		cc.signer = o.HTTPSignerV4
	case base != nil && base.opts.HTTPSignerV4 == nil && base.opts.Logger == o.Logger && base.opts.ClientLogMode == o.ClientLogMode:
		cc.signer = base.signer
	default:
		cc.signer = v4.NewSigner(func(so *v4.SignerOptions) {
			so.Logger = signingLogger{cc.logger}
			so.LogSigning = o.ClientLogMode.IsSigning()
		})
	}
	cc.userAgent = []string{userAgent(o.AppID)}
	return cc
}

func newRetryer(o Options) aws.Retryer {
	if o.RetryMode == aws.RetryModeAdaptive {
		return retry.NewAdaptive(o.RetryMaxAttempts)
	}
	return retry.NewStandard(o.RetryMaxAttempts)
}

func isCache(p aws.CredentialsProvider) bool {
	_, ok := p.(*aws.CredentialsCache)
	return ok
}

func isAnonymous(p aws.CredentialsProvider) bool {
	switch p.(type) {
	case aws.AnonymousCredentials, *aws.AnonymousCredentials:
		return true
	}
	return false
}

// userAgent identifies this library in the form the AWS SDKs use.
func userAgent(appID string) string {
	var b strings.Builder
	b.WriteString("cognitopassword/")
	b.WriteString(Version)
	b.WriteString(" ua/2.1 os/")
	b.WriteString(runtime.GOOS)
	b.WriteString(" lang/go#")
	b.WriteString(strings.TrimPrefix(runtime.Version(), "go"))
	b.WriteString(" md/GOOS#")
	b.WriteString(runtime.GOOS)
	b.WriteString(" md/GOARCH#")
	b.WriteString(runtime.GOARCH)
	if appID != "" {
		b.WriteString(" app/")
		b.WriteString(appID)
	}
	return b.String()
}

// ErrOutcomeUnknown is matched (errors.Is) by the error of a call that may or
// may not have been carried out by the service: the request was written but
// the answer was a 5xx, an InternalErrorException, a timeout or a reset. The
// client does not repeat such calls for operations that send a message or
// burn a code or password; check the outcome instead (for example, try the
// new password). The error still unwraps to its cause.
var ErrOutcomeUnknown = errors.New("outcome unknown: the request may have been processed")

// ErrProcessed is matched (errors.Is) by the error of a call that the
// service carried out, as its 2xx status says, but whose response body could
// not be read or decoded (see [ProcessedError]). The call is never repeated:
// treat it as done (the password was set, the code was sent) and read
// whatever state you need back from the service.
var ErrProcessed = errors.New("processed: the service carried out the request but its response could not be read")

// ErrMissingCredentials is returned, before any I/O, by the signed
// operations (AdminResetUserPassword, AdminSetUserPassword) when the client
// has no credentials. The official client would send them unsigned.
var ErrMissingCredentials = errors.New("no credentials: admin operations must be SigV4-signed; set Options.Credentials or load them with config.LoadDefaultConfig")
