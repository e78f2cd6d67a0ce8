// Command admin-reset-and-set shows the two ways an administrator changes a
// user's password: AdminResetUserPassword, which locks the current password
// and sends the user a code to choose a new one with ConfirmForgotPassword,
// and AdminSetUserPassword with Permanent true, which sets a password
// directly and sends nothing.
//
// With no flags it runs against an in-process Cognito (package cognitotest):
// it creates a user pool, an app client and a CONFIRMED user, and after each
// step prints the user's status and which password would sign in. It reads
// the reset code from the server's outbox and shows that signing in during
// the reset is refused with PasswordResetRequiredException.
//
// Against real Cognito, give the region, user pool, app client and user.
// The administrator calls are signed with the credentials that
// config.LoadDefaultConfig finds (environment, shared files, SSO, IMDS…).
// The code and the passwords are read from standard input (never from flags),
// and a client secret from the COGNITO_CLIENT_SECRET environment variable:
//
//	go run ./examples/admin-reset-and-set -region eu-west-1 -pool eu-west-1_AbC123 -client 1example23456789 -username alice
//
// This resets the real user's password and sends them a real message.
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
	poolID := flag.String("pool", "", "user pool id (real Cognito)")
	clientID := flag.String("client", "", "app client id, for ConfirmForgotPassword (real Cognito)")
	username := flag.String("username", "alice", "the user whose password the administrator resets")
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
		err = runReal(ctx, os.Stdout, os.Stdin, *region, *poolID, *clientID, *username)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// runLocal runs both flows against a cognitotest server.
func runLocal(ctx context.Context, w io.Writer, username string) error {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{})
	if err != nil {
		return err
	}
	// A default app client, like Cognito's, allows the SRP sign-in that
	// cognitopassword's SignIn uses by default.
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "web"})
	if err != nil {
		return err
	}
	const oldPassword, chosenPassword, adminPassword = "Old-Passw0rd!", "Ch0sen-by-the-user!", "Set-by-the-adm1n!"
	if err := pool.CreateUser(cognitotest.UserConfig{
		Username: username, Password: oldPassword, EmailVerified: true,
		Attributes: map[string]string{"email": username + "@example.com"},
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "Started an in-process Cognito at %s\n", srv.Endpoint())
	fmt.Fprintf(w, "Created user pool %s, app client %q and user %q with a verified email\n", pool.ID(), "web", username)
	report := func() {
		status, _ := pool.UserStatus(username)
		fmt.Fprintf(w, "  Status %s; signs in with the old password: %v, the user's chosen one: %v, the administrator's: %v\n",
			status, pool.PasswordWouldSignIn(username, oldPassword),
			pool.PasswordWouldSignIn(username, chosenPassword), pool.PasswordWouldSignIn(username, adminPassword))
	}
	report()

	// The administrator operations are signed with AWS credentials;
	// ClientOptions supplies ones the server accepts.
	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())

	fmt.Fprintln(w, "\n1. AdminResetUserPassword: the administrator forces a reset")
	if _, err := client.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{
		UserPoolId: pool.ID(), Username: username,
	}); err != nil {
		return fmt.Errorf("admin reset user password: %w", err)
	}
	report()
	var sent *cognitotest.Message
	for _, m := range srv.Outbox() {
		if m.Username == username && m.Code != "" {
			sent = &m
		}
	}
	if sent == nil {
		return errors.New("no code in the outbox")
	}
	fmt.Fprintf(w, "  Cognito sent a %d-digit code by %s to %s (trigger %s)\n", len(sent.Code), sent.Medium, sent.Destination, sent.Trigger)

	// What the user's app sees when it tries the old password now.
	signIn := func(password string) (*cognitopassword.SignInOutput, error) {
		return client.SignIn(ctx, &cognitopassword.SignInInput{UserPoolId: pool.ID(), ClientId: app.ID, Username: username, Password: password})
	}
	_, err = signIn(oldPassword)
	var resetRequired *types.PasswordResetRequiredException
	if !errors.As(err, &resetRequired) {
		return fmt.Errorf("sign-in during the reset: got %v, want PasswordResetRequiredException", err)
	}
	fmt.Fprintf(w, "  SignIn with the old password: %s (%q): the app should send the user to \"enter the code\"\n", resetRequired.ErrorCode(), resetRequired.ErrorMessage())

	fmt.Fprintln(w, "\n2. ConfirmForgotPassword: the user enters the code and a new password")
	if _, err := client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: username, ConfirmationCode: sent.Code, Password: chosenPassword,
	}); err != nil {
		return fmt.Errorf("confirm forgot password: %w", err)
	}
	report()
	out, err := signIn(chosenPassword)
	if err != nil {
		return fmt.Errorf("sign-in with the new password: %w", err)
	}
	if out.AuthenticationResult == nil {
		return fmt.Errorf("sign-in with the new password: challenge %s instead of tokens", out.ChallengeName)
	}
	fmt.Fprintln(w, "  SignIn with the new password: tokens issued")

	fmt.Fprintln(w, "\n3. AdminSetUserPassword, Permanent: true: the administrator sets a password directly")
	before := len(srv.Outbox())
	if _, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: username, Password: adminPassword, Permanent: true,
	}); err != nil {
		return fmt.Errorf("admin set user password: %w", err)
	}
	report()
	fmt.Fprintf(w, "  Messages sent by this call: %d (the administrator must tell the user the password)\n", len(srv.Outbox())-before)

	fmt.Fprintln(w, "\nDone: reset by code and direct set both leave the user CONFIRMED with the new password.")
	return nil
}

