package cognitopassword

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The adversarial suite: servers that behave as an attacker on the path or
// a broken network would, each met by every operation. For the five
// operations that must not repeat, the server must see the request at most
// once, and the error must match ErrOutcomeUnknown (ErrProcessed for a 2xx)
// whenever the request may have been processed. AdminSetUserPassword, whose
// repetition is harmless, retries what the official client retries.

// nonRepeatable reports whether the operation of an opCase must not repeat.
func nonRepeatable(t *testing.T, op opCase) bool {
	t.Helper()
	return !operationNamed(t, op.name).repeatable
}

// testTLS returns a self-signed ECDSA certificate for 127.0.0.1 (cheap
// handshakes, so that many runs stay fast under the race detector) and a
// pool that trusts it.
func testTLS(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// defaultClientTrusting is the client's default HTTP client (the buildable
// client, which negotiates HTTP/2 over TLS) trusting pool.
func defaultClientTrusting(t *testing.T, pool *x509.CertPool) *awshttp.BuildableClient {
	t.Helper()
	hc := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.TLSClientConfig.RootCAs = pool
		// Resumed sessions keep many short connections cheap.
		tr.TLSClientConfig.ClientSessionCache = tls.NewLRUClientSessionCache(4)
		t.Cleanup(tr.CloseIdleConnections)
	})
	return hc
}

const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// HTTP/2 frame types and flags used by the raw server.
const (
	h2Data, h2Headers, h2Settings, h2Ping = 0, 1, 4, 6
	h2EndStream, h2Ack                    = 1, 1
)

func writeH2Frame(w io.Writer, typ, flags byte, stream uint32, payload []byte) error {
	var head [9]byte
	head[0], head[1], head[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	head[3], head[4] = typ, flags
	binary.BigEndian.PutUint32(head[5:], stream&0x7fffffff)
	_, err := w.Write(append(head[:], payload...))
	return err
}

func readH2Frame(r io.Reader) (typ, flags byte, stream uint32, err error) {
	var head [9]byte
	if _, err = io.ReadFull(r, head[:]); err != nil {
		return 0, 0, 0, err
	}
	n := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
	if _, err = io.CopyN(io.Discard, r, int64(n)); err != nil {
		return 0, 0, 0, err
	}
	return head[3], head[4], binary.BigEndian.Uint32(head[5:]) & 0x7fffffff, nil
}

// h2PingAndClose is a raw HTTP/2 server (prior-knowledge h2c, or TLS with
// ALPN h2 when cert is set): it reads frames until a stream ends
// (END_STREAM: the whole request has arrived), counts that request, sends
// one PING and closes the connection, with an RST when rst is set. The
// client's PING acknowledgement then fails, and net/http hands that write
// error to every stream of the connection. The frames are written by hand:
// golang.org/x/net/http2 is no dependency of this module.
func h2PingAndClose(cert *tls.Certificate, rst bool) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		var conn net.Conn = c
		if cert != nil {
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{*cert}, NextProtos: []string{"h2"}})
			if err := tc.Handshake(); err != nil || tc.ConnectionState().NegotiatedProtocol != "h2" {
				return
			}
			conn = tc
		}
		r := bufio.NewReader(conn)
		preface := make([]byte, len(h2Preface))
		if _, err := io.ReadFull(r, preface); err != nil || string(preface) != h2Preface {
			return
		}
		if writeH2Frame(conn, h2Settings, 0, 0, nil) != nil {
			return
		}
		for {
			typ, flags, stream, err := readH2Frame(r)
			if err != nil {
				return
			}
			switch {
			case typ == h2Settings && flags&h2Ack == 0:
				if writeH2Frame(conn, h2Settings, h2Ack, 0, nil) != nil {
					return
				}
			case (typ == h2Data || typ == h2Headers) && flags&h2EndStream != 0 && stream != 0:
				s.requests.Add(1)
				_ = writeH2Frame(conn, h2Ping, 0, 0, []byte("pingpong"))
				if rst {
					reset(c)
				} else {
					conn.Close()
				}
				return
			}
		}
	}
}

