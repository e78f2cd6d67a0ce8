package cognitopassword

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
)

// DefaultMaxResponseBytes is the default cap on the size of a response body
// that the client reads. Cognito's responses for these operations are a few
// hundred bytes; anything larger than this is refused with an error.
const DefaultMaxResponseBytes = 1 << 20

// HTTPClient sends an HTTP request. *http.Client satisfies it.
//
// The client treats a failed Do as proof that the request never reached
// the service, and so safe to repeat for every operation, only when Do
// returned without reading the request body or its error carries a
// *net.OpError whose Op is "write". An HTTPClient of your own that reads
// the body and then fails is treated as having maybe sent it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// EndpointOptions selects endpoint variants, as in aws.Config.
type EndpointOptions struct {
	// UseFIPSEndpoint selects a FIPS endpoint. Default: disabled.
	UseFIPSEndpoint aws.FIPSEndpointState
	// UseDualStackEndpoint selects a dual-stack (IPv4 and IPv6) endpoint.
	// Default: disabled.
	UseDualStackEndpoint aws.DualStackEndpointState
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
	// client (awshttp.NewBuildableClient), as the official client uses.
	HTTPClient HTTPClient

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

	// DisableRegionCheck turns off the local check that a user pool id's
	// region prefix matches Region. Default: false (checked when the
	// endpoint is the default AWS one).
	DisableRegionCheck bool

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
	return fmt.Sprintf("{Region:%s BaseEndpoint:%s FIPS:%v DualStack:%v Credentials:%s HTTPClient:%s Retryer:%s RetryMaxAttempts:%d RetryMode:%s ClientLogMode:%d AppID:%s ClientID:%s ClientSecrets:%d RedactUsername:%v MaxResponseBytes:%d}",
		o.Region, o.BaseEndpoint, o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled,
		o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled,
		setOrNot(o.Credentials != nil), setOrNot(o.HTTPClient != nil), setOrNot(o.Retryer != nil),
		o.RetryMaxAttempts, o.RetryMode, o.ClientLogMode, o.AppID, o.ClientID, len(o.clientSecrets),
		o.RedactUsername, o.MaxResponseBytes)
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
		slog.String("BaseEndpoint", o.BaseEndpoint),
		slog.Bool("Credentials", o.Credentials != nil),
		slog.String("AppID", o.AppID),
		slog.String("ClientID", o.ClientID),
		slog.Int("ClientSecrets", len(o.clientSecrets)),
	)
}

func setOrNot(b bool) string {
	if b {
		return "set"
	}
	return "unset"
}

// Copy returns a copy of the options that shares nothing mutable with o.
func (o Options) Copy() Options {
	return o // clientSecrets is copied on write by WithClientSecret
}
