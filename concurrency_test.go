package cognitopassword

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// concCall calls one operation for user and returns the destination the
// service reported, when the operation reports one.
type concCall func(ctx context.Context, c *Client, user string) (string, error)

// concCalls are the six operations, called with a username chosen per call.
func concCalls() []concCall {
	return []concCall{
		func(ctx context.Context, c *Client, user string) (string, error) {
			_, err := c.AdminResetUserPassword(ctx, &AdminResetUserPasswordInput{UserPoolId: "us-east-1_AbC123", Username: user})
			return "", err
		},
		func(ctx context.Context, c *Client, user string) (string, error) {
			_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{UserPoolId: "us-east-1_AbC123", Username: user, Password: "N3w-Passw0rd!", Permanent: true})
			return "", err
		},
		func(ctx context.Context, c *Client, user string) (string, error) {
			_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{ClientId: "client1", Username: user, ConfirmationCode: "123456", Password: "N3w-Passw0rd!"})
			return "", err
		},
		func(ctx context.Context, c *Client, user string) (string, error) {
			out, err := c.ResendConfirmationCode(ctx, &ResendConfirmationCodeInput{ClientId: "client1", Username: user})
			if err != nil || out.CodeDeliveryDetails == nil {
				return "", err
			}
			return out.CodeDeliveryDetails.Destination, nil
		},
		func(ctx context.Context, c *Client, user string) (string, error) {
			out, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "client1", Username: user})
			if err != nil || out.CodeDeliveryDetails == nil {
				return "", err
			}
			return out.CodeDeliveryDetails.Destination, nil
		},
		func(ctx context.Context, c *Client, user string) (string, error) {
			_, err := c.ChangePassword(ctx, &ChangePasswordInput{AccessToken: "eyJ.abc-_=", PreviousPassword: "old", ProposedPassword: "N3w-Passw0rd!"})
			return "", err
		},
	}
}

// concServer answers the calls of the concurrency test: every 20th request
// is throttled, every 20th (offset) gets a 500, every 50th has its
// connection dropped, and the others succeed. ForgotPassword and
// ResendConfirmationCode get the request's username back as the
// destination, so that a response delivered to the wrong caller shows.
func concServer(requests *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		n := requests.Add(1)
		switch {
		case n%50 == 29:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		case n%20 == 7:
			w.WriteHeader(400)
			_, _ = fmt.Fprintf(w, faultAPIError, "TooManyRequestsException")
			return
		case n%20 == 13:
			w.WriteHeader(500)
			_, _ = fmt.Fprintf(w, faultAPIError, "InternalErrorException")
			return
		}
		var in struct{ Username string }
		_ = json.Unmarshal(body, &in)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"CodeDeliveryDetails": map[string]string{"Destination": in.Username, "DeliveryMedium": "EMAIL", "AttributeName": "email"},
		})
	})
}

func TestOneClientSharedBy64GoroutinesFor10000CallsWithFaults(t *testing.T) {
	const goroutines, calls = 64, 10000
	ignore := goleak.IgnoreCurrent()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutinesBefore := runtime.NumGoroutine()

	var requests atomic.Int64
	srv := httptest.NewServer(concServer(&requests))
	tr := &http.Transport{MaxIdleConnsPerHost: goroutines}
	c := faultClient(srv.URL+basePath, &http.Client{Transport: tr})
	ops := concCalls()

	var (
		next                                        atomic.Int64
		ok, throttled, internal, unknown, crossTalk atomic.Int64
		mu                                          sync.Mutex
		unexpected                                  []error
	)
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= calls {
					return
				}
				user := fmt.Sprintf("user-%d", i)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				dest, err := ops[i%int64(len(ops))](ctx, c, user)
				cancel()
				var apiErr smithy.APIError
				switch {
				case err == nil:
					ok.Add(1)
					if dest != "" && dest != user {
						crossTalk.Add(1)
					}
				case errors.Is(err, ErrOutcomeUnknown):
					unknown.Add(1)
				case errors.As(err, &apiErr) && apiErr.ErrorCode() == "TooManyRequestsException":
					throttled.Add(1)
				case errors.As(err, &apiErr) && apiErr.ErrorCode() == "InternalErrorException":
					internal.Add(1) // never: a 500 is ambiguous for every operation
				default:
					mu.Lock()
					unexpected = append(unexpected, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	srv.Close()
	tr.CloseIdleConnections()

	t.Logf("%d calls from %d goroutines in %v: %d requests; %d succeeded, %d outcome unknown, %d throttled after retries",
		calls, goroutines, took.Round(time.Millisecond), requests.Load(), ok.Load(), unknown.Load(), throttled.Load())
	assert.Empty(t, unexpected, "every failure is a throttle that outlasted its retries or an outcome-unknown error")
	assert.Zero(t, internal.Load(), "a 500 always matches ErrOutcomeUnknown")
	assert.Zero(t, crossTalk.Load(), "each caller gets its own response")
	assert.EqualValues(t, calls, ok.Load()+unknown.Load()+throttled.Load()+int64(len(unexpected)))
	assert.Greater(t, ok.Load(), int64(calls*8/10))
	assert.GreaterOrEqual(t, requests.Load(), int64(calls))

	// Nothing is left running: goleak waits (with retries) for the
	// transport's and the server's goroutines to end.
	require.NoError(t, goleak.Find(ignore), "goroutines left behind")
	t.Logf("goroutines leaked: 0 (goleak); %d running before, %d after", goroutinesBefore, runtime.NumGoroutine())

	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap in use after GC: %d KiB before, %d KiB after", before.HeapInuse>>10, after.HeapInuse>>10)
	assert.Less(t, growth, int64(8<<20), "the heap in use stays flat")
	require.Less(t, took, 60*time.Second)
}
