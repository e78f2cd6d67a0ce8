package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/examples/internal/exampletest"
)

func TestTheLocalFlowNarratesEveryStepAndSucceeds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runLocal(ctx, &out, "alice"))
	for _, want := range []string{
		"ForgotPassword: Cognito sent a code by EMAIL to a***@e***",
		"ConfirmForgotPassword with a wrong code: CodeMismatchException",
		"user status is CONFIRMED",
		"Sign-in with the new password works: true; with the old password: false",
		"Using the same code again: ExpiredCodeException (codes are single-use)",
		"Done: the forgotten-password flow works end to end.",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestTheRealFlow(t *testing.T) {
	setup := func(t *testing.T, generateSecret bool) (*cognitotest.Server, *cognitotest.UserPool, cognitotest.AppClient) {
		srv := cognitotest.NewServer()
		t.Cleanup(srv.Close)
		pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
		require.NoError(t, err)
		app, err := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: generateSecret})
		require.NoError(t, err)
		require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: "bob", Password: "Old-Passw0rd!",
			EmailVerified: true, Attributes: map[string]string{"email": "bob@example.com"}}))
		// What a developer's shell may hold must not send the calls
		// elsewhere: PointAWSConfigAt overrides it.
		t.Setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
		t.Setenv("AWS_PROFILE", "nonexistent")
		exampletest.PointAWSConfigAt(t, srv) // no credentials: none are needed
		return srv, pool, app
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	for _, withSecret := range []bool{false, true} {
		name := "through an app client without a secret it resets the password"
		if withSecret {
			name = "through an app client with a secret from the environment it resets the password"
		}
		t.Run(name, func(t *testing.T) {
			srv, pool, app := setup(t, withSecret)
			t.Setenv("COGNITO_CLIENT_SECRET", app.Secret)
			stdin := exampletest.NewStdin(
				func() string { code, _ := srv.LastCode(pool.ID(), "bob"); return code },
				exampletest.Text("N3w-Passw0rd!"),
			)
			var out bytes.Buffer
			require.NoError(t, runReal(ctx, &out, srv.Region(), app.ID, "bob", stdin))
			assert.Contains(t, out.String(), "ForgotPassword: Cognito sent a code by EMAIL to b***@e***")
			assert.Contains(t, out.String(), "Code: New password: ")
			assert.Contains(t, out.String(), "ConfirmForgotPassword: the new password is set")
			cognitotest.RequireUserStatus(t, pool, "bob", cognitotest.StatusConfirmed)
			cognitotest.RequirePasswordSignsIn(t, pool, "bob", "N3w-Passw0rd!")
			assert.Equal(t, 1, srv.RequestCount("ForgotPassword"))
			assert.Equal(t, 1, srv.RequestCount("ConfirmForgotPassword"))
		})
	}

	t.Run("a wrong code is reported", func(t *testing.T) {
		srv, pool, app := setup(t, false)
		t.Setenv("COGNITO_CLIENT_SECRET", "")
		err := runReal(ctx, io.Discard, srv.Region(), app.ID, "bob", strings.NewReader("000000\nN3w-Passw0rd!\n"))
		require.ErrorContains(t, err, "confirm forgot password:")
		require.ErrorContains(t, err, "CodeMismatchException")
		cognitotest.RequirePasswordSignsIn(t, pool, "bob", "Old-Passw0rd!")
	})

	t.Run("waiting for the code gives up when the context ends", func(t *testing.T) {
		srv, _, app := setup(t, false)
		t.Setenv("COGNITO_CLIENT_SECRET", "")
		stdinReader, stdinWriter := io.Pipe() // nobody types
		defer stdinWriter.Close()
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		err := runReal(ctx, io.Discard, srv.Region(), app.ID, "bob", stdinReader)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorContains(t, err, "waiting for input")
		assert.Zero(t, srv.RequestCount("ConfirmForgotPassword"))
	})
}

func TestTheRealFlowNeedsAClient(t *testing.T) {
	err := runReal(context.Background(), io.Discard, "eu-west-1", "", "alice", strings.NewReader(""))
	require.EqualError(t, err, "-client is required with -region")
}
