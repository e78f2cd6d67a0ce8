package conformance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	cp "github.com/cognitokit/cognitopassword"
)

// The fixed static credentials both clients sign with.
const (
	testAccessKeyID     = "AKIDCONFORMANCE"
	testSecretAccessKey = "conformance/secret+key/0123456789abcdefghij"
	testSessionToken    = "conformance-session-token"
	testRegion          = "us-east-1"
	// basePath is where the recording server is mounted, so that a client
	// that drops the base endpoint's path is caught.
	basePath = "/prefix"
)

var testCredentials = aws.Credentials{
	AccessKeyID: testAccessKeyID, SecretAccessKey: testSecretAccessKey, SessionToken: testSessionToken,
}

func staticProvider() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(testAccessKeyID, testSecretAccessKey, testSessionToken)
}

// recorded is one request as the server received it, with the outcome of
// verifying its signature.
type recorded struct {
	Method string
	Path   string // escaped path
	Query  string
	Header http.Header
	Body   []byte
	// Signed is whether an Authorization header came.
	Signed bool
	// SigErr is nil when the request is unsigned or its SigV4 signature is
	// what the service would compute; otherwise why not.
	SigErr error
	// SigningRegion and SigningService are from the credential scope.
	SigningRegion, SigningService string
}

// reply is what the server answers.
type reply struct {
	Status int
	Header map[string]string
	Body   string
}

// recordingServer is an httptest server, mounted under basePath, that
// records every request, verifies every signature and answers with the
// current reply.
type recordingServer struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []recorded
	rep reply
}

func newRecordingServer(t testing.TB) *recordingServer {
	t.Helper()
	rs := &recordingServer{rep: reply{Status: 200, Body: "{}"}}
	rs.srv = httptest.NewServer(http.HandlerFunc(rs.serve))
	t.Cleanup(rs.srv.Close)
	return rs
}

// URL is the base endpoint the pairs use: the server's URL with the path
// prefix and a trailing slash. (Without the slash the two clients post to
// different paths; see TestBaseEndpointPathMatchesTheOfficialClient.)
func (rs *recordingServer) URL() string { return rs.srv.URL + basePath + "/" }

// setReply sets what the next requests get.
func (rs *recordingServer) setReply(r reply) {
	rs.mu.Lock()
	rs.rep = r
	rs.mu.Unlock()
}

// take returns and forgets the requests recorded so far.
func (rs *recordingServer) take() []recorded {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	got := rs.got
	rs.got = nil
	return got
}

func (rs *recordingServer) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	path := r.URL.EscapedPath()
	mounted := path == basePath || strings.HasPrefix(path, basePath+"/")
	rec := recorded{
		Method: r.Method, Path: path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		rec.Signed = true
		rec.SigningRegion, rec.SigningService, rec.SigErr = verifySigV4(r, path, body, testCredentials)
	}
	rs.mu.Lock()
	rs.got = append(rs.got, rec)
	rep := rs.rep
	rs.mu.Unlock()
	if !mounted {
		rep = reply{Status: http.StatusNotFound, Body: `{"__type":"NotMountedHere"}`}
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

// verifySigV4 checks the request's signature the way the service does:
// it rebuilds a request holding only the headers listed in SignedHeaders,
// signs it with the known credentials, the request's X-Amz-Date and the
// SHA-256 of the body received, and compares the Authorization headers. It
// returns the region and service of the credential scope.
func verifySigV4(r *http.Request, path string, body []byte, creds aws.Credentials) (region, service string, err error) {
	auth := r.Header.Get("Authorization")
	const algo = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, algo) {
		return "", "", fmt.Errorf("authorization is not %q: %q", algo, auth)
	}
	var credential, signedHeaders string
	for _, part := range strings.Split(strings.TrimPrefix(auth, algo), ",") {
		part = strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(part, "Credential="):
			credential = strings.TrimPrefix(part, "Credential=")
		case strings.HasPrefix(part, "SignedHeaders="):
			signedHeaders = strings.TrimPrefix(part, "SignedHeaders=")
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return "", "", fmt.Errorf("malformed credential scope %q", credential)
	}
	if scope[0] != creds.AccessKeyID {
		return "", "", fmt.Errorf("access key id %q, want %q", scope[0], creds.AccessKeyID)
	}
	region, service = scope[2], scope[3]
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return region, service, fmt.Errorf("x-amz-date: %w", err)
	}
	if scope[1] != when.Format("20060102") {
		return region, service, fmt.Errorf("credential scope date %q does not match x-amz-date", scope[1])
	}
	if r.Header.Get("X-Amz-Security-Token") != creds.SessionToken {
		return region, service, errors.New("x-amz-security-token is not the session token")
	}

	u := "http://" + r.Host + path
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	fresh, err := http.NewRequestWithContext(context.Background(), r.Method, u, bytes.NewReader(body))
	if err != nil {
		return region, service, err
	}
	fresh.Host = r.Host
	fresh.Header = http.Header{}
	for _, h := range strings.Split(signedHeaders, ";") {
		switch h {
		case "host", "content-length":
			// From Host and ContentLength.
		default:
			if vs := r.Header.Values(h); len(vs) > 0 {
				fresh.Header[http.CanonicalHeaderKey(h)] = append([]string(nil), vs...)
			}
		}
	}
	sum := sha256.Sum256(body)
	signer := v4.NewSigner()
	if err := signer.SignHTTP(context.Background(), creds, fresh, hex.EncodeToString(sum[:]), service, region, when); err != nil {
		return region, service, err
	}
	if want := fresh.Header.Get("Authorization"); want != auth {
		return region, service, fmt.Errorf("signature mismatch:\n got  %s\n want %s", auth, want)
	}
	return region, service, nil
}

// oursClient returns our client for the server, with retries off: the
// same aws.NopRetryer as the official client's, so that neither wraps
// errors in a *retry.MaxAttemptsError (see the "retry classification"
// allowed difference for RetryMaxAttempts 1).
func oursClient(rs *recordingServer, optFns ...func(*cp.Options)) *cp.Client {
	return cp.New(cp.Options{
		Region:       testRegion,
		BaseEndpoint: rs.URL(),
		Credentials:  staticProvider(),
		Retryer:      aws.NopRetryer{},
	}, optFns...)
}

// theirClient returns the official client for the server, with retries off.
func theirClient(rs *recordingServer, optFns ...func(*cip.Options)) *cip.Client {
	return cip.New(cip.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(rs.URL()),
		Credentials:  staticProvider(),
		Retryer:      aws.NopRetryer{},
	}, optFns...)
}

// pair is a recording server with one client of each kind.
type pair struct {
	rs     *recordingServer
	ours   *cp.Client
	theirs *cip.Client
}

func newPair(t testing.TB) *pair {
	t.Helper()
	rs := newRecordingServer(t)
	return &pair{rs: rs, ours: oursClient(rs), theirs: theirClient(rs)}
}

// exchange is one call through one client: what it sent and what it
// returned.
type exchange struct {
	Sent []recorded
	Res  result
	Err  error
}

// call sends p through both clients, official first, with the same reply.
func (pr *pair) call(ctx context.Context, op operation, p params, rep reply) (theirs, ours exchange) {
	pr.rs.setReply(rep)
	pr.rs.take()
	theirs.Res, theirs.Err = op.theirs(ctx, pr.theirs, p)
	theirs.Sent = pr.rs.take()
	ours.Res, ours.Err = op.ours(ctx, pr.ours, p)
	ours.Sent = pr.rs.take()
	return theirs, ours
}
