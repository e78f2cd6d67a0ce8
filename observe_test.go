//lint:file-ignore SA1019 a deprecated v1 endpoint resolver is part of what is tested

package cognitopassword

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedSpan is a span the fake tracer recorded.
type recordedSpan struct {
	name   string
	kind   tracing.SpanKind
	parent *recordedSpan
	props  map[any]any
	status tracing.SpanStatus
	ended  bool
	t      *fakeTracer
}

func (s *recordedSpan) Name() string                            { return s.name }
func (s *recordedSpan) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (s *recordedSpan) AddEvent(string, ...tracing.EventOption) {}
func (s *recordedSpan) SetStatus(st tracing.SpanStatus) {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.status = st
}
func (s *recordedSpan) SetProperty(k, v any) {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.props[k] = v
}
func (s *recordedSpan) End() {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.ended = true
}

// path is the span's name under its ancestors', such as
// "Cognito Identity Provider.ForgotPassword/RetryLoop/Attempt".
func (s *recordedSpan) path() string {
	if s.parent == nil {
		return s.name
	}
	return s.parent.path() + "/" + s.name
}

// fakeTracer is a TracerProvider and Tracer that records its spans.
type fakeTracer struct {
	mu     sync.Mutex
	scopes []string
	spans  []*recordedSpan
}

func (t *fakeTracer) Tracer(scope string, _ ...tracing.TracerOption) tracing.Tracer {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scopes = append(t.scopes, scope)
	return t
}

func (t *fakeTracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &recordedSpan{name: name, kind: o.Kind, props: map[any]any{}, t: t}
	for k, v := range o.Properties.Values() {
		s.props[k] = v
	}
	if p, ok := tracing.GetSpan(ctx); ok {
		s.parent, _ = p.(*recordedSpan)
	}
	t.mu.Lock()
	t.spans = append(t.spans, s)
	t.mu.Unlock()
	return tracing.WithSpan(ctx, s), s
}

func (t *fakeTracer) paths() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var p []string
	for _, s := range t.spans {
		p = append(p, s.path())
	}
	return p
}

