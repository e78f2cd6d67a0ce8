package cognitopassword

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/internal/retry"
)

// operation describes one API operation; one value per operation, built at
// package initialisation and never changed.
type operation struct {
	name string
	// target is the X-Amz-Target header value, as a ready header slice.
	target []string
	// signed operations are SigV4-signed and need credentials.
	signed bool
	// repeatable operations may be retried after an ambiguous failure: a
	// repetition sends no message and burns no code or password.
	repeatable bool
	// metricOption sets rpc.service and rpc.method on the metrics of the
	// operation (see observer).
	metricOption metrics.RecordMetricOption
	// secretResponse operations answer with secrets (tokens, sessions,
	// challenge parameters): their response bodies are logged masked and
	// never kept in an error's snapshot.
	secretResponse bool
	// errors lists the exceptions the service model gives the operation;
	// other codes decode as *smithy.GenericAPIError, as the official
	// client's do.
	errors []string
}

func newOperation(name string, signed, repeatable bool, errors ...string) *operation {
	return &operation{
		name:       name,
		target:     []string{"AWSCognitoIdentityProviderService." + name},
		signed:     signed,
		repeatable: repeatable,
		errors:     errors,
		metricOption: func(o *metrics.RecordMetricOptions) {
			o.Properties.Set("rpc.service", ServiceID)
			o.Properties.Set("rpc.method", name)
		},
	}
}

// secretOutput marks op as answering with secrets.
func (op *operation) secretOutput() *operation {
	op.secretResponse = true
	return op
}

// request is an operation input.
type request interface {
	// prepare returns the input to send, with defaults from the options
	// applied (a copy when anything changes; the caller's input is never
	// modified).
	prepare(cc *callConfig) request
	// validate checks the input against the service model.
	validate(cc *callConfig) error
	// encode writes the JSON body; with redact set, sensitive members are
	// replaced, for logging.
	encode(o *awsjson.Object, r redaction)
	// userPoolID is the pool the call targets, or "".
	userPoolID() string
}

// response is an operation output.
type response interface {
	decode(body []byte) error
	metadata() *middleware.Metadata
}

var (
	contentTypeHeader = []string{"application/x-amz-json-1.1"}
)

// config returns the configuration for one call.
func (c *Client) config(optFns []func(*Options)) *callConfig {
	if len(optFns) == 0 {
		return c.cfg
	}
	o := c.cfg.opts.Copy()
	for _, fn := range optFns {
		fn(&o)
	}
	return newCallConfig(o, c.cfg)
}

// invoke runs one operation: validate, encode, then attempts under the
// retry policy.
func (c *Client) invoke(ctx context.Context, op *operation, in request, out response, optFns []func(*Options)) error {
	if ctx == nil {
		return opError(op, errors.New("nil context"))
	}
	cc := c.config(optFns)
	if cc.obs == nil {
		if cc.obsErr != nil {
			return opError(op, cc.obsErr)
		}
		if cc.intercepted {
			return c.runIntercepted(ctx, cc, op, in, out)
		}
		return c.run(ctx, cc, op, in, out, nil)
	}
	ctx, call := cc.obs.startCall(ctx, op)
	var err error
	if cc.intercepted {
		err = c.runIntercepted(ctx, cc, op, in, out)
	} else {
		err = c.run(ctx, cc, op, in, out, nil)
	}
	call.end(err)
	return err
}

