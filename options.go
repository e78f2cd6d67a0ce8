package cognitopassword

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// DefaultMaxResponseBytes is the default cap on the size of a response body
// that the client reads. Cognito's responses for these operations are a few
// hundred bytes; anything larger than this is refused with an error.
const DefaultMaxResponseBytes = 1 << 20

// DefaultAttemptTimeout is the default bound on one attempt
// ([Options.AttemptTimeout]). Cognito answers these operations in well
// under a second, but a ForgotPassword, ResendConfirmationCode or
// AdminResetUserPassword can wait for a custom message Lambda trigger, which
// Cognito gives 5 seconds and tries up to three times; 30 seconds leaves
// room for that and a slow network. The official client sets no such bound
// (its DefaultsMode settings bound only the dial, 1.1 to 3.1 s, and the TLS
// handshake), so a silent server holds its calls forever.
const DefaultAttemptTimeout = 30 * time.Second

// HTTPClient sends an HTTP request. *http.Client satisfies it.
//
// The client repeats a failed request of an operation that sends a message
// or burns a code or password only when facts about that request prove it
// never reached the service (see README, "Retries"): Do returned without
// reading the request body, or it reported through the request context's
// httptrace.ClientTrace WroteRequest hook that writing the request failed
// and never that it succeeded. net/http's transports do both; an HTTPClient
// of your own that reads the body and fails without calling that hook is
// treated as having maybe sent the request. A failure is never judged by
// its error's type or text.
//
// An HTTPClient must honour the request's context (it carries the caller's
// cancellation and the client's [Options.AttemptTimeout]), must not follow
// redirects, and must return a response (with Request set to the request it
// answers, or nil) or an error. A *http.Client given in Options is copied
// once, when the client is built, with a CheckRedirect that refuses every
// redirect; the caller's value is not changed. A 1xx or 3xx final status,
// or a response to another request than the one sent, is an error.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// EndpointOptions selects endpoint variants, as the official client's
// EndpointOptions (EndpointResolverOptions) do.
type EndpointOptions struct {
	// Logger is given to a v1 [EndpointResolver]. Default: Options.Logger.
	Logger logging.Logger
	// LogDeprecated is given to a v1 [EndpointResolver]; the client sets
	// it from ClientLogMode (LogDeprecatedUsage), as the official client
	// does.
	LogDeprecated bool
	// ResolvedRegion is given to a v1 [EndpointResolver] in place of the
	// region. The client sets it when Region is a FIPS pseudo-region
	// ("fips-us-east-1" gives "us-east-1"); do not set it yourself, as the
	// official client advises.
	ResolvedRegion string
	// DisableHTTPS sends the requests over plain http to the resolved
	// host (unless a v1 [EndpointResolver] marks its endpoint's host name
	// immutable), as in the official client. Default: false.
	DisableHTTPS bool
	// UseFIPSEndpoint selects a FIPS endpoint. Default: disabled.
	UseFIPSEndpoint aws.FIPSEndpointState
	// UseDualStackEndpoint selects a dual-stack (IPv4 and IPv6) endpoint.
	// Default: disabled.
	UseDualStackEndpoint aws.DualStackEndpointState
}

// HTTPSignerV4 signs a request with SigV4, as the official client's
// interface of the same name. *v4.Signer satisfies it.
type HTTPSignerV4 interface {
	SignHTTP(ctx context.Context, credentials aws.Credentials, r *http.Request, payloadHash string, service string, region string, signingTime time.Time, optFns ...func(*v4.SignerOptions)) error
}

