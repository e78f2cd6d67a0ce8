package cognitopassword

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"reflect"
	"sync/atomic"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// instrumentationScope names the tracer and the meter. It is the official
// client's, so that dashboards, alerts and sampling rules written for that
// client select this one's spans and metrics too.
const instrumentationScope = "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

// The auth scheme ids the official client records with the identity and
// signing metrics.
const (
	schemeSigV4  = "aws.auth#sigv4"
	schemeNoAuth = "smithy.api#noAuth"
)

// observer emits the spans and metrics of Options.TracerProvider and
// Options.MeterProvider, with the official client's names, kinds, units and
// attributes. A client with neither has a nil *observer, and every method
// of a nil *observer (and of the zero values it returns) does nothing, so
// that such a client pays one nil check per hook.
type observer struct {
	tracer tracing.Tracer // nil: no spans
	m      *callMetrics   // nil: no metrics
}

// callMetrics are the official client's operation and attempt
// instruments, created once per client (the official client creates them
// on every call).
type callMetrics struct {
	duration, serialize, identity, endpoint, signing, deserialize, attemptDuration metrics.Float64Histogram
	attempts, errors                                                               metrics.Int64Counter
	// The transport's, as smithy-go's ClientHandler records them.
	dnsLookup, connect, tlsHandshake, doRequest, firstByte metrics.Float64Histogram
	connUsage                                              metrics.Int64UpDownCounter
}

// newObserver returns the observer of o, nil when o sets neither provider
// (or sets the no-op ones), or the error of creating an instrument.
func newObserver(o *Options) (*observer, error) {
	obs := &observer{}
	if tp := o.TracerProvider; tp != nil && !isNopTracerProvider(tp) {
		obs.tracer = tp.Tracer(instrumentationScope)
	}
	if mp := o.MeterProvider; mp != nil && !isNopMeterProvider(mp) {
		m, err := newCallMetrics(mp.Meter(instrumentationScope))
		if err != nil {
			return nil, fmt.Errorf("MeterProvider: %w", err)
		}
		obs.m = m
	}
	if obs.tracer == nil && obs.m == nil {
		return nil, nil
	}
	return obs, nil
}

func isNopTracerProvider(tp tracing.TracerProvider) bool {
	switch tp.(type) {
	case tracing.NopTracerProvider, *tracing.NopTracerProvider:
		return true
	}
	return false
}

func isNopMeterProvider(mp metrics.MeterProvider) bool {
	switch mp.(type) {
	case metrics.NopMeterProvider, *metrics.NopMeterProvider:
		return true
	}
	return false
}

