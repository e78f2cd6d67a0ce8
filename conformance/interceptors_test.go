package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// hookRecorder is an interceptor for every hook that records, per call,
// what each hook saw (which InterceptorContext fields were set, the
// response status, the service, operation and region in the context),
// sets a header named for the hook on the request it is given, and fails
// the hooks named in fail (each once) with errHook.
type hookRecorder struct {
	mu   sync.Mutex
	seen []string
	fail map[string]bool
}

var errHook = errors.New("interceptor failure")

func (r *hookRecorder) record(ctx context.Context, hook string, ic *smithyhttp.InterceptorContext) error {
	line := fmt.Sprintf("%s input=%v request=%v response=%v output=%v smithy=%s/%s aws=%s/%s/%s",
		hook, ic.Input != nil, ic.Request != nil, ic.Response != nil, ic.Output != nil,
		middleware.GetServiceID(ctx), middleware.GetOperationName(ctx),
		awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx), awsmiddleware.GetRegion(ctx))
	if ic.Response != nil {
		line += fmt.Sprintf(" status=%d", ic.Response.StatusCode)
	}
	if ic.Request != nil {
		ic.Request.Header.Set("X-Hook-"+hook, "set")
		_, signed := ic.Request.Header["Authorization"]
		line += fmt.Sprintf(" method=%s path=%s length=%d signed=%v", ic.Request.Method, ic.Request.URL.Path, ic.Request.ContentLength, signed)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, line)
	if r.fail[hook] {
		delete(r.fail, hook)
		return fmt.Errorf("%s: %w", hook, errHook)
	}
	return nil
}

func (r *hookRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.seen
	r.seen = nil
	return s
}

func (r *hookRecorder) BeforeExecution(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeExecution", ic)
}
func (r *hookRecorder) BeforeSerialization(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeSerialization", ic)
}
func (r *hookRecorder) AfterSerialization(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterSerialization", ic)
}
func (r *hookRecorder) BeforeRetryLoop(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeRetryLoop", ic)
}
func (r *hookRecorder) BeforeAttempt(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeAttempt", ic)
}
func (r *hookRecorder) BeforeSigning(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeSigning", ic)
}
func (r *hookRecorder) AfterSigning(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterSigning", ic)
}
func (r *hookRecorder) BeforeTransmit(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeTransmit", ic)
}
func (r *hookRecorder) AfterTransmit(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterTransmit", ic)
}
func (r *hookRecorder) BeforeDeserialization(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "BeforeDeserialization", ic)
}
func (r *hookRecorder) AfterDeserialization(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterDeserialization", ic)
}
func (r *hookRecorder) AfterAttempt(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterAttempt", ic)
}
func (r *hookRecorder) AfterExecution(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.record(ctx, "AfterExecution", ic)
}

// register adds r for every hook.
func (r *hookRecorder) register(reg *smithyhttp.InterceptorRegistry) {
	reg.AddBeforeExecution(r)
	reg.AddBeforeSerialization(r)
	reg.AddAfterSerialization(r)
	reg.AddBeforeRetryLoop(r)
	reg.AddBeforeAttempt(r)
	reg.AddBeforeSigning(r)
	reg.AddAfterSigning(r)
	reg.AddBeforeTransmit(r)
	reg.AddAfterTransmit(r)
	reg.AddBeforeDeserialization(r)
	reg.AddAfterDeserialization(r)
	reg.AddAfterAttempt(r)
	reg.AddAfterExecution(r)
}

// standardNoWait is a standard retryer (3 attempts) that does not wait.
func standardNoWait() aws.Retryer {
	return awsretry.NewStandard(func(o *awsretry.StandardOptions) { o.Backoff = noBackoff })
}

// hookHeaders is the X-Hook-* headers of a request as it reached the
// server, sorted, with the attempt header, and whether its signature is
// valid.
func hookHeaders(r recorded) string {
	var names []string
	for k := range r.Header {
		if strings.HasPrefix(k, "X-Hook-") {
			names = append(names, k)
		}
	}
	sortStrings(names)
	return fmt.Sprintf("%s %v sigOK=%v", r.Header.Get("Amz-Sdk-Request"), names, r.SigErr == nil)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// closedEndpoint is a base endpoint on 127.0.0.1 where nothing listens.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr + "/"
}