// Options configures a [Client]. Fields mirror aws.Config and the official
// client's Options. The zero value of every field means "use the default".
//
// Options never prints its credentials or client secrets: the fmt verbs and
// log/slog show only whether they are set.
type Options struct {
	// Region is the AWS Region of the user pool, such as "eu-west-1". It
	// picks the endpoint and the SigV4 signing region. Required unless
	// BaseEndpoint is set (the signed operations need it always).
	Region string

	// BaseEndpoint overrides the resolved endpoint, for example
	// "http://127.0.0.1:9229" for a local emulator. A path prefix is kept.
	// Default: the endpoint that Region and EndpointOptions give.
	BaseEndpoint string

	// EndpointOptions selects FIPS and dual-stack endpoints.
	EndpointOptions EndpointOptions

	// Credentials signs AdminResetUserPassword and AdminSetUserPassword.
	// The other four operations are always sent unsigned and need none.
	// A provider that is not an *aws.CredentialsCache is wrapped in one.
	// Default: none, and the signed operations fail locally.
	Credentials aws.CredentialsProvider

	// HTTPClient sends the requests. Default: aws-sdk-go-v2's buildable
	// client (awshttp.NewBuildableClient), as the official client uses. See
	// [HTTPClient] for what one of your own must do; a *http.Client is
	// copied so that it follows no redirect.
	HTTPClient HTTPClient

	// AttemptTimeout bounds each attempt, from sending the request to
	// reading the whole response, so that a call ends on its own against a
	// server that never answers or answers a byte at a time. An attempt
	// that runs out is classified like any other timeout: retried when the
	// request surely went unsent; otherwise retried only by
	// AdminSetUserPassword, and the other operations fail with
	// [ErrOutcomeUnknown]. The caller's context still bounds the whole
	// call; when its deadline comes first, no separate bound is set.
	// Default: [DefaultAttemptTimeout]; a negative value disables the
	// bound.
	AttemptTimeout time.Duration

	// Retryer decides how often and how long to wait between attempts. The
	// client's own Cognito classification (see README, "Retries") decides
	// which failures may be retried at all; a Retryer can only narrow that.
	// Default: retry.NewStandard with that classification, its token bucket
	// and backoff.
	Retryer aws.Retryer

	// RetryMaxAttempts overrides the Retryer's maximum number of attempts,
	// counting the first. Default: 0, the Retryer's own (3 for standard).
	RetryMaxAttempts int

	// RetryMode selects the default Retryer when Retryer is nil: standard
	// or adaptive. Default: standard.
	RetryMode aws.RetryMode

	// Logger receives the logs that ClientLogMode asks for. Default: none.
	Logger logging.Logger

	// ClientLogMode selects what is logged: requests, responses, their
	// bodies, retries and signing. Bodies are logged with every sensitive
	// member redacted. Default: nothing.
	ClientLogMode aws.ClientLogMode

	// AppID is added to the User-Agent as "app/<AppID>". Default: none.
	AppID string

	// ClientID is the default app client id, used when an input leaves
	// ClientId empty. Default: none.
	ClientID string

	// RedactUsername hides Username in fmt and slog output of inputs, in
	// logged request bodies and in validation errors. Default: false, the
	// username stays visible because it is needed to debug.
	RedactUsername bool

	// MaxResponseBytes caps the response body that is read; a larger body
	// is an error. Default: [DefaultMaxResponseBytes].
	MaxResponseBytes int64

	// DisableClockSkewCorrection turns off clock skew correction, as the
	// official client's option of that name does. Without it the client
	// measures the skew between its clock and the service's from the Date
	// header of each response to a signed operation, remembers it for the
	// client (shared by its per-call copies), signs later requests with
	// it, and retries a signature rejection (InvalidSignatureException and
	// the other codes aws/retry lists) when the measured skew explains it,
	// for every operation: the service refused such a request unread.
	// Default: false.
	DisableClockSkewCorrection bool

	// DisableRegionCheck turns off the local check that a user pool id's
	// region prefix matches the region of the endpoint. Default: false
	// (checked when the endpoint, however resolved, is an AWS Cognito
	// host; never for other hosts, such as an emulator's).
	DisableRegionCheck bool

	// EndpointResolverV2 resolves the endpoint of each call from Region,
	// the FIPS and dual-stack flags and BaseEndpoint; see
	// [EndpointResolverV2]. The user pool region check applies to the host
	// it returns. Default: the service's endpoint rules
	// ([NewDefaultEndpointResolverV2]), resolved once per client.
	EndpointResolverV2 EndpointResolverV2

	// EndpointResolver is the deprecated v1 resolver; what it returns is
	// used ahead of BaseEndpoint and EndpointResolverV2, as in the
	// official client. NewFromConfig sets it from aws.Config's
	// EndpointResolverWithOptions or EndpointResolver. Default: none.
	//
	// Deprecated: set BaseEndpoint or EndpointResolverV2 instead.
	EndpointResolver EndpointResolver

	// HTTPSignerV4 signs AdminResetUserPassword and AdminSetUserPassword.
	// Default: a *v4.Signer that logs under ClientLogMode's LogSigning
	// with the session token masked.
	HTTPSignerV4 HTTPSignerV4

	// DefaultsMode selects the SDK's defaults for the connect and TLS
	// handshake timeouts of the default (or a *awshttp.BuildableClient)
	// HTTP client and the retry mode, as the official client applies
	// them when it is constructed (aws/defaults: standard and
	// cross-region 3.1 s, in-region 1.1 s, mobile 30 s; auto picks
	// in-region or cross-region from RuntimeEnvironment). Default:
	// legacy, which changes nothing.
	DefaultsMode aws.DefaultsMode

	// RuntimeEnvironment is what DefaultsMode auto decides from, as
	// config.LoadDefaultConfig fills it in. Default: empty.
	RuntimeEnvironment aws.RuntimeEnvironment

	// APIOptions are smithy middleware functions, as in the official
	// client. This library does not run a middleware stack yet: a call on
	// a client with any APIOptions fails with an
	// [*UnsupportedSettingError] naming APIOptions, rather than leaving
	// the middleware out silently.
	APIOptions []func(*middleware.Stack) error

	// Interceptors are smithy interceptors, run as the official client
	// v1.61.0 runs them: each hook at the same point of the call, with the
	// same InterceptorContext and context values, and the same error
	// semantics (see smithyhttp.InterceptorRegistry). Per-call option
	// functions may add interceptors for that call. Like the official
	// client's, interceptors see the caller's input, secrets included,
	// the serialized request (never its signed copy), and the response,
	// whose Request is the request as sent, signed; treat them as trusted
	// code. Request is shared by the attempts, and each attempt sends its
	// headers as they were when the attempt began, as in the official
	// client. This client sends only the headers of Request: an
	// interceptor that changes its method, URL, body or length fails the
	// call, before it is sent. An interceptor's error after a 2xx response
	// matches [ErrProcessed] and is never retried. Default: none, which
	// costs a call nothing.
	Interceptors smithyhttp.InterceptorRegistry

	// TracerProvider receives the spans of every call, with the official
	// client's names, nesting, kinds and attributes: the operation span
	// "Cognito Identity Provider.<Operation>" (kind client; rpc.system,
	// rpc.service, rpc.method, error and, on failure, exception.type,
	// exception.message, api.error_code, api.error_message and
	// api.error_fault), with OperationSerializer and RetryLoop (twice
	// nested, as there) under it and, per attempt, Attempt
	// (operation.attempt, aws.request_id) with ResolveAuthScheme,
	// GetIdentity, ResolveEndpoint, ComputePayloadSHA256 (signed
	// operations), SignRequest, DoHTTPRequest and OperationDeserializer.
	// The scope is the official client's module path, so that rules
	// written for it apply. For OpenTelemetry, use
	// smithyoteltracing.Adapt(tp). No secret reaches a span. Default:
	// none, which costs a call nothing.
	TracerProvider tracing.TracerProvider

	// MeterProvider receives the official client's metrics, with its
	// names, units and attributes: client.call.duration,
	// client.call.attempts, client.call.errors (exception.type),
	// client.call.attempt_duration, the serialization, deserialization,
	// endpoint resolution, identity and signing durations (rpc.service,
	// rpc.method, auth.scheme_id), and the transport's client.http.*
	// connection, request and first-byte durations. The instruments are
	// created once per client, under the official client's scope. For
	// OpenTelemetry, use smithyotelmetrics.Adapt(mp). Default: none,
	// which costs a call nothing.
	MeterProvider metrics.MeterProvider

	// resolvedDefaultsMode is DefaultsMode with auto resolved, set once
	// when the client is constructed, as in the official client.
	resolvedDefaultsMode aws.DefaultsMode

	// clientSecrets maps app client ids to their secrets; see
	// [WithClientSecret]. It is copied on write, never shared mutably.
	clientSecrets map[string]string

	// now is the clock used for signing; nil means time.Now. Tests set it.
	now func() time.Time
}

