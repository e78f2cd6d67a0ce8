package conformance

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLambdaTraceHeaderMatchesTheOfficialClient runs both clients as if
// inside AWS Lambda and checks that they send the same X-Amzn-Trace-Id
// (recursion detection), percent-encoding included.
func TestLambdaTraceHeaderMatchesTheOfficialClient(t *testing.T) {
	for _, id := range []string{
		"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
		"Root=a b\n/é?#%",
		"",
	} {
		t.Run("trace id "+id, func(t *testing.T) {
			isolateFromEnvironment(t)
			t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
			t.Setenv("_X_AMZN_TRACE_ID", id)
			pr := newPair(t)
			for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")} {
				th, ou := pr.call(context.Background(), op, minimalParams(op.name), reply{Status: 200, Body: "{}"})
				require.Len(t, th.Sent, 1)
				require.Len(t, ou.Sent, 1)
				require.Contains(t, th.Sent[0].Header, "X-Amzn-Trace-Id", "the official client sends it")
				assert.Equal(t, th.Sent[0].Header["X-Amzn-Trace-Id"], ou.Sent[0].Header["X-Amzn-Trace-Id"], op.name)
				assert.NoError(t, ou.Sent[0].SigErr)
			}
		})
	}
}