// run is invoke with the call's configuration, inside its span; ic runs
// the call's interceptors, and is nil when it has none.
func (c *Client) run(ctx context.Context, cc *callConfig, op *operation, in request, out response, ic *interception) error {
	in = in.prepare(cc)
	if err := in.validate(cc); err != nil {
		return opError(op, err)
	}
	if cc.unsupported != nil {
		return opError(op, cc.unsupported)
	}
	cc, err := cc.withEndpoint(ctx)
	if err != nil {
		return opError(op, fmt.Errorf("resolve endpoint: %w", err))
	}
	if err := checkPoolRegion(cc, in.userPoolID()); err != nil {
		return opError(op, err)
	}
	if op.signed && cc.opts.Credentials == nil {
		return opError(op, ErrMissingCredentials)
	}
	if err := ctx.Err(); err != nil {
		return opError(op, err)
	}

	if ic != nil {
		ctx = ic.stackContext(ctx, cc, op)
		if err := ic.beforeSerialization(ctx); err != nil {
			return opError(op, err)
		}
	}
	cs := new(callState)
	cs.o.Buf = cs.buf[:0]
	ser := cc.obs.startPhase(ctx, op, phaseSerialize, "")
	in.encode(&cs.o, redaction{})
	ser.end()
	body := cs.o.Buf
	// One string holds the invocation id and, when signed, the payload hash.
	var ids [36 + 64]byte
	putInvocationID(ids[:36])
	n := 36
	if op.signed {
		sum := sha256.Sum256(body)
		hex.Encode(ids[36:], sum[:])
		n += 64
	}
	idsString := string(ids[:n])
	invocationID, payloadHash := idsString[:36], idsString[36:]
	if ic != nil {
		if err := ic.serialized(ctx, cc, op, body, invocationID); err != nil {
			return opError(op, err)
		}
	}

	retryer := cc.opts.Retryer
	retryerV2, _ := retryer.(aws.RetryerV2)
	maxAttempts := retryer.MaxAttempts()
	releaseRetryToken := func(error) error { return nil }
	skewed := op.signed && !cc.opts.DisableClockSkewCorrection
	var skew time.Duration // the offset this attempt signs with
	if skewed {
		skew = time.Duration(cc.skew.Load())
	}
	// unknown is the latest failure of an attempt that may have been
	// processed; once set, every error of the call matches
	// ErrOutcomeUnknown and keeps it in its chain.
	var unknown error
	// att observes the current attempt (spans and metrics; see observer).
	var att attemptSpan
	fail := func(err error) error {
		att.end(err)
		if unknown == nil {
			return opError(op, err)
		}
		if err != unknown {
			err = errors.Join(err, unknown)
		}
		return opError(op, &OutcomeUnknownError{Err: err})
	}
	if cc.obs != nil {
		// Two, as the official client starts one in its spanRetryLoop
		// middleware and one in its retry middleware.
		var loop, inner tracing.Span
		ctx, loop = cc.obs.startSpan(ctx, "RetryLoop")
		ctx, inner = cc.obs.startSpan(ctx, "RetryLoop")
		defer endSpan(loop)
		defer endSpan(inner)
	}
	for attempt := 1; ; attempt++ {
		var octx context.Context // the attempt's context, with its span
		octx, att = cc.obs.startAttempt(ctx, op, attempt)
		var releaseAttempt func(error) error
		if retryerV2 != nil {
			// The adaptive retryer's rate limiter runs here, not in
			// GetInitialToken.
			release, err := retryerV2.GetAttemptToken(ctx)
			if err != nil {
				return fail(fmt.Errorf("get attempt token: %w", err))
			}
			releaseAttempt = release
		} else {
			releaseAttempt = retryer.GetInitialToken()
		}
		st := &cs.first
		if attempt > 1 {
			st = new(attemptState)
		}
		var resp *http.Response
		var data []byte
		var err error
		if ic != nil {
			if err = ic.beforeAttempt(octx, body); err != nil {
				// Nothing was sent; AfterAttempt does not run.
				st.unsent = true
			}
		}
		if err == nil {
			resp, data, err = c.attempt(octx, cc, op, st, body, payloadHash, invocationID, attempt, maxAttempts, in, skew, ic)
			if err == nil {
				err = decodeResponse(op, resp, data, out)
			}
			if ic != nil {
				err = ic.afterAttempt(octx, st, out, err)
			}
		}
		if cc.obs != nil {
			st.deser.end()
			if resp != nil {
				att.setRequestID(requestID(resp.Header))
			}
		}
		if skewed {
			if err != nil {
				err = retry.MarkClockSkew(err, st.skew, st.skewOK, skew)
			}
			if st.skewOK {
				skew = st.skew
				cc.skew.Store(int64(skew))
			}
		}
		_ = releaseRetryToken(err)
		_ = releaseAttempt(err)
		if err == nil {
			att.end(nil)
			return nil
		}
		if errors.Is(err, ErrProcessed) {
			// The service carried the call out: that outcome is known.
			att.end(err)
			return opError(op, err)
		}
		if errors.Is(err, errLocal) {
			return fail(err)
		}

		class := retry.Classify(err, st.unsent)
		if class == retry.Ambiguous {
			unknown = err
		}
		if ctx.Err() != nil {
			// The caller's context ended, a fact whatever the error says:
			// no more attempts. (A timeout of the HTTP client or of the
			// attempt bound is not the caller's, and is classified like
			// any other failure.)
			return fail(err)
		}
		retryable := class == retry.NotSent || class == retry.Throttled || class == retry.Skewed ||
			(class == retry.Ambiguous && op.repeatable)
		if !retryable || !retryer.IsErrorRetryable(err) {
			return fail(err)
		}
		if maxAttempts > 0 && attempt >= maxAttempts {
			maxErr := &awsretry.MaxAttemptsError{Attempt: attempt, Err: err}
			if unknown == err {
				unknown = maxErr
			}
			return fail(maxErr)
		}
		tokenRelease, tokenErr := retryer.GetRetryToken(ctx, err)
		if tokenErr != nil {
			joined := errors.Join(err, tokenErr)
			if unknown == err {
				unknown = joined
			}
			return fail(joined)
		}
		releaseRetryToken = tokenRelease
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil {
			return fail(fmt.Errorf("retry delay: %w", derr))
		}
		if cc.opts.ClientLogMode.IsRetries() {
			logging.WithContext(ctx, cc.logger).Logf(logging.Debug, "%s: retrying attempt %d after %v (%s): %v", op.name, attempt+1, delay, class, err)
		}
		if err := sleep(ctx, delay); err != nil {
			return fail(&aws.RequestCanceledError{Err: err})
		}
		att.end(err)
	}
}