// runReal resets the user's password on real Cognito, lets the user confirm
// it with the code, and optionally sets a permanent password afterwards.
func runReal(ctx context.Context, w io.Writer, stdin io.Reader, region, poolID, clientID, username string) error {
	if poolID == "" || clientID == "" {
		return errors.New("-pool and -client are required with -region")
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return err
	}
	var opts []func(*cognitopassword.Options)
	if secret := os.Getenv("COGNITO_CLIENT_SECRET"); secret != "" {
		opts = append(opts, cognitopassword.WithClientSecret(clientID, secret))
	}
	client := cognitopassword.NewFromConfig(cfg, opts...)
	in := bufio.NewReader(stdin)

	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	_, err = client.AdminResetUserPassword(callCtx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: poolID, Username: username})
	cancel()
	if err != nil {
		if errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
			return fmt.Errorf("the reset may have happened (check the user's status with AdminGetUser before trying again): %w", err)
		}
		return fmt.Errorf("admin reset user password: %w", err)
	}
	fmt.Fprintln(w, "AdminResetUserPassword: the user is RESET_REQUIRED; sign-in now fails with PasswordResetRequiredException, and Cognito sent a code")

	code, err := prompt.Line(ctx, w, in, "Code from the message: ")
	if err != nil {
		return err
	}
	password, err := prompt.Line(ctx, w, in, "New password for the user: ")
	if err != nil {
		return err
	}
	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	_, err = client.ConfirmForgotPassword(callCtx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: clientID, Username: username, ConfirmationCode: code, Password: password,
	})
	cancel()
	if err != nil {
		if errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
			return fmt.Errorf("the new password may or may not be set; try signing in with it: %w", err)
		}
		return fmt.Errorf("confirm forgot password: %w", err)
	}
	fmt.Fprintln(w, "ConfirmForgotPassword: the new password is set; the user is CONFIRMED")

	permanent, err := prompt.Line(ctx, w, in, "Permanent password to set with AdminSetUserPassword (empty to stop here): ")
	if err != nil || permanent == "" {
		return err
	}
	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	_, err = client.AdminSetUserPassword(callCtx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: poolID, Username: username, Password: permanent, Permanent: true,
	})
	cancel()
	if err != nil {
		return fmt.Errorf("admin set user password: %w", err)
	}
	fmt.Fprintln(w, "AdminSetUserPassword: the password is set and the user is CONFIRMED; no message was sent")
	return nil
}
