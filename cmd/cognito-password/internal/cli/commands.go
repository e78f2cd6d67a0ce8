package cli

import (
	"context"
	"flag"
	"fmt"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/types"
)

// required returns a usage error naming the first empty flag.
func required(flags ...[2]string) error {
	for _, f := range flags {
		if f[1] == "" {
			return usagef("--%s is required", f[0])
		}
	}
	return nil
}

func requestID(md middleware.Metadata) string {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	return id
}

// readSecrets reads the wanted secrets of specs, in order, and returns
// their values in the same order ("" when not wanted). The command has
// checked their sources with checkSecrets.
func (e *env) readSecrets(ctx context.Context, specs ...*secretSpec) ([]string, error) {
	out := make([]string, len(specs))
	for i, s := range specs {
		if !s.wanted() {
			continue
		}
		v, err := e.secrets.read(ctx, s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// withSecret returns the per-call option that registers the app client
// secret, or none.
func withSecret(clientID, secret string) []func(*cognitopassword.Options) {
	if secret == "" {
		return nil
	}
	return []func(*cognitopassword.Options){cognitopassword.WithClientSecret(clientID, secret)}
}

// withTimeout bounds one request by --timeout.
func (e *env) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, e.g.timeout)
}

func newPasswordSpec() *secretSpec {
	return &secretSpec{name: "password", what: "new password", prompt: "New password: ", confirm: true}
}

func clientSecretSpec() *secretSpec {
	return &secretSpec{name: "client-secret", what: "app client secret", prompt: "App client secret: ", optional: true}
}

const clientSecretHelp = `If the app client has a secret, give it with --client-secret-stdin,
--client-secret-file FILE or --client-secret-prompt; SECRET_HASH is computed
from it.`

func adminSetPasswordCmd() *command {
	return &command{
		name:      "admin-set-password",
		operation: "AdminSetUserPassword",
		summary:   "set a user's password as an administrator (AdminSetUserPassword)",
		synopsis:  "--user-pool-id ID --username NAME [--permanent] [--password-stdin | --password-file FILE]",
		help: `Sets the user's password as an administrator. The request is signed with your
AWS credentials (cognito-idp:AdminSetUserPassword).

Without --permanent the password is temporary: the user's status becomes
FORCE_CHANGE_PASSWORD and they must choose a new password at their next
sign-in. With --permanent the status becomes CONFIRMED and the password works
at once.

The new password is read from the no-echo prompt (asked twice), from one line
of standard input (--password-stdin) or from a file (--password-file).

Examples:
  # Prompt for a temporary password (typed twice, not echoed):
  cognito-password admin-set-password --user-pool-id eu-west-1_AbC123 --username alice

  # A permanent password from a secret store, through a pipe:
  pass show cognito/alice | cognito-password admin-set-password \
      --user-pool-id eu-west-1_AbC123 --username alice --permanent --password-stdin`,
		setup: func(fs *flag.FlagSet) runner {
			var pool, user string
			var permanent bool
			pw := newPasswordSpec()
			fs.StringVar(&pool, "user-pool-id", "", "the user pool `ID`, such as eu-west-1_AbC123 (required)")
			fs.StringVar(&user, "username", "", "the user's `NAME` or alias (required)")
			fs.BoolVar(&permanent, "permanent", false, "make the password permanent (status CONFIRMED) instead of temporary (FORCE_CHANGE_PASSWORD)")
			pw.register(fs)
			return func(ctx context.Context, e *env) error {
				if err := required([2]string{"user-pool-id", pool}, [2]string{"username", user}); err != nil {
					return err
				}
				if err := checkSecrets(pw); err != nil {
					return err
				}
				client, err := e.newClient(ctx, clientParams{signed: true})
				if err != nil {
					return err
				}
				s, err := e.readSecrets(ctx, pw)
				if err != nil {
					return err
				}
				rctx, cancel := e.withTimeout(ctx)
				defer cancel()
				out, err := client.AdminSetUserPassword(rctx, &cognitopassword.AdminSetUserPasswordInput{
					UserPoolId: pool, Username: user, Password: s[0], Permanent: permanent,
				})
				if err != nil {
					return err
				}
				text := fmt.Sprintf("Temporary password set for %q in %s: status FORCE_CHANGE_PASSWORD, the user must choose a new password at the next sign-in.", user, pool)
				if permanent {
					text = fmt.Sprintf("Permanent password set for %q in %s: status CONFIRMED.", user, pool)
				}
				e.printResult(&opResult{UserPoolID: pool, Username: user,
					Permanent: &permanent, RequestID: requestID(out.ResultMetadata), text: text})
				return nil
			}
		},
	}
}

func adminResetPasswordCmd() *command {
	return &command{
		name:      "admin-reset-password",
		operation: "AdminResetUserPassword",
		summary:   "reset a user's password and send a reset code (AdminResetUserPassword)",
		synopsis:  "--user-pool-id ID --username NAME",
		help: `Resets the user's password as an administrator. The request is signed with
your AWS credentials (cognito-idp:AdminResetUserPassword). The current password
stops working, the user's status becomes RESET_REQUIRED, and Cognito sends a
code by the pool's account recovery route; the user finishes with
confirm-forgot-password.

Each call sends the user a message. If the outcome is unknown (exit 7), check
the user's status before repeating it.

Example:
  cognito-password admin-reset-password --user-pool-id eu-west-1_AbC123 --username alice`,
		setup: func(fs *flag.FlagSet) runner {
			var pool, user string
			fs.StringVar(&pool, "user-pool-id", "", "the user pool `ID` (required)")
			fs.StringVar(&user, "username", "", "the user's `NAME` or alias (required)")
			return func(ctx context.Context, e *env) error {
				if err := required([2]string{"user-pool-id", pool}, [2]string{"username", user}); err != nil {
					return err
				}
				client, err := e.newClient(ctx, clientParams{signed: true})
				if err != nil {
					return err
				}
				rctx, cancel := e.withTimeout(ctx)
				defer cancel()
				out, err := client.AdminResetUserPassword(rctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: pool, Username: user})
				if err != nil {
					return err
				}
				e.printResult(&opResult{UserPoolID: pool, Username: user,
					RequestID: requestID(out.ResultMetadata),
					text:      fmt.Sprintf("Password reset for %q in %s: status RESET_REQUIRED, a reset code was sent by the pool's account recovery route.", user, pool)})
				return nil
			}
		},
	}
}