// withEndpoint returns cc with the endpoint of this call: cc itself when
// the endpoint was resolved once for the client, otherwise a copy holding
// what the custom resolvers give for this call.
func (cc *callConfig) withEndpoint(ctx context.Context) (*callConfig, error) {
	if cc.staticEndpoint {
		return cc, cc.endpointErr
	}
	ep, err := resolveEndpoint(ctx, &cc.opts)
	if err != nil {
		return nil, err
	}
	c := *cc
	c.endpoint = *ep
	return &c, nil
}

// errLocal marks failures that happened before any I/O (credentials,
// signing); they are never retried.
var errLocal = errors.New("local failure")

type localError struct{ err error }

// Error returns the cause's message.
func (e *localError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *localError) Unwrap() error { return e.err }

// Is matches errLocal.
func (e *localError) Is(target error) bool { return target == errLocal }

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// callState is what a call keeps for its whole length, allocated at once:
// the body, its encoder, and the state of the first attempt (a retry
// allocates its own).
type callState struct {
	o     awsjson.Object
	buf   [256]byte // the body, unless it is larger
	first attemptState
}

// attemptState is what one attempt's request points to, allocated at once.
type attemptState struct {
	// body is the request body. A *bytes.Reader (behind io.NopCloser) is
	// one net/http knows to be in memory, so it writes headers and body
	// in one write; any other type costs a write of the headers alone.
	body         bytes.Reader
	url          url.URL // a copy: the signer sets RawQuery
	invocationID [1]string
	// Room for the values of the headers the signer sets.
	amzDate, securityToken, authorization [1]string
	// response holds the response body when it is small, as most are.
	response [512]byte
	// trace carries the hook through which net/http reports the write of
	// the request into facts.
	trace httptrace.ClientTrace
	facts retry.Facts
	// ctx is the request's context (see attemptCtx).
	ctx attemptCtx
	// unsent: the attempt failed and surely never reached the service.
	unsent bool
	// skew is the clock skew the response showed, when skewOK.
	skew   time.Duration
	skewOK bool
	// deser observes the reading and decoding of the response.
	deser phase
	// transmitting: the attempt reached the transmit step (interceptors'
	// BeforeTransmit); resp is the response it got, if any.
	transmitting bool
	resp         *http.Response
}

