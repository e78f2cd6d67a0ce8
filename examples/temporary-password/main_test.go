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
	"github.com/cognitokit/cognitopassword/types"
)

func TestTheLocalFlowNarratesEveryStepAndSucceeds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runLocal(ctx, &out, "alice"))
	for _, want := range []string{
		"temporary passwords valid for 7 days",
		"Status FORCE_CHANGE_PASSWORD; the temporary password signs in: true; the old one: false",
		"A minute before the 7 days are up, the temporary password signs in: true",
		"7 days after it was set, it signs in: false",
		`SignIn: NotAuthorizedException ("Temporary password has expired and must be reset by an administrator.")`,
		"ForgotPassword: NotAuthorizedException",
		"Status FORCE_CHANGE_PASSWORD; the new temporary password is valid for 7 days from now",
		`SignIn: ChallengeName NEW_PASSWORD_REQUIRED, Username "alice" (the challenge's USER_ID_FOR_SRP), a Session valid for 3 minutes`,
		"Tokens issued (Bearer, expiring in 3600 s); status CONFIRMED",
		"Signs in with the user's own password: true; with the temporary one: false",
		"Status CONFIRMED; signs in with the changed password: true",
		"Done:",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestTheRealFlow(t *testing.T) {
	setup := func(t *testing.T) (*cognitotest.Server, *cognitotest.UserPool, cognitotest.AppClient) {
		srv := cognitotest.NewServer()
		t.Cleanup(srv.Close)
		pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
		require.NoError(t, err)
		app, err := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
		require.NoError(t, err)
		require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: "bob", Password: "Old-Passw0rd!"}))
		exampletest.PointAWSConfigAt(t, srv)
		exampletest.SetCredentials(t, srv)
		return srv, pool, app
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("without a client it sets the temporary password and says what comes next", func(t *testing.T) {
		srv, pool, _ := setup(t)
		var out bytes.Buffer
		require.NoError(t, runReal(ctx, &out, strings.NewReader("Temp-Passw0rd!\n"), srv.Region(), pool.ID(), "", "bob"))
		assert.Contains(t, out.String(), "the user is FORCE_CHANGE_PASSWORD")
		assert.Contains(t, out.String(), "Next, the user signs in with it")
		cognitotest.RequireUserStatus(t, pool, "bob", cognitotest.StatusForceChangePassword)
		cognitotest.RequirePasswordSignsIn(t, pool, "bob", "Temp-Passw0rd!")
	})

	t.Run("with a client with a secret it completes the challenge", func(t *testing.T) {
		srv, pool, app := setup(t)
		t.Setenv("COGNITO_CLIENT_SECRET", app.Secret)
		var out bytes.Buffer
		require.NoError(t, runReal(ctx, &out, strings.NewReader("Temp-Passw0rd!\nMy-0wn-Passw0rd!\n"), srv.Region(), pool.ID(), app.ID, "bob"))
		assert.Contains(t, out.String(), "SignIn with the temporary password: challenge NEW_PASSWORD_REQUIRED")
		assert.Contains(t, out.String(), "CompleteNewPassword: the new password is set")
		cognitotest.RequireUserStatus(t, pool, "bob", cognitotest.StatusConfirmed)
		cognitotest.RequirePasswordSignsIn(t, pool, "bob", "My-0wn-Passw0rd!")
	})

	t.Run("without the client secret the challenge is refused", func(t *testing.T) {
		srv, pool, app := setup(t)
		t.Setenv("COGNITO_CLIENT_SECRET", "")
		err := runReal(ctx, io.Discard, strings.NewReader("Temp-Passw0rd!\nMy-0wn-Passw0rd!\n"), srv.Region(), pool.ID(), app.ID, "bob")
		var notAuthorized *types.NotAuthorizedException
		require.ErrorAs(t, err, &notAuthorized)
		assert.Contains(t, notAuthorized.ErrorMessage(), "is configured for secret but secret was not received")
		cognitotest.RequireUserStatus(t, pool, "bob", cognitotest.StatusForceChangePassword)
	})
}