func (t *fakeTracer) named(name string) []*recordedSpan {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*recordedSpan
	for _, s := range t.spans {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// recordedValue is one value a fake instrument recorded.
type recordedValue struct {
	metric string
	value  float64
	props  map[any]any
}

// fakeMeter is a MeterProvider and Meter that records its instruments and
// values; it embeds a no-op meter for the kinds the client does not use.
type fakeMeter struct {
	metrics.Meter // no-op
	mu            sync.Mutex
	scopes        []string
	instruments   map[string]metrics.InstrumentOptions
	values        []recordedValue
	fail          error
}

func newFakeMeter() *fakeMeter {
	return &fakeMeter{Meter: metrics.NopMeterProvider{}.Meter(""), instruments: map[string]metrics.InstrumentOptions{}}
}

// fakeMeterProvider hands out its fakeMeter.
type fakeMeterProvider struct{ m *fakeMeter }

func (p fakeMeterProvider) Meter(scope string, _ ...metrics.MeterOption) metrics.Meter {
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	p.m.scopes = append(p.m.scopes, scope)
	return p.m
}

func (m *fakeMeter) instrument(name string, opts []metrics.InstrumentOption) instrument {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.instruments[name] = o
	return instrument{m: m, name: name}
}

func (m *fakeMeter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return m.instrument(name, opts), m.fail
}

func (m *fakeMeter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return m.instrument(name, opts), m.fail
}

type instrument struct {
	m    *fakeMeter
	name string
}

func (i instrument) record(v float64, opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	props := map[any]any{}
	for k, v := range o.Properties.Values() {
		props[k] = v
	}
	i.m.mu.Lock()
	defer i.m.mu.Unlock()
	i.m.values = append(i.m.values, recordedValue{metric: i.name, value: v, props: props})
}

func (i instrument) Record(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.record(v, opts)
}

func (i instrument) Add(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.record(float64(v), opts)
}

// counts returns how many values each metric got.
func (m *fakeMeter) counts() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := map[string]int{}
	for _, v := range m.values {
		c[v.metric]++
	}
	return c
}

func TestSpansHaveTheOfficialNamesNestingAndAttributes(t *testing.T) {
	s := newScriptedServer(t)
	tr := &fakeTracer{}
	c := newTestClient(s, func(o *Options) { o.TracerProvider = tr })
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	require.NoError(t, err)

	op := "Cognito Identity Provider.AdminSetUserPassword"
	attempt := op + "/RetryLoop/RetryLoop/Attempt"
	assert.Equal(t, []string{
		op,
		op + "/OperationSerializer",
		op + "/RetryLoop",
		op + "/RetryLoop/RetryLoop",
		attempt,
		attempt + "/ResolveAuthScheme",
		attempt + "/GetIdentity",
		attempt + "/ResolveEndpoint",
		attempt + "/ComputePayloadSHA256",
		attempt + "/SignRequest",
		attempt + "/DoHTTPRequest",
		attempt + "/OperationDeserializer",
	}, tr.paths())
	assert.Equal(t, []string{instrumentationScope}, tr.scopes)
	for _, sp := range tr.spans {
		assert.True(t, sp.ended, "%s ended", sp.name)
	}
	root := tr.named(op)[0]
	assert.Equal(t, tracing.SpanKindClient, root.kind)
	assert.Equal(t, map[any]any{"rpc.system": "aws-api", "rpc.method": "AdminSetUserPassword",
		"rpc.service": ServiceID, "error": false}, root.props)
	assert.Equal(t, tracing.SpanStatusOK, root.status)
	assert.Equal(t, map[any]any{"operation.attempt": 1, "aws.request_id": "req-0001"}, tr.named("Attempt")[0].props)
	assert.Equal(t, s.URL+basePath, tr.named("ResolveEndpoint")[0].props["client.call.resolved_endpoint"])
	dh := tr.named("DoHTTPRequest")[0].props
	assert.Equal(t, "POST", dh["http.method"])
	assert.Equal(t, 200, dh["http.status_code"])
	assert.Equal(t, "1.1", dh["net.protocol.version"])
}

func TestAFailedCallSpanCarriesTheOfficialErrorAttributes(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"UserNotFoundException","message":"User does not exist."}`})
	tr := &fakeTracer{}
	c := newTestClient(s, func(o *Options) { o.TracerProvider = tr })
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.Error(t, err)
	root := tr.named("Cognito Identity Provider.ForgotPassword")[0]
	assert.Equal(t, tracing.SpanStatusError, root.status)
	assert.Equal(t, true, root.props["error"])
	assert.Equal(t, "UserNotFoundException", root.props["api.error_code"])
	assert.Equal(t, "User does not exist.", root.props["api.error_message"])
	assert.Equal(t, "client", root.props["api.error_fault"])
	assert.Equal(t, "*http.ResponseError", root.props["exception.type"])
	var opErr *smithy.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, opErr.Err.Error(), root.props["exception.message"])

	tr = &fakeTracer{}
	_, err = newTestClient(s, func(o *Options) { o.TracerProvider = tr }).
		ForgotPassword(context.Background(), &ForgotPasswordInput{Username: "u"})
	require.Error(t, err, "invalid input")
	assert.Equal(t, []string{"Cognito Identity Provider.ForgotPassword"}, tr.paths(), "a call refused before any I/O has its operation span")
	assert.Equal(t, tracing.SpanStatusError, tr.spans[0].status)
}

func TestMetricsHaveTheOfficialNamesUnitsAndAttributes(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"TooManyRequestsException"}`}, reply{Status: 200, Body: "{}"})
	m := newFakeMeter()
	c := newTestClient(s, func(o *Options) { o.MeterProvider = fakeMeterProvider{m} })
	c = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
	_, err := c.AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
	require.NoError(t, err)

	for _, scope := range m.scopes {
		assert.Equal(t, instrumentationScope, scope)
	}
	units := map[string]string{}
	for name, o := range m.instruments {
		units[name] = o.UnitLabel
		assert.NotEmpty(t, o.Description, name)
	}
	assert.Equal(t, map[string]string{
		"client.call.duration":                           "s",
		"client.call.serialization_duration":             "s",
		"client.call.auth.resolve_identity_duration":     "s",
		"client.call.resolve_endpoint_duration":          "s",
		"client.call.auth.signing_duration":              "s",
		"client.call.deserialization_duration":           "s",
		"client.call.attempt_duration":                   "s",
		"client.call.attempts":                           "{attempt}",
		"client.call.errors":                             "{error}",
		"client.http.connections.dns_lookup_duration":    "s",
		"client.http.connections.acquire_duration":       "s",
		"client.http.connections.tls_handshake_duration": "s",
		"client.http.do_request_duration":                "s",
		"client.http.time_to_first_byte":                 "s",
	}, units)
	assert.Equal(t, map[string]int{
		"client.call.duration":                       1,
		"client.call.serialization_duration":         1,
		"client.call.auth.resolve_identity_duration": 2,
		"client.call.resolve_endpoint_duration":      2,
		"client.call.auth.signing_duration":          2,
		"client.call.deserialization_duration":       2,
		"client.call.attempt_duration":               2,
		"client.call.attempts":                       2,
		"client.call.errors":                         1,
		"client.http.connections.acquire_duration":   1,
		"client.http.do_request_duration":            2,
		"client.http.time_to_first_byte":             2,
	}, m.counts())
	for _, v := range m.values {
		if strings.HasPrefix(v.metric, "client.http.") {
			assert.Empty(t, v.props, "%s has no attributes, as in smithy-go", v.metric)
			continue
		}
		assert.Equal(t, ServiceID, v.props["rpc.service"], v.metric)
		assert.Equal(t, "AdminSetUserPassword", v.props["rpc.method"], v.metric)
		switch v.metric {
		case "client.call.errors":
			assert.Equal(t, "TooManyRequestsException", v.props["exception.type"])
		case "client.call.auth.signing_duration", "client.call.auth.resolve_identity_duration":
			assert.Equal(t, "aws.auth#sigv4", v.props["auth.scheme_id"])
		}
	}
}