func TestHTTP2PingAndCloseAfterTheRequestNeverRepeatsIt(t *testing.T) {
	const runs = 50
	cert, pool := testTLS(t)
	variants := []struct {
		name   string
		client func(t *testing.T) HTTPClient
		cert   *tls.Certificate
		rst    bool
	}{
		{"h2c with a close", h2cClient, nil, false},
		{"h2c with a reset", h2cClient, nil, true},
		{"TLS h2, negotiated by the default client, with a close", func(t *testing.T) HTTPClient { return defaultClientTrusting(t, pool) }, &cert, false},
		{"TLS h2, negotiated by the default client, with a reset", func(t *testing.T) HTTPClient { return defaultClientTrusting(t, pool) }, &cert, true},
	}
	for _, v := range variants {
		for _, op := range fullOperationCases() {
			once := nonRepeatable(t, op)
			n := runs
			if !once {
				n = 5 // AdminSetUserPassword retries; a few runs show it
			}
			t.Run(fmt.Sprintf("%s over %s: %d runs", op.name, v.name, n), func(t *testing.T) {
				t.Parallel()
				scheme := "http://"
				if v.cert != nil {
					scheme = "https://"
				}
				s := newFaultServer(t, h2PingAndClose(v.cert, v.rst))
				c := faultClient(scheme+s.l.Addr().String()+basePath, v.client(t))
				for i := 0; i < n; i++ {
					before := s.requests.Load()
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					err := op.call(ctx, c)
					cancel()
					got := int(s.requests.Load() - before)
					require.Error(t, err)
					require.True(t, errors.Is(err, ErrOutcomeUnknown), "run %d: the request reached the server, so the outcome is unknown: %v", i, err)
					if once {
						require.Equal(t, 1, got, "run %d: the server saw the request %d times: %v", i, got, err)
					} else {
						require.Equal(t, 3, got, "run %d: AdminSetUserPassword retries an ambiguous failure", i)
					}
				}
			})
		}
	}
}

// h2cClient is a client that speaks HTTP/2 without TLS (prior knowledge).
func h2cClient(t *testing.T) HTTPClient {
	t.Helper()
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	tr := &http.Transport{Protocols: &p}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// tlsHTTP1Server reads one request over TLS (HTTP/1.1) on each connection,
// counts it, and hands the raw TCP connection to then.
func tlsHTTP1Server(cert tls.Certificate, then func(raw net.Conn, tc *tls.Conn)) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}})
		if tc.Handshake() != nil {
			return
		}
		if s.readRequest(tc) {
			then(c, tc)
		}
	}
}

// outcome is what one call returned, and how long it took.
type outcome struct {
	err  error
	took time.Duration
}

// callAll makes one call of every operation at once, op i through
// clients[i], with ctx from newCtx, and returns what each returned. The
// waits are the servers' and the bounds', not the CPU's, so running the
// calls together keeps the suite short however many operations there are.
func callAll(ops []opCase, clients []*Client, newCtx func() (context.Context, context.CancelFunc)) []outcome {
	out := make([]outcome, len(ops))
	var wg sync.WaitGroup
	for i := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := newCtx()
			defer cancel()
			start := time.Now()
			out[i].err = ops[i].call(ctx, clients[i])
			out[i].took = time.Since(start)
		}()
	}
	wg.Wait()
	return out
}

// withSafetyNet is a context that only a broken test would meet.
func withSafetyNet() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 20*time.Second)
}

// background is context.Background(), with nothing to cancel.
func background() (context.Context, context.CancelFunc) { return context.Background(), func() {} }

// assertOnceAndUnknown checks the verdict on a call whose every attempt may
// have been processed: an operation that must not repeat sent it once and
// fails with ErrOutcomeUnknown; a repeatable one (AdminSetUserPassword)
// retried, as the official client does, and fails with ErrOutcomeUnknown
// when its attempts run out. The server's count is read once it has
// settled: a loaded machine may read the request after the call gave up.
func assertOnceAndUnknown(t *testing.T, op opCase, o outcome, attempts func() int, within time.Duration) {
	t.Helper()
	require.Error(t, o.err)
	assert.Less(t, o.took, within, "the call ends on its own")
	assert.True(t, errors.Is(o.err, ErrOutcomeUnknown), "outcome unknown: %v", o.err)
	assert.False(t, errors.Is(o.err, context.Canceled), "not the caller's cancellation: %v", o.err)
	var ce *smithy.CanceledError
	assert.False(t, errors.As(o.err, &ce), "not the caller's cancellation: %v", o.err)
	want := 1
	if !nonRepeatable(t, op) {
		want = 3
		var maxErr *awsretry.MaxAttemptsError
		assert.ErrorAs(t, o.err, &maxErr)
	}
	assert.Eventually(t, func() bool { return attempts() >= want }, 2*time.Second, 5*time.Millisecond, "the server saw %d requests", attempts())
	time.Sleep(20 * time.Millisecond)
	assert.Equal(t, want, attempts(), "requests the server saw")
}

