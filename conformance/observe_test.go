package conformance

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// span is what the fake tracer records of a span.
type span struct {
	name, parent string
	kind         tracing.SpanKind
	props        map[any]any
	status       tracing.SpanStatus
	t            *tracer
}

func (s *span) Name() string                            { return s.name }
func (s *span) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (s *span) AddEvent(string, ...tracing.EventOption) {}
func (s *span) End()                                    {}
func (s *span) SetStatus(st tracing.SpanStatus) {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.status = st
}
func (s *span) SetProperty(k, v any) {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.props[k] = v
}

// tracer is a TracerProvider that records spans.
type tracer struct {
	mu     sync.Mutex
	scopes []string
	spans  []*span
}

func (t *tracer) Tracer(scope string, _ ...tracing.TracerOption) tracing.Tracer {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scopes = append(t.scopes, scope)
	return t
}

func (t *tracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &span{name: name, kind: o.Kind, props: map[any]any{}, t: t}
	for k, v := range o.Properties.Values() {
		s.props[k] = v
	}
	if p, ok := tracing.GetSpan(ctx); ok {
		s.parent = p.Name()
	}
	t.mu.Lock()
	t.spans = append(t.spans, s)
	t.mu.Unlock()
	return tracing.WithSpan(ctx, s), s
}

// edges returns "parent > name" for every span, in order.
func (t *tracer) edges() []string {
	var e []string
	for _, s := range t.spans {
		e = append(e, s.parent+" > "+s.name)
	}
	return e
}

// meter is a MeterProvider that records instruments and values.
type meter struct {
	metrics.Meter
	mu     sync.Mutex
	scopes []string
	units  map[string]string
	values map[string][]map[any]any
}

type meterProvider struct{ m *meter }

func (p meterProvider) Meter(scope string, _ ...metrics.MeterOption) metrics.Meter {
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	p.m.scopes = append(p.m.scopes, scope)
	return p.m
}

func newMeter() *meter {
	return &meter{Meter: metrics.NopMeterProvider{}.Meter(""), units: map[string]string{}, values: map[string][]map[any]any{}}
}

type instr struct {
	m    *meter
	name string
}

func (m *meter) instr(name string, opts []metrics.InstrumentOption) instr {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.units[name] = o.UnitLabel
	return instr{m, name}
}

func (m *meter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return m.instr(name, opts), nil
}

func (m *meter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return m.instr(name, opts), nil
}

func (i instr) rec(opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	i.m.mu.Lock()
	defer i.m.mu.Unlock()
	i.m.values[i.name] = append(i.m.values[i.name], o.Properties.Values())
}

func (i instr) Record(_ context.Context, _ float64, opts ...metrics.RecordMetricOption) { i.rec(opts) }
func (i instr) Add(_ context.Context, _ int64, opts ...metrics.RecordMetricOption)      { i.rec(opts) }

// recordedMetrics are the metrics that got values, with how many each, its
// unit and the properties of its first value.
func (m *meter) recorded() map[string]string {
	out := map[string]string{}
	for name, vs := range m.values {
		keys := []string{}
		for k, v := range vs[0] {
			keys = append(keys, k.(string)+"="+toString(v))
		}
		sort.Strings(keys)
		count := " x" + itoa(len(vs))
		if strings.HasPrefix(name, "client.http.connections.") {
			// How many connections are dialed depends on connection
			// reuse, not on the metric: after an error response the
			// official client leaves the body unread and dials anew,
			// ours reads it and reuses the connection.
			count = ""
		}
		out[name] = m.units[name] + count + " " + join(keys)
	}
	return out
}

// officialOnlySpans are spans of the official client's middleware that
// this library has no step for.
var officialOnlySpans = map[string]bool{}