func TestInterceptorsRunLikeTheOfficialClients(t *testing.T) {
	throttle := reply{Status: 400, Body: `{"__type":"TooManyRequestsException","message":"slow down"}`}
	cases := []struct {
		name      string
		rep       reply
		transport bool
		fail      []string
		unsigned  bool
	}{
		{name: "a success", rep: reply{Status: 200, Body: "{}"}},
		{name: "an unsigned operation's success", rep: reply{Status: 200, Body: `{"CodeDeliveryDetails":{}}`}, unsigned: true},
		{name: "a throttle retried until attempts run out", rep: throttle},
		{name: "a service error", rep: reply{Status: 400, Body: `{"__type":"UserNotFoundException","message":"no"}`}},
		{name: "a transport error retried until attempts run out", transport: true},
		{name: "a failing BeforeExecution", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeExecution"}},
		{name: "a failing BeforeSerialization", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeSerialization"}},
		{name: "a failing AfterSerialization", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterSerialization"}},
		{name: "a failing BeforeRetryLoop", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeRetryLoop"}},
		{name: "a failing BeforeAttempt", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeAttempt"}},
		{name: "a failing BeforeSigning", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeSigning"}},
		{name: "a failing AfterSigning", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterSigning"}},
		{name: "a failing BeforeTransmit", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeTransmit"}},
		{name: "a failing AfterTransmit", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterTransmit"}},
		{name: "a failing BeforeDeserialization", rep: reply{Status: 200, Body: "{}"}, fail: []string{"BeforeDeserialization"}},
		{name: "a failing AfterDeserialization", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterDeserialization"}},
		{name: "a failing AfterAttempt", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterAttempt"}},
		{name: "a failing AfterExecution", rep: reply{Status: 200, Body: "{}"}, fail: []string{"AfterExecution"}},
		{name: "a failing AfterAttempt after a throttle", rep: throttle, fail: []string{"AfterAttempt"}},
		{name: "a failing BeforeTransmit on a transport error", transport: true, fail: []string{"BeforeTransmit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" runs the same hooks in the same order and sends the same headers", func(t *testing.T) {
			rs := newRecordingServer(t)
			rs.setReply(tc.rep)
			endpoint := rs.URL()
			if tc.transport {
				endpoint = closedEndpoint(t)
			}
			newRec := func() *hookRecorder {
				r := &hookRecorder{fail: map[string]bool{}}
				for _, h := range tc.fail {
					r.fail[h] = true
				}
				return r
			}
			theirRec, ourRec := newRec(), newRec()
			theirs := theirClient(rs, func(o *cip.Options) {
				o.BaseEndpoint = aws.String(endpoint)
				o.Retryer = standardNoWait()
				theirRec.register(&o.Interceptors)
			})
			ours := oursClient(rs, func(o *cp.Options) {
				o.BaseEndpoint = endpoint
				o.Retryer = standardNoWait()
				ourRec.register(&o.Interceptors)
			})
			ctx := context.Background()
			var theirErr, ourErr error
			if tc.unsigned {
				_, theirErr = theirs.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String("client1"), Username: aws.String("alice")})
				theirSent := rs.take()
				_, ourErr = ours.ForgotPassword(ctx, &cp.ForgotPasswordInput{ClientId: "client1", Username: "alice"})
				compareSent(t, theirSent, rs.take())
			} else {
				_, theirErr = theirs.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
					UserPoolId: aws.String("us-east-1_abc"), Username: aws.String("alice"), Password: aws.String("Pw-123456"), Permanent: true,
				})
				theirSent := rs.take()
				_, ourErr = ours.AdminSetUserPassword(ctx, &cp.AdminSetUserPasswordInput{
					UserPoolId: "us-east-1_abc", Username: "alice", Password: "Pw-123456", Permanent: true,
				})
				compareSent(t, theirSent, rs.take())
			}
			theirHooks, ourHooks := theirRec.take(), ourRec.take()
			require.NotEmpty(t, theirHooks)
			assert.Equal(t, theirHooks, ourHooks)
			assert.Equal(t, theirErr == nil, ourErr == nil, "official: %v\nours: %v", theirErr, ourErr)
			assert.Equal(t, errors.Is(theirErr, errHook), errors.Is(ourErr, errHook), "official: %v\nours: %v", theirErr, ourErr)
			if tc.transport {
				// The official client also wraps a transport error in a
				// *smithyhttp.ResponseError with status 0, with or
				// without interceptors; the hooks and the wire are what
				// this test compares.
				return
			}
			var theirResp, ourResp *smithyhttp.ResponseError
			if assert.Equal(t, errors.As(theirErr, &theirResp), errors.As(ourErr, &ourResp)) && theirResp != nil {
				assert.Equal(t, theirResp.HTTPStatusCode(), ourResp.HTTPStatusCode())
			}
		})
	}
}

// compareSent asserts that both clients sent as many requests, with the
// same hook headers on each, every signature valid.
func compareSent(t *testing.T, theirs, ours []recorded) {
	t.Helper()
	var want, got []string
	for _, r := range theirs {
		want = append(want, hookHeaders(r))
	}
	for _, r := range ours {
		got = append(got, hookHeaders(r))
	}
	assert.Equal(t, want, got)
}

// TestInterceptorsPerCallDoNotStayOnTheClient checks that an interceptor a
// call's option function adds runs for that call only, as in the official
// client.
func TestInterceptorsPerCallDoNotStayOnTheClient(t *testing.T) {
	rs := newRecordingServer(t)
	rec := &hookRecorder{}
	ours := oursClient(rs)
	in := &cp.AdminSetUserPasswordInput{UserPoolId: "us-east-1_abc", Username: "alice", Password: "Pw-123456", Permanent: true}
	_, err := ours.AdminSetUserPassword(context.Background(), in, func(o *cp.Options) {
		o.Interceptors.AddBeforeTransmit(rec)
	})
	require.NoError(t, err)
	assert.Len(t, rec.take(), 1)
	_, err = ours.AdminSetUserPassword(context.Background(), in)
	require.NoError(t, err)
	assert.Empty(t, rec.take())
	assert.Len(t, rs.take(), 2)
}
