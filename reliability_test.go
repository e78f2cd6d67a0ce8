package cognitopassword

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/internal/retry"
)

// faultServer is a TCP server on 127.0.0.1 that hands each connection to a
// handler, for the faults an http.Handler cannot produce: resets, silence,
// bodies shorter than their Content-Length, endless bodies. Close ends every
// connection and waits for every handler.
type faultServer struct {
	l        net.Listener
	handle   func(s *faultServer, c net.Conn)
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	closed   chan struct{}
	requests atomic.Int32 // requests read in full by readRequest
	written  atomic.Int64 // response bytes written by the handlers that count them
}

func newFaultServer(t *testing.T, handle func(s *faultServer, c net.Conn)) *faultServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &faultServer{l: l, handle: handle, conns: map[net.Conn]struct{}{}, closed: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

func (s *faultServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.l.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		select {
		case <-s.closed:
			s.mu.Unlock()
			c.Close()
			return
		default:
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.handle(s, c)
		}()
	}
}

// URL is the server's base URL, with the test base path.
func (s *faultServer) URL() string { return "http://" + s.l.Addr().String() + basePath }

// Close stops the server, closes every connection and waits for handlers.
func (s *faultServer) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
		s.mu.Unlock()
		return
	default:
	}
	close(s.closed)
	s.l.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// readRequest reads one whole request, body included, and counts it.
func (s *faultServer) readRequest(c net.Conn) bool {
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, req.Body)
	if err != nil {
		return false
	}
	s.requests.Add(1)
	return true
}

// reset closes c with an RST instead of a FIN.
func reset(c net.Conn) {
	_ = c.(*net.TCPConn).SetLinger(0)
	c.Close()
}

// writeFailConn is a connection whose writes fail, as a write to a
// connection the peer has reset does, after the first allow bytes. Reads
// pass through, so the transport learns of the failure from the write.
type writeFailConn struct {
	net.Conn
	allow   int
	written int
}

func (c *writeFailConn) Write(p []byte) (int, error) {
	n := min(len(p), c.allow-c.written)
	if n > 0 {
		n, _ = c.Conn.Write(p[:n])
		c.written += n
	}
	if n == len(p) {
		return n, nil
	}
	return n, &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: syscall.EPIPE}
}

