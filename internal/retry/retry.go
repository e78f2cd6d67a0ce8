// Package retry classifies failures of Cognito password operations for the
// retry loop: whether the request surely never reached the service, was
// throttled, may have been processed (outcome unknown), or failed for good.
//
// The classification is the client's own; the token bucket and backoff are
// aws-sdk-go-v2's (aws/retry.Standard).
package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
)

// Class is what a failure says about the request.
type Class uint8

// The classes of failure.
const (
	// Terminal failures are answers from the service (or local errors) that
	// a repetition cannot change: never retried.
	Terminal Class = iota
	// NotSent failures prove the request never reached the service: dial
	// refused, DNS, TLS handshake, a transport that never read the body, or
	// a failed write of the request. Retried for every operation.
	NotSent
	// Throttled failures are rate limiting (TooManyRequestsException, any
	// status): the service did not act on the request. Retried.
	Throttled
	// Ambiguous failures may have been processed: 5xx,
	// InternalErrorException, a timeout or reset after the request was
	// written. Retried only for operations whose repetition is harmless.
	Ambiguous
	// Canceled failures come from the caller's context: never retried.
	Canceled
)

// String names the class.
func (c Class) String() string {
	switch c {
	case NotSent:
		return "not sent"
	case Throttled:
		return "throttled"
	case Ambiguous:
		return "ambiguous"
	case Canceled:
		return "canceled"
	}
	return "terminal"
}

// throttleCodes are error codes that mean "slow down"; the service did not
// act on the request.
var throttleCodes = map[string]struct{}{
	"TooManyRequestsException":               {},
	"ThrottlingException":                    {},
	"Throttling":                             {},
	"ThrottledException":                     {},
	"RequestThrottledException":              {},
	"RequestLimitExceeded":                   {},
	"RequestThrottled":                       {},
	"SlowDown":                               {},
	"ProvisionedThroughputExceededException": {},
	"TransactionInProgressException":         {},
	"EC2ThrottledException":                  {},
	"PriorRequestNotComplete":                {},
}

// Classify returns the class of err. sent reports whether the request may
// have reached the service: false when the transport never read the body
// or its write of the request failed (see [WriteFailed]). A transport
// error with sent false surely did not reach the service.
func Classify(err error, sent bool) Class {
	if err == nil {
		return Terminal
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Canceled
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		code := apiErr.ErrorCode()
		if _, ok := throttleCodes[code]; ok {
			return Throttled
		}
		if code == "InternalErrorException" || code == "InternalServerError" || code == "ServiceUnavailable" {
			return Ambiguous
		}
		if status := statusOf(err); status == 429 {
			return Throttled
		} else if status >= 500 && apiErr.ErrorFault() != smithy.FaultClient {
			return Ambiguous
		}
		if apiErr.ErrorFault() == smithy.FaultServer {
			return Ambiguous
		}
		return Terminal
	}
	if status := statusOf(err); status != 0 {
		// A response came back but could not be decoded.
		switch {
		case status == 429:
			return Throttled
		case status >= 500:
			return Ambiguous
		}
		return Terminal
	}
	if neverReached(err) || !sent {
		return NotSent
	}
	return Ambiguous
}

// statusOf returns the HTTP status carried by err, or 0.
func statusOf(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// neverReached reports transport failures that happen before a request can
// be written: dialing, name resolution and the TLS handshake.
func neverReached(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var (
		certErr     *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
	)
	if errors.As(err, &certErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &invalidErr) {
		return true
	}
	return strings.Contains(err.Error(), "tls: handshake")
}

// WriteFailed reports whether err carries a failed write to the
// connection (a *net.OpError whose Op is "write"). net/http reports a
// failed write to the request it was writing (HTTP/1 carries one request at
// a time on a connection, and an HTTP/2 stream flushes its own frames), so
// such a failure means the request never went out in full, and a service
// does not act on a request that ends early. A failure to read the
// response is a "read" error and does not count.
func WriteFailed(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "write"
}

// IsErrorRetryable is the aws/retry classifier that the default Retryer
// uses: it allows throttled, not-sent and ambiguous failures and refuses the
// rest. The client vetoes ambiguous retries for operations that must not
// repeat before it consults the Retryer, so the Retryer need not know the
// operation.
func IsErrorRetryable(err error) aws.Ternary {
	switch Classify(err, true) {
	case Canceled, Terminal:
		return aws.FalseTernary
	}
	return aws.TrueTernary
}

// IsErrorThrottle reports throttling to aws/retry, so that backoff and token
// costs treat it as such.
func IsErrorThrottle(err error) aws.Ternary {
	if Classify(err, true) == Throttled {
		return aws.TrueTernary
	}
	return aws.FalseTernary
}

// NewStandard returns aws/retry's standard retryer (token bucket, jittered
// exponential backoff) with this package's classification.
func NewStandard(maxAttempts int) aws.Retryer {
	return awsretry.NewStandard(standardOptions(maxAttempts))
}

// NewAdaptive returns aws/retry's adaptive retryer (client-side rate
// limiting on top of the standard one) with this package's classification.
func NewAdaptive(maxAttempts int) aws.Retryer {
	return awsretry.NewAdaptiveMode(func(o *awsretry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, standardOptions(maxAttempts))
	})
}

// standardOptions sets the classification, and maxAttempts when positive.
func standardOptions(maxAttempts int) func(*awsretry.StandardOptions) {
	return func(o *awsretry.StandardOptions) {
		if maxAttempts > 0 {
			o.MaxAttempts = maxAttempts
		}
		o.Retryables = []awsretry.IsErrorRetryable{awsretry.IsErrorRetryableFunc(IsErrorRetryable)}
		o.Throttles = []awsretry.IsErrorThrottle{awsretry.IsErrorThrottleFunc(IsErrorThrottle)}
	}
}
