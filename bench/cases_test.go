package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitokit/cognitopassword"
)

// region is the region of every client; the pool id matches it.
const region = "us-east-1"

const (
	poolID      = "us-east-1_AbCdEf123"
	appClientID = "6pk1c2mst1qf0sbmnrcv4v4ha1"
	username    = "alice@example.com"
	password    = "n3w-Secret-Passw0rd!"
	oldPassword = "0ld-Secret-Passw0rd!"
	code        = "123456"
	// accessToken has the shape of a Cognito access token (a JWT); the
	// servers here never check it.
	accessToken = "eyJraWQiOiJrZXkxIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJhbGljZSIsInRva2VuX3VzZSI6ImFjY2VzcyIsImNsaWVudF9pZCI6IjZwazFjMm1zdDFxZjBzYm1ucmN2NHY0aGExIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl"
)

// staticCreds are the credentials of every signed variant.
var staticCreds = credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "")

// deliveryBody is the answer to ForgotPassword and ResendConfirmationCode,
// for all variants alike.
const deliveryBody = `{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"a***@e***"}}`

// opCase is one operation, called four ways.
type opCase struct {
	name   string
	signed bool
	// reply is the body the servers answer with.
	reply string
	// ours and official make the call with each client.
	ours     func(ctx context.Context, c *cognitopassword.Client) error
	official func(ctx context.Context, c *cip.Client) error
}

var cases = []opCase{
	{
		name: "AdminResetUserPassword", signed: true, reply: "{}",
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: poolID, Username: username})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String(username)})
			return err
		},
	},
	{
		name: "AdminSetUserPassword", signed: true, reply: "{}",
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{UserPoolId: poolID, Username: username, Password: password, Permanent: true})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String(username), Password: aws.String(password), Permanent: true})
			return err
		},
	},
	{
		name: "ConfirmForgotPassword", reply: "{}",
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{ClientId: appClientID, Username: username, ConfirmationCode: code, Password: password})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(appClientID), Username: aws.String(username), ConfirmationCode: aws.String(code), Password: aws.String(password)})
			return err
		},
	},
	{
		name: "ResendConfirmationCode", reply: deliveryBody,
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.ResendConfirmationCode(ctx, &cognitopassword.ResendConfirmationCodeInput{ClientId: appClientID, Username: username})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(appClientID), Username: aws.String(username)})
			return err
		},
	},
	{
		name: "ForgotPassword", reply: deliveryBody,
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: appClientID, Username: username})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(appClientID), Username: aws.String(username)})
			return err
		},
	},
	{
		name: "ChangePassword", reply: "{}",
		ours: func(ctx context.Context, c *cognitopassword.Client) error {
			_, err := c.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{AccessToken: accessToken, PreviousPassword: oldPassword, ProposedPassword: password})
			return err
		},
		official: func(ctx context.Context, c *cip.Client) error {
			_, err := c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: aws.String(accessToken), PreviousPassword: aws.String(oldPassword), ProposedPassword: aws.String(password)})
			return err
		},
	},
}

// doer is what all four variants send through.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

// transport is one way of answering: a loopback server or an in-memory Do.
type transport struct {
	name     string
	endpoint string
	client   doer
}

// memBody is a canned response body.
type memBody struct{ bytes.Reader }

func (*memBody) Close() error { return nil }

// memClient answers every request in memory, as a transport would: it reads
// the whole request body and returns a 200 with a canned body. It isolates
// the client-side cost of a call.
type memClient struct {
	header http.Header
	body   []byte
}

func newMemClient(reply string) *memClient {
	return &memClient{
		header: http.Header{
			"Content-Type":     {"application/x-amz-json-1.1"},
			"X-Amzn-Requestid": {"2b3c8f8e-7d1a-4d7e-9c1f-0a1b2c3d4e5f"},
			"Date":             {"Sat, 22 Nov 2026 12:00:00 GMT"},
		},
		body: []byte(reply),
	}
}

func (m *memClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	b := &memBody{}
	b.Reset(m.body)
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        m.header, // read-only for every client
		Body:          b,
		ContentLength: int64(len(m.body)),
		Request:       req,
	}, nil
}

// newLoopback starts a loopback server answering reply, and an HTTP client
// with enough idle connections for the parallel benchmarks.
func newLoopback(tb testing.TB, reply string) transport {
	tb.Helper()
	body := []byte(reply)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/x-amz-json-1.1"}
		h["X-Amzn-Requestid"] = []string{"2b3c8f8e-7d1a-4d7e-9c1f-0a1b2c3d4e5f"}
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	hc := &http.Client{Transport: tr}
	tb.Cleanup(tr.CloseIdleConnections)
	return transport{name: "loopback", endpoint: srv.URL, client: hc}
}

func newMemory(reply string) transport {
	return transport{name: "memory", endpoint: "http://cognito.invalid", client: newMemClient(reply)}
}

// newOurs returns this library's client, set up as a user would.
func newOurs(t transport) *cognitopassword.Client {
	return cognitopassword.New(cognitopassword.Options{
		Region:       region,
		BaseEndpoint: t.endpoint,
		Credentials:  staticCreds,
		HTTPClient:   t.client,
	})
}

// newOfficial returns the official client: static credentials, Region,
// BaseEndpoint, default retries.
func newOfficial(t transport) *cip.Client {
	return cip.NewFromConfig(aws.Config{
		Region:       region,
		Credentials:  staticCreds,
		HTTPClient:   t.client,
		BaseEndpoint: aws.String(t.endpoint),
	})
}

// raw is the floor: a POST of a prebuilt body with the two headers the
// protocol needs, read in full. With signer set, it is SigV4-signed too.
type raw struct {
	client doer
	url    string
	target string
	body   []byte
	signer *v4.Signer
	creds  aws.Credentials
}

func newRaw(t transport, op string, body []byte, signed bool) *raw {
	r := &raw{client: t.client, url: t.endpoint + "/", target: "AWSCognitoIdentityProviderService." + op, body: body}
	if signed {
		r.signer = v4.NewSigner()
		creds, err := staticCreds.Retrieve(context.Background())
		if err != nil {
			panic(err)
		}
		r.creds = creds
	}
	return r
}

func (r *raw) call(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(r.body))
	if err != nil {
		return err
	}
	req.ContentLength = int64(len(r.body))
	req.Header["Content-Type"] = []string{"application/x-amz-json-1.1"}
	req.Header["X-Amz-Target"] = []string{r.target}
	if r.signer != nil {
		sum := sha256.Sum256(r.body)
		if err := r.signer.SignHTTP(ctx, r.creds, req, hex.EncodeToString(sum[:]), "cognito-idp", region, time.Now().UTC()); err != nil {
			return err
		}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// recorder keeps the last request body and headers it sees.
type recorder struct {
	next   doer
	header http.Header
	body   []byte
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.header, r.body = req.Header.Clone(), b
	req.Body = io.NopCloser(bytes.NewReader(b))
	return r.next.Do(req)
}

// oursBody is the body this library sends for c, used by the floors.
func oursBody(tb testing.TB, c opCase) []byte {
	tb.Helper()
	rec := &recorder{next: newMemClient(c.reply)}
	if err := c.ours(context.Background(), newOurs(transport{endpoint: "http://cognito.invalid", client: rec})); err != nil {
		tb.Fatalf("%s: %v", c.name, err)
	}
	return rec.body
}
