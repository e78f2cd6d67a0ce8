package cognitotest

import (
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cognitopassword "github.com/cognitokit/cognitopassword"
)

// Defaults of the server's options.
const (
	// DefaultRegion is the Region the server signs for and puts in pool ids.
	DefaultRegion = "us-east-1"
	// DefaultAccessKeyID is the access key id the server accepts unless
	// [WithCredentials] sets another.
	DefaultAccessKeyID = "AKIDCOGNITOTEST00000"
	// DefaultSecretAccessKey is the secret access key the server accepts
	// unless [WithCredentials] sets another.
	DefaultSecretAccessKey = "cognitotest/secret/access/key/000000000"
	// DefaultMaxSkew is how far the X-Amz-Date of a signed request may be
	// from the server's clock, as AWS allows; the TIMESTAMP of an SRP
	// answer gets the same window.
	DefaultMaxSkew = 5 * time.Minute
	// MaxLogEntries caps the request log and the outbox; the oldest entries
	// are dropped first.
	MaxLogEntries = 10000
)

// Option configures a [Server].
type Option func(*config)

type config struct {
	region   string
	creds    aws.Credentials
	now      func() time.Time
	maxBody  int64
	maxSkew  time.Duration
	basePath string
}

// WithRegion sets the Region that the server expects in SigV4 credential
// scopes, puts in generated pool ids and hands to clients through
// [Server.ClientOptions]. Default: [DefaultRegion].
func WithRegion(region string) Option {
	return func(c *config) { c.region = region }
}

// WithCredentials sets the only credentials whose signatures the server
// accepts on signed operations. A non-empty sessionToken must then be sent
// in X-Amz-Security-Token. Default: [DefaultAccessKeyID] and
// [DefaultSecretAccessKey] with no session token.
func WithCredentials(accessKeyID, secretAccessKey, sessionToken string) Option {
	return func(c *config) {
		c.creds = aws.Credentials{
			AccessKeyID:     accessKeyID,
			SecretAccessKey: secretAccessKey,
			SessionToken:    sessionToken,
			Source:          "cognitotest",
		}
	}
}

// WithClock sets the server's clock. Code and token expiry, temporary
// password validity, lockouts, the SigV4 skew check and the times in the
// outbox and the request log all read it. It is called from the server's
// goroutines, so it must be safe for concurrent use; [Clock.Now] is.
// Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithMaxBodyBytes caps the size of a request body; a larger one is
// refused with HTTP 413 and a SerializationException. Default:
// [DefaultMaxBodyBytes].
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) { c.maxBody = n }
}

// WithMaxSkew sets how far a signed request's X-Amz-Date, and the TIMESTAMP
// of a PASSWORD_VERIFIER answer, may be from the server's clock. A negative
// d turns both checks off, which a test that advances a [Clock] far past the
// real time needs, since clients sign with the real time. Default:
// [DefaultMaxSkew].
func WithMaxSkew(d time.Duration) Option {
	return func(c *config) { c.maxSkew = d }
}

// WithBasePath mounts the API under a path prefix such as "/cognito", so
// that a client which drops the path of its endpoint is caught. Requests
// must then be sent to that path (with or without a trailing slash), and
// [Server.Endpoint] includes it. Default: the API is served at "/".
func WithBasePath(path string) Option {
	return func(c *config) { c.basePath = "/" + strings.Trim(path, "/") }
}

// Server is an in-process fake of the Amazon Cognito user pools API,
// listening on 127.0.0.1. Create it with [NewServer] and stop it with
// [Server.Close]. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", without
	// the base path; see [Server.Endpoint].
	URL string

	cfg     config
	srv     *http.Server
	done    chan struct{}
	closing sync.Once
	served  chan struct{}
	conns   connTracker
	hashKey []byte

	mu       sync.Mutex
	pools    map[string]*poolState
	clients  map[string]*clientState
	tokens   map[string]*tokenState
	sessions map[string]*sessionState
	// refreshTokens are the refresh tokens issued, by value.
	refreshTokens map[string]*refreshState
	outbox        []Message
	requests      []Request
	faults        []*faultState
}

// NewServer starts a server on a random port of 127.0.0.1 and returns it.
// It panics if it cannot listen, as httptest.NewServer does. The server
// starts with no user pools: create them with [Server.CreateUserPool] or the
// CreateUserPool operation.
func NewServer(opts ...Option) *Server {
	cfg := config{region: DefaultRegion}
	WithCredentials(DefaultAccessKeyID, DefaultSecretAccessKey, "")(&cfg)
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.maxBody <= 0 {
		cfg.maxBody = DefaultMaxBodyBytes
	}
	if cfg.maxSkew == 0 {
		cfg.maxSkew = DefaultMaxSkew
	}
	if cfg.basePath == "" {
		cfg.basePath = "/"
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("cognitotest: cannot listen on 127.0.0.1: " + err.Error())
	}
	s := &Server{
		URL:      "http://" + ln.Addr().String(),
		cfg:      cfg,
		done:     make(chan struct{}),
		served:   make(chan struct{}),
		hashKey:  randomBytes(32),
		pools:    make(map[string]*poolState),
		clients:  make(map[string]*clientState),
		tokens:   make(map[string]*tokenState),
		sessions: make(map[string]*sessionState),

		refreshTokens: make(map[string]*refreshState),
	}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ConnState:         s.conns.track,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln)
	}()
	return s
}