// wroteRequest is the attempt's httptrace WroteRequest hook.
func (st *attemptState) wroteRequest(info httptrace.WroteRequestInfo) {
	st.facts.WroteRequest(info.Err)
}

// sdkRequestValues holds the Amz-Sdk-Request header values for up to ten
// attempts, indexed by maximum and attempt, so that most attempts need not
// build one.
var sdkRequestValues = func() (t [11][][]string) {
	for max := 1; max < len(t); max++ {
		for attempt := 1; attempt <= max; attempt++ {
			t[max] = append(t[max], []string{formatSDKRequest(attempt, max)})
		}
	}
	return t
}()

func formatSDKRequest(attempt, max int) string {
	return "attempt=" + strconv.Itoa(attempt) + "; max=" + strconv.Itoa(max)
}

// sdkRequestHeader is the Amz-Sdk-Request header value of an attempt.
func sdkRequestHeader(attempt, max int) []string {
	if max > 0 && max < len(sdkRequestValues) && attempt >= 1 && attempt <= max {
		return sdkRequestValues[max][attempt-1]
	}
	return []string{formatSDKRequest(attempt, max)}
}

// attempt sends one request and returns the response and its body, read
// up to the cap and closed, or an error. It records in st whether a failed
// request surely went unsent and the clock skew the response shows. The
// request points into st, which must be fresh; skew is the offset added to
// the signing time.
func (c *Client) attempt(ctx context.Context, cc *callConfig, op *operation, st *attemptState, body []byte, payloadHash, invocationID string, attempt, maxAttempts int, in request, skew time.Duration, ic *interception) (*http.Response, []byte, error) {
	st.body.Reset(body)
	st.url = cc.endpoint.url
	st.invocationID[0] = invocationID
	var h http.Header
	if ic != nil {
		// The headers of the interceptors' request, as the attempt began.
		h = ic.header
	} else {
		h = make(http.Header, 8)
		h["Content-Type"] = contentTypeHeader
		h["X-Amz-Target"] = op.target
		h["User-Agent"] = cc.userAgent
		h["Amz-Sdk-Invocation-Id"] = st.invocationID[:]
		if v := lambdaTraceHeader(); v != nil {
			h["X-Amzn-Trace-Id"] = v
		}
	}
	h["Amz-Sdk-Request"] = sdkRequestHeader(attempt, maxAttempts)

	now := time.Now
	if cc.opts.now != nil {
		now = cc.opts.now
	}
	tctx, tt := cc.obs.traceTransport(ctx)
	actx, done := cc.attemptContext(tctx, st)
	defer done()

	base := http.Request{
		Method:        http.MethodPost,
		URL:           &st.url,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(&st.body),
		ContentLength: int64(len(body)),
		Host:          st.url.Host,
	}
	for k := range cc.endpoint.headers {
		h.Set(k, cc.endpoint.headers.Get(k))
	}
	req := base.WithContext(actx)

	scheme := schemeNoAuth
	if op.signed {
		scheme = schemeSigV4
	}
	if cc.obs != nil {
		as := cc.obs.startPhase(ctx, op, phaseAuthScheme, "")
		as.setProperty("auth.scheme_id", scheme)
		as.end()
	}
	idp := cc.obs.startPhase(ctx, op, phaseIdentity, scheme)
	var creds aws.Credentials
	if op.signed {
		var err error
		creds, err = cc.opts.Credentials.Retrieve(ctx)
		if err != nil {
			idp.end()
			return nil, nil, &localError{fmt.Errorf("retrieve credentials: %w", err)}
		}
	}
	idp.end()
	if cc.obs != nil {
		// The endpoint was resolved for the client (or for the call, with
		// a custom resolver); this is the attempt taking it.
		ep := cc.obs.startPhase(ctx, op, phaseEndpoint, "")
		ep.setProperty("client.call.resolved_endpoint", resolvedEndpointProperty(&cc.endpoint))
		ep.end()
		if op.signed {
			// The payload hash was computed once for the call.
			ph := cc.obs.startPhase(ctx, op, phasePayloadHash, "")
			ph.end()
		}
	}
	if ic != nil {
		if err := ic.beforeSigning(ctx); err != nil {
			st.unsent = true
			return nil, nil, err
		}
	}
	sig := cc.obs.startPhase(ctx, op, phaseSigning, scheme)
	if op.signed {
		// The signer sets each of its headers to append(h[k][:0], v): an
		// empty value with room saves it an allocation per header.
		h["X-Amz-Date"] = st.amzDate[:0]
		if creds.SessionToken != "" {
			h["X-Amz-Security-Token"] = st.securityToken[:0]
		}
		h["Authorization"] = st.authorization[:0]
		if err := cc.signer.SignHTTP(ctx, creds, req, payloadHash, cc.endpoint.signingName, cc.endpoint.signingRegion, now().Add(skew).UTC()); err != nil {
			sig.end()
			return nil, nil, &localError{fmt.Errorf("sign request: %w", err)}
		}
	}
	sig.end()
	if ic != nil {
		if err := ic.afterSigning(ctx); err != nil {
			st.unsent = true
			return nil, nil, err
		}
	}
	if cc.opts.ClientLogMode.IsRequest() || cc.opts.ClientLogMode.IsRequestWithBody() {
		logRequest(ctx, cc, req, in)
	}
	if ic != nil {
		st.transmitting = true
		if err := ic.beforeTransmit(ctx); err != nil {
			st.unsent = true
			return nil, nil, ic.beforeDeserialization(ctx, err)
		}
	}

	measureSkew := op.signed && !cc.opts.DisableClockSkewCorrection
	var sentAt time.Time
	if measureSkew {
		sentAt = now()
	}
	tp := cc.obs.startPhase(ctx, op, phaseTransport, "")
	if tp.span != nil {
		tp.setTransportRequest(req)
	}
	tt.startDo()
	resp, err := cc.opts.HTTPClient.Do(req)
	tt.endDo()
	if err == nil && resp == nil {
		err = errNoResponse
	}
	if tp.span != nil {
		tp.setTransportResult(resp)
	}
	tp.end()
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		// Whether the request surely never reached the service, from
		// facts about it (see package retry). net/http's transports are
		// done with the body when they return an error (HTTP/1 waits for
		// its writer; HTTP/2 for the stream, or for the body's close when
		// the context ends), as their own check of whether a body was
		// read relies on, so reading its position here races with
		// nothing.
		st.unsent = st.facts.Unsent(st.body.Len() < len(body))
		if ctx.Err() != nil {
			return nil, nil, &smithy.CanceledError{Err: &smithyhttp.RequestSendError{Err: err}}
		}
		return nil, nil, &smithyhttp.RequestSendError{Err: err}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if measureSkew {
		st.skew, st.skewOK = retry.MeasureSkew(resp.Header.Get("Date"), resp.Header.Get("Age") != "", sentAt, now())
	}
	if ic != nil {
		st.resp = resp
		err := ic.afterTransmit(ctx, resp)
		if err = ic.beforeDeserialization(ctx, err); err != nil {
			resp.Body.Close()
			resp.Body = http.NoBody
			return nil, nil, hookError(resp, err, true)
		}
	}
	if err := unexpectedResponse(req, resp); err != nil {
		// Closed unread: a 1xx body may be the connection itself.
		resp.Body.Close()
		resp.Body = http.NoBody
		return nil, nil, responseError(resp, err)
	}
	st.deser = cc.obs.startPhase(ctx, op, phaseDeserialize, "")
	data, err := readBody(resp.Body, cc.opts.MaxResponseBytes, st.response[:])
	resp.Body.Close()
	resp.Body = http.NoBody
	if err != nil {
		err = responseError(resp, &smithy.DeserializationError{Err: fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)})
		if success(resp) {
			err = &ProcessedError{Err: err}
		}
		return nil, nil, err
	}
	if cc.opts.ClientLogMode.IsResponse() || cc.opts.ClientLogMode.IsResponseWithBody() {
		logResponse(ctx, cc, op, resp, data)
	}
	return resp, data, nil
}

