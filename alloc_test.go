//go:build !race

package cognitopassword

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Under the race detector sync.Pool drops items at random and the counts
// below grow and vary, so this file builds only without it: CI runs
// go test -count=1 -run TestAllocationsPerCall . in a pass without -race.

// allocBody is a canned in-memory response body.
type allocBody struct{ bytes.Reader }

func (*allocBody) Close() error { return nil }

// allocTransport answers in memory as a transport would: it reads the whole
// request body and returns a 200 with a canned body and a request id.
type allocTransport struct {
	header http.Header
	body   []byte
}

func (m *allocTransport) Do(req *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, req.Body)
	_ = req.Body.Close()
	b := &allocBody{}
	b.Reset(m.body)
	return &http.Response{StatusCode: http.StatusOK, Header: m.header, Body: b, ContentLength: int64(len(m.body)), Request: req}, nil
}

// TestAllocationsPerCall guards the allocations of one successful call of
// each operation, counted with an in-memory HTTPClient whose own two
// allocations (response and body) are included. The limits are the counts
// measured when they were set plus 3; a change that needs more should say
// why, and BENCHMARKS.md (bash scripts/bench.sh) shows the comparison with
// the official client and with a raw net/http request.
func TestAllocationsPerCall(t *testing.T) {
	const delivery = `{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"a***@e***"}}`
	ctx := context.Background()
	tests := []struct {
		name  string
		reply string
		max   float64
		call  func(c *Client) error
	}{
		{"AdminResetUserPassword signed", "{}", 63 + 3, func(c *Client) error {
			_, err := c.AdminResetUserPassword(ctx, &AdminResetUserPasswordInput{UserPoolId: "us-east-1_AbCdEf123", Username: "alice"})
			return err
		}},
		{"AdminSetUserPassword signed", "{}", 64 + 3, func(c *Client) error {
			_, err := c.AdminSetUserPassword(ctx, &AdminSetUserPasswordInput{UserPoolId: "us-east-1_AbCdEf123", Username: "alice", Password: "n3w-Secret-Passw0rd!", Permanent: true})
			return err
		}},
		{"ConfirmForgotPassword", "{}", 14 + 3, func(c *Client) error {
			_, err := c.ConfirmForgotPassword(ctx, &ConfirmForgotPasswordInput{ClientId: "6pk1c2mst1qf0sbmnrcv4v4ha1", Username: "alice", ConfirmationCode: "123456", Password: "n3w-Secret-Passw0rd!"})
			return err
		}},
		{"ResendConfirmationCode with delivery details", delivery, 18 + 3, func(c *Client) error {
			_, err := c.ResendConfirmationCode(ctx, &ResendConfirmationCodeInput{ClientId: "6pk1c2mst1qf0sbmnrcv4v4ha1", Username: "alice"})
			return err
		}},
		{"ForgotPassword with delivery details", delivery, 18 + 3, func(c *Client) error {
			_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "6pk1c2mst1qf0sbmnrcv4v4ha1", Username: "alice"})
			return err
		}},
		{"ChangePassword", "{}", 14 + 3, func(c *Client) error {
			_, err := c.ChangePassword(ctx, &ChangePasswordInput{AccessToken: "eyJraWQiOiJrZXkxIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl", PreviousPassword: "0ld-Secret-Passw0rd!", ProposedPassword: "n3w-Secret-Passw0rd!"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" stays within its allocation budget", func(t *testing.T) {
			c := New(Options{
				Region:       "us-east-1",
				BaseEndpoint: "http://cognito.invalid",
				Credentials:  testCreds,
				HTTPClient: &allocTransport{
					header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {"req-0001"}},
					body:   []byte(tt.reply),
				},
			})
			require.NoError(t, tt.call(c))
			var err error
			got := testing.AllocsPerRun(200, func() {
				if e := tt.call(c); e != nil {
					err = e
				}
			})
			require.NoError(t, err)
			t.Logf("%s: %.0f allocations per call (limit %.0f)", tt.name, got, tt.max)
			require.LessOrEqual(t, got, tt.max, "allocations per call of %s", tt.name)
		})
	}
}
