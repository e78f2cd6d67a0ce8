package integration

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// inProcess is the cognitotest backend: the repository's in-process fake,
// driven through the same official-client setup as cognito-local, except
// for unconfirmed users (it has no SignUp), which are seeded in Go.
type inProcess struct {
	*wire
	srv   *cognitotest.Server
	clock *cognitotest.Clock
}

// newInProcess starts a cognitotest server for t and closes it when t ends.
func newInProcess(t *testing.T) *inProcess {
	t.Helper()
	clock := cognitotest.NewClock(time.Now())
	// The clients sign with the real time; the server's clock may be moved
	// past it, so the skew check is off.
	srv := cognitotest.NewServer(cognitotest.WithClock(clock.Now), cognitotest.WithMaxSkew(-1))
	t.Cleanup(srv.Close)
	creds := srv.Credentials()
	return &inProcess{
		wire:  newWire(srv.Endpoint(), srv.Region(), creds.AccessKeyID, creds.SecretAccessKey),
		srv:   srv,
		clock: clock,
	}
}

func (b *inProcess) Name() string     { return "cognitotest" }
func (b *inProcess) Endpoint() string { return b.srv.Endpoint() }

func (b *inProcess) LibraryOptions() cognitopassword.Options {
	var o cognitopassword.Options
	b.srv.ClientOptions()(&o)
	return o
}

// CreateUnconfirmedUser seeds the user in Go: cognitotest has no SignUp.
func (b *inProcess) CreateUnconfirmedUser(_ context.Context, t *testing.T, poolID string, _ AppClient, username, password string) {
	t.Helper()
	pool, ok := b.srv.UserPool(poolID)
	require.True(t, ok, "pool %s", poolID)
	require.NoError(t, pool.CreateUser(cognitotest.UserConfig{
		Username:   username,
		Password:   password,
		Status:     cognitotest.StatusUnconfirmed,
		Attributes: map[string]string{"email": username + "@example.com"},
	}))
}

// LatestCode reads the server's outbox.
func (b *inProcess) LatestCode(t *testing.T, poolID, username string) string {
	t.Helper()
	code, ok := b.srv.LastCode(poolID, username)
	require.True(t, ok, "no code was sent to %s in pool %s", username, poolID)
	return code
}

func (b *inProcess) AdvanceClock(d time.Duration) bool {
	b.clock.Advance(d)
	return true
}

// Departures: none; cognitotest models Cognito's answers.
func (b *inProcess) Departures() Departures {
	return Departures{
		NoAddressCode:             "InvalidParameterException",
		WrongPasswordCode:         "NotAuthorizedException",
		WrongPreviousPasswordCode: "NotAuthorizedException",
	}
}
