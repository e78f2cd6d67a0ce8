package cognitotest_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// closeWithin calls srv.Close and fails the test unless it returns within d.
func closeWithin(t *testing.T, srv *cognitotest.Server, d time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Close()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s")
	}
	took := time.Since(start)
	assert.Less(t, took, d, "Close took %v", took)
	return took
}

// waitAccepted makes sure the server has accepted conn, so that Close
// meets it as an open connection and not as a pending one in the listener's
// backlog: a request on a second connection is answered only after the
// server's accept loop went past the first one.
func waitAccepted(t *testing.T, srv *cognitotest.Server) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	res, err := client.Post(srv.Endpoint(), cognitotest.ContentType, strings.NewReader("{}"))
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
}

func TestCloseReturnsPromptlyWithADialledButUnusedConnection(t *testing.T) {
	srv := cognitotest.NewServer()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	waitAccepted(t, srv)

	closeWithin(t, srv, time.Second)

	// The server closed the unused connection: reading it ends at once.
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = conn.Read(make([]byte, 1))
	require.Error(t, err)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Errorf("the server left the connection open: %v", err)
	}
}

func TestCloseReturnsPromptlyWithAnIdleKeepAliveConnection(t *testing.T) {
	srv := cognitotest.NewServer()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	res, err := client.Post(srv.Endpoint(), cognitotest.ContentType, strings.NewReader("{}"))
	require.NoError(t, err)
	require.NoError(t, res.Body.Close()) // the connection goes back to the pool, idle

	closeWithin(t, srv, time.Second)
}

func TestCloseStillLetsARequestInFlightFinish(t *testing.T) {
	srv := cognitotest.NewServer()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	require.NoError(t, err)
	srv.InjectFault(cognitotest.Fault{Op: "AdminGetUser", Kind: cognitotest.FaultDelay, Delay: 300 * time.Millisecond})
	// An unused connection as well, which must not hold Close up.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.Endpoint(),
		bytes.NewReader([]byte(`{"UserPoolId":"`+pool.ID()+`","Username":"nobody"}`)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", cognitotest.ContentType)
	req.Header.Set("X-Amz-Target", cognitotest.TargetPrefix+"AdminGetUser")
	type result struct {
		status int
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		res.Body.Close()
		got <- result{status: res.StatusCode}
	}()
	require.Eventually(t, func() bool { return srv.PendingFaults() == 0 }, 5*time.Second, time.Millisecond,
		"the request reached the delay")

	// Close cuts the injected delay short; the request is then processed
	// and answered rather than cut off.
	closeWithin(t, srv, time.Second)
	r := <-got
	require.NoError(t, r.err)
	assert.Equal(t, http.StatusBadRequest, r.status, "UserNotFoundException, answered")
}