// faultTransport returns a transport whose dials go through dial (nil: a
// plain dial) and are counted; its idle connections are closed when the test
// ends.
func faultTransport(t *testing.T, dial func(ctx context.Context, network, addr string) (net.Conn, error)) (*http.Transport, *atomic.Int32) {
	t.Helper()
	dials := new(atomic.Int32)
	if dial == nil {
		dial = (&net.Dialer{Timeout: 5 * time.Second}).DialContext
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dial(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 8,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return tr, dials
}

// faultClient returns a client for endpoint, with static credentials, the
// default retryer without its backoff delays, and optFns applied.
func faultClient(endpoint string, hc HTTPClient, optFns ...func(*Options)) *Client {
	c := New(Options{
		Region:       "us-east-1",
		BaseEndpoint: endpoint,
		Credentials:  testCreds,
		HTTPClient:   hc,
		now:          func() time.Time { return signingTime },
	}, optFns...)
	return New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
}

// operationNamed returns the operation of an opCase.
func operationNamed(t *testing.T, name string) *operation {
	t.Helper()
	for _, op := range allOperations() {
		if op.name == name {
			return op
		}
	}
	t.Fatalf("no operation %s", name)
	return nil
}

// faultRow is one fault of the matrix, run against every operation.
type faultRow struct {
	name string
	// start starts the fault and returns a client that meets it and a
	// count of the attempts that reached it.
	start func(t *testing.T) (*Client, func() int)
	// The expected outcome. ok: the call succeeds. retried: the failure
	// is retried by every operation (throttling, never sent); ambiguous:
	// it may have been processed, so only AdminSetUserPassword retries it
	// and the error matches ErrOutcomeUnknown. attempts, when set, is the
	// number of attempts for every operation.
	ok                 bool
	retried, ambiguous bool
	// processed: a 2xx came back but its body could not be read or
	// decoded; the error matches ErrProcessed.
	processed bool
	attempts  int
	// code is the API error code; typed: it decodes to the modelled
	// exception type, not a *smithy.GenericAPIError.
	code  string
	typed bool
	// status is the HTTP status the error carries (0: none).
	status int
	// transport: a *smithyhttp.RequestSendError (no response);
	// deserialization: a *smithy.DeserializationError.
	transport, deserialization bool
	// is lists errors the error must match with errors.Is.
	is []error
	// deadline bounds the call's context (default: 10 s, a safety net);
	// within bounds its duration (default: 3 s).
	deadline, within time.Duration
	// after runs further checks once the call returned.
	after func(t *testing.T)
}

const faultAPIError = `{"__type":"%s","message":"m"}`

// scripted is a faultRow start for a scripted HTTP server.
func scripted(replies ...reply) func(t *testing.T) (*Client, func() int) {
	return func(t *testing.T) (*Client, func() int) {
		s := newScriptedServer(t, replies...)
		return faultClient(s.URL+basePath, s.Client()), s.count
	}
}

// raw is a faultRow start for a fault server with a plain transport.
func raw(handle func(s *faultServer, c net.Conn)) func(t *testing.T) (*Client, func() int) {
	return func(t *testing.T) (*Client, func() int) {
		s := newFaultServer(t, handle)
		tr, _ := faultTransport(t, nil)
		return faultClient(s.URL(), &http.Client{Transport: tr}), func() int { return int(s.requests.Load()) }
	}
}

// respondRaw reads the request and writes resp as it is, then closes.
func respondRaw(resp string) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		if s.readRequest(c) {
			_, _ = io.WriteString(c, resp)
		}
	}
}

// trickle answers 200 with body sent one byte at a time, every interval.
func trickle(status int, body string, interval time.Duration) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		if !s.readRequest(c) {
			return
		}
		head := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n", status, len(body))
		if _, err := io.WriteString(c, head); err != nil {
			return
		}
		for i := 0; i < len(body); i++ {
			select {
			case <-s.closed:
				return
			case <-time.After(interval):
			}
			if _, err := c.Write([]byte{body[i]}); err != nil {
				return
			}
		}
		_, _ = io.Copy(io.Discard, c) // keep-alive: wait for the client to go
	}
}

// hugeBodySize is the size the huge-body server announces and would send.
const hugeBodySize = 4 << 30

// hugeBody answers 200 with a 4 GiB JSON-ish body, generated as it is
// written and never held in memory; chunked leaves out the Content-Length.
// It counts the bytes it manages to write.
func hugeBody(chunked bool) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		if !s.readRequest(c) {
			return
		}
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
		if chunked {
			head += "Transfer-Encoding: chunked\r\n\r\n"
		} else {
			head += "Content-Length: " + strconv.Itoa(hugeBodySize) + "\r\n\r\n"
		}
		if _, err := io.WriteString(c, head); err != nil {
			return
		}
		open := "["
		if chunked {
			open = "1\r\n[\r\n"
		}
		if _, err := io.WriteString(c, open); err != nil {
			return
		}
		chunk := make([]byte, 64<<10)
		for i := range chunk {
			chunk[i] = `1,"ab",`[i%7]
		}
		data := chunk
		if chunked {
			data = append([]byte(fmt.Sprintf("%x\r\n", len(chunk))), chunk...)
			data = append(data, "\r\n"...)
		}
		for sent := 0; sent < hugeBodySize; sent += len(chunk) {
			n, err := c.Write(data)
			s.written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
}

