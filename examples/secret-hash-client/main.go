// Command secret-hash-client shows how to call Cognito through an app client
// that has a client secret. Every ForgotPassword, ConfirmForgotPassword and
// ResendConfirmationCode through such a client must carry SECRET_HASH,
// Base64(HMAC-SHA256(key = client secret, message = username + client id)).
// The program shows the call failing without it, working with
// cognitopassword.WithClientSecret (which computes it for every call), and
// working with the value computed by hand with secrethash.Compute; then the
// username gotcha: the hash is over the exact Username sent.
//
// With no flags it runs against an in-process Cognito (package cognitotest).
//
// Against real Cognito, give the region, the app client and a user; the client
// secret is read from the COGNITO_CLIENT_SECRET environment variable or else
// from standard input, and the code and new password from standard input
// (never from flags). No AWS credentials are needed: these operations are
// unsigned.
//
//	COGNITO_CLIENT_SECRET=... go run ./examples/secret-hash-client -region eu-west-1 -client 1example23456789 -username alice
//
// This sends the real user a password-reset code and sets the new password.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	smithy "github.com/aws/smithy-go"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/examples/internal/prompt"
	"github.com/cognitokit/cognitopassword/secrethash"
	"github.com/cognitokit/cognitopassword/types"
)

const (
	// localTimeout bounds the whole run against the in-process server.
	localTimeout = time.Minute
	// realTimeout bounds the whole run against real Cognito, which
	// includes the time a person takes to read an email.
	realTimeout = 15 * time.Minute
	// callTimeout bounds each call to real Cognito.
	callTimeout = 30 * time.Second
)

// gotcha is the advice about which username to hash.
const gotcha = `  Hash exactly the Username you send. Where users sign in with an alias (email or phone),
  that is the alias as typed; but in challenge flows (RespondToAuthChallenge) it is the
  user's actual username, which Cognito returns as USER_ID_FOR_SRP. WithClientSecret
  always hashes the input's Username, so these password operations get it right.
`

func main() {
	region := flag.String("region", "", "AWS Region of the user pool (real Cognito); empty runs against an in-process server")
	clientID := flag.String("client", "", "id of an app client with a secret (real Cognito)")
	username := flag.String("username", "alice", "the user to reset the password of")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *region == "" {
		ctx, cancel := context.WithTimeout(ctx, localTimeout)
		defer cancel()
		err = runLocal(ctx, os.Stdout, *username)
	} else {
		ctx, cancel := context.WithTimeout(ctx, realTimeout)
		defer cancel()
		err = runReal(ctx, os.Stdout, os.Stdin, *region, *clientID, *username)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// runLocal runs the demonstration against a cognitotest server.
func runLocal(ctx context.Context, w io.Writer, username string) error {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	if err != nil {
		return err
	}
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "server-side", GenerateSecret: true})
	if err != nil {
		return err
	}
	email := username + "@example.com"
	if err := pool.CreateUser(cognitotest.UserConfig{
		Username: username, Password: "Old-Passw0rd!", EmailVerified: true,
		Attributes: map[string]string{"email": email},
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "Started an in-process Cognito at %s\n", srv.Endpoint())
	fmt.Fprintf(w, "Created user pool %s, app client %q (id %s) with a client secret, and user %q\n", pool.ID(), "server-side", app.ID, username)

	fmt.Fprintln(w, "\n1. Without the secret: the call is refused")
	plain := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
	_, err = plain.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: username})
	var notAuthorized *types.NotAuthorizedException
	if !errors.As(err, &notAuthorized) {
		return fmt.Errorf("forgot password without SECRET_HASH: got %v, want NotAuthorizedException", err)
	}
	fmt.Fprintf(w, "  ForgotPassword: %s: %q\n", notAuthorized.ErrorCode(), notAuthorized.ErrorMessage())
	fmt.Fprintf(w, "  Messages sent: %d\n", len(srv.Outbox()))

	fmt.Fprintln(w, "\n2. With cognitopassword.WithClientSecret(clientID, secret): SECRET_HASH is computed for every call")
	withSecret := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions(), cognitopassword.WithClientSecret(app.ID, app.Secret))
	out, err := withSecret.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: username})
	if err != nil {
		return fmt.Errorf("forgot password with the secret: %w", err)
	}
	fmt.Fprintf(w, "  ForgotPassword: code sent by %s to %s\n", out.CodeDeliveryDetails.DeliveryMedium, out.CodeDeliveryDetails.Destination)

	fmt.Fprintln(w, "\n3. The same value by hand: secrethash.Compute(username, clientID, secret)")
	hash := secrethash.Compute(username, app.ID, app.Secret)
	fmt.Fprintf(w, "  Base64(HMAC-SHA256(key = secret, message = %q + client id)): %d characters\n", username, len(hash))
	fmt.Fprintf(w, "  Equal to what the server expects for %q: %v\n", username, hash == app.SecretHash(username))
	code, ok := srv.LastCode(pool.ID(), username)
	if !ok {
		return errors.New("no code in the outbox")
	}
	if _, err := plain.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: username, ConfirmationCode: code, Password: "N3w-Passw0rd!", SecretHash: hash,
	}); err != nil {
		return fmt.Errorf("confirm forgot password with an explicit SecretHash: %w", err)
	}
	status, err := pool.UserStatus(username)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  ConfirmForgotPassword with SecretHash set explicitly, on the client without the secret: password set, status %s\n", status)

	fmt.Fprintln(w, "\n4. The username gotcha: the hash is over the Username of that very request")
	_, err = plain.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{
		ClientId: app.ID, Username: username, SecretHash: secrethash.Compute(email, app.ID, app.Secret),
	})
	if !errors.As(err, &notAuthorized) {
		return fmt.Errorf("forgot password with a hash over another username: got %v, want NotAuthorizedException", err)
	}
	fmt.Fprintf(w, "  Hash over %q, Username %q: %s: %q\n", email, username, notAuthorized.ErrorCode(), notAuthorized.ErrorMessage())
	fmt.Fprint(w, gotcha)

	fmt.Fprintln(w, "\nDone: keep the secret on a server, register it with WithClientSecret, and the hash takes care of itself.")
	return nil
}

