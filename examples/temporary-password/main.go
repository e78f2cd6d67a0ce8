// Command temporary-password shows the life of a temporary password:
// AdminSetUserPassword with Permanent false puts the user in
// FORCE_CHANGE_PASSWORD; the password then signs in only to a
// NEW_PASSWORD_REQUIRED challenge (Client.SignIn), which the user answers
// with a password of their own (Client.CompleteNewPassword), and it stops
// working after the pool's TemporaryPasswordValidityDays, when only an
// administrator can help.
//
// With no flags it runs against an in-process Cognito (package cognitotest)
// with a hand-moved clock (cognitotest.WithClock): it lets a temporary password
// expire, sets a new one, signs in with it over SRP, completes the challenge,
// and uses the access token it gets for ChangePassword.
//
// Against real Cognito, give the region, user pool and user; the call is
// signed with the credentials that config.LoadDefaultConfig finds. The
// temporary password is read from standard input (never from flags). With
// -client as well, the program then signs in as the user (SRP, which
// Cognito's app clients allow by default) and completes the challenge with
// a new password read from standard input; the app client's secret, if it
// has one, is read from the COGNITO_CLIENT_SECRET environment variable:
//
//	go run ./examples/temporary-password -region eu-west-1 -pool eu-west-1_AbC123 -username alice [-client 1example23456789]
//
// This changes the real user's password.
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
	"github.com/cognitokit/cognitopassword/types"
)

const (
	// localTimeout bounds the whole run against the in-process server.
	localTimeout = time.Minute
	// realTimeout bounds the whole run against real Cognito, which
	// includes the time a person takes to type.
	realTimeout = 15 * time.Minute
	// callTimeout bounds each call to Cognito.
	callTimeout = 30 * time.Second
)

func main() {
	region := flag.String("region", "", "AWS Region of the user pool (real Cognito); empty runs against an in-process server")
	poolID := flag.String("pool", "", "user pool id (real Cognito)")
	clientID := flag.String("client", "", "app client id allowing SRP sign-in (the default), to complete the challenge (real Cognito, optional)")
	username := flag.String("username", "alice", "the user who gets a temporary password")
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

// runLocal runs the flow against a cognitotest server with a manual clock.
func runLocal(ctx context.Context, w io.Writer, username string) error {
	// The server's clock starts at the real time and is moved by hand.
	// The client signs AdminSetUserPassword with the real time, so the
	// server's five-minute SigV4 skew check is turned off once the clock
	// has moved days ahead.
	clock := cognitotest.NewClock(time.Now())
	srv := cognitotest.NewServer(cognitotest.WithClock(clock.Now), cognitotest.WithMaxSkew(-1))
	defer srv.Close()
	const validityDays = 7
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{TemporaryPasswordValidityDays: validityDays})
	if err != nil {
		return err
	}
	// A default app client, like Cognito's, allows the SRP sign-in that
	// SignIn uses by default.
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "web"})
	if err != nil {
		return err
	}
	const oldPassword, firstTemporary, secondTemporary, ownPassword, laterPassword = "Old-Passw0rd!", "Temp-0ne-Passw0rd!", "Temp-Tw0-Passw0rd!", "My-0wn-Passw0rd!", "L4ter-Passw0rd!"
	if err := pool.CreateUser(cognitotest.UserConfig{
		Username: username, Password: oldPassword, EmailVerified: true,
		Attributes: map[string]string{"email": username + "@example.com"},
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "Started an in-process Cognito at %s with a hand-moved clock\n", srv.Endpoint())
	fmt.Fprintf(w, "Created user pool %s (temporary passwords valid for %d days), app client %q and user %q\n",
		pool.ID(), validityDays, "web", username)
	start := clock.Now()
	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
	status := func() string { s, _ := pool.UserStatus(username); return s }

	fmt.Fprintln(w, "\n1. AdminSetUserPassword, Permanent: false: the administrator gives the user a temporary password")
	if _, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: username, Password: firstTemporary, Permanent: false,
	}); err != nil {
		return fmt.Errorf("admin set user password: %w", err)
	}
	fmt.Fprintf(w, "  Status %s; the temporary password signs in: %v; the old one: %v\n",
		status(), pool.PasswordWouldSignIn(username, firstTemporary), pool.PasswordWouldSignIn(username, oldPassword))

	fmt.Fprintf(w, "\n2. The temporary password expires after the pool's TemporaryPasswordValidityDays (%d)\n", validityDays)
	validity := validityDays * 24 * time.Hour
	clock.Set(start.Add(validity - time.Minute))
	fmt.Fprintf(w, "  A minute before the %d days are up, the temporary password signs in: %v\n", validityDays, pool.PasswordWouldSignIn(username, firstTemporary))
	clock.Set(start.Add(validity))
	fmt.Fprintf(w, "  %d days after it was set, it signs in: %v\n", validityDays, pool.PasswordWouldSignIn(username, firstTemporary))
	signIn := func(password string) (*cognitopassword.SignInOutput, error) {
		return client.SignIn(ctx, &cognitopassword.SignInInput{UserPoolId: pool.ID(), ClientId: app.ID, Username: username, Password: password})
	}
	_, err = signIn(firstTemporary)
	var notAuthorized *types.NotAuthorizedException
	if !errors.As(err, &notAuthorized) {
		return fmt.Errorf("sign-in with an expired temporary password: got %v, want NotAuthorizedException", err)
	}
	fmt.Fprintf(w, "  SignIn: %s (%q)\n", notAuthorized.ErrorCode(), notAuthorized.ErrorMessage())

	_, err = client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: username})
	var refused smithy.APIError
	if !errors.As(err, &refused) {
		return fmt.Errorf("forgot password for a FORCE_CHANGE_PASSWORD user: got %v, want an error", err)
	}
	fmt.Fprintf(w, "  ForgotPassword: %s (%q): the user cannot get out of this alone\n", refused.ErrorCode(), refused.ErrorMessage())

	fmt.Fprintln(w, "\n3. The administrator sets a new temporary password")
	if _, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: username, Password: secondTemporary,
	}); err != nil {
		return fmt.Errorf("admin set user password: %w", err)
	}
	fmt.Fprintf(w, "  Status %s; the new temporary password is valid for %d days from now\n", status(), validityDays)

	fmt.Fprintln(w, "\n4. The user signs in with it: Cognito answers with a challenge, not tokens")
	challenge, err := newPasswordChallenge(signIn(secondTemporary))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  SignIn: ChallengeName %s, Username %q (the challenge's USER_ID_FOR_SRP), a Session valid for %d minutes\n",
		challenge.ChallengeName, challenge.Username, int(cognitotest.AuthSessionValidity.Minutes()))
	fmt.Fprintln(w, "  The app must now ask for a new password and send it with CompleteNewPassword;")
	fmt.Fprintln(w, "  ChangePassword cannot do it, as it needs an access token and there is none until the challenge is answered")

	fmt.Fprintln(w, "\n5. CompleteNewPassword: the user chooses a password of their own")
	done, err := client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{Challenge: challenge, NewPassword: ownPassword})
	if err != nil {
		return fmt.Errorf("complete new password: %w", err)
	}
	if done.AuthenticationResult == nil {
		return fmt.Errorf("complete new password: challenge %s instead of tokens", done.ChallengeName)
	}
	fmt.Fprintf(w, "  Tokens issued (%s, expiring in %d s); status %s\n", done.AuthenticationResult.TokenType, done.AuthenticationResult.ExpiresIn, status())
	fmt.Fprintf(w, "  Signs in with the user's own password: %v; with the temporary one: %v\n",
		pool.PasswordWouldSignIn(username, ownPassword), pool.PasswordWouldSignIn(username, secondTemporary))

	fmt.Fprintln(w, "\n6. ChangePassword with the access token from the sign-in")
	if _, err := client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
		AccessToken: done.AuthenticationResult.AccessToken, PreviousPassword: ownPassword, ProposedPassword: laterPassword,
	}); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	fmt.Fprintf(w, "  Status %s; signs in with the changed password: %v\n", status(), pool.PasswordWouldSignIn(username, laterPassword))

	fmt.Fprintln(w, "\nDone: a temporary password leads to a NEW_PASSWORD_REQUIRED challenge, and expires if the user never answers it.")
	return nil
}

