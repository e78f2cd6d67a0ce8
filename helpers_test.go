package cognitopassword

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"
)

// basePath is where test servers are mounted, so that a client that drops
// the endpoint's path is caught.
const basePath = "/cognito-base"

// signingTime is the fixed clock of signed test requests.
var signingTime = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// testCreds are the static credentials of test clients.
var testCreds = credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-secret")

// recorded is one request a test server received.
type recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// reply is a scripted response.
type reply struct {
	Status int
	Header map[string]string
	Body   string
	// Hijack closes the connection without answering.
	Hijack bool
	// Delay waits before answering.
	Delay time.Duration
}

// scriptedServer answers with its replies in order, repeating the last one.
type scriptedServer struct {
	*httptest.Server
	mu       sync.Mutex
	replies  []reply
	requests []recorded
}

func newScriptedServer(t *testing.T, replies ...reply) *scriptedServer {
	t.Helper()
	s := &scriptedServer{replies: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	rep := reply{Status: 200, Body: "{}"}
	if n := len(s.requests) - 1; n < len(s.replies) {
		rep = s.replies[n]
	} else if len(s.replies) > 0 {
		rep = s.replies[len(s.replies)-1]
	}
	s.mu.Unlock()
	if rep.Delay > 0 {
		time.Sleep(rep.Delay)
	}
	if rep.Hijack {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", "req-0001")
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

func (s *scriptedServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *scriptedServer) last(t *testing.T) recorded {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.requests, "the server received no request")
	return s.requests[len(s.requests)-1]
}

// newTestClient returns a client for s with static credentials, a fixed
// signing clock and fast retries.
func newTestClient(s *scriptedServer, optFns ...func(*Options)) *Client {
	o := Options{
		Region:       "us-east-1",
		BaseEndpoint: s.URL + basePath,
		Credentials:  testCreds,
		HTTPClient:   s.Client(),
		now:          func() time.Time { return signingTime },
	}
	return New(o, optFns...)
}

// noBackoff makes retries immediate while keeping the standard retryer.
type noBackoff struct{ aws.Retryer }

func (noBackoff) RetryDelay(int, error) (time.Duration, error) { return 0, nil }

// jsonEqual asserts that two JSON documents are equal by meaning.
func jsonEqual(t *testing.T, want string, got []byte) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal([]byte(want), &w))
	require.NoError(t, json.Unmarshal(got, &g), "body %s", got)
	require.Equal(t, w, g)
}