func forgotPasswordCmd() *command {
	return &command{
		name:      "forgot-password",
		operation: "ForgotPassword",
		summary:   "send a user a password-reset code (ForgotPassword)",
		synopsis:  "--client-id ID --username NAME [--client-secret-stdin | --client-secret-file FILE | --client-secret-prompt]",
		help: `Starts the forgotten-password flow as the user would: Cognito sends a code to
the user's verified email address or phone number, and the user finishes with
confirm-forgot-password. The request is unsigned and needs no AWS credentials.
The user's current password keeps working until the reset is confirmed.

` + clientSecretHelp + `

Examples:
  cognito-password forgot-password --client-id 1example23456789 --username alice
  cognito-password forgot-password --client-id 1example23456789 --username alice \
      --client-secret-file ~/.config/cognito/app-client-secret`,
		setup: codeRequestSetup("Password-reset code",
			func(ctx context.Context, c *cognitopassword.Client, clientID, user string, optFns []func(*cognitopassword.Options)) (*types.CodeDeliveryDetailsType, middleware.Metadata, error) {
				out, err := c.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: clientID, Username: user}, optFns...)
				if err != nil {
					return nil, middleware.Metadata{}, err
				}
				return out.CodeDeliveryDetails, out.ResultMetadata, nil
			}),
	}
}