// errNoResponse is the failure of an HTTPClient that returned neither a
// response nor an error.
var errNoResponse = errors.New("the HTTP client returned neither a response nor an error")

// unexpectedResponse refuses a response that is no answer to the request:
// a 1xx status as the final answer (a 101 would hand over the connection),
// and a response to another request than the one sent, which is what an
// HTTPClient that followed a redirect returns. (A 3xx, never followed, is
// decoded as an error response, as the official client decodes it.)
func unexpectedResponse(req *http.Request, resp *http.Response) error {
	if resp.StatusCode < 200 {
		return fmt.Errorf("HTTP %d: an informational status is not an answer", resp.StatusCode)
	}
	if r := resp.Request; r != nil && r != req && (r.Method != req.Method || r.URL == nil ||
		r.URL.Host != req.URL.Host || r.URL.Path != req.URL.Path) {
		return fmt.Errorf("HTTP %d: the HTTP client answered with the response to another request (%s %s), as one that follows redirects does", resp.StatusCode, r.Method, redact.URL(r.URL.String()))
	}
	return nil
}

// ErrResponseTooLarge is wrapped by the error of a call whose response body
// exceeded Options.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("response body too large")

// readBody reads at most max bytes; more is an error. A body that ends
// early (a connection closed before Content-Length bytes arrived) is an
// error too, however short, rather than a complete body.
//
// The body is read into buf first, and the result is buf when it fits.
func readBody(r io.Reader, max int64, buf []byte) ([]byte, error) {
	// Read buf by hand rather than with io.ReadFull, which reports a short
	// first read and a body cut short alike as io.ErrUnexpectedEOF.
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			if int64(n) > max {
				return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, max)
			}
			return buf[:n], nil
		}
		if err != nil {
			return nil, fmt.Errorf("read response body: %w", err)
		}
	}
	if int64(n) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, max)
	}
	rest, err := io.ReadAll(io.LimitReader(r, max-int64(n)+1))
	if err != nil {
		return nil, fmt.Errorf("read response body: %w", err)
	}
	if int64(n+len(rest)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, max)
	}
	return append(buf[:n:n], rest...), nil
}