// faultRows is the fault matrix. Every row runs against every operation.
func faultRows() []faultRow {
	tmr := fmt.Sprintf(faultAPIError, "TooManyRequestsException")
	ok := reply{Status: 200, Body: "{}"}
	html := map[string]string{"Content-Type": "text/html"}
	rows := []faultRow{
		{name: "a burst of two TooManyRequestsException with 400 then success", start: scripted(reply{Status: 400, Body: tmr}, reply{Status: 400, Body: tmr}, ok), ok: true, attempts: 3},
		{name: "a burst of two TooManyRequestsException with 429 then success", start: scripted(reply{Status: 429, Body: tmr}, reply{Status: 429, Body: tmr}, ok), ok: true, attempts: 3},
		{name: "TooManyRequestsException with 400 throughout", start: scripted(reply{Status: 400, Body: tmr}), retried: true, code: "TooManyRequestsException", typed: true, status: 400},
		{name: "TooManyRequestsException with 429 throughout", start: scripted(reply{Status: 429, Body: tmr}), retried: true, code: "TooManyRequestsException", typed: true, status: 429},
		{name: "429 with an empty body throughout", start: scripted(reply{Status: 429}), retried: true, code: "UnknownError", status: 429},
	}
	for _, st := range []struct {
		status int
		json   string
		code   string
	}{
		{500, fmt.Sprintf(faultAPIError, "InternalErrorException"), "InternalErrorException"},
		{502, `{"message":"Bad Gateway"}`, "UnknownError"},
		{503, fmt.Sprintf(faultAPIError, "ServiceUnavailable"), "ServiceUnavailable"},
	} {
		rows = append(rows,
			faultRow{name: fmt.Sprintf("%d with a JSON body", st.status), start: scripted(reply{Status: st.status, Body: st.json}),
				ambiguous: true, code: st.code, typed: st.code == "InternalErrorException", status: st.status},
			faultRow{name: fmt.Sprintf("%d with an HTML body", st.status), start: scripted(reply{Status: st.status, Header: html, Body: "<html><body>down</body></html>"}),
				ambiguous: true, deserialization: true, status: st.status},
			faultRow{name: fmt.Sprintf("%d with an empty body", st.status), start: scripted(reply{Status: st.status}),
				ambiguous: true, code: "UnknownError", status: st.status},
		)
	}
	var hugeMem struct {
		before runtime.MemStats
		server *faultServer
	}
	huge := func(chunked bool) func(t *testing.T) (*Client, func() int) {
		return func(t *testing.T) (*Client, func() int) {
			s := newFaultServer(t, hugeBody(chunked))
			tr, _ := faultTransport(t, nil)
			hugeMem.server = s
			runtime.GC()
			runtime.ReadMemStats(&hugeMem.before)
			return faultClient(s.URL(), &http.Client{Transport: tr}), func() int { return int(s.requests.Load()) }
		}
	}
	hugeAfter := func(t *testing.T) {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		const bound = 16 << 20
		allocated := after.TotalAlloc - hugeMem.before.TotalAlloc
		growth := int64(after.HeapInuse) - int64(hugeMem.before.HeapInuse)
		assert.Less(t, allocated, uint64(bound), "bytes allocated while a 4 GiB body was refused")
		assert.Less(t, growth, int64(bound), "heap growth while a 4 GiB body was refused")
		hugeMem.server.Close()
		written := hugeMem.server.written.Load()
		assert.Less(t, written, int64(64<<20), "the client stops reading at the cap, so the server cannot send much more")
		t.Logf("4 GiB body: %d KiB allocated, heap in use %+d KiB, %d KiB written by the server before the client hung up", allocated>>10, growth>>10, written>>10)
	}
	rows = append(rows,
		faultRow{name: "a refused connection", start: func(t *testing.T) (*Client, func() int) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			addr := l.Addr().String()
			require.NoError(t, l.Close())
			tr, dials := faultTransport(t, nil)
			return faultClient("http://"+addr+basePath, &http.Client{Transport: tr}), func() int { return int(dials.Load()) }
		}, retried: true, transport: true, is: []error{syscall.ECONNREFUSED}},
		faultRow{name: "a TLS server whose certificate is not trusted", start: func(t *testing.T) (*Client, func() int) {
			var handshakes atomic.Int32
			s := httptest.NewUnstartedServer(http.NotFoundHandler())
			s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
				if st == http.StateNew {
					handshakes.Add(1)
				}
			}
			s.Config.ErrorLog = log.New(io.Discard, "", 0)
			s.StartTLS()
			t.Cleanup(s.Close)
			tr, _ := faultTransport(t, nil) // trusts the system roots only
			return faultClient(s.URL+basePath, &http.Client{Transport: tr}), func() int { return int(handshakes.Load()) }
		}, retried: true, transport: true},
		faultRow{name: "a connection reset after the request is written", start: raw(func(s *faultServer, c net.Conn) {
			if s.readRequest(c) {
				reset(c)
			}
		}), ambiguous: true, transport: true},
		faultRow{name: "a server that accepts and never answers, until the deadline", start: raw(func(s *faultServer, c net.Conn) {
			s.readRequest(c)
			_, _ = io.Copy(io.Discard, c)
		}), deadline: 300 * time.Millisecond, within: 2 * time.Second, ambiguous: true, attempts: 1, transport: true, is: []error{context.DeadlineExceeded}},
		faultRow{name: "a success body trickled a byte every 3 ms", start: raw(trickle(200, `{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`, 3*time.Millisecond)),
			ok: true, attempts: 1, within: 5 * time.Second},
		faultRow{name: "an error body trickled a byte every 3 ms", start: raw(trickle(400, fmt.Sprintf(faultAPIError, "InvalidParameterException"), 3*time.Millisecond)),
			attempts: 1, code: "InvalidParameterException", typed: true, status: 400, within: 5 * time.Second},
		faultRow{name: "a success body cut short of its Content-Length mid-JSON", start: raw(respondRaw("HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n" + `{"CodeDeliveryDetails":{"Dest`)),
			attempts: 1, processed: true, deserialization: true, status: 200, is: []error{io.ErrUnexpectedEOF}},
		faultRow{name: "a success body cut short of its Content-Length after complete JSON", start: raw(respondRaw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}")),
			attempts: 1, processed: true, deserialization: true, status: 200, is: []error{io.ErrUnexpectedEOF}},
		faultRow{name: "an error body cut short of its Content-Length", start: raw(respondRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 100\r\n\r\n" + `{"__type":"InvalidParameterException"`)),
			attempts: 1, deserialization: true, status: 400, is: []error{io.ErrUnexpectedEOF}},
		faultRow{name: "a 500 body cut short of its Content-Length", start: raw(respondRaw("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\n" + `{"__type":"Internal`)),
			ambiguous: true, deserialization: true, status: 500, is: []error{io.ErrUnexpectedEOF}},
		faultRow{name: "a 4 GiB body with a Content-Length", start: huge(false), after: hugeAfter,
			attempts: 1, processed: true, deserialization: true, status: 200, is: []error{ErrResponseTooLarge}},
		faultRow{name: "a 4 GiB chunked body", start: huge(true), after: hugeAfter,
			attempts: 1, processed: true, deserialization: true, status: 200, is: []error{ErrResponseTooLarge}},
		faultRow{name: "a success with Content-Type text/html", start: scripted(reply{Status: 200, Header: html, Body: `{}`}), ok: true, attempts: 1},
		faultRow{name: "a typed error with Content-Type text/plain", start: scripted(reply{Status: 400, Header: map[string]string{"Content-Type": "text/plain"}, Body: fmt.Sprintf(faultAPIError, "InvalidParameterException")}),
			attempts: 1, code: "InvalidParameterException", typed: true, status: 400},
		faultRow{name: "a success whose body is HTML", start: scripted(reply{Status: 200, Header: html, Body: "<html>ok</html>"}),
			attempts: 1, processed: true, deserialization: true, status: 200},
		faultRow{name: "a success with invalid UTF-8 in its strings", start: scripted(reply{Status: 200, Body: "{\"CodeDeliveryDetails\":{\"Destination\":\"a\xff\xfeb\",\"DeliveryMedium\":\"EMAIL\"},\"\xc3\":\"\xed\xa0\x80\"}"}),
			ok: true, attempts: 1},
		faultRow{name: "a typed error with invalid UTF-8 in its message", start: scripted(reply{Status: 400, Body: "{\"__type\":\"InvalidParameterException\",\"message\":\"bad \xff byte\"}"}),
			attempts: 1, code: "InvalidParameterException", typed: true, status: 400},
		faultRow{name: "an error whose code is invalid UTF-8", start: scripted(reply{Status: 400, Body: "{\"__type\":\"\xffOdd\",\"message\":\"m\"}"}),
			attempts: 1, code: "\uFFFDOdd", status: 400},
	)
	return rows
}

