// Command error-handling shows how to tell apart the errors of the Cognito
// password operations, and what to do about each:
//
//   - service exceptions, matched with errors.As to their types in package
//     types (UserNotFoundException, CodeMismatchException,
//     InvalidPasswordException, LimitExceededException);
//   - the HTTP status and request id of any service error, from
//     *awshttp.ResponseError, for logs and AWS support;
//   - invalid input, a smithy.InvalidParamsError (a value, not a pointer),
//     found before anything is sent;
//   - cognitopassword.ErrOutcomeUnknown, when a call that sends a message or
//     uses a code failed after the service may have acted on it: the client
//     does not repeat it, and neither should you, blindly;
//   - throttling, which the client retries on its own.
//
// With no flags it runs against an in-process Cognito (package cognitotest),
// whose fault injection drops a connection after processing a request and
// throttles requests, and whose outbox and request log show what happened.
//
// Against real Cognito, give the region, an app client and a username that
// does not exist; the program then shows the errors that need no user and no
// faults: UserNotFoundException with its HTTP status and request id, and
// local validation. A client secret is read from the COGNITO_CLIENT_SECRET
// environment variable; no AWS credentials are needed:
//
//	go run ./examples/error-handling -region eu-west-1 -client 1example23456789 -username no-such-user-4711
//
// (With PreventUserExistenceErrors on the app client, Cognito answers as if
// the user existed and sends nothing.)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	smithy "github.com/aws/smithy-go"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/types"
)

const (
	// localTimeout bounds the whole run against the in-process server; it
	// leaves room for the client's backoff between throttled attempts.
	localTimeout = time.Minute
	// callTimeout bounds each call to real Cognito.
	callTimeout = 30 * time.Second
)

func main() {
	region := flag.String("region", "", "AWS Region of the user pool (real Cognito); empty runs against an in-process server")
	clientID := flag.String("client", "", "app client id (real Cognito)")
	username := flag.String("username", "", "a username that does not exist in the pool (real Cognito)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *region == "" {
		ctx, cancel := context.WithTimeout(ctx, localTimeout)
		defer cancel()
		err = runLocal(ctx, os.Stdout)
	} else {
		err = runReal(ctx, os.Stdout, *region, *clientID, *username)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// runLocal shows every kind of error against a cognitotest server.
func runLocal(ctx context.Context, w io.Writer) error {
	srv := cognitotest.NewServer()
	defer srv.Close()
	const codeMessages = 3
	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{Limits: cognitotest.Limits{CodeRequests: codeMessages}})
	if err != nil {
		return err
	}
	app, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "web"})
	if err != nil {
		return err
	}
	for _, name := range []string{"alice", "bob", "carol"} {
		if err := pool.CreateUser(cognitotest.UserConfig{
			Username: name, Password: "Old-Passw0rd!", EmailVerified: true,
			Attributes: map[string]string{"email": name + "@example.com"},
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "Started an in-process Cognito at %s\n", srv.Endpoint())
	fmt.Fprintf(w, "Created user pool %s (at most %d code messages per user per hour), app client %q and users alice, bob and carol\n",
		pool.ID(), codeMessages, "web")
	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
	forgot := func(username string) error {
		_, err := client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: username})
		return err
	}
	messagesTo := func(username string) int {
		n := 0
		for _, m := range srv.Outbox() {
			if m.Username == username {
				n++
			}
		}
		return n
	}

	fmt.Fprintln(w, "\n1. Service exceptions: errors.As to the types in package types")
	err = forgot("nobody")
	var notFound *types.UserNotFoundException
	if !errors.As(err, &notFound) {
		return fmt.Errorf("forgot password for an unknown user: got %v, want UserNotFoundException", err)
	}
	fmt.Fprintf(w, "  ForgotPassword for an unknown user: *types.UserNotFoundException, %q\n", notFound.ErrorMessage())
	fmt.Fprintf(w, "    the whole error: %v\n", err)

	if err := forgot("alice"); err != nil {
		return fmt.Errorf("forgot password: %w", err)
	}
	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: "alice", ConfirmationCode: "000000", Password: "N3w-Passw0rd!",
	})
	var mismatch *types.CodeMismatchException
	if !errors.As(err, &mismatch) {
		return fmt.Errorf("confirm with a wrong code: got %v, want CodeMismatchException", err)
	}
	fmt.Fprintf(w, "  ConfirmForgotPassword with a wrong code: *types.CodeMismatchException, %q\n", mismatch.ErrorMessage())
	codeMismatchErr := err

	code, _ := srv.LastCode(pool.ID(), "alice")
	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: "alice", ConfirmationCode: code, Password: "weakpassword",
	})
	var weak *types.InvalidPasswordException
	if !errors.As(err, &weak) {
		return fmt.Errorf("confirm with a weak password: got %v, want InvalidPasswordException", err)
	}
	fmt.Fprintf(w, "  ConfirmForgotPassword with a weak password: *types.InvalidPasswordException, %q\n", weak.ErrorMessage())

	// The pool sends alice codeMessages codes; the call after them is
	// refused. Call 1 was above.
	var limited *types.LimitExceededException
	for i := 2; limited == nil; i++ {
		if i > codeMessages+1 {
			return fmt.Errorf("%d ForgotPassword calls for alice were all accepted, want LimitExceededException", i-1)
		}
		err := forgot("alice")
		if err == nil {
			continue
		}
		if !errors.As(err, &limited) {
			return fmt.Errorf("repeated forgot password: got %v, want LimitExceededException", err)
		}
		fmt.Fprintf(w, "  ForgotPassword for alice, call %d: *types.LimitExceededException, %q (alice got %d messages)\n",
			i, limited.ErrorMessage(), messagesTo("alice"))
	}
	var apiErr smithy.APIError
	if errors.As(codeMismatchErr, &apiErr) {
		fmt.Fprintf(w, "  Any of them as smithy.APIError: code %s, fault %s\n", apiErr.ErrorCode(), apiErr.ErrorFault())
	}

	fmt.Fprintln(w, "\n2. HTTP status and request id: errors.As to *awshttp.ResponseError")
	var respErr *awshttp.ResponseError
	if !errors.As(codeMismatchErr, &respErr) {
		return fmt.Errorf("no *awshttp.ResponseError in %v", codeMismatchErr)
	}
	var opErr *smithy.OperationError
	if !errors.As(codeMismatchErr, &opErr) {
		return fmt.Errorf("no *smithy.OperationError in %v", codeMismatchErr)
	}
	fmt.Fprintf(w, "  The CodeMismatchException above: %s %s, HTTP %d, request id %s\n",
		opErr.Service(), opErr.Operation(), respErr.HTTPStatusCode(), respErr.ServiceRequestID())

	fmt.Fprintln(w, "\n3. Invalid input: a smithy.InvalidParamsError value, and nothing is sent")
	before := srv.RequestCount("")
	_, err = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: "not a pool id", Username: "alice", Password: "has spaces",
	})
	var invalid smithy.InvalidParamsError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("invalid input: got %v, want smithy.InvalidParamsError", err)
	}
	fmt.Fprintf(w, "  AdminSetUserPassword: %d problems found; requests sent: %d\n", invalid.Len(), srv.RequestCount("")-before)
	fmt.Fprintf(w, "    %s\n", indent(err))

	fmt.Fprintln(w, "\n4. Outcome unknown: the connection drops after Cognito acted")
	srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultDropConnection})
	before = srv.RequestCount("ForgotPassword")
	err = forgot("bob")
	if !errors.Is(err, cognitopassword.ErrOutcomeUnknown) {
		return fmt.Errorf("dropped connection: got %v, want ErrOutcomeUnknown", err)
	}
	fmt.Fprintf(w, "  ForgotPassword for bob: errors.Is(err, cognitopassword.ErrOutcomeUnknown) is true\n")
	fmt.Fprintf(w, "    the whole error: %v\n", err)
	fmt.Fprintf(w, "  Requests sent: %d (not retried, as a retry would send another code); messages bob got: %d\n",
		srv.RequestCount("ForgotPassword")-before, messagesTo("bob"))
	fmt.Fprintln(w, "  So tell the user a code may be on its way, rather than calling again at once")

	fmt.Fprintln(w, "\n5. Throttling: retried for you")
	srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultThrottle, Count: 2})
	before = srv.RequestCount("ForgotPassword")
	start := time.Now()
	if err := forgot("carol"); err != nil {
		return fmt.Errorf("forgot password after throttling: %w", err)
	}
	log := srv.Requests()
	log = log[len(log)-(srv.RequestCount("ForgotPassword")-before):]
	fmt.Fprintf(w, "  ForgotPassword for carol succeeded after %.1f s of backoff; requests sent: %d\n", time.Since(start).Seconds(), len(log))
	for i, r := range log {
		outcome := fmt.Sprint(r.Status)
		if r.ErrorCode != "" {
			outcome += " " + r.ErrorCode
		}
		fmt.Fprintf(w, "    attempt %d: HTTP %s\n", i+1, outcome)
	}
	fmt.Fprintf(w, "  Messages carol got: %d (throttled requests were not processed)\n", messagesTo("carol"))

	fmt.Fprintln(w, "\nDone: match with errors.As and errors.Is, never with strings.")
	return nil
}

