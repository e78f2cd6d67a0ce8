package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/examples/internal/exampletest"
)

func TestTheLocalFlowNarratesEveryKindOfError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runLocal(ctx, &out))
	for _, want := range []string{
		`ForgotPassword for an unknown user: *types.UserNotFoundException, "Username/client id combination not found."`,
		"ConfirmForgotPassword with a wrong code: *types.CodeMismatchException",
		"ConfirmForgotPassword with a weak password: *types.InvalidPasswordException",
		"ForgotPassword for alice, call 4: *types.LimitExceededException",
		"(alice got 3 messages)",
		"Any of them as smithy.APIError: code CodeMismatchException, fault client",
		"AdminSetUserPassword: 2 problems found; requests sent: 0",
		"AdminSetUserPassword, 2 validation error(s) found.",
		"ForgotPassword for bob: errors.Is(err, cognitopassword.ErrOutcomeUnknown) is true",
		"Requests sent: 1 (not retried, as a retry would send another code); messages bob got: 1",
		"requests sent: 3\n    attempt 1: HTTP 400 TooManyRequestsException\n    attempt 2: HTTP 400 TooManyRequestsException\n    attempt 3: HTTP 200\n",
		"Messages carol got: 1",
		"Done:",
	} {
		assert.Contains(t, out.String(), want)
	}
	assert.Regexp(t, regexp.MustCompile(`The CodeMismatchException above: Cognito Identity Provider ConfirmForgotPassword, HTTP 400, request id [0-9a-f-]{36}\n`), out.String())
}

func TestTheRealFlowWorksAgainstAnEndpointFromTheEnvironment(t *testing.T) {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	require.NoError(t, err)
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	require.NoError(t, err)
	exampletest.PointAWSConfigAt(t, srv) // no credentials: none are needed
	t.Setenv("COGNITO_CLIENT_SECRET", app.Secret)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runReal(ctx, &out, srv.Region(), app.ID, "no-such-user"))
	assert.Contains(t, out.String(), `ForgotPassword for "no-such-user": *types.UserNotFoundException`)
	assert.Regexp(t, `HTTP 400, request id [0-9a-f-]{36}\n`, out.String())
	assert.Contains(t, out.String(), "ConfirmForgotPassword with a malformed code and password: 2 problems found before sending anything")
	assert.Equal(t, 1, srv.RequestCount(""), "only the ForgotPassword was sent")
}

func TestTheRealFlowNeedsAClientAndAUsername(t *testing.T) {
	err := runReal(context.Background(), io.Discard, "eu-west-1", "", "")
	require.EqualError(t, err, "-client and -username are required with -region")
}