func TestFaultMatrixEveryOperationMeetsEveryFault(t *testing.T) {
	rows := faultRows()
	ops := fullOperationCases()
	t.Logf("fault matrix: %d faults x %d operations = %d cases", len(rows), len(ops), len(rows)*len(ops))
	for _, row := range rows {
		for _, op := range ops {
			repeatable := operationNamed(t, op.name).repeatable
			want := 1
			switch {
			case row.attempts != 0:
				want = row.attempts
			case row.retried, row.ambiguous && repeatable:
				want = 3
			}
			verdict := "fails"
			if row.ok {
				verdict = "succeeds"
			}
			t.Run(fmt.Sprintf("%s %s after %s in %d attempts", op.name, verdict, row.name, want), func(t *testing.T) {
				c, attempts := row.start(t)
				deadline := row.deadline
				if deadline == 0 {
					deadline = 10 * time.Second
				}
				within := row.within
				if within == 0 {
					within = 3 * time.Second
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				start := time.Now()
				err := op.call(ctx, c)
				took := time.Since(start)
				assert.Less(t, took, within, "the call took too long")
				assert.Equal(t, want, attempts(), "attempts")
				if row.after != nil {
					row.after(t)
				}
				if row.ok {
					require.NoError(t, err)
					return
				}
				require.Error(t, err)
				var opErr *smithy.OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, op.name, opErr.OperationName)
				assert.Equal(t, row.ambiguous, errors.Is(err, ErrOutcomeUnknown), "outcome unknown: %v", err)
				assert.Equal(t, row.processed, errors.Is(err, ErrProcessed), "processed: %v", err)
				if want > 1 {
					var maxErr *awsretry.MaxAttemptsError
					assert.ErrorAs(t, err, &maxErr, "retries ran out: %v", err)
				}
				var apiErr smithy.APIError
				if row.code != "" {
					require.ErrorAs(t, err, &apiErr, "%v", err)
					assert.Equal(t, row.code, apiErr.ErrorCode())
					var generic *smithy.GenericAPIError
					assert.Equal(t, !row.typed, errors.As(err, &generic), "typed exception: %T", apiErr)
				} else {
					assert.False(t, errors.As(err, &apiErr), "no API error expected: %v", err)
				}
				var respErr *awshttp.ResponseError
				if row.status != 0 {
					require.ErrorAs(t, err, &respErr, "%v", err)
					assert.Equal(t, row.status, respErr.HTTPStatusCode())
				} else {
					assert.False(t, errors.As(err, &respErr), "no response expected: %v", err)
				}
				var sendErr *smithyhttp.RequestSendError
				assert.Equal(t, row.transport, errors.As(err, &sendErr), "transport error: %v", err)
				var deserErr *smithy.DeserializationError
				assert.Equal(t, row.deserialization, errors.As(err, &deserErr), "deserialization error: %v", err)
				for _, target := range row.is {
					assert.ErrorIs(t, err, target)
				}
			})
		}
	}
}