func newCallMetrics(meter metrics.Meter) (*callMetrics, error) {
	m := &callMetrics{}
	var errs []error
	timer := func(name, desc string) metrics.Float64Histogram {
		h, err := meter.Float64Histogram(name, func(o *metrics.InstrumentOptions) {
			o.UnitLabel = "s"
			o.Description = desc
		})
		errs = append(errs, err)
		return h
	}
	counter := func(name, unit, desc string) metrics.Int64Counter {
		c, err := meter.Int64Counter(name, func(o *metrics.InstrumentOptions) {
			o.UnitLabel = unit
			o.Description = desc
		})
		errs = append(errs, err)
		return c
	}
	m.duration = timer("client.call.duration",
		"Overall call duration (including retries and time to send or receive request and response body)")
	m.serialize = timer("client.call.serialization_duration", "The time it takes to serialize a message body")
	m.identity = timer("client.call.auth.resolve_identity_duration",
		"The time taken to acquire an identity (AWS credentials, bearer token, etc) from an Identity Provider")
	m.endpoint = timer("client.call.resolve_endpoint_duration",
		"The time it takes to resolve an endpoint (endpoint resolver, not DNS) for the request")
	m.signing = timer("client.call.auth.signing_duration", "The time it takes to sign a request")
	m.deserialize = timer("client.call.deserialization_duration", "The time it takes to deserialize a message body")
	m.attempts = counter("client.call.attempts", "{attempt}", "The number of attempts for an individual operation")
	m.errors = counter("client.call.errors", "{error}", "The number of errors for an operation")
	m.attemptDuration = timer("client.call.attempt_duration",
		"The time it takes to connect to the service, send the request, and get back HTTP status code and headers (including time queued waiting to be sent)")
	m.dnsLookup = timer("client.http.connections.dns_lookup_duration", "The time it takes a request to perform DNS lookup.")
	m.connect = timer("client.http.connections.acquire_duration", "The time it takes a request to acquire a connection.")
	m.tlsHandshake = timer("client.http.connections.tls_handshake_duration", "The time it takes an HTTP request to perform the TLS handshake.")
	usage, err := meter.Int64UpDownCounter("client.http.connections.usage", func(o *metrics.InstrumentOptions) {
		o.UnitLabel = "{connection}"
		o.Description = "Current state of connections pool."
	})
	errs = append(errs, err)
	m.connUsage = usage
	m.doRequest = timer("client.http.do_request_duration", "Time spent performing an entire HTTP transaction.")
	m.firstByte = timer("client.http.time_to_first_byte", "Time from start of transaction to when the first response byte is available.")
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// transportTimes times one attempt's HTTP transaction for the client.http.*
// metrics. net/http calls the hooks from its own goroutines, possibly after
// the attempt ended (a dial outlives a cancelled request), hence atomics.
type transportTimes struct {
	m                      *callMetrics
	ctx                    context.Context
	do, dns, connect, tlsS atomic.Int64 // start times, Unix nanoseconds
}

// traceTransport returns ctx with an httptrace.ClientTrace that records the
// client.http.* metrics (through httptrace.WithClientTrace, which also
// reaches the dialer's DNS and connect hooks), and what times the
// transaction; without metrics, ctx and nil.
func (o *observer) traceTransport(ctx context.Context) (context.Context, *transportTimes) {
	if o == nil || o.m == nil {
		return ctx, nil
	}
	t := &transportTimes{m: o.m, ctx: ctx}
	tr := &httptrace.ClientTrace{}
	stamp := func(v *atomic.Int64) { v.Store(time.Now().UnixNano()) }
	since := func(v *atomic.Int64) float64 { return float64(time.Now().UnixNano()-v.Load()) / 1e9 }
	usage := func(n int64) {
		t.m.connUsage.Add(ctx, n, func(o *metrics.RecordMetricOptions) { o.Properties.Set("state", "acquired") })
	}
	tr.DNSStart = func(httptrace.DNSStartInfo) { stamp(&t.dns) }
	tr.DNSDone = func(httptrace.DNSDoneInfo) { t.m.dnsLookup.Record(ctx, since(&t.dns)) }
	tr.ConnectStart = func(string, string) { stamp(&t.connect) }
	tr.ConnectDone = func(string, string, error) { t.m.connect.Record(ctx, since(&t.connect)) }
	tr.TLSHandshakeStart = func() { stamp(&t.tlsS) }
	tr.TLSHandshakeDone = func(tls.ConnectionState, error) { t.m.tlsHandshake.Record(ctx, since(&t.tlsS)) }
	tr.GotConn = func(httptrace.GotConnInfo) { usage(1) }
	tr.PutIdleConn = func(error) { usage(-1) }
	tr.GotFirstResponseByte = func() { t.m.firstByte.Record(ctx, since(&t.do)) }
	return httptrace.WithClientTrace(ctx, tr), t
}

// startDo marks the start of HTTPClient.Do.
func (t *transportTimes) startDo() {
	if t != nil {
		t.do.Store(time.Now().UnixNano())
	}
}

// endDo records client.http.do_request_duration.
func (t *transportTimes) endDo() {
	if t != nil {
		t.m.doRequest.Record(t.ctx, float64(time.Now().UnixNano()-t.do.Load())/1e9)
	}
}

// sameProvider reports whether two providers are the same value, without
// panicking on values of types that cannot be compared.
func sameProvider(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// phase is one observed step: a span and a duration metric. Its zero value
// does nothing.
type phase struct {
	obs    *observer
	ctx    context.Context
	span   tracing.Span
	hist   metrics.Float64Histogram
	op     *operation
	scheme string
	start  time.Time
}

// phaseKind is a step of a call that has a span and, but for the
// transport, a duration metric.
type phaseKind int

const (
	phaseSerialize phaseKind = iota
	phaseAuthScheme
	phaseIdentity
	phaseEndpoint
	phasePayloadHash
	phaseSigning
	phaseTransport
	phaseDeserialize
)

// spanNames are the official client's span names of the phases.
var spanNames = [...]string{
	phaseSerialize:   "OperationSerializer",
	phaseAuthScheme:  "ResolveAuthScheme",
	phaseIdentity:    "GetIdentity",
	phaseEndpoint:    "ResolveEndpoint",
	phasePayloadHash: "ComputePayloadSHA256",
	phaseSigning:     "SignRequest",
	phaseTransport:   "DoHTTPRequest",
	phaseDeserialize: "OperationDeserializer",
}

// histogram is the duration metric of a phase, or nil.
func (m *callMetrics) histogram(k phaseKind) metrics.Float64Histogram {
	switch k {
	case phaseSerialize:
		return m.serialize
	case phaseIdentity:
		return m.identity
	case phaseEndpoint:
		return m.endpoint
	case phaseSigning:
		return m.signing
	case phaseDeserialize:
		return m.deserialize
	}
	return nil
}

// startPhase starts the span of phase k as a child of ctx's span, and its
// timer; scheme, when not "", is recorded as auth.scheme_id.
func (o *observer) startPhase(ctx context.Context, op *operation, k phaseKind, scheme string) phase {
	if o == nil {
		return phase{}
	}
	p := phase{obs: o, ctx: ctx, op: op, scheme: scheme}
	if o.tracer != nil {
		_, p.span = o.tracer.StartSpan(ctx, spanNames[k])
	}
	if o.m != nil {
		if h := o.m.histogram(k); h != nil {
			p.hist, p.start = h, time.Now()
		}
	}
	return p
}

// setProperty sets a property of the phase's span.
func (p *phase) setProperty(k, v any) {
	if p.span != nil {
		p.span.SetProperty(k, v)
	}
}

// setTransportRequest sets the DoHTTPRequest span's request properties, as
// smithy-go's ClientHandler does. Callers check p.span first: the
// conversions to any would allocate on every call.
func (p *phase) setTransportRequest(req *http.Request) {
	p.setProperty("http.method", req.Method)
	p.setProperty("http.request_content_length", req.ContentLength)
}

// setTransportResult sets the DoHTTPRequest span's response properties, as
// smithy-go's ClientHandler does (zero values when there is no response).
func (p *phase) setTransportResult(resp *http.Response) {
	if resp == nil {
		resp = &http.Response{}
	}
	p.setProperty("net.protocol.version", fmt.Sprintf("%d.%d", resp.ProtoMajor, resp.ProtoMinor))
	p.setProperty("http.status_code", resp.StatusCode)
	p.setProperty("http.response_content_length", resp.ContentLength)
}

// end ends the span and records the duration.
func (p *phase) end() {
	if p.obs == nil {
		return
	}
	if p.span != nil {
		p.span.End()
		p.span = nil
	}
	if p.hist != nil {
		opts := []metrics.RecordMetricOption{p.op.metricOption}
		if p.scheme != "" {
			scheme := p.scheme
			opts = append(opts, func(o *metrics.RecordMetricOptions) { o.Properties.Set("auth.scheme_id", scheme) })
		}
		p.hist.Record(p.ctx, time.Since(p.start).Seconds(), opts...)
		p.hist = nil
	}
}

// callSpan is the observation of a whole call.
type callSpan struct {
	obs   *observer
	ctx   context.Context
	span  tracing.Span
	op    *operation
	start time.Time
}

// startCall starts the operation span "Cognito Identity Provider.<Operation>"
// (kind client, with rpc.system, rpc.method and rpc.service) and the call
// timer, and returns the context that carries the span and the tracer, as
// the official client's does.
func (o *observer) startCall(ctx context.Context, op *operation) (context.Context, callSpan) {
	if o == nil {
		return ctx, callSpan{}
	}
	c := callSpan{obs: o, op: op, start: time.Now()}
	if o.tracer != nil {
		ctx = tracing.WithOperationTracer(ctx, o.tracer)
		ctx, c.span = o.tracer.StartSpan(ctx, ServiceID+"."+op.name, func(so *tracing.SpanOptions) {
			so.Kind = tracing.SpanKindClient
			so.Properties.Set("rpc.system", "aws-api")
			so.Properties.Set("rpc.method", op.name)
			so.Properties.Set("rpc.service", ServiceID)
		})
	}
	c.ctx = ctx
	return ctx, c
}

// end records the call's outcome: err (the *smithy.OperationError, or nil)
// as the official client's error attributes, the span status, and the call
// duration.
func (c callSpan) end(err error) {
	if c.obs == nil {
		return
	}
	if c.span != nil {
		if err != nil {
			cause := err
			var opErr *smithy.OperationError
			if errors.As(err, &opErr) {
				cause = opErr.Err
			}
			c.span.SetProperty("exception.type", fmt.Sprintf("%T", cause))
			c.span.SetProperty("exception.message", cause.Error())
			var apiErr smithy.APIError
			if errors.As(cause, &apiErr) {
				c.span.SetProperty("api.error_code", apiErr.ErrorCode())
				c.span.SetProperty("api.error_message", apiErr.ErrorMessage())
				c.span.SetProperty("api.error_fault", apiErr.ErrorFault().String())
			}
		}
		c.span.SetProperty("error", err != nil)
		if err == nil {
			c.span.SetStatus(tracing.SpanStatusOK)
		} else {
			c.span.SetStatus(tracing.SpanStatusError)
		}
		c.span.End()
	}
	if c.obs.m != nil {
		c.obs.m.duration.Record(c.ctx, time.Since(c.start).Seconds(), c.op.metricOption)
	}
}

// attemptSpan is the observation of one attempt: the "Attempt" span (with
// operation.attempt), the attempt counter, the attempt duration and, on
// failure, the error counter with exception.type.
type attemptSpan struct {
	obs   *observer
	ctx   context.Context // the retry loop's context, for the metrics
	span  tracing.Span
	op    *operation
	start time.Time
}

// startAttempt starts attempt n and returns the context of its request.
func (o *observer) startAttempt(ctx context.Context, op *operation, n int) (context.Context, attemptSpan) {
	if o == nil {
		return ctx, attemptSpan{}
	}
	a := attemptSpan{obs: o, ctx: ctx, op: op, start: time.Now()}
	if o.tracer != nil {
		ctx, a.span = o.tracer.StartSpan(ctx, "Attempt", func(so *tracing.SpanOptions) {
			so.Properties.Set("operation.attempt", n)
		})
	}
	if o.m != nil {
		o.m.attempts.Add(a.ctx, 1, op.metricOption)
	}
	return ctx, a
}

// setRequestID records the service's request id on the attempt span, as
// the official client's RequestIDRetriever does.
func (a *attemptSpan) setRequestID(id string) {
	if a.span != nil && id != "" {
		a.span.SetProperty("aws.request_id", id)
	}
}

// end ends the attempt with its error (nil on success).
func (a *attemptSpan) end(err error) {
	if a.obs == nil {
		return
	}
	if a.obs.m != nil {
		opt := a.op.metricOption
		a.obs.m.attemptDuration.Record(a.ctx, time.Since(a.start).Seconds(), opt)
		if err != nil {
			errType := errorType(err)
			a.obs.m.errors.Add(a.ctx, 1, opt, func(o *metrics.RecordMetricOptions) {
				o.Properties.Set("exception.type", errType)
			})
		}
	}
	if a.span != nil {
		a.span.End()
	}
	a.obs = nil
}

// errorType is the exception.type of an error metric: the error code of an
// API error, else the error's Go type, as aws/retry records it.
func errorType(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return fmt.Sprintf("%T", err)
}

// startSpan starts a span that times no metric (RetryLoop).
func (o *observer) startSpan(ctx context.Context, name string) (context.Context, tracing.Span) {
	if o == nil || o.tracer == nil {
		return ctx, nil
	}
	return o.tracer.StartSpan(ctx, name)
}

// endSpan ends a span from startSpan.
func endSpan(s tracing.Span) {
	if s != nil {
		s.End()
	}
}

// resolvedEndpointProperty is the endpoint as the ResolveEndpoint span shows
// it, without any user information.
func resolvedEndpointProperty(ep *resolvedEndpoint) string {
	return redact.URL(ep.url.String())
}
