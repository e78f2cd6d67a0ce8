package cognitopassword

import (
	"errors"
	"net"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/defaults"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// ErrUnsupportedSetting is matched (errors.Is) by the error of a call on a
// client whose configuration asks for something this library does not do,
// so that no setting is dropped silently. See [UnsupportedSettingError].
var ErrUnsupportedSetting = errors.New("unsupported setting")

// UnsupportedSettingError is the error, returned before any I/O, of a call
// on a client configured with a setting that this library cannot honour.
// It matches [ErrUnsupportedSetting].
type UnsupportedSettingError struct {
	// Setting names the field, such as "APIOptions".
	Setting string
	// Reason says what is missing and what to do instead.
	Reason string
}

// Error names the setting and why it is refused.
func (e *UnsupportedSettingError) Error() string {
	return "unsupported setting " + e.Setting + ": " + e.Reason
}

// Is matches ErrUnsupportedSetting.
func (e *UnsupportedSettingError) Is(target error) bool { return target == ErrUnsupportedSetting }

// unsupportedSetting returns the error of the first setting of o that the
// client cannot honour, or nil.
func unsupportedSetting(o *Options) error {
	if len(o.APIOptions) > 0 {
		return &UnsupportedSettingError{Setting: "APIOptions", Reason: "smithy middleware is not run by this client; " +
			"remove it (also from aws.Config.APIOptions) or use the official client for calls that need it"}
	}
	return nil
}

// resolveDefaultsMode sets o.resolvedDefaultsMode once, when the client is
// constructed, as the official client's setResolvedDefaultsMode does: auto
// is resolved from Region and RuntimeEnvironment by aws/defaults.
func resolveDefaultsMode(o *Options) {
	if o.resolvedDefaultsMode != "" {
		return
	}
	var mode aws.DefaultsMode
	mode.SetFromString(string(o.DefaultsMode))
	if mode == aws.DefaultsModeAuto {
		mode = defaults.ResolveDefaultsModeAuto(o.Region, o.RuntimeEnvironment)
	}
	o.resolvedDefaultsMode = mode
}

// applyDefaultsMode applies the resolved defaults mode to the HTTP client
// and the retry mode as the official client's resolveHTTPClient and
// resolveRetryer do: the connect and TLS handshake timeouts go to the
// default client or to a *awshttp.BuildableClient (another HTTPClient is
// left alone), and the mode's retry mode is used when RetryMode is empty
// and no Retryer is set. The legacy mode (the default) has no
// configuration and changes nothing.
func applyDefaultsMode(o *Options) {
	mc, err := defaults.GetModeConfiguration(o.resolvedDefaultsMode)
	if err != nil {
		return
	}
	if o.Retryer == nil && o.RetryMode == "" {
		o.RetryMode = mc.RetryMode
	}
	var buildable *awshttp.BuildableClient
	switch c := o.HTTPClient.(type) {
	case nil:
		buildable = awshttp.NewBuildableClient()
	case *awshttp.BuildableClient:
		buildable = c
	default:
		return
	}
	if d, ok := mc.GetConnectTimeout(); ok {
		buildable = buildable.WithDialerOptions(func(dialer *net.Dialer) { dialer.Timeout = d })
	}
	if d, ok := mc.GetTLSNegotiationTimeout(); ok {
		buildable = buildable.WithTransportOptions(func(t *http.Transport) { t.TLSHandshakeTimeout = d })
	}
	o.HTTPClient = buildable
}