// requestOnce makes one call of op and checks it with assertOnceAndUnknown.
func requestOnce(t *testing.T, op opCase, c *Client, attempts func() int, within time.Duration) {
	t.Helper()
	o := callAll([]opCase{op}, []*Client{c}, withSafetyNet)[0]
	assertOnceAndUnknown(t, op, o, attempts, within)
}

func TestAnswersThatBreakAfterTheRequestAreAmbiguousWhateverTheirErrorSays(t *testing.T) {
	cert, pool := testTLS(t)
	cases := []struct {
		name   string
		handle func(s *faultServer, c net.Conn)
		tls    bool
	}{
		// A TLS record the client cannot decrypt, written to the TCP
		// stream after the request was read: no keys needed.
		{"a TLS record injected after the request", tlsHTTP1Server(cert, func(raw net.Conn, _ *tls.Conn) {
			_, _ = raw.Write([]byte{23, 3, 1, 0, 5, 1, 2, 3, 4, 5})
		}), true},
		{"a TLS alert injected after the request", tlsHTTP1Server(cert, func(raw net.Conn, _ *tls.Conn) {
			_, _ = raw.Write([]byte{21, 3, 3, 0, 2, 2, 40}) // fatal handshake_failure
		}), true},
		// Text the peer controls ends up in the error message.
		{`a malformed header line reading " tls: handshake failure"`, respondRaw("HTTP/1.1 200 OK\r\n tls: handshake failure\r\n\r\n"), false},
		{`a status line reading "dial tcp: connection refused"`, respondRaw("dial tcp: connection refused tls: handshake failure\r\n\r\n"), false},
		{"a 101 Switching Protocols held open", func(s *faultServer, c net.Conn) {
			if s.readRequest(c) {
				_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: tls: handshake\r\nConnection: Upgrade\r\n\r\n")
				<-s.closed
			}
		}, false},
		{"a 101 without upgrade headers held open", func(s *faultServer, c net.Conn) {
			if s.readRequest(c) {
				_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\n\r\n")
				<-s.closed
			}
		}, false},
	}
	for _, tc := range cases {
		for _, op := range fullOperationCases() {
			t.Run(op.name+" after "+tc.name, func(t *testing.T) {
				t.Parallel()
				s := newFaultServer(t, tc.handle)
				var hc HTTPClient
				url := s.URL()
				if tc.tls {
					hc = defaultClientTrusting(t, pool)
					url = "https://" + s.l.Addr().String() + basePath
				} else {
					tr, _ := faultTransport(t, nil)
					hc = &http.Client{Transport: tr}
				}
				c := faultClient(url, hc, func(o *Options) { o.AttemptTimeout = 2 * time.Second })
				requestOnce(t, op, c, func() int { return int(s.requests.Load()) }, 3*time.Second)
			})
		}
	}
}

// giveUp is how long the servers below hold a connection at most, so that
// a call that the client failed to bound still ends.
const giveUp = 10 * time.Second

// silent reads the request and never answers.
func silent(s *faultServer, c net.Conn) {
	if s.readRequest(c) {
		select {
		case <-s.closed:
		case <-time.After(giveUp):
		}
	}
}

// slowloris reads the request and writes head, then one byte of rest every
// interval.
func slowloris(head, rest string, interval time.Duration) func(s *faultServer, c net.Conn) {
	return func(s *faultServer, c net.Conn) {
		if !s.readRequest(c) {
			return
		}
		if _, err := io.WriteString(c, head); err != nil {
			return
		}
		for i := 0; i < len(rest); i++ {
			select {
			case <-s.closed:
				return
			case <-time.After(interval):
			}
			if _, err := c.Write([]byte{rest[i]}); err != nil {
				return
			}
		}
		silent(s, c)
	}
}