// runReal shows the same against real Cognito: the call without the secret
// is refused, the call with an explicit SecretHash sends a code, and the
// confirmation goes through a client with WithClientSecret.
func runReal(ctx context.Context, w io.Writer, stdin io.Reader, region, clientID, username string) error {
	if clientID == "" {
		return errors.New("-client is required with -region")
	}
	in := bufio.NewReader(stdin)
	secret := os.Getenv("COGNITO_CLIENT_SECRET")
	if secret == "" {
		var err error
		if secret, err = prompt.Line(ctx, w, in, "Client secret: "); err != nil {
			return err
		}
		if secret == "" {
			return errors.New("no client secret: set COGNITO_CLIENT_SECRET or type it")
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return err
	}
	plain := cognitopassword.NewFromConfig(cfg)

	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	_, err = plain.ForgotPassword(callCtx, &cognitopassword.ForgotPasswordInput{ClientId: clientID, Username: username})
	cancel()
	var apiErr smithy.APIError
	switch {
	case err == nil:
		return errors.New("ForgotPassword worked without SECRET_HASH: this app client has no secret (and a code was sent)")
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "Without SECRET_HASH: %s: %q\n", apiErr.ErrorCode(), apiErr.ErrorMessage())
	default:
		return fmt.Errorf("forgot password without SECRET_HASH: %w", err)
	}

	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	out, err := plain.ForgotPassword(callCtx, &cognitopassword.ForgotPasswordInput{
		ClientId: clientID, Username: username, SecretHash: secrethash.Compute(username, clientID, secret),
	})
	cancel()
	if err != nil {
		return fmt.Errorf("forgot password with secrethash.Compute: %w", err)
	}
	fmt.Fprint(w, "With SecretHash from secrethash.Compute: code sent")
	if d := out.CodeDeliveryDetails; d != nil {
		fmt.Fprintf(w, " by %s to %s", d.DeliveryMedium, d.Destination)
	}
	fmt.Fprintln(w)

	code, err := prompt.Line(ctx, w, in, "Code: ")
	if err != nil {
		return err
	}
	password, err := prompt.Line(ctx, w, in, "New password: ")
	if err != nil {
		return err
	}
	withSecret := cognitopassword.NewFromConfig(cfg, cognitopassword.WithClientSecret(clientID, secret))
	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	_, err = withSecret.ConfirmForgotPassword(callCtx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: clientID, Username: username, ConfirmationCode: code, Password: password,
	})
	cancel()
	if err != nil {
		if errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
			return fmt.Errorf("the new password may or may not be set; try signing in with it: %w", err)
		}
		return fmt.Errorf("confirm forgot password with WithClientSecret: %w", err)
	}
	fmt.Fprintln(w, "With WithClientSecret: ConfirmForgotPassword set the new password")
	fmt.Fprint(w, gotcha)
	return nil
}
