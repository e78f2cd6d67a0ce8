package cognitotest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestThrottleFault(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultThrottle, Count: 2})
	assert.Equal(t, 2, h.srv.PendingFaults())

	requireOK(t, h.signIn("alice", oldPassword)) // another operation is untouched
	for range 2 {
		requireError(t, h.forgot("alice"), 400, "TooManyRequestsException", "Rate exceeded")
	}
	requireOK(t, h.forgot("alice"))
	assert.Len(t, h.srv.Outbox(), 1, "throttled requests are not processed")
	assert.Zero(t, h.srv.PendingFaults())

	reqs := h.srv.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, cognitotest.FaultThrottle, reqs[1].Fault)
	assert.Equal(t, "TooManyRequestsException", reqs[1].ErrorCode)
	assert.Equal(t, cognitotest.FaultKind(0), reqs[3].Fault)
	assert.Equal(t, 3, h.srv.RequestCount("ForgotPassword"))
}

func TestServerErrorFault(t *testing.T) {
	tests := []struct {
		name        string
		fault       cognitotest.Fault
		status      int
		contentType string
		body        string
	}{
		{"the default is a 500 InternalErrorException",
			cognitotest.Fault{Kind: cognitotest.FaultServerError},
			500, cognitotest.ContentType, `"__type":"InternalErrorException"`},
		{"a custom status and an HTML body",
			cognitotest.Fault{Kind: cognitotest.FaultServerError, Status: 502, Body: "<html><body>Bad Gateway</body></html>"},
			502, "text/html; charset=utf-8", "Bad Gateway"},
		{"an explicit content type",
			cognitotest.Fault{Kind: cognitotest.FaultServerError, Status: 503, Body: "busy", ContentType: "text/plain"},
			503, "text/plain", "busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cognitotest.PoolConfig{})
			h.addUser("alice")
			h.srv.InjectFault(tt.fault)
			r := h.forgot("alice")
			assert.Equal(t, tt.status, r.status)
			assert.Equal(t, tt.contentType, r.header.Get("Content-Type"))
			assert.Contains(t, string(r.raw), tt.body)
			assert.Regexp(t, requestIDPattern, r.header.Get("X-Amzn-Requestid"))
			assert.Empty(t, h.srv.Outbox())
			requireOK(t, h.forgot("alice"))
		})
	}
}

func TestDelayFault(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultDelay, Delay: 150 * time.Millisecond})

	start := time.Now()
	requireOK(t, h.forgot("alice"))
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	assert.Len(t, h.srv.Outbox(), 1, "a delayed request is processed")

	t.Run("a client that gives up ends the delay", func(t *testing.T) {
		h.srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultDelay, Delay: cognitotest.MaxFaultDelay})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req := h.newRequest("ForgotPassword", []byte(`{"ClientId":"`+h.client.ID+`","Username":"alice"}`)).WithContext(ctx)
		_, err := http.DefaultClient.Do(req)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})

	t.Run("Close ends a delay", func(t *testing.T) {
		srv := cognitotest.NewServer()
		srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultDelay, Delay: cognitotest.MaxFaultDelay})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Post(srv.URL, cognitotest.ContentType, strings.NewReader("{}"))
			if err == nil {
				res.Body.Close()
			}
		}()
		require.Eventually(t, func() bool { return srv.PendingFaults() == 0 }, 5*time.Second, time.Millisecond)
		start := time.Now()
		srv.Close()
		wg.Wait()
		assert.Less(t, time.Since(start), 5*time.Second)
	})
}

func TestDropConnectionFault(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.srv.InjectFault(cognitotest.Fault{Op: "AdminSetUserPassword", Kind: cognitotest.FaultDropConnection})

	body := []byte(`{"UserPoolId":"` + h.pool.ID() + `","Username":"alice","Password":"` + newPassword + `","Permanent":true}`)
	req := h.newRequest("AdminSetUserPassword", body)
	signRequest(t, req, body, h.srv.Credentials(), h.srv.Region(), t0)
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	require.Error(t, err, "the client sees a network error")
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF") ||
		strings.Contains(err.Error(), "connection reset"), "err: %v", err)

	cognitotest.RequirePasswordSignsIn(t, h.pool, "alice", newPassword) // the request was processed
	reqs := h.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, cognitotest.Request{Op: "AdminSetUserPassword", Signed: true, Time: t0, Fault: cognitotest.FaultDropConnection}, reqs[0])
}

func TestFaultsApplyInOrderAndCanBeCleared(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultServerError})
	h.srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultThrottle})
	assert.Equal(t, 500, h.forgot("alice").status)
	assert.Equal(t, "TooManyRequestsException", h.forgot("alice").body["__type"])
	requireOK(t, h.forgot("alice"))

	h.srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultThrottle, Count: 5})
	h.srv.ClearFaults()
	assert.Zero(t, h.srv.PendingFaults())
	requireOK(t, h.forgot("alice"))
}

func TestMalformedFaultsPanic(t *testing.T) {
	srv := cognitotest.NewServer()
	t.Cleanup(srv.Close)
	tests := []struct {
		name  string
		fault cognitotest.Fault
	}{
		{"an unknown kind", cognitotest.Fault{Kind: 99}},
		{"a delay without a duration", cognitotest.Fault{Kind: cognitotest.FaultDelay}},
		{"a delay over the cap", cognitotest.Fault{Kind: cognitotest.FaultDelay, Delay: cognitotest.MaxFaultDelay + 1}},
		{"a 2xx server error", cognitotest.Fault{Kind: cognitotest.FaultServerError, Status: 200}},
		{"a negative count", cognitotest.Fault{Kind: cognitotest.FaultThrottle, Count: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Panics(t, func() { srv.InjectFault(tt.fault) })
		})
	}
	t.Run("too many pending faults", func(t *testing.T) {
		for range cognitotest.MaxPendingFaults {
			srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultThrottle})
		}
		assert.Panics(t, func() { srv.InjectFault(cognitotest.Fault{Kind: cognitotest.FaultThrottle}) })
	})
	assert.Equal(t, "FaultDelay", cognitotest.FaultDelay.String())
	assert.Equal(t, "FaultKind(99)", cognitotest.FaultKind(99).String())
}