// unique returns the distinct strings of s, sorted. (The official client
// asks the providers for its tracer and meter on every call.)
func unique(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// TestSpansAndMetricsMatchTheOfficialClient sends a signed and an unsigned
// operation, a success and a retried throttle, through both clients with
// recording providers, and compares the span tree (names, parents, kinds,
// the attributes of the operation and attempt spans) and the metrics
// (names, units, how many values, attributes).
func TestSpansAndMetricsMatchTheOfficialClient(t *testing.T) {
	isolateFromEnvironment(t)
	srv := newScripted(t)
	for _, opName := range []string{"AdminSetUserPassword", "ForgotPassword"} {
		for _, replies := range [][]reply{
			{{Status: 200, Body: "{}"}},
			{{Status: 400, Body: `{"__type":"TooManyRequestsException","message":"slow down"}`}, {Status: 200, Body: "{}"}},
			{{Status: 400, Body: `{"__type":"UserNotFoundException","message":"User does not exist."}`}},
		} {
			t.Run(opName+" "+replies[0].Body, func(t *testing.T) {
				op := operationNamed(opName)
				ttr, otr := &tracer{}, &tracer{}
				tm, om := newMeter(), newMeter()
				theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL),
					Credentials: staticProvider(), HTTPClient: freshClient(t), Retryer: noDelay(),
					TracerProvider: ttr, MeterProvider: meterProvider{tm}})
				ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: srv.URL,
					Credentials: staticProvider(), HTTPClient: freshClient(t), Retryer: noDelay(),
					TracerProvider: otr, MeterProvider: meterProvider{om}})
				srv.script(replies)
				_, terr := op.theirs(context.Background(), theirs, minimalParams(opName))
				srv.script(replies)
				_, oerr := op.ours(context.Background(), ours, minimalParams(opName))
				assert.Equal(t, terr == nil, oerr == nil)

				assert.Equal(t, unique(ttr.scopes), unique(otr.scopes), "tracer scope")
				assert.Equal(t, unique(tm.scopes), unique(om.scopes), "meter scope")
				var official []string
				for _, e := range ttr.edges() {
					if !officialOnlySpans[e] {
						official = append(official, e)
					}
				}
				assert.Equal(t, official, otr.edges(), "span tree")
				require.NotEmpty(t, ttr.spans)
				require.NotEmpty(t, otr.spans)
				th, ou := ttr.spans[0], otr.spans[0]
				assert.Equal(t, th.kind, ou.kind)
				assert.Equal(t, th.status, ou.status)
				assert.Equal(t, keysOf(th.props), keysOf(ou.props), "operation span attributes")
				for _, k := range []string{"rpc.system", "rpc.service", "rpc.method", "error", "api.error_code", "api.error_message", "api.error_fault"} {
					assert.Equal(t, th.props[k], ou.props[k], k)
				}
				assert.Equal(t, attemptProps(ttr), attemptProps(otr), "attempt spans")
				assert.Equal(t, tm.units, om.units, "instruments and units")
				assert.Equal(t, tm.recorded(), om.recorded(), "metric values and attributes")
			})
		}
	}
}

// attemptProps are the attributes of the Attempt spans.
func attemptProps(t *tracer) []map[any]any {
	var out []map[any]any
	for _, s := range t.spans {
		if s.name == "Attempt" {
			out = append(out, s.props)
		}
	}
	return out
}

func keysOf(m map[any]any) []string {
	var k []string
	for key := range m {
		k = append(k, key.(string))
	}
	sort.Strings(k)
	return k
}

// noDelay is the standard retryer without backoff delays.
func noDelay() aws.Retryer {
	return awsretry.NewStandard(func(o *awsretry.StandardOptions) { o.Backoff = noBackoff })
}

// scripted is a server that answers with a script of replies, the last
// repeated, and a request id.
type scripted struct {
	*httptest.Server
	mu      sync.Mutex
	replies []reply
	n       int
}

func newScripted(t *testing.T) *scripted {
	s := &scripted{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		rep := s.replies[min(s.n, len(s.replies)-1)]
		s.n++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "req-"+strconv.Itoa(s.n))
		w.WriteHeader(rep.Status)
		_, _ = io.WriteString(w, rep.Body)
	}))
	t.Cleanup(s.Close)
	return s
}

// freshClient is an HTTP client with a connection pool of its own, so
// that each client dials (and records the connection metrics) alike.
func freshClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func (s *scripted) script(replies []reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies, s.n = replies, 0
}

func toString(v any) string { return fmt.Sprint(v) }
func itoa(n int) string     { return strconv.Itoa(n) }
func join(s []string) string {
	return strings.Join(s, ",")
}