func TestEveryAttemptEndsOnItsOwnWithTheDefaultClientAndNoDeadline(t *testing.T) {
	const bound = 400 * time.Millisecond
	cases := []struct {
		name      string
		handle    func(s *faultServer, c net.Conn)
		processed bool
	}{
		{"a silent server", silent, false},
		{"a status line a byte every 50 ms", slowloris("", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 50*time.Millisecond), false},
		{"a 100 Continue and then nothing", slowloris("HTTP/1.1 100 Continue\r\n\r\n", "", 0), false},
		{"a success body a byte every 50 ms", slowloris("HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n", strings.Repeat(" ", 200), 50*time.Millisecond), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ops := fullOperationCases()
			clients := make([]*Client, len(ops))
			servers := make([]*faultServer, len(ops))
			for i := range ops {
				servers[i] = newFaultServer(t, tc.handle)
				// The default HTTP client and context.Background():
				// only the attempt bound ends the call.
				c := New(Options{Region: "us-east-1", BaseEndpoint: servers[i].URL(), Credentials: testCreds, AttemptTimeout: bound})
				clients[i] = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
				require.Equal(t, bound, clients[i].Options().AttemptTimeout)
			}
			results := callAll(ops, clients, background)
			for i, op := range ops {
				t.Run(op.name, func(t *testing.T) {
					attempts := func() int { return int(servers[i].requests.Load()) }
					if !tc.processed {
						assertOnceAndUnknown(t, op, results[i], attempts, 3*bound+3*time.Second)
						return
					}
					err := results[i].err
					assert.Less(t, results[i].took, bound+3*time.Second)
					require.Error(t, err)
					assert.ErrorIs(t, err, ErrProcessed, "a 2xx came back: the call was carried out")
					assert.ErrorIs(t, err, context.DeadlineExceeded)
					assert.False(t, errors.Is(err, ErrOutcomeUnknown))
					assert.Equal(t, 1, attempts())
				})
			}
		})
	}
}

func TestTheDefaultAttemptBoundIsSetAndCanBeTurnedOff(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	assert.Equal(t, DefaultAttemptTimeout, c.Options().AttemptTimeout)
	assert.Equal(t, 30*time.Second, DefaultAttemptTimeout)
	c = New(Options{Region: "us-east-1", AttemptTimeout: -1})
	assert.Nil(t, c.cfg.bound, "a negative AttemptTimeout sets no bound")

	// With the bound off, only the caller's context ends a silent call.
	s := newFaultServer(t, silent)
	c = faultClient(s.URL(), nil, func(o *Options) { o.AttemptTimeout = -1 })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
}

// delayFirst answers 200 {} to every request, the first after delay.
func delayFirst(delay time.Duration) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if n.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(delay):
			}
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, "{}")
	}))
	return s, &n
}

func TestATimeoutOfTheHTTPClientOrOfTheAttemptIsNotTheCallersCancellation(t *testing.T) {
	const timeout = 400 * time.Millisecond
	clients := []struct {
		name  string
		setup func(s *httptest.Server) *Client
	}{
		{"http.Client.Timeout", func(s *httptest.Server) *Client {
			return faultClient(s.URL+basePath, &http.Client{Timeout: timeout})
		}},
		{"AttemptTimeout", func(s *httptest.Server) *Client {
			return faultClient(s.URL+basePath, s.Client(), func(o *Options) { o.AttemptTimeout = timeout })
		}},
	}
	for _, cl := range clients {
		t.Run("a first attempt that outlasts the "+cl.name, func(t *testing.T) {
			ops := fullOperationCases()
			cs := make([]*Client, len(ops))
			counts := make([]*atomic.Int32, len(ops))
			for i := range ops {
				s, n := delayFirst(5 * time.Second)
				t.Cleanup(s.Close)
				cs[i], counts[i] = cl.setup(s), n
			}
			results := callAll(ops, cs, background)
			for i, op := range ops {
				t.Run(op.name, func(t *testing.T) {
					err := results[i].err
					if nonRepeatable(t, op) {
						require.Error(t, err)
						assert.ErrorIs(t, err, ErrOutcomeUnknown, "the request was written: it may have been processed")
						assert.EqualValues(t, 1, counts[i].Load())
						var ce *smithy.CanceledError
						assert.False(t, errors.As(err, &ce), "not a cancellation: %v", err)
						return
					}
					require.NoError(t, err, "a repeatable operation retries a timeout and succeeds, as the official client does")
					assert.EqualValues(t, 2, counts[i].Load())
				})
			}
		})
	}

	t.Run("a dial that outlasts the http.Client.Timeout", func(t *testing.T) {
		ops := fullOperationCases()
		cs := make([]*Client, len(ops))
		dials := make([]*atomic.Int32, len(ops))
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		for i := range ops {
			tr, n := faultTransport(t, func(ctx context.Context, _, _ string) (net.Conn, error) {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-release:
					return nil, errors.New("dial released by the test")
				}
			})
			cs[i], dials[i] = faultClient("http://127.0.0.1:9"+basePath, &http.Client{Transport: tr, Timeout: 100 * time.Millisecond}), n
		}
		results := callAll(ops, cs, background)
		for i, op := range ops {
			t.Run(op.name+" is retried: nothing was sent", func(t *testing.T) {
				err := results[i].err
				require.Error(t, err)
				assert.False(t, errors.Is(err, ErrOutcomeUnknown), "%v", err)
				var maxErr *awsretry.MaxAttemptsError
				assert.ErrorAs(t, err, &maxErr, "retried to the limit")
				assert.EqualValues(t, 3, dials[i].Load())
			})
		}
	})
}

