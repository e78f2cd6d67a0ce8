// Command forgot-password runs the forgotten-password flow end to end:
// ForgotPassword sends a code, the user reads it, ConfirmForgotPassword sets
// the new password.
//
// With no flags it runs against an in-process Cognito (package
// cognitotest): it creates a user pool, an app client and a user, reads the
// code from the server's outbox, and checks that the new password signs in
// and the old one no longer does.
//
// Against real Cognito, give the app client and region; the code and the new
// password are read from standard input (never from flags), and a client
// secret from the COGNITO_CLIENT_SECRET environment variable:
//
//	go run ./examples/forgot-password -region eu-west-1 -client 1example23456789 -username alice
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

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/examples/internal/prompt"
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

func main() {
	region := flag.String("region", "", "AWS Region of the user pool (real Cognito); empty runs against an in-process server")
	clientID := flag.String("client", "", "app client id (real Cognito)")
	username := flag.String("username", "alice", "the user who forgot the password")
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
		err = runReal(ctx, os.Stdout, *region, *clientID, *username, os.Stdin)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// runLocal runs the flow against a cognitotest server.
func runLocal(ctx context.Context, w io.Writer, username string) error {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	if err != nil {
		return err
	}
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "web", GenerateSecret: true})
	if err != nil {
		return err
	}
	const oldPassword, newPassword = "Old-Passw0rd!", "N3w-Passw0rd!"
	if err := pool.CreateUser(cognitotest.UserConfig{
		Username: username, Password: oldPassword, EmailVerified: true,
		Attributes: map[string]string{"email": username + "@example.com"},
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "Started an in-process Cognito at %s\n", srv.Endpoint())
	fmt.Fprintf(w, "Created user pool %s, app client %q (with a secret) and user %q with a verified email\n", pool.ID(), "web", username)

	// The client is configured like any other; the secret is registered so
	// that SECRET_HASH is computed for every call.
	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions(), cognitopassword.WithClientSecret(app.ID, app.Secret))

	out, err := client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: username})
	if err != nil {
		return fmt.Errorf("forgot password: %w", err)
	}
	d := out.CodeDeliveryDetails
	fmt.Fprintf(w, "ForgotPassword: Cognito sent a code by %s to %s (attribute %s)\n", d.DeliveryMedium, d.Destination, d.AttributeName)

	code, ok := srv.LastCode(pool.ID(), username)
	if !ok {
		return errors.New("no code in the outbox")
	}
	fmt.Fprintf(w, "Read the %d-digit code from the server's outbox (a real user reads it from the email)\n", len(code))

	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: username, ConfirmationCode: "000000", Password: newPassword,
	})
	var mismatch interface{ ErrorCode() string }
	if errors.As(err, &mismatch) {
		fmt.Fprintf(w, "ConfirmForgotPassword with a wrong code: %s, as expected\n", mismatch.ErrorCode())
	} else {
		return fmt.Errorf("a wrong code was not refused: %v", err)
	}

	if _, err := client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: username, ConfirmationCode: code, Password: newPassword,
	}); err != nil {
		return fmt.Errorf("confirm forgot password: %w", err)
	}
	status, err := pool.UserStatus(username)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ConfirmForgotPassword: the new password is set; user status is %s\n", status)
	fmt.Fprintf(w, "Sign-in with the new password works: %v; with the old password: %v\n",
		pool.PasswordWouldSignIn(username, newPassword), pool.PasswordWouldSignIn(username, oldPassword))

	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: username, ConfirmationCode: code, Password: "An0ther-Passw0rd!",
	})
	// A used code is refused, with ExpiredCodeException (or
	// CodeMismatchException): the app should offer to send a new one.
	var expired *types.ExpiredCodeException
	var mismatched *types.CodeMismatchException
	switch {
	case errors.As(err, &expired):
		fmt.Fprintf(w, "Using the same code again: %s (codes are single-use)\n", expired.ErrorCode())
	case errors.As(err, &mismatched):
		fmt.Fprintf(w, "Using the same code again: %s (codes are single-use)\n", mismatched.ErrorCode())
	case err == nil:
		return errors.New("the same code was accepted twice")
	default:
		return fmt.Errorf("using the same code again: got %w, want CodeMismatchException or ExpiredCodeException", err)
	}
	fmt.Fprintln(w, "Done: the forgotten-password flow works end to end.")
	return nil
}

// runReal runs the flow against real Cognito with credentials-free calls:
// both operations are unsigned.
func runReal(ctx context.Context, w io.Writer, region, clientID, username string, stdin io.Reader) error {
	if clientID == "" {
		return errors.New("-client is required with -region")
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(callCtx, config.WithRegion(region))
	if err != nil {
		return err
	}
	var opts []func(*cognitopassword.Options)
	if secret := os.Getenv("COGNITO_CLIENT_SECRET"); secret != "" {
		opts = append(opts, cognitopassword.WithClientSecret(clientID, secret))
	}
	client := cognitopassword.NewFromConfig(cfg, opts...)
	out, err := client.ForgotPassword(callCtx, &cognitopassword.ForgotPasswordInput{ClientId: clientID, Username: username})
	cancel()
	if err != nil {
		if errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
			return fmt.Errorf("a code may have been sent (wait for it before asking for another): %w", err)
		}
		return fmt.Errorf("forgot password: %w", err)
	}
	if d := out.CodeDeliveryDetails; d != nil {
		fmt.Fprintf(w, "ForgotPassword: Cognito sent a code by %s to %s\n", d.DeliveryMedium, d.Destination)
	}

	in := bufio.NewReader(stdin)
	code, err := prompt.Line(ctx, w, in, "Code: ")
	if err != nil {
		return err
	}
	password, err := prompt.Line(ctx, w, in, "New password: ")
	if err != nil {
		return err
	}
	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	defer cancel()
	if _, err := client.ConfirmForgotPassword(callCtx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: clientID, Username: username, ConfirmationCode: code, Password: password,
	}); err != nil {
		if errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
			return fmt.Errorf("the reset may or may not have happened; try signing in with the new password: %w", err)
		}
		return fmt.Errorf("confirm forgot password: %w", err)
	}
	fmt.Fprintln(w, "ConfirmForgotPassword: the new password is set; the user status is CONFIRMED")
	return nil
}