// Close stops the server: it stops accepting connections, closes idle
// connections and connections that have not sent a request yet, cuts short
// any injected delay, and waits up to five seconds for requests in flight to
// finish before closing their connections. It is safe to call more than
// once.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		// http.Server.Shutdown treats a connection that has sent nothing
		// (StateNew) as busy until it is five seconds old, so a client that
		// dialled a spare connection would hold Close up that long. Close
		// such connections now, and any that is accepted until the
		// listener is closed.
		s.conns.closeUnused()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			_ = s.srv.Close()
		}
		<-s.served
	})
}

// connTracker records the server's connections that carry no request, so
// that [Server.Close] can close them without waiting.
type connTracker struct {
	mu      sync.Mutex
	closing bool
	unused  map[net.Conn]struct{}
}

// track is the http.Server's ConnState hook.
func (t *connTracker) track(c net.Conn, state http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch state {
	case http.StateNew, http.StateIdle:
		if t.closing {
			_ = c.Close()
			return
		}
		if t.unused == nil {
			t.unused = make(map[net.Conn]struct{})
		}
		t.unused[c] = struct{}{}
	default: // Active, Hijacked, Closed
		delete(t.unused, c)
	}
}

// closeUnused closes every connection without a request in progress, and
// makes track close the ones that become so from now on.
func (t *connTracker) closeUnused() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true
	for c := range t.unused {
		_ = c.Close()
	}
	t.unused = nil
}

// Endpoint returns the URL that clients should use as their base
// endpoint: [Server.URL] followed by the base path, if any.
func (s *Server) Endpoint() string {
	if s.cfg.basePath == "/" {
		return s.URL
	}
	return s.URL + s.cfg.basePath
}

// Region returns the Region the server was configured with.
func (s *Server) Region() string { return s.cfg.region }

// Credentials returns the credentials whose signatures the server accepts.
func (s *Server) Credentials() aws.Credentials { return s.cfg.creds }

// Now returns the time on the server's clock.
func (s *Server) Now() time.Time { return s.cfg.now() }

// ClientOptions returns an option for [cognitopassword.New] that points a
// client at this server: it sets Region, BaseEndpoint (to
// [Server.Endpoint]) and Credentials (static credentials that the server
// accepts). App client secrets still have to be given with
// [cognitopassword.WithClientSecret].
func (s *Server) ClientOptions() func(*cognitopassword.Options) {
	region, endpoint, creds := s.cfg.region, s.Endpoint(), s.cfg.creds
	return func(o *cognitopassword.Options) {
		o.Region = region
		o.BaseEndpoint = endpoint
		o.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return creds, nil
		})
	}
}

// Message is a message the server "sent": a verification code, a
// password-reset code or an invitation with a temporary password. Nothing
// leaves the process; tests read messages with [Server.Outbox] and
// [Server.LastCode].
type Message struct {
	// PoolID is the id of the user pool.
	PoolID string
	// ClientID is the app client the request came through; empty for
	// administrator operations.
	ClientID string
	// Username is the user the message is for.
	Username string
	// Trigger is the custom message trigger source Cognito would invoke:
	// "CustomMessage_ForgotPassword" (ForgotPassword and
	// AdminResetUserPassword), "CustomMessage_ResendCode" or
	// "CustomMessage_AdminCreateUser".
	Trigger string
	// Medium is "EMAIL" or "SMS".
	Medium string
	// AttributeName is the attribute the message went to: "email" or
	// "phone_number".
	AttributeName string
	// Destination is the unmasked email address or phone number.
	Destination string
	// Code is the confirmation code; empty for invitations.
	Code string
	// TemporaryPassword is the temporary password of an invitation.
	TemporaryPassword string
	// ClientMetadata is the ClientMetadata of the request.
	ClientMetadata map[string]string
	// Time is the server clock's time when the message was sent.
	Time time.Time
}

// Outbox returns a copy of every message sent so far, oldest first (at
// most [MaxLogEntries]).
func (s *Server) Outbox() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.outbox))
	for i, m := range s.outbox {
		m.ClientMetadata = copyMap(m.ClientMetadata)
		out[i] = m
	}
	return out
}

// LastCode returns the code of the most recent message with a code sent
// to username in the pool, and whether there was one.
func (s *Server) LastCode(poolID, username string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.outbox) - 1; i >= 0; i-- {
		m := s.outbox[i]
		if m.PoolID == poolID && m.Username == username && m.Code != "" {
			return m.Code, true
		}
	}
	return "", false
}