// followingClient is an HTTPClient that is not a *http.Client but follows
// redirects with one inside, as a wrapper of the user's might.
type followingClient struct{ c *http.Client }

func (f followingClient) Do(req *http.Request) (*http.Response, error) { return f.c.Do(req) }

func TestNoRedirectIsFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(other.Close)
	clients := []struct {
		name string
		hc   func() HTTPClient
	}{
		{"the default client", func() HTTPClient { return nil }},
		{"a plain *http.Client", func() HTTPClient { return &http.Client{} }},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, cl := range clients {
			for _, op := range fullOperationCases() {
				t.Run(fmt.Sprintf("%s with %s does not follow a %d to another host", op.name, cl.name, status), func(t *testing.T) {
					var here atomic.Int32
					s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						here.Add(1)
						http.Redirect(w, r, other.URL+"/stolen", status)
					}))
					t.Cleanup(s.Close)
					hc := cl.hc()
					c := faultClient(s.URL+basePath, hc)
					before := elsewhere.Load()
					err := op.call(context.Background(), c)
					require.Error(t, err)
					assert.Equal(t, before, elsewhere.Load(), "nothing reached the other host")
					assert.EqualValues(t, 1, here.Load())
					var re *awshttp.ResponseError
					require.ErrorAs(t, err, &re)
					assert.Equal(t, status, re.HTTPStatusCode())
					if h, ok := hc.(*http.Client); ok {
						assert.Nil(t, h.CheckRedirect, "the caller's *http.Client is not changed")
					}
				})
			}
		}
	}

	t.Run("an HTTPClient of another type that followed a redirect gets an error, not a success", func(t *testing.T) {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
		}))
		t.Cleanup(s.Close)
		c := faultClient(s.URL+basePath, followingClient{&http.Client{}})
		_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "another request")
	})
}

// scriptedDo is an HTTPClient whose Do returns what do returns.
type scriptedDo func(*http.Request) (*http.Response, error)

func (f scriptedDo) Do(req *http.Request) (*http.Response, error) { return f(req) }

func TestAnHTTPClientThatReturnsNothingGetsAnErrorNotAPanic(t *testing.T) {
	clients := []struct {
		name string
		do   scriptedDo
		ok   bool
	}{
		{"no response and no error", func(*http.Request) (*http.Response, error) { return nil, nil }, false},
		{"no response and no error after reading the body", func(req *http.Request) (*http.Response, error) {
			_, _ = io.Copy(io.Discard, req.Body)
			return nil, nil
		}, false},
		{"a 200 without a body or headers", func(req *http.Request) (*http.Response, error) {
			_, _ = io.Copy(io.Discard, req.Body)
			return &http.Response{StatusCode: 200}, nil
		}, true},
		{"a 500 without a body or headers", func(req *http.Request) (*http.Response, error) {
			_, _ = io.Copy(io.Discard, req.Body)
			return &http.Response{StatusCode: 500}, nil
		}, false},
		{"a response and an error", func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: http.NoBody}, errors.New("both")
		}, false},
	}
	for _, cl := range clients {
		for _, op := range fullOperationCases() {
			t.Run(op.name+" with "+cl.name, func(t *testing.T) {
				c := faultClient("http://127.0.0.1:1"+basePath, cl.do)
				var err error
				require.NotPanics(t, func() { err = op.call(context.Background(), c) })
				if cl.ok {
					assert.NoError(t, err)
				} else {
					assert.Error(t, err)
				}
			})
		}
	}
}

func TestASuccessCutShortIsProcessedAndNeverRetried(t *testing.T) {
	// The reproduction: Content-Length 100, 4 bytes, close.
	for _, op := range fullOperationCases() {
		t.Run(op.name+" gets ErrProcessed after one attempt", func(t *testing.T) {
			s := newFaultServer(t, respondRaw("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{\"a\""))
			tr, _ := faultTransport(t, nil)
			c := faultClient(s.URL(), &http.Client{Transport: tr})
			err := op.call(context.Background(), c)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrProcessed)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.False(t, errors.Is(err, ErrOutcomeUnknown))
			var pe *ProcessedError
			require.ErrorAs(t, err, &pe)
			var re *awshttp.ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 200, re.HTTPStatusCode())
			assert.EqualValues(t, 1, s.requests.Load())
		})
	}
}
