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
		"ForgotPassword: NotAuthorizedException: \"Client ",
		"is configured for secret but secret was not received\"",
		"Messages sent: 0",
		"ForgotPassword: code sent by EMAIL to a***@e***",
		"44 characters",
		`Equal to what the server expects for "alice": true`,
		"ConfirmForgotPassword with SecretHash set explicitly, on the client without the secret: password set, status CONFIRMED",
		`Hash over "alice@example.com", Username "alice": NotAuthorizedException: "Unable to verify secret hash for client `,
		"USER_ID_FOR_SRP",
		"Done:",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestTheRealFlow(t *testing.T) {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	require.NoError(t, err)
	secretApp, err := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	require.NoError(t, err)
	openApp, err := pool.CreateAppClient(cognitotest.ClientConfig{})
	require.NoError(t, err)
	require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: "bob", Password: "Old-Passw0rd!",
		EmailVerified: true, Attributes: map[string]string{"email": "bob@example.com"}}))
	// The unsigned operations need no credentials, only the endpoint.
	exampletest.PointAWSConfigAt(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	for _, secretFrom := range []string{"the environment", "standard input"} {
		t.Run("with the secret from "+secretFrom+" it resets the password", func(t *testing.T) {
			password := "From-" + strings.ReplaceAll(secretFrom, " ", "-") + "-1!"
			lastCode := func() string { code, _ := srv.LastCode(pool.ID(), "bob"); return code }
			lines := []func() string{lastCode, exampletest.Text(password)}
			if secretFrom == "the environment" {
				t.Setenv("COGNITO_CLIENT_SECRET", secretApp.Secret)
			} else {
				t.Setenv("COGNITO_CLIENT_SECRET", "")
				lines = append([]func() string{exampletest.Text(secretApp.Secret)}, lines...)
			}
			stdin := exampletest.NewStdin(lines...)
			var out bytes.Buffer
			require.NoError(t, runReal(ctx, &out, stdin, srv.Region(), secretApp.ID, "bob"))
			assert.Contains(t, out.String(), "Without SECRET_HASH: NotAuthorizedException")
			assert.Contains(t, out.String(), "With SecretHash from secrethash.Compute: code sent by EMAIL to b***@e***")
			assert.Contains(t, out.String(), "With WithClientSecret: ConfirmForgotPassword set the new password")
			cognitotest.RequirePasswordSignsIn(t, pool, "bob", password)
		})
	}

	t.Run("a client without a secret is reported", func(t *testing.T) {
		t.Setenv("COGNITO_CLIENT_SECRET", "anything")
		err := runReal(ctx, io.Discard, strings.NewReader(""), srv.Region(), openApp.ID, "bob")
		require.EqualError(t, err, "ForgotPassword worked without SECRET_HASH: this app client has no secret (and a code was sent)")
	})
}