// responseError wraps an error that came with a response the way the
// official client does, so that errors.As reaches *awshttp.ResponseError
// (status and request id).
//
// The response's Request becomes a copy without body or context whose
// Authorization and X-Amz-Security-Token values are masked, so that no
// verb of fmt reaches them through the error.
func responseError(resp *http.Response, err error) error {
	if resp.Request != nil {
		resp.Request = sanitizedRequest(resp.Request)
	}
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: err},
		RequestID:     requestID(resp.Header),
	}
}

// sanitizedRequest is a copy of r to keep in an error: method, URL
// without user information, protocol, host, length and headers, the
// sensitive ones masked; no body, no context.
func sanitizedRequest(r *http.Request) *http.Request {
	h := make(http.Header, len(r.Header))
	for k, v := range r.Header {
		if sensitiveHeaders[k] {
			masked := make([]string, len(v))
			for i := range v {
				masked[i] = maskHeader(k, v[i])
			}
			v = masked
		} else {
			v = append([]string(nil), v...)
		}
		h[k] = v
	}
	var u *url.URL
	if r.URL != nil {
		c := *r.URL
		c.User = nil
		u = &c
	}
	return &http.Request{
		Method: r.Method, URL: u, Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
		Header: h, ContentLength: r.ContentLength, Host: r.Host,
	}
}