func confirmForgotPasswordCmd() *command {
	return &command{
		name:      "confirm-forgot-password",
		operation: "ConfirmForgotPassword",
		summary:   "set a new password with a reset code (ConfirmForgotPassword)",
		synopsis:  "--client-id ID --username NAME [--code-stdin | --code-file FILE] [--password-stdin | --password-file FILE]",
		help: `Completes a password reset with the code that forgot-password or
admin-reset-password sent: the new password replaces the old one and the code
is used up. The request is unsigned and needs no AWS credentials.

The code and the new password are read from the no-echo prompt (the password
twice), from standard input (one line each: code first, then password) or from
files.

` + clientSecretHelp + `

Examples:
  # Prompt for the code and the new password:
  cognito-password confirm-forgot-password --client-id 1example23456789 --username alice

  # From a script: the code on the first line of stdin, the password on the second:
  printf '%s\n%s\n' "$CODE" "$NEW_PASSWORD" | cognito-password confirm-forgot-password \
      --client-id 1example23456789 --username alice --code-stdin --password-stdin`,
		setup: func(fs *flag.FlagSet) runner {
			var clientID, user string
			code := &secretSpec{name: "code", what: "confirmation code", prompt: "Confirmation code: "}
			pw := newPasswordSpec()
			cs := clientSecretSpec()
			fs.StringVar(&clientID, "client-id", "", "the app client `ID` (required)")
			fs.StringVar(&user, "username", "", "the user's `NAME` or alias (required)")
			code.register(fs)
			pw.register(fs)
			cs.register(fs)
			return func(ctx context.Context, e *env) error {
				if err := required([2]string{"client-id", clientID}, [2]string{"username", user}); err != nil {
					return err
				}
				if err := checkSecrets(code, pw, cs); err != nil {
					return err
				}
				client, err := e.newClient(ctx, clientParams{})
				if err != nil {
					return err
				}
				s, err := e.readSecrets(ctx, code, pw, cs)
				if err != nil {
					return err
				}
				rctx, cancel := e.withTimeout(ctx)
				defer cancel()
				out, err := client.ConfirmForgotPassword(rctx, &cognitopassword.ConfirmForgotPasswordInput{
					ClientId: clientID, Username: user, ConfirmationCode: s[0], Password: s[1],
				}, withSecret(clientID, s[2])...)
				if err != nil {
					return err
				}
				e.printResult(&opResult{ClientID: clientID, Username: user,
					RequestID: requestID(out.ResultMetadata),
					text:      fmt.Sprintf("New password set for %q: the reset is complete.", user)})
				return nil
			}
		},
	}
}

func resendCodeCmd() *command {
	return &command{
		name:      "resend-code",
		operation: "ResendConfirmationCode",
		summary:   "resend a sign-up confirmation code (ResendConfirmationCode)",
		synopsis:  "--client-id ID --username NAME [--client-secret-stdin | --client-secret-file FILE | --client-secret-prompt]",
		help: `Sends a new sign-up confirmation code to a user who signed up but has not
confirmed (status UNCONFIRMED); earlier codes stop working. The request is
unsigned and needs no AWS credentials.

` + clientSecretHelp + `

Example:
  cognito-password resend-code --client-id 1example23456789 --username alice`,
		setup: codeRequestSetup("Sign-up confirmation code",
			func(ctx context.Context, c *cognitopassword.Client, clientID, user string, optFns []func(*cognitopassword.Options)) (*types.CodeDeliveryDetailsType, middleware.Metadata, error) {
				out, err := c.ResendConfirmationCode(ctx, &cognitopassword.ResendConfirmationCodeInput{ClientId: clientID, Username: user}, optFns...)
				if err != nil {
					return nil, middleware.Metadata{}, err
				}
				return out.CodeDeliveryDetails, out.ResultMetadata, nil
			}),
	}
}

