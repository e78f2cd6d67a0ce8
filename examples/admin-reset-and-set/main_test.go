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
		"Status CONFIRMED; signs in with the old password: true, the user's chosen one: false, the administrator's: false",
		"1. AdminResetUserPassword",
		"Status RESET_REQUIRED; signs in with the old password: false, the user's chosen one: false, the administrator's: false",
		"Cognito sent a 6-digit code by EMAIL to alice@example.com (trigger CustomMessage_ForgotPassword)",
		"SignIn with the old password: PasswordResetRequiredException",
		"2. ConfirmForgotPassword",
		"Status CONFIRMED; signs in with the old password: false, the user's chosen one: true, the administrator's: false",
		"SignIn with the new password: tokens issued",
		"3. AdminSetUserPassword, Permanent: true",
		"Status CONFIRMED; signs in with the old password: false, the user's chosen one: false, the administrator's: true",
		"Messages sent by this call: 0",
		"Done:",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestTheRealFlowWorksAgainstAnEndpointFromTheEnvironment(t *testing.T) {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	require.NoError(t, err)
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	require.NoError(t, err)
	require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: "bob", Password: "Old-Passw0rd!",
		EmailVerified: true, Attributes: map[string]string{"email": "bob@example.com"}}))
	exampletest.PointAWSConfigAt(t, srv)
	exampletest.SetCredentials(t, srv)
	t.Setenv("COGNITO_CLIENT_SECRET", app.Secret)

	stdin := exampletest.NewStdin(
		func() string { code, _ := srv.LastCode(pool.ID(), "bob"); return code },
		exampletest.Text("Ch0sen-by-b0b!"),
		exampletest.Text("Set-by-the-adm1n!"),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runReal(ctx, &out, stdin, srv.Region(), pool.ID(), app.ID, "bob"))

	assert.Contains(t, out.String(), "AdminResetUserPassword: the user is RESET_REQUIRED")
	assert.Contains(t, out.String(), "ConfirmForgotPassword: the new password is set")
	assert.Contains(t, out.String(), "AdminSetUserPassword: the password is set and the user is CONFIRMED")
	cognitotest.RequireUserStatus(t, pool, "bob", cognitotest.StatusConfirmed)
	cognitotest.RequirePasswordSignsIn(t, pool, "bob", "Set-by-the-adm1n!")
	assert.Equal(t, 1, srv.RequestCount("AdminResetUserPassword"))
	assert.Equal(t, 1, srv.RequestCount("ConfirmForgotPassword"))
	assert.Equal(t, 1, srv.RequestCount("AdminSetUserPassword"))
}

func TestTheRealFlowNeedsThePoolAndClient(t *testing.T) {
	err := runReal(context.Background(), io.Discard, strings.NewReader(""), "eu-west-1", "", "", "alice")
	require.EqualError(t, err, "-pool and -client are required with -region")
}
