// Command cognito-password runs the Amazon Cognito user-pool password
// operations from a terminal or a script: admin-set-password,
// admin-reset-password, forgot-password, confirm-forgot-password,
// resend-code and change-password, and the resumable bulk commands
// bulk-reset and bulk-set.
//
// Secrets are never taken from the command line. Run
// "cognito-password --help" for the commands, flags and exit codes.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, the default action comes back: a second
		// Ctrl-C ends the process at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Run(ctx, args, stdin, stdout, stderr)
}