func changePasswordCmd() *command {
	return &command{
		name:      "change-password",
		operation: "ChangePassword",
		summary:   "change a signed-in user's password with their access token (ChangePassword)",
		synopsis:  "[--access-token-stdin | --access-token-file FILE] [--previous-password-stdin | --previous-password-file FILE | --no-previous-password] [--password-stdin | --password-file FILE]",
		help: `Changes the password of the user whose access token is given, as the user
would. The request is unsigned (the token authorises it) and needs no AWS
credentials.

The access token, the current password and the new password are read from
the no-echo prompt (the new password twice), from standard input (one line
each, in that order) or from files. Users without a password (passwordless
sign-in) pass --no-previous-password.

Examples:
  # Token from a file, both passwords at the prompt:
  cognito-password change-password --access-token-file ./token

  # Everything from a script, one line each: token, current, new:
  printf '%s\n%s\n%s\n' "$TOKEN" "$OLD" "$NEW" | cognito-password change-password \
      --access-token-stdin --previous-password-stdin --password-stdin`,
		setup: func(fs *flag.FlagSet) runner {
			tok := &secretSpec{name: "access-token", what: "access token", prompt: "Access token: "}
			prev := &secretSpec{name: "previous-password", what: "current password", prompt: "Current password: "}
			pw := newPasswordSpec()
			var noPrev bool
			tok.register(fs)
			prev.register(fs)
			pw.register(fs)
			fs.BoolVar(&noPrev, "no-previous-password", false, "the user has no current password (passwordless sign-in)")
			return func(ctx context.Context, e *env) error {
				if noPrev {
					if prev.stdin || prev.file != "" {
						return usagef("--no-previous-password conflicts with --previous-password-stdin and --previous-password-file")
					}
					prev.optional = true
				}
				if err := checkSecrets(tok, prev, pw); err != nil {
					return err
				}
				client, err := e.newClient(ctx, clientParams{})
				if err != nil {
					return err
				}
				s, err := e.readSecrets(ctx, tok, prev, pw)
				if err != nil {
					return err
				}
				rctx, cancel := e.withTimeout(ctx)
				defer cancel()
				out, err := client.ChangePassword(rctx, &cognitopassword.ChangePasswordInput{
					AccessToken: s[0], PreviousPassword: s[1], ProposedPassword: s[2],
				})
				if err != nil {
					return err
				}
				e.printResult(&opResult{RequestID: requestID(out.ResultMetadata),
					text: "Password changed."})
				return nil
			}
		},
	}
}

// codeSender asks Cognito to send a code (ForgotPassword or
// ResendConfirmationCode) and returns where it went.
type codeSender func(ctx context.Context, c *cognitopassword.Client, clientID, user string, optFns []func(*cognitopassword.Options)) (*types.CodeDeliveryDetailsType, middleware.Metadata, error)

// codeRequestSetup is the setup of the commands that ask Cognito to send a
// code: --client-id, --username and a client secret, then one call.
func codeRequestSetup(what string, send codeSender) func(fs *flag.FlagSet) runner {
	return func(fs *flag.FlagSet) runner {
		var clientID, user string
		cs := clientSecretSpec()
		fs.StringVar(&clientID, "client-id", "", "the app client `ID` (required)")
		fs.StringVar(&user, "username", "", "the user's `NAME` or alias (required)")
		cs.register(fs)
		return func(ctx context.Context, e *env) error {
			if err := required([2]string{"client-id", clientID}, [2]string{"username", user}); err != nil {
				return err
			}
			if err := checkSecrets(cs); err != nil {
				return err
			}
			client, err := e.newClient(ctx, clientParams{})
			if err != nil {
				return err
			}
			s, err := e.readSecrets(ctx, cs)
			if err != nil {
				return err
			}
			rctx, cancel := e.withTimeout(ctx)
			defer cancel()
			details, md, err := send(rctx, client, clientID, user, withSecret(clientID, s[0]))
			if err != nil {
				return err
			}
			d := deliveryOf(details)
			e.printResult(&opResult{ClientID: clientID, Username: user, CodeDelivery: d,
				RequestID: requestID(md),
				text:      fmt.Sprintf("%s for %q %s.", what, user, d)})
			return nil
		}
	}
}