// WithClientSecret registers the secret of an app client, so that
// ForgotPassword, ConfirmForgotPassword and ResendConfirmationCode compute
// SECRET_HASH for that client id (see package secrethash). Call it once per app
// client. A secret is used only for its own client id.
func WithClientSecret(clientID, clientSecret string) func(*Options) {
	return func(o *Options) {
		m := make(map[string]string, len(o.clientSecrets)+1)
		for k, v := range o.clientSecrets {
			m[k] = v
		}
		m[clientID] = clientSecret
		o.clientSecrets = m
	}
}

// WithBaseEndpoint returns an option that sets BaseEndpoint.
func WithBaseEndpoint(endpoint string) func(*Options) {
	return func(o *Options) { o.BaseEndpoint = endpoint }
}

// String describes the options without credentials or secrets.
func (o Options) String() string {
	return fmt.Sprintf("{Region:%s BaseEndpoint:%s FIPS:%v DualStack:%v Credentials:%s HTTPClient:%s Retryer:%s RetryMaxAttempts:%d RetryMode:%s ClientLogMode:%d AppID:%s ClientID:%s ClientSecrets:%d RedactUsername:%v MaxResponseBytes:%d EndpointResolver:%s EndpointResolverV2:%s DefaultsMode:%s APIOptions:%d AttemptTimeout:%v DisableClockSkewCorrection:%v}",
		o.Region, redact.URL(o.BaseEndpoint), o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled,
		o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled,
		setOrNot(o.Credentials != nil), setOrNot(o.HTTPClient != nil), setOrNot(o.Retryer != nil),
		o.RetryMaxAttempts, o.RetryMode, o.ClientLogMode, o.AppID, o.ClientID, len(o.clientSecrets),
		o.RedactUsername, o.MaxResponseBytes, setOrNot(o.EndpointResolver != nil), setOrNot(o.EndpointResolverV2 != nil),
		o.DefaultsMode, len(o.APIOptions), o.AttemptTimeout, o.DisableClockSkewCorrection)
}