// ClearOutbox empties the outbox.
func (s *Server) ClearOutbox() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outbox = nil
}

// Request is an entry of the request log: one HTTP request the server
// received, whatever became of it.
type Request struct {
	// Op is the operation named by X-Amz-Target without its prefix, or the
	// whole header when the prefix is wrong.
	Op string
	// Signed reports whether the request carried a SigV4 Authorization
	// header; see ErrorCode for whether it verified.
	Signed bool
	// Time is the server clock's time when the request arrived.
	Time time.Time
	// Status is the HTTP status code sent, or 0 when the connection was
	// dropped.
	Status int
	// ErrorCode is the __type of the error sent, if any.
	ErrorCode string
	// Fault is the injected fault that the request met, or 0.
	Fault FaultKind
}

// Requests returns a copy of the request log, oldest first (at most
// [MaxLogEntries]).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns how many logged requests named op; an empty op
// counts them all.
func (s *Server) RequestCount(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if op == "" || r.Op == op {
			n++
		}
	}
	return n
}

// ClearRequests empties the request log.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) logRequest(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = appendBounded(s.requests, r)
}

// sendMessage appends m to the outbox. The caller holds s.mu.
func (s *Server) sendMessage(m Message) {
	s.outbox = appendBounded(s.outbox, m)
}

func appendBounded[T any](list []T, v T) []T {
	if len(list) >= MaxLogEntries {
		copy(list, list[1:])
		list = list[:len(list)-1]
	}
	return append(list, v)
}

// serveHTTP is the server's handler: it logs the request, applies the
// first matching fault and otherwise processes the request.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Amzn-Requestid", newRequestID())
	entry := Request{Time: s.cfg.now(), Signed: hasSigV4(r)}

	target := r.Header.Get("X-Amz-Target")
	op, known := strings.CutPrefix(target, TargetPrefix)
	entry.Op = op

	f := s.takeFault(op)
	if f != nil {
		entry.Fault = f.Kind
		switch f.Kind {
		case FaultDelay:
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
			case <-s.done:
			}
			t.Stop()
		case FaultThrottle:
			e := newAPIError("TooManyRequestsException", "Rate exceeded")
			entry.Status, entry.ErrorCode = writeError(w, e), e.code
			s.logRequest(entry)
			return
		case FaultServerError:
			entry.Status, entry.ErrorCode = writeFaultBody(w, f)
			s.logRequest(entry)
			return
		case FaultDropConnection:
			rec := &discardWriter{header: make(http.Header)}
			s.process(rec, r, op, known, entry.Time)
			s.logRequest(entry) // Status 0: nothing reached the client.
			dropConnection(w)
			return
		}
	}

	entry.Status = s.process(w, r, op, known, entry.Time)
	if entry.Status >= 300 {
		entry.ErrorCode = strings.TrimSuffix(w.Header().Get("X-Amzn-Errortype"), ":")
	}
	s.logRequest(entry)
}

// process handles one request and returns the status code it wrote.
func (s *Server) process(w http.ResponseWriter, r *http.Request, op string, known bool, now time.Time) int {
	if p := r.URL.Path; p != s.cfg.basePath && p != strings.TrimSuffix(s.cfg.basePath, "/")+"/" {
		return writeError(w, &apiError{status: http.StatusNotFound, code: "UnknownOperationException",
			message: "cognitotest: no API at path " + p + "; the endpoint is " + s.Endpoint()})
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeError(w, &apiError{status: http.StatusMethodNotAllowed, code: "UnknownOperationException",
			message: "cognitotest: method " + r.Method + " is not allowed; use POST"})
	}
	handler, ok := operations[op]
	if !known || !ok {
		return writeError(w, newAPIError("UnknownOperationException", ""))
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != ContentType {
		return writeError(w, newAPIError("SerializationException",
			"cognitotest: Content-Type must be "+ContentType))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return writeError(w, &apiError{status: http.StatusRequestEntityTooLarge, code: "SerializationException",
				message: "cognitotest: request body is larger than the limit"})
		}
		return writeError(w, newAPIError("SerializationException", "cognitotest: cannot read the request body"))
	}

	switch handler.auth {
	case authRequired:
		if e := s.verifySigV4(r, body, now); e != nil {
			return writeError(w, e)
		}
	case authOptional:
		if r.Header.Get("Authorization") != "" {
			if e := s.verifySigV4(r, body, now); e != nil {
				return writeError(w, e)
			}
		}
	}

	c := &call{now: now, body: body}
	s.mu.Lock()
	out, e := handler.fn(s, c)
	s.mu.Unlock()
	if e != nil {
		return writeError(w, e)
	}
	return writeJSON(w, out)
}

// discardWriter is the ResponseWriter of a request whose connection is
// dropped after it is processed.
type discardWriter struct {
	header http.Header
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // The server closes the connection.
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
