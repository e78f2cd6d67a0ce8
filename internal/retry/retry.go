// Package retry classifies failures of Cognito password operations for the
// retry loop: whether the request surely never reached the service, was
// throttled or rejected unread, may have been processed (outcome unknown), or
// failed for good.
//
// The classification is the client's own; the token bucket, backoff and
// adaptive rate limiting are aws-sdk-go-v2's (aws/retry).
//
// # When a request surely did not reach the service
//
// A failed attempt is unsent only on facts recorded about that very request
// while it was sent ([Facts]), never on an error's type or text: a write or
// TLS error can belong to another request on the same connection (HTTP/2
// hands a failed PING acknowledgement to every stream), and a peer can put
// any text it likes into an error message. The facts are:
//
//   - The transport never read the request body. net/http reads it only
//     once it holds a connection for the request, so a failed dial, DNS
//     lookup, proxy CONNECT or TLS handshake leaves it unread.
//   - net/http reported, through the request's httptrace.ClientTrace
//     WroteRequest hook, that writing the request failed, and never that
//     writing it succeeded. Over HTTP/2 the hook reports success only once
//     the DATA frame carrying END_STREAM was flushed, and an error
//     otherwise. Over HTTP/1 it reports the outcome of writing the request
//     into the connection's buffered writer, which flushes to the
//     connection as it fills; the final flush comes after the hook. So an
//     error means the end of the request never reached the connection, and
//     the service does not act on a request cut short of its
//     Content-Length; but a success proves nothing over HTTP/1, and a
//     failure of the final flush (for a request that fits the buffer, as
//     these do, the only flush) is ambiguous.
//
// Any other failure without a response (a reset, an EOF, a TLS record
// error, a timeout, a lost HTTP/2 connection) after the request may have
// been written is ambiguous. Whether the caller's context ended is a fact
// too, checked by the client, not read from the error: a timeout of the
// HTTP client or of the client's own attempt bound is not the caller's
// cancellation.
package retry

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Class is what a failure says about the request.
type Class uint8

// The classes of failure.
const (
	// Terminal failures are answers from the service (or local errors) that
	// a repetition cannot change: never retried.
	Terminal Class = iota
	// NotSent failures come from requests that the facts prove never
	// reached the service in full (see the package doc). Retried for every
	// operation.
	NotSent
	// Throttled failures are rate limiting (TooManyRequestsException, any
	// status): the service did not act on the request. Retried.
	Throttled
	// Ambiguous failures may have been processed: 5xx,
	// InternalErrorException, a 1xx as the final answer, a timeout or
	// reset after the request may have been written. Retried only for
	// operations whose repetition is harmless.
	Ambiguous
	// Skewed failures are signature rejections caused by a clock skew that
	// the client has just measured ([ClockSkewError]): the service refused
	// the request unread. Retried for every operation, re-signed with the
	// measured offset.
	Skewed
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
	case Skewed:
		return "clock skew"
	}
	return "terminal"
}

// Facts are what is known about one attempt's request. The transport's
// hooks may run on other goroutines, so the fields are atomic.
type Facts struct {
	written, writeFailed atomic.Bool
}

// WroteRequest records the outcome net/http reports through the
// httptrace.ClientTrace WroteRequest hook.
func (f *Facts) WroteRequest(err error) {
	if err != nil {
		f.writeFailed.Store(true)
	} else {
		f.written.Store(true)
	}
}

// Unsent reports whether the request surely never reached the service in
// full: bodyRead is whether the transport read any of its body.
func (f *Facts) Unsent(bodyRead bool) bool {
	return !bodyRead || (f.writeFailed.Load() && !f.written.Load())
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

// Classify returns the class of err. Whether the caller's context ended is
// for the client to check: it stops retrying then, whatever the class. unsent is [Facts.Unsent] for a failure
// without a response; a failure with a response is classified by the
// response.
func Classify(err error, unsent bool) Class {
	if err == nil {
		return Terminal
	}
	var skew *ClockSkewError
	if errors.As(err, &skew) {
		return Skewed
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
		case status >= 500, status < 200:
			return Ambiguous
		}
		return Terminal
	}
	if unsent {
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

// SkewThreshold is how far the signing time may be from the server's
// before a signature rejection counts as clock skew, as in aws/retry.
const SkewThreshold = 4 * time.Minute

// maxTrustedRoundTrip bounds the round trip whose response Date is trusted
// for a skew measurement, as in aws/middleware.
const maxTrustedRoundTrip = 15 * time.Minute

// clockSkewCodes are the error codes that a skewed signing time can cause,
// as aws/retry lists them; each counts only when the measured skew is over
// the threshold.
var clockSkewCodes = map[string]struct{}{
	"InvalidSignatureException": {},
	"SignatureDoesNotMatch":     {},
	"AuthFailure":               {},
	"RequestTimeTooSkewed":      {},
	"AccessDeniedException":     {},
}

// MeasureSkew is the clock skew a response shows, as aws/middleware's
// RecordResponseTiming measures it: the server's Date minus the time the
// response arrived. ok is false without a parsable Date, for a cached
// response (an Age header) or after a round trip too long to trust.
func MeasureSkew(date string, cached bool, sentAt, receivedAt time.Time) (skew time.Duration, ok bool) {
	if date == "" || cached || receivedAt.Sub(sentAt) > maxTrustedRoundTrip {
		return 0, false
	}
	server, err := smithyhttp.ParseTime(date)
	if err != nil {
		return 0, false
	}
	return server.Sub(receivedAt), true
}

// ClockSkewError marks a signature rejection that a clock skew explains:
// the signing time was more than [SkewThreshold] from the server's. It
// unwraps to the rejection.
type ClockSkewError struct {
	Err error
}

// Error says that the rejection is probably clock skew.
func (e *ClockSkewError) Error() string { return "probable clock skew: " + e.Err.Error() }

// Unwrap returns the rejection.
func (e *ClockSkewError) Unwrap() error { return e.Err }

// MarkClockSkew returns err as a [*ClockSkewError] when its code is one a
// skew causes and the attempt's signing offset (attemptSkew) differs from
// the measured one by more than the threshold, as aws/retry decides it;
// otherwise err unchanged.
func MarkClockSkew(err error, measured time.Duration, measuredOK bool, attemptSkew time.Duration) error {
	if !measuredOK {
		return err
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	if _, ok := clockSkewCodes[apiErr.ErrorCode()]; !ok {
		return err
	}
	d := attemptSkew - measured
	if d < 0 {
		d = -d
	}
	if d > SkewThreshold {
		return &ClockSkewError{Err: err}
	}
	return err
}

// IsErrorRetryable is the aws/retry classifier that the default Retryer
// uses: it allows throttled, not-sent, skewed and ambiguous failures and
// refuses the rest. The client vetoes ambiguous retries for operations that
// must not repeat, and stops on the caller's cancellation, before it
// consults the Retryer, so the Retryer need not know either.
func IsErrorRetryable(err error) aws.Ternary {
	if Classify(err, false) == Terminal {
		return aws.FalseTernary
	}
	return aws.TrueTernary
}

// IsErrorThrottle reports throttling to aws/retry, so that backoff, token
// costs and the adaptive rate limiter treat it as such.
func IsErrorThrottle(err error) aws.Ternary {
	if Classify(err, false) == Throttled {
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