// runReal shows, against real Cognito, the errors that need no user and no
// fault: UserNotFoundException with its status and request id, and local
// validation.
func runReal(ctx context.Context, w io.Writer, region, clientID, username string) error {
	if clientID == "" || username == "" {
		return errors.New("-client and -username are required with -region")
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return err
	}
	var opts []func(*cognitopassword.Options)
	if secret := os.Getenv("COGNITO_CLIENT_SECRET"); secret != "" {
		opts = append(opts, cognitopassword.WithClientSecret(clientID, secret))
	}
	client := cognitopassword.NewFromConfig(cfg, opts...)

	_, err = client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: clientID, Username: username})
	var notFound *types.UserNotFoundException
	var respErr *awshttp.ResponseError
	switch {
	case err == nil:
		fmt.Fprintf(w, "ForgotPassword for %q succeeded: the user exists, or the app client prevents user existence errors\n", username)
	case errors.As(err, &notFound):
		fmt.Fprintf(w, "ForgotPassword for %q: *types.UserNotFoundException, %q\n", username, notFound.ErrorMessage())
	default:
		fmt.Fprintf(w, "ForgotPassword for %q: %v\n", username, err)
	}
	if errors.As(err, &respErr) {
		fmt.Fprintf(w, "  HTTP %d, request id %s\n", respErr.HTTPStatusCode(), respErr.ServiceRequestID())
	}

	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: clientID, Username: username, ConfirmationCode: "not a code", Password: "has spaces",
	})
	var invalid smithy.InvalidParamsError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("invalid input: got %v, want smithy.InvalidParamsError", err)
	}
	fmt.Fprintf(w, "ConfirmForgotPassword with a malformed code and password: %d problems found before sending anything\n  %s\n", invalid.Len(), indent(err))
	return nil
}

// indent indents the lines after the first of a multi-line error.
func indent(err error) string {
	return strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "\n      ")
}