func TestAMeterThatCannotCreateInstrumentsFailsEveryCallNamingIt(t *testing.T) {
	s := newScriptedServer(t)
	m := newFakeMeter()
	m.fail = errors.New("no more instruments")
	_, err := newTestClient(s, func(o *Options) { o.MeterProvider = fakeMeterProvider{m} }).
		ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.ErrorIs(t, err, m.fail)
	assert.Contains(t, err.Error(), "MeterProvider")
	assert.Zero(t, s.count())
}

func TestNoProviderOrTheNopProvidersMeanNoObserver(t *testing.T) {
	for _, o := range []Options{
		{Region: "us-east-1"},
		{Region: "us-east-1", TracerProvider: tracing.NopTracerProvider{}, MeterProvider: metrics.NopMeterProvider{}},
		{Region: "us-east-1", TracerProvider: &tracing.NopTracerProvider{}},
	} {
		assert.Nil(t, New(o).cfg.obs)
	}
	tr := &fakeTracer{}
	c := New(Options{Region: "us-east-1", TracerProvider: tr})
	require.NotNil(t, c.cfg.obs)
	assert.Same(t, c.cfg.obs, c.config([]func(*Options){func(o *Options) { o.AppID = "x" }}).obs,
		"a call that keeps the providers reuses the client's observer")
}

func TestNoSecretReachesASpanOrAMetric(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"InvalidPasswordException","message":"Password does not conform to policy"}`})
	tr := &fakeTracer{}
	m := newFakeMeter()
	c := newTestClient(s, func(o *Options) {
		o.TracerProvider, o.MeterProvider = tr, fakeMeterProvider{m}
		// A v1 endpoint keeps its user information, as in the official
		// client; the span must not show it.
		withUser := strings.Replace(o.BaseEndpoint, "http://", "http://user:"+leakSecret+"@", 1)
		o.EndpointResolver = EndpointResolverFunc(func(string, EndpointResolverOptions) (aws.Endpoint, error) {
			return aws.Endpoint{URL: withUser}, nil
		})
	}, WithClientSecret("client1", leakSecret))
	_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: leakPassword})
	require.Error(t, err)
	_, err = c.ConfirmForgotPassword(context.Background(), &ConfirmForgotPasswordInput{ClientId: "client1", Username: "u", ConfirmationCode: leakCode, Password: leakPassword})
	require.Error(t, err)
	_, err = c.ChangePassword(context.Background(), &ChangePasswordInput{AccessToken: leakToken, PreviousPassword: leakPrevious, ProposedPassword: leakProposed})
	require.Error(t, err)
	var all []string
	for _, sp := range tr.spans {
		keys := make([]string, 0, len(sp.props))
		for k, v := range sp.props {
			keys = append(keys, fmt.Sprintf("%v=%v", k, v))
		}
		sort.Strings(keys)
		all = append(all, sp.name+" "+strings.Join(keys, " "))
	}
	for _, v := range m.values {
		all = append(all, fmt.Sprintf("%s %v", v.metric, v.props))
	}
	require.NotEmpty(t, all)
	assertNoLeak(t, "spans and metrics", strings.Join(all, "\n"))
	assert.NotContains(t, strings.Join(all, "\n"), "wJalrXUtnFEMI", "the secret access key")
}
