package cognitopassword

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInsideLambdaTheTraceIDIsSentForRecursionDetection(t *testing.T) {
	cases := []struct {
		name           string
		function, id   *string
		want           string
		wantHeaderSent bool
	}{
		{"a plain trace id is sent as it is", ptr("fn"), ptr("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
			"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", true},
		{"other bytes are percent-encoded", ptr("fn"), ptr("Root=a b\n/é"), "Root=a%20b%0A%2F%C3%A9", true},
		{"outside Lambda nothing is sent", nil, ptr("Root=1"), "", false},
		{"without a trace id nothing is sent", ptr("fn"), nil, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			setOrUnset(t, "AWS_LAMBDA_FUNCTION_NAME", tc.function)
			setOrUnset(t, "_X_AMZN_TRACE_ID", tc.id)
			s := newScriptedServer(t)
			_, err := newTestClient(s).AdminSetUserPassword(context.Background(), adminSet("us-east-1_A1"))
			require.NoError(t, err)
			got, sent := s.last(t).Header["X-Amzn-Trace-Id"]
			assert.Equal(t, tc.wantHeaderSent, sent)
			if sent {
				assert.Equal(t, []string{tc.want}, got)
			}
		})
	}
}

func ptr(s string) *string { return &s }

// setOrUnset sets an environment variable for the test, or unsets it.
func setOrUnset(t *testing.T, name string, v *string) {
	t.Helper()
	t.Setenv(name, "")
	if v == nil {
		require.NoError(t, os.Unsetenv(name))
		return
	}
	t.Setenv(name, *v)
}

type ctxKey struct{}

// contextLogger records the context value each of its loggers was given.
type contextLogger struct {
	mu   *sync.Mutex
	seen *[]string
	tag  any
}

func (l contextLogger) WithContext(ctx context.Context) logging.Logger {
	return contextLogger{mu: l.mu, seen: l.seen, tag: ctx.Value(ctxKey{})}
}

func (l contextLogger) Logf(_ logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first, _, _ := strings.Cut(fmt.Sprintf(format, v...), "\n")
	*l.seen = append(*l.seen, fmt.Sprintf("%v: %s", l.tag, first))
}

func TestAContextLoggerGetsTheCallsContext(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"TooManyRequestsException"}`}, reply{Status: 200, Body: "{}"})
	var seen []string
	logger := contextLogger{mu: &sync.Mutex{}, seen: &seen}
	c := newTestClient(s, func(o *Options) {
		o.Logger = logger
		o.ClientLogMode = aws.LogRequest | aws.LogResponse | aws.LogRetries | aws.LogSigning
	})
	c = New(c.Options(), func(o *Options) { o.Retryer = noBackoff{c.Options().Retryer} })
	ctx := context.WithValue(context.Background(), ctxKey{}, "call-42")
	_, err := c.ForgotPassword(ctx, &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	_, err = c.AdminSetUserPassword(ctx, adminSet("us-east-1_A1"))
	require.NoError(t, err)
	require.NotEmpty(t, seen)
	kinds := map[string]bool{}
	for _, line := range seen {
		assert.True(t, strings.HasPrefix(line, "call-42: "), "logged without the call's context: %q", line)
		_, msg, _ := strings.Cut(line, ": ")
		kinds[strings.Fields(msg)[0]] = true
	}
	assert.True(t, kinds["Request"], "request logged: %v", seen)
	assert.True(t, kinds["Response"], "response logged: %v", seen)
	assert.True(t, kinds["ForgotPassword:"], "retry logged: %v", seen)
	assert.True(t, strings.Contains(strings.Join(seen, "\n"), "Request Signature"), "signing logged: %v", seen)
}
