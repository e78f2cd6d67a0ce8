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
		"Signing in with the old password: PasswordResetRequiredException",
		"2. ConfirmForgotPassword",
		"Status CONFIRMED; signs in with the old password: false, the user's chosen one: true, the administrator's: false",
		"Signing in with the new password: tokens issued",
		"3. AdminSetUserPassword, Permanent: true",
		"Status CONFIRMED; signs in with the old password: false, the user's chosen one: false, the administrator's: true",
		"Messages sent by this call: 0",
		"Done:",
	} {
		assert.Contains(t, out.String(), want)
	}
}

// onFirstRead is a standard input whose content is made when the program
// first reads it, after the code it answers has been sent.
type onFirstRead struct {
	make func() string
	r    io.Reader
}

func (s *onFirstRead) Read(p []byte) (int, error) {
	if s.r == nil {
		s.r = strings.NewReader(s.make())
	}
	return s.r.Read(p)
}

// pointAWSConfigAt makes config.LoadDefaultConfig resolve to srv: its
// credentials and its endpoint, with no shared files.
func pointAWSConfigAt(t *testing.T, srv *cognitotest.Server) {
	t.Helper()
	creds := srv.Credentials()
	t.Setenv("AWS_ACCESS_KEY_ID", creds.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", creds.SecretAccessKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", srv.Endpoint())
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
	pointAWSConfigAt(t, srv)
	t.Setenv("COGNITO_CLIENT_SECRET", app.Secret)

	stdin := &onFirstRead{make: func() string {
		code, _ := srv.LastCode(pool.ID(), "bob")
		return code + "\nCh0sen-by-b0b!\nSet-by-the-adm1n!\n"
	}}
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