// resetOnAccept is a dial for a server that resets every connection as it
// accepts it: it returns only once the reset has arrived.
func resetOnAccept(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		c.Close()
		return nil, errors.New("the fault server did not reset the connection")
	}
	_ = c.SetReadDeadline(time.Time{})
	return c, nil
}

// failingWrites is a dial whose connections fail every write after the
// first allow bytes.
func failingWrites(allow int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &writeFailConn{Conn: c, allow: allow}, nil
	}
}

func TestAFailureAsTheRequestIsWrittenIsRetriedOnlyWhenProvablyUnsent(t *testing.T) {
	// Over real connections, net/http's writer and reader both meet a
	// connection that fails as the request is written, and race to report
	// it: an unread body or a failed write proves the request unsent
	// (retried by every operation); the reader's EOF, reset or "use of
	// closed network connection" does not (ambiguous). So each attempt is
	// one or the other, and the checks are the invariants: an operation
	// that must not repeat retries only "not sent" failures and stops with
	// ErrOutcomeUnknown at its first ambiguous one; no request arrives
	// whole; and across the operations some attempts are proven unsent.
	//
	// A failed write is a proof only when net/http reports it for the
	// request (httptrace WroteRequest). HTTP/1 reports the request written
	// once it is in the connection's write buffer, before the flush, so a
	// flush that fails, at once or part way, proves nothing about it: those
	// attempts end in ErrOutcomeUnknown (wantProven false), which is the
	// price of deciding on facts rather than on the error's type.
	const calls = 20
	scenarios := []struct {
		name       string
		handle     func(s *faultServer, c net.Conn)
		dial       func(ctx context.Context, network, addr string) (net.Conn, error)
		wantProven bool
	}{
		{"a connection reset on accept", func(_ *faultServer, c net.Conn) { reset(c) }, resetOnAccept, true},
		{"a write that fails at once", func(s *faultServer, c net.Conn) { s.readRequest(c) }, failingWrites(0), false},
		{"a write that fails part way", func(s *faultServer, c net.Conn) { s.readRequest(c) }, failingWrites(40), false},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			var proven int
			for _, op := range fullOperationCases() {
				t.Run(op.name, func(t *testing.T) {
					repeatable := operationNamed(t, op.name).repeatable
					s := newFaultServer(t, sc.handle)
					tr, dials := faultTransport(t, sc.dial)
					rec := &logRecorder{}
					c := faultClient(s.URL(), &http.Client{Transport: tr}, func(o *Options) { o.Logger = rec; o.ClientLogMode = aws.LogRetries })
					var unknown, exhausted int
					for i := 0; i < calls; i++ {
						rec.mu.Lock()
						rec.buf.Reset()
						rec.mu.Unlock()
						before := dials.Load()
						ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
						err := op.call(ctx, c)
						cancel()
						attempts := int(dials.Load() - before)
						require.Error(t, err)
						var sendErr *smithyhttp.RequestSendError
						require.ErrorAs(t, err, &sendErr, "a transport error: %v", err)
						rec.mu.Lock()
						retries := strings.Count(rec.buf.String(), "retrying attempt")
						notSent := strings.Count(rec.buf.String(), "("+retry.NotSent.String()+")")
						rec.mu.Unlock()
						assert.Equal(t, attempts-1, retries, "each retry is logged")
						proven += notSent
						if !repeatable {
							assert.Equal(t, retries, notSent, "only failures that prove the request unsent are retried")
						}
						var maxErr *awsretry.MaxAttemptsError
						if errors.Is(err, ErrOutcomeUnknown) {
							unknown++
							if !repeatable {
								assert.False(t, errors.As(err, &maxErr), "stops at the ambiguous attempt: %v", err)
							}
						} else {
							exhausted++
							proven++ // the last attempt, not retried, was proven unsent too
							assert.Equal(t, 3, attempts, "%v", err)
							assert.ErrorAs(t, err, &maxErr, "%v", err)
						}
					}
					assert.Zero(t, s.requests.Load(), "no request arrives whole")
					t.Logf("%d calls: %d retried to the limit, every attempt proven unsent; %d outcome unknown", calls, exhausted, unknown)
				})
			}
			if sc.wantProven {
				assert.Positive(t, proven, "some attempts are proven unsent")
			}
		})
	}
}