// decodeResponse turns a response into the output or an error.
func decodeResponse(op *operation, resp *http.Response, data []byte, out response) error {
	if !success(resp) {
		return responseError(resp, decodeError(op, resp, data))
	}
	if err := out.decode(data); err != nil {
		var snap []byte
		if !op.secretResponse {
			snap = snapshot(data)
		}
		return &ProcessedError{Err: responseError(resp, &smithy.DeserializationError{Err: err, Snapshot: snap})}
	}
	if id := requestID(resp.Header); id != "" {
		awsmiddleware.SetRequestIDMetadata(out.metadata(), id)
	}
	return nil
}

// success reports a 2xx status: the service carried the request out.
func success(resp *http.Response) bool {
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

// requestID is the service's request id: x-amzn-requestid, else
// x-amz-requestid, as the official client reads it.
func requestID(h http.Header) string {
	if id := h.Get("X-Amzn-Requestid"); id != "" {
		return id
	}
	return h.Get("X-Amz-Requestid")
}

// snapshot is the start of a body, for a DeserializationError.
func snapshot(data []byte) []byte {
	if len(data) > 1024 {
		data = data[:1024]
	}
	return append([]byte(nil), data...)
}

// opError wraps err as the official client does.
func opError(op *operation, err error) error {
	return &smithy.OperationError{ServiceID: ServiceID, OperationName: op.name, Err: err}
}

// OutcomeUnknownError is the error of a call that may have been processed.
// It matches [ErrOutcomeUnknown] and unwraps to the failure.
type OutcomeUnknownError struct {
	Err error
}

// Error says that the outcome is unknown, and why.
func (e *OutcomeUnknownError) Error() string {
	return "outcome unknown, the request may have been processed: " + e.Err.Error()
}

// Unwrap returns the failure.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// ProcessedError is the error of a call that the service carried out (it
// answered with a 2xx status) but whose response body could not be read or
// decoded: cut short, too large, malformed, or the context ended while it
// was being read; or an interceptor (Options.Interceptors) failed after such
// a response. It matches [ErrProcessed], is never retried, and unwraps to
// the failure (a *smithy.DeserializationError under an
// *awshttp.ResponseError, for the status and request id; or the
// interceptor's error).
type ProcessedError struct {
	Err error
}

// Error says that the call was processed, and why its output is missing.
func (e *ProcessedError) Error() string {
	return "processed, but the response could not be read: " + e.Err.Error()
}

// Unwrap returns the failure.
func (e *ProcessedError) Unwrap() error { return e.Err }

// Is matches ErrProcessed.
func (e *ProcessedError) Is(target error) bool { return target == ErrProcessed }

// putInvocationID writes a random version-4 UUID, 36 bytes, to s. It
// identifies one call across its attempts; it need not be unpredictable.
func putInvocationID(s []byte) {
	var b [16]byte
	a, c := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		b[i] = byte(a >> (8 * i))
		b[8+i] = byte(c >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	_ = s[35]
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:])
}

// withoutRedirects returns a shallow copy of c whose CheckRedirect refuses
// every redirect, so that the 3xx itself comes back (and is an error); c is
// not changed.
func withoutRedirects(c *http.Client) *http.Client {
	cp := *c
	cp.CheckRedirect = refuseRedirect
	return &cp
}

// refuseRedirect is the CheckRedirect of every *http.Client the client
// uses.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