// runReal sets a temporary password on real Cognito and, given an app
// client, signs the user in and completes the NEW_PASSWORD_REQUIRED
// challenge.
func runReal(ctx context.Context, w io.Writer, stdin io.Reader, region, poolID, clientID, username string) error {
	if poolID == "" {
		return errors.New("-pool is required with -region")
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return err
	}
	var optFns []func(*cognitopassword.Options)
	if secret := os.Getenv("COGNITO_CLIENT_SECRET"); secret != "" && clientID != "" {
		optFns = append(optFns, cognitopassword.WithClientSecret(clientID, secret))
	}
	client := cognitopassword.NewFromConfig(cfg, optFns...)
	in := bufio.NewReader(stdin)

	temporary, err := prompt.Line(ctx, w, in, "Temporary password: ")
	if err != nil {
		return err
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	_, err = client.AdminSetUserPassword(callCtx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: poolID, Username: username, Password: temporary, Permanent: false,
	})
	cancel()
	if err != nil {
		return fmt.Errorf("admin set user password: %w", err)
	}
	fmt.Fprintln(w, "AdminSetUserPassword: the user is FORCE_CHANGE_PASSWORD; the temporary password works for the pool's TemporaryPasswordValidityDays")
	if clientID == "" {
		fmt.Fprintln(w, "Next, the user signs in with it (SignIn), gets the NEW_PASSWORD_REQUIRED challenge and answers it with a new password (CompleteNewPassword)")
		return nil
	}

	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	challenge, err := newPasswordChallenge(client.SignIn(callCtx, &cognitopassword.SignInInput{
		UserPoolId: poolID, ClientId: clientID, Username: username, Password: temporary,
	}))
	cancel()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "SignIn with the temporary password: challenge NEW_PASSWORD_REQUIRED")
	own, err := prompt.Line(ctx, w, in, "The user's new password: ")
	if err != nil {
		return err
	}
	callCtx, cancel = context.WithTimeout(ctx, callTimeout)
	_, err = client.CompleteNewPassword(callCtx, &cognitopassword.CompleteNewPasswordInput{Challenge: challenge, NewPassword: own})
	cancel()
	if err != nil {
		return fmt.Errorf("complete new password: %w", err)
	}
	fmt.Fprintln(w, "CompleteNewPassword: the new password is set, tokens were issued, and the user is CONFIRMED")
	return nil
}

// newPasswordChallenge returns the NEW_PASSWORD_REQUIRED challenge of a
// sign-in with a temporary password, or an error if Cognito refused or
// answered otherwise.
func newPasswordChallenge(out *cognitopassword.SignInOutput, err error) (*cognitopassword.SignInOutput, error) {
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		return nil, fmt.Errorf("sign in: got %q, want the NEW_PASSWORD_REQUIRED challenge: is the password temporary?", out.ChallengeName)
	}
	return out, nil
}