func TestResponseCapHoldsForCapsSmallerThanTheFirstRead(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 200, Body: `{"Padding":"0123456789012345678901234567890123456789012345678901234567890123456789"}`})
	c := faultClient(s.URL+basePath, s.Client(), func(o *Options) { o.MaxResponseBytes = 64 })
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.ErrorIs(t, err, ErrResponseTooLarge, "an 84-byte body is over a 64-byte cap")
	assert.Equal(t, 1, s.count())

	c = faultClient(s.URL+basePath, s.Client(), func(o *Options) { o.MaxResponseBytes = 84 })
	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err, "a body of exactly the cap is read")
}

// outageServer answers 500 InternalErrorException while down and 200
// otherwise; failNext makes the next n requests fail while it is up.
type outageServer struct {
	*httptest.Server
	down     atomic.Bool
	failNext atomic.Int32
	requests atomic.Int32
}

func newOutageServer(t *testing.T) *outageServer {
	t.Helper()
	s := &outageServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		s.requests.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if s.down.Load() || s.failNext.Add(-1) >= 0 {
			w.WriteHeader(500)
			_, _ = fmt.Fprintf(w, faultAPIError, "InternalErrorException")
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(s.Close)
	return s
}

// callsFrom makes n calls of call from workers goroutines and returns how
// many succeeded.
func callsFrom(workers, n int, call func() error) int {
	var wg sync.WaitGroup
	var next, ok atomic.Int32
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for int(next.Add(1)) <= n {
				if call() == nil {
					ok.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return int(ok.Load())
}

func TestRetryTokenBucketBoundsAnOutageAndRefillsWhenTheServiceRecovers(t *testing.T) {
	// The default retryer's bucket holds 500 tokens and a retry after an
	// InternalErrorException costs 5, so an outage can cost at most 100
	// retries in all, however many calls and goroutines meet it. A success
	// on the first attempt puts 1 token back, a successful retry its 5.
	const capacity, retryCost = 500, 5
	s := newOutageServer(t)
	c := faultClient(s.URL+basePath, s.Client())
	in := &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"}
	call := func(optFns ...func(*Options)) func() error {
		return func() error {
			_, err := c.AdminSetUserPassword(context.Background(), in, optFns...)
			return err
		}
	}
	outage := func(calls int, optFns ...func(*Options)) int {
		t.Helper()
		s.down.Store(true)
		defer s.down.Store(false)
		before := s.requests.Load()
		require.Zero(t, callsFrom(16, calls, call(optFns...)))
		return int(s.requests.Load() - before)
	}

	const n = 400
	attempts := outage(n)
	t.Logf("outage of %d calls from 16 goroutines: %d attempts", n, attempts)
	assert.Equal(t, n+capacity/retryCost, attempts, "one shared bucket: at most %d retries for the whole outage", capacity/retryCost)
	assert.Equal(t, 50, outage(50, func(o *Options) { o.AppID = "per-call" }), "calls with per-call options draw on the same empty bucket")

	before := s.requests.Load()
	s.failNext.Store(1)
	require.Error(t, call()(), "with the bucket empty a failure is not retried")
	assert.EqualValues(t, 1, s.requests.Load()-before)

	// Five first-attempt successes pay for one retry.
	require.Equal(t, retryCost, callsFrom(1, retryCost, call()))
	before = s.requests.Load()
	s.failNext.Store(1)
	require.NoError(t, call()(), "a refilled bucket pays for a retry again")
	assert.EqualValues(t, 2, s.requests.Load()-before)

	// Enough successes fill the bucket to capacity again: the next outage
	// gets the full allowance of retries, and no more.
	require.Equal(t, capacity, callsFrom(16, capacity, call()))
	assert.Equal(t, 200+capacity/retryCost, outage(200))
}

func TestContextEndingDuringBackoffDialOrBodyReturnsPromptly(t *testing.T) {
	const cancelAfter = 100 * time.Millisecond
	phases := []struct {
		name string
		// start returns a client and a count of attempts; outcome: the
		// sentinel the error matches (ErrOutcomeUnknown or ErrProcessed),
		// or nil for neither.
		start   func(t *testing.T) (*Client, func() int)
		outcome error
		// only, when "repeatable", limits the phase to the repeatable
		// operations.
		only string
	}{
		{"during the backoff after a throttle", func(t *testing.T) (*Client, func() int) {
			s := newScriptedServer(t, reply{Status: 400, Body: fmt.Sprintf(faultAPIError, "TooManyRequestsException")})
			c := newTestClient(s)
			return New(c.Options(), func(o *Options) { o.Retryer = slowDelay{c.Options().Retryer} }), s.count
		}, nil, ""},
		{"during the backoff after a 500", func(t *testing.T) (*Client, func() int) {
			s := newScriptedServer(t, reply{Status: 500, Body: fmt.Sprintf(faultAPIError, "InternalErrorException")})
			c := newTestClient(s)
			return New(c.Options(), func(o *Options) { o.Retryer = slowDelay{c.Options().Retryer} }), s.count
		}, ErrOutcomeUnknown, "repeatable"}, // the others do not retry a 500
		{"during a dial that never completes", func(t *testing.T) (*Client, func() int) {
			release := make(chan struct{})
			// net/http detaches dials from the request's context, so the
			// dial is ended by the test, not by the cancellation.
			tr, dials := faultTransport(t, func(ctx context.Context, _, _ string) (net.Conn, error) {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-release:
					return nil, errors.New("dial released by the test")
				}
			})
			t.Cleanup(func() { close(release) })
			return faultClient("http://127.0.0.1:9"+basePath, &http.Client{Transport: tr}), func() int { return int(dials.Load()) }
		}, nil, ""},
		{"during the body read", func(t *testing.T) (*Client, func() int) {
			s := newFaultServer(t, func(s *faultServer, c net.Conn) {
				if s.readRequest(c) {
					_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"CodeDeliveryDetails\":")
					<-s.closed
				}
			})
			tr, _ := faultTransport(t, nil)
			return faultClient(s.URL(), &http.Client{Transport: tr}), func() int { return int(s.requests.Load()) }
		}, ErrProcessed, ""}, // a 200 came back: the service carried the call out
	}
	for _, ph := range phases {
		for _, op := range fullOperationCases() {
			if ph.only == "repeatable" && !operationNamed(t, op.name).repeatable {
				continue
			}
			t.Run(op.name+" cancelled "+ph.name+" returns context.Canceled at once", func(t *testing.T) {
				c, attempts := ph.start(t)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				// Cancel once the attempt has reached the phase (the
				// server or dialer saw it) and a little more, rather than
				// at a fixed time from the start, which a loaded machine
				// can reach before the request does.
				canceled := make(chan time.Time, 1)
				go func() {
					defer cancel()
					deadline := time.Now().Add(10 * time.Second)
					for attempts() < 1 && time.Now().Before(deadline) {
						time.Sleep(2 * time.Millisecond)
					}
					time.Sleep(cancelAfter)
					canceled <- time.Now()
				}()
				err := op.call(ctx, c)
				returned := time.Now()
				require.Error(t, err)
				assert.ErrorIs(t, err, context.Canceled)
				select {
				case at := <-canceled:
					assert.Less(t, returned.Sub(at), time.Second, "returns promptly after the cancellation")
				default:
					t.Fatalf("the call returned before it was cancelled: %v", err)
				}
				assert.Equal(t, 1, attempts())
				for _, sentinel := range []error{ErrOutcomeUnknown, ErrProcessed} {
					assert.Equal(t, ph.outcome == sentinel, errors.Is(err, sentinel), "%v: %v", sentinel, err)
				}
			})
		}
	}
}
