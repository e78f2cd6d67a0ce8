package exampletest_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/examples/internal/exampletest"
)

// loopbackOnly is an HTTP client that dials 127.0.0.1 and refuses any
// other address, so that a mistake fails instead of reaching AWS.
func loopbackOnly() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if host, _, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" {
				return nil, fmt.Errorf("exampletest: refusing to dial %s: tests dial 127.0.0.1 only", addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}}
}

func TestPointAWSConfigAtOverridesTheMachinesAWSEnvironment(t *testing.T) {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	require.NoError(t, err)
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{})
	require.NoError(t, err)
	require.NoError(t, pool.CreateUser(cognitotest.UserConfig{Username: "bob", Password: "Old-Passw0rd!",
		EmailVerified: true, Attributes: map[string]string{"email": "bob@example.com"}}))

	// What a developer's shell may hold; each would send the examples'
	// requests somewhere else, or make config.LoadDefaultConfig fail.
	for k, v := range map[string]string{
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
		"AWS_PROFILE":                         "nonexistent",
		"AWS_ENDPOINT_URL":                    "https://elsewhere.example.com",
		"AWS_USE_FIPS_ENDPOINT":               "true",
		"AWS_ACCESS_KEY_ID":                   "AKIDFROMTHESHELL",
		"AWS_SECRET_ACCESS_KEY":               "from-the-shell",
		"AWS_SESSION_TOKEN":                   "from-the-shell",
	} {
		t.Setenv(k, v)
	}
	exampletest.PointAWSConfigAt(t, srv)
	exampletest.SetCredentials(t, srv)

	for _, name := range []string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_USE_FIPS_ENDPOINT"} {
		_, set := os.LookupEnv(name)
		assert.False(t, set, "%s is removed", name)
	}
	assert.Equal(t, srv.Endpoint(), os.Getenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(srv.Region()), config.WithHTTPClient(loopbackOnly()))
	require.NoError(t, err)
	client := cognitopassword.NewFromConfig(cfg)
	assert.Equal(t, srv.Endpoint(), client.Options().BaseEndpoint)

	_, err = client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "bob"})
	require.NoError(t, err, "the unsigned call reaches the local server")
	_, err = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: "bob", Password: "Set-by-the-adm1n!", Permanent: true,
	})
	require.NoError(t, err, "the signed call reaches the local server with its credentials")
	assert.Equal(t, 1, srv.RequestCount("ForgotPassword"))
	assert.Equal(t, 1, srv.RequestCount("AdminSetUserPassword"))
	cognitotest.RequirePasswordSignsIn(t, pool, "bob", "Set-by-the-adm1n!")
}

func TestLoopbackOnlyRefusesAnyOtherAddress(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://cognito-idp.us-east-1.amazonaws.com/", nil)
	require.NoError(t, err)
	_, err = loopbackOnly().Do(req)
	require.ErrorContains(t, err, "refusing to dial cognito-idp.us-east-1.amazonaws.com:443")
}

func TestStdinMakesEachLineWhenTheProgramReachesIt(t *testing.T) {
	made := 0
	stdin := exampletest.NewStdin(
		exampletest.Text("first"),
		func() string { made++; return fmt.Sprintf("made %d", made) },
		exampletest.Text("last"),
	)
	in := bufio.NewReader(stdin)
	line, err := in.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "first\n", line)
	assert.Zero(t, made, "the second line is not made before it is read")
	line, err = in.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "made 1\n", line)
	rest, err := io.ReadAll(in)
	require.NoError(t, err)
	assert.Equal(t, "last\n", string(rest))
	assert.Equal(t, 1, made)
	n, err := stdin.Read(make([]byte, 8))
	assert.Zero(t, n)
	assert.Equal(t, io.EOF, err)
}
