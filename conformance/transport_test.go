package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// hitCounter is an httptest handler that records the bodies it gets.
type hitCounter struct {
	mu     sync.Mutex
	bodies []string
}

func (h *hitCounter) record(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, string(b))
	h.mu.Unlock()
}

func (h *hitCounter) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	b := h.bodies
	h.bodies = nil
	return b
}

// TestRedirectsMatchTheOfficialClient answers 307 and 308 with a Location
// on another host. The official client's request body cannot be rewound
// (no GetBody), so net/http returns the redirect response and the call
// fails with the 3xx status; nothing reaches the other host. Ours must not
// re-send the request, whose body holds passwords and codes, elsewhere.
func TestRedirectsMatchTheOfficialClient(t *testing.T) {
	var elsewhere hitCounter
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.record(r)
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(other.Close)
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var first hitCounter
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			first.record(r)
			http.Redirect(w, r, other.URL+"/stolen", status)
		}))
		t.Cleanup(redirector.Close)
		ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: redirector.URL, Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
		theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(redirector.URL), Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
		for _, name := range []string{"ConfirmForgotPassword", "AdminSetUserPassword"} {
			op := operationNamed(name)
			_, terr := op.theirs(context.Background(), theirs, minimalParams(name))
			require.Len(t, first.take(), 1)
			assert.Empty(t, elsewhere.take(), "%s %d: the official client does not follow", name, status)
			tv, _ := viewError(terr)
			assert.Equal(t, status, tv.Status, "%s: the official call fails with the redirect status", name)

			_, oerr := op.ours(context.Background(), ours, minimalParams(name))
			require.Len(t, first.take(), 1)
			sent := elsewhere.take()
			assert.Empty(t, sent, "%s %d: our client followed the redirect and sent the body (with the password) to another host", name, status)
			ov, _ := viewError(oerr)
			assert.Equal(t, tv, ov, "%s %d: errors differ\nofficial: %v\nours:     %v", name, status, terr, oerr)
		}
	}
}

// cancelView is what a caller can test on a cancelled call.
type cancelView struct {
	Canceled, DeadlineExceeded, CanceledError bool
	Status                                    int
}

func viewCancel(err error) cancelView {
	var ce *smithy.CanceledError
	v, _ := viewError(err)
	return cancelView{
		Canceled:         errors.Is(err, context.Canceled),
		DeadlineExceeded: errors.Is(err, context.DeadlineExceeded),
		CanceledError:    errors.As(err, &ce),
		Status:           v.Status,
	}
}

// TestCancellationMatchesTheOfficialClient cancels a call before it starts
// and lets a deadline pass while the server is slow. Both clients' errors
// must match context.Canceled or context.DeadlineExceeded (errors.Is), and
// where the official one holds a *smithy.CanceledError (a call cancelled
// while in flight) so must ours.
func TestCancellationMatchesTheOfficialClient(t *testing.T) {
	pr := newPair(t)
	for _, name := range []string{"ForgotPassword", "AdminSetUserPassword"} {
		op := operationNamed(name)
		t.Run(name+" cancelled before the call", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			th, ou := pr.call(ctx, op, minimalParams(name), reply{Status: 200, Body: "{}"})
			assert.Empty(t, th.Sent)
			assert.Empty(t, ou.Sent)
			assert.Equal(t, viewCancel(th.Err), viewCancel(ou.Err), "official: %v\nours:     %v", th.Err, ou.Err)
			assert.False(t, errors.Is(ou.Err, cp.ErrOutcomeUnknown), "nothing was sent")
		})
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(500 * time.Millisecond):
		}
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(slow.Close)
	ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: slow.URL, Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
	theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(slow.URL), Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
	for _, name := range []string{"ForgotPassword", "AdminSetUserPassword"} {
		op := operationNamed(name)
		t.Run(name+" deadline passes in flight", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, terr := op.theirs(ctx, theirs, minimalParams(name))
			ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel2()
			_, oerr := op.ours(ctx2, ours, minimalParams(name))
			tc, oc := viewCancel(terr), viewCancel(oerr)
			assert.True(t, tc.DeadlineExceeded && oc.DeadlineExceeded, "both match context.DeadlineExceeded\nofficial: %v\nours:     %v", terr, oerr)
			assert.Equal(t, tc.CanceledError, oc.CanceledError, "*smithy.CanceledError in the chain\nofficial: %v\nours:     %v", terr, oerr)
		})
	}
}

// TestBaseEndpointQueryMatchesTheOfficialClient uses base endpoints with a
// query string, which the official client keeps (smithyhttp.JoinRawQuery).
func TestBaseEndpointQueryMatchesTheOfficialClient(t *testing.T) {
	rs := newRecordingServer(t)
	for _, suffix := range []string{"/prefix/?stage=test", "/prefix?a=1&b=2"} {
		base := rs.srv.URL + suffix
		ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: base, Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
		theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(base), Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
		pr := &pair{rs: rs, ours: ours, theirs: theirs}
		for _, name := range []string{"ForgotPassword", "AdminSetUserPassword"} {
			op := operationNamed(name)
			th, ou := pr.call(context.Background(), op, minimalParams(name), reply{Status: 200, Body: "{}"})
			require.Len(t, th.Sent, 1)
			require.Len(t, ou.Sent, 1)
			assert.Equal(t, th.Sent[0].Query, ou.Sent[0].Query, "%s %q: query", name, base)
			assert.Equal(t, strings.TrimSuffix(th.Sent[0].Path, "/"), strings.TrimSuffix(ou.Sent[0].Path, "/"), "%s %q: path (trailing slash aside)", name, base)
			if op.signed {
				assert.NoError(t, th.Sent[0].SigErr, "official signature")
				assert.NoError(t, ou.Sent[0].SigErr, "our signature")
			}
		}
	}
}

// TestCutShortBodiesMatchTheOfficialClient answers with a Content-Length
// longer than the body and closes the connection, on success and on error.
// Both clients must classify the failure the same way.
func TestCutShortBodiesMatchTheOfficialClient(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
	}{
		{"a success body cut short", 200, `{"CodeDeliveryDetails":{"Destination":"x"}}`},
		{"an error body cut short", 400, `{"__type":"UserNotFoundException","message":"m"}`},
		{"a complete error value cut short of its length", 400, `{"__type":"UserNotFoundException"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if !strings.HasSuffix(tc.name, "of its length") {
				body = body[:len(body)/2]
			}
			srv := cutShortServer(t, tc.status, body, len(tc.body)+10)
			ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: srv.URL, Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
			theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
			op := operationNamed("ForgotPassword")
			_, terr := op.theirs(context.Background(), theirs, minimalParams(op.name))
			_, oerr := op.ours(context.Background(), ours, minimalParams(op.name))
			tv, _ := viewError(terr)
			ov, _ := viewError(oerr)
			errorCases.Add(1)
			assert.Equal(t, terr == nil, oerr == nil, "official: %v\nours:     %v", terr, oerr)
			assert.Equal(t, tv.Category, ov.Category, "official: %v\nours:     %v", terr, oerr)
			assert.Equal(t, tv.Status, ov.Status, "official: %v\nours:     %v", terr, oerr)
		})
	}
}

// cutShortServer answers every request with status, a Content-Length of
// length and body, which may be shorter, and closes the connection.
func cutShortServer(t *testing.T, status int, body string, length int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amzn-Requestid: cut\r\nContent-Length: %d\r\n\r\n%s",
			status, http.StatusText(status), length, body)
		_ = buf.Flush()
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv
}