// GoString is String for %#v.
func (o Options) GoString() string { return "cognitopassword.Options" + o.String() }

// Format prints [Options.String] for every verb, so that no verb can reach
// the credentials provider or the client secrets.
func (o Options) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(o.GoString()))
		return
	}
	_, _ = f.Write([]byte(o.String()))
}

// LogValue implements slog.LogValuer without credentials or secrets.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("Region", o.Region),
		slog.String("BaseEndpoint", redact.URL(o.BaseEndpoint)),
		slog.Bool("Credentials", o.Credentials != nil),
		slog.String("AppID", o.AppID),
		slog.String("ClientID", o.ClientID),
		slog.Int("ClientSecrets", len(o.clientSecrets)),
	)
}

// MarshalJSON encodes what [Options.LogValue] shows, so that encoding/json
// (and log/slog's JSON handler, which uses it for nested values) cannot
// reach the credentials provider, the client secrets, or user information
// in BaseEndpoint.
func (o Options) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Region        string
		BaseEndpoint  string
		Credentials   bool
		AppID         string
		ClientID      string
		ClientSecrets int
	}{o.Region, redact.URL(o.BaseEndpoint), o.Credentials != nil, o.AppID, o.ClientID, len(o.clientSecrets)})
}

func setOrNot(b bool) string {
	if b {
		return "set"
	}
	return "unset"
}

// Copy returns a copy of the options that shares nothing mutable with o:
// APIOptions and Interceptors are copied, as the official client's Copy
// does (clientSecrets is copied on write by WithClientSecret).
func (o Options) Copy() Options {
	to := o
	if o.APIOptions != nil {
		to.APIOptions = append([]func(*middleware.Stack) error(nil), o.APIOptions...)
	}
	to.Interceptors = o.Interceptors.Copy()
	return to
}
