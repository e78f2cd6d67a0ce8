package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"

	cognitopassword "github.com/cognitokit/cognitopassword"
)

const bulkInputHelp = `Input (--input FILE, or - for standard input): CSV with a header row naming a
"username" column (other columns are ignored), or CSV with usernames in the
first column and no header, or JSON lines ({"username": "alice"}). A username
repeated in the input is sent to once.

Journal: every user's outcome is appended to the journal (--journal, default
INPUT.journal) and fsync'd: "started" before the request is sent, then
"done", "failed" or "unknown". Run the same command again after Ctrl-C, a
crash or a stop to resume: users already done are skipped. A user whose
request was sent but whose answer was not recorded (a crash, a timeout) has an
unknown outcome: it is reported and skipped until you check it and pass
--retry-unknown. Users that failed are skipped on resume unless --retry-failed;
they are also written to the failures file (--failures-out, default
JOURNAL.failed.csv), which is valid --input for a new run.

Ctrl-C (or SIGTERM) stops the run gracefully: no new request is started, the
requests in flight are finished and recorded. A second Ctrl-C exits at once
(the requests in flight then have an unknown outcome).

Progress: a bar with rate and ETA when stderr is a terminal, otherwise a line
every --progress-interval. The summary goes to stdout (--output json for
scripts).`

func bulkResetCmd() *command {
	return &command{
		name:      "bulk-reset",
		operation: "AdminResetUserPassword",
		summary:   "reset the passwords of many users (AdminResetUserPassword), resumable",
		synopsis:  "--user-pool-id ID --input FILE [--journal FILE] [--rate N] [--concurrency N] [--retry-unknown] [--dry-run]",
		help: `Resets the password of every user in the input as admin-reset-password does:
each user's status becomes RESET_REQUIRED and Cognito sends each of them a
reset code by email or SMS. Requests are signed with your AWS credentials.

Requests are sent at most --rate per second (default 25, below Cognito's
default account-recovery quota of 30 per second per account and Region, which
other applications of the account share) and at most --concurrency at a time.
The run stops early after --stop-after-failures failures in a row, and at the
first failure that no user can escape (unknown user pool, bad credentials).

` + bulkInputHelp + `

Examples:
  # See what would happen, then do it:
  cognito-password bulk-reset --user-pool-id eu-west-1_AbC123 --input users.csv --dry-run
  cognito-password bulk-reset --user-pool-id eu-west-1_AbC123 --input users.csv

  # After Ctrl-C or a crash, the same command resumes:
  cognito-password bulk-reset --user-pool-id eu-west-1_AbC123 --input users.csv

  # Retry the users that failed, in a new run:
  cognito-password bulk-reset --user-pool-id eu-west-1_AbC123 \
      --input users.csv.journal.failed.csv --journal retry.journal`,
		setup: func(fs *flag.FlagSet) runner {
			var b bulkFlags
			b.register(fs)
			return func(ctx context.Context, e *env) error {
				op := &bulkOp{
					verb: "reset the passwords of (and send a reset code to)",
					checkList: func(l *userList) error {
						if l.hasPassword {
							fmt.Fprintf(e.stderr, "warning: the input has passwords; bulk-reset ignores them\n")
						}
						return nil
					},
					prepare: func(bool) (func() error, error) { return func() error { return nil }, nil },
					do: func(ctx context.Context, client *cognitopassword.Client, en entry) error {
						_, err := client.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: b.pool, Username: en.user})
						return err
					},
				}
				return runBulk(ctx, e, &b, op)
			}
		},
	}
}

// errPasswordNotSaved means a generated password was set but could not be
// written to the passwords file: the run stops, and the user is recorded
// with an unknown outcome so that --retry-unknown sets a new password.
var errPasswordNotSaved = errors.New("the password was set but could not be saved to the passwords file")

func bulkSetCmd() *command {
	return &command{
		name:      "bulk-set",
		operation: "AdminSetUserPassword",
		summary:   "set the passwords of many users (AdminSetUserPassword), resumable",
		synopsis:  "--user-pool-id ID --input FILE (--passwords-out FILE | --passwords-from-input) [--permanent] [--journal FILE] [--rate N]",
		help: `Sets the password of every user in the input as admin-set-password does.
Requests are signed with your AWS credentials.

By default (--passwords-out FILE) the command generates a random temporary
password for each user (--length characters, with upper- and lowercase
letters, digits and symbols) and appends "username,password" to FILE, which
is created with mode 0600 and never overwritten; each line is fsync'd before
the user is recorded as done. The users' status becomes FORCE_CHANGE_PASSWORD:
they must choose their own password at the next sign-in. This is the
recommended way: no list of passwords has to exist before the run, and the
passwords handed out cannot be used for long.

With --passwords-from-input the passwords come from the input instead (a CSV
with a header naming "username" and "password" columns, or JSON lines
{"username": ..., "password": ...}). Such a file holds secrets: keep it at
mode 0600 and delete it after the run.

Temporary passwords are the default; --permanent makes them permanent (status
CONFIRMED) and should be rare.

If a generated password was set but the run died before it was written down,
the user's outcome is unknown: --retry-unknown sets a new one (setting a
password twice is harmless). If a user appears twice in the passwords file,
the last line is the password in force.

Requests are sent at most --rate per second (default 25) and at most
--concurrency at a time; see bulk-reset.

` + bulkInputHelp + `

Examples:
  # Generated temporary passwords, written to new-passwords.csv (0600):
  cognito-password bulk-set --user-pool-id eu-west-1_AbC123 --input users.csv \
      --passwords-out new-passwords.csv

  # Passwords from the input file:
  cognito-password bulk-set --user-pool-id eu-west-1_AbC123 --input users-and-passwords.csv \
      --passwords-from-input`,
		setup: func(fs *flag.FlagSet) runner {
			var b bulkFlags
			var fromInput, permanent bool
			var out string
			var length int
			b.register(fs)
			fs.StringVar(&out, "passwords-out", "", "generate a temporary password per user and append username,password to `FILE` (created with mode 0600)")
			fs.BoolVar(&fromInput, "passwords-from-input", false, "take each user's password from the input's password column instead of generating one")
			fs.BoolVar(&permanent, "permanent", false, "make the passwords permanent (status CONFIRMED) instead of temporary (FORCE_CHANGE_PASSWORD)")
			fs.IntVar(&length, "length", 16, "length of generated passwords, `N` from 8 to 99")
			return func(ctx context.Context, e *env) error {
				if fromInput == (out != "") {
					return usagef("give exactly one of --passwords-out FILE (generate passwords, recommended) and --passwords-from-input")
				}
				if length < 8 || length > 99 {
					return usagef("--length must be between 8 and 99")
				}
				pf := &passwordsFile{path: out}
				op := &bulkOp{
					verb: "set new passwords for",
					checkList: func(l *userList) error {
						if !fromInput {
							if l.hasPassword {
								return usagef("the input has passwords; pass --passwords-from-input to use them, or remove them to generate passwords")
							}
							return nil
						}
						if st, err := os.Stat(b.input); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o044 != 0 {
							fmt.Fprintf(e.stderr, "warning: %s holds passwords and is readable by other users (mode %v); keep it at 0600 and delete it after the run\n", b.input, st.Mode().Perm())
						}
						for _, en := range l.entries {
							if en.password == "" {
								return &inputError{err: fmt.Errorf("--input %s: line %d has no password (a CSV input needs a header naming the username and password columns)", b.input, en.line)}
							}
						}
						return nil
					},
					prepare: func(resuming bool) (func() error, error) {
						if fromInput {
							return func() error { return nil }, nil
						}
						return pf.open(resuming)
					},
					do: func(ctx context.Context, client *cognitopassword.Client, en entry) error {
						pw := en.password
						if !fromInput {
							var err error
							if pw, err = generatePassword(length); err != nil {
								return fmt.Errorf("generate a password: %w", err)
							}
						}
						_, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
							UserPoolId: b.pool, Username: en.user, Password: pw, Permanent: permanent,
						})
						if err != nil || fromInput {
							return err
						}
						if err := pf.add(en.user, pw); err != nil {
							return fmt.Errorf("%w: %w", errPasswordNotSaved, err)
						}
						return nil
					},
				}
				if !fromInput {
					op.passwordsFile = out
				}
				return runBulk(ctx, e, &b, op)
			}
		},
	}
}

// passwordsFile is the 0600 CSV file of generated passwords.
type passwordsFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
	w    *csv.Writer
}

// open creates the file, or appends to it when resuming a journal.
func (p *passwordsFile) open(resuming bool) (func() error, error) {
	flags := os.O_WRONLY | os.O_APPEND | os.O_CREATE | os.O_EXCL
	f, err := os.OpenFile(p.path, flags, 0o600)
	fresh := err == nil
	if errors.Is(err, os.ErrExist) {
		if !resuming {
			return nil, usagef("--passwords-out %s already exists; choose a new file (it is only appended to when resuming the journal that wrote it)", p.path)
		}
		f, err = os.OpenFile(p.path, os.O_WRONLY|os.O_APPEND, 0)
		if err == nil {
			if st, serr := f.Stat(); serr == nil && st.Mode().Perm()&0o077 != 0 {
				f.Close()
				return nil, usagef("--passwords-out %s is accessible by other users (mode %v); chmod 600 it first", p.path, st.Mode().Perm())
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("--passwords-out: %w", err)
	}
	p.f = f
	p.w = csv.NewWriter(f)
	if fresh {
		if err := p.write([]string{"username", "password"}); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f.Close, nil
}

func (p *passwordsFile) write(rec []string) error {
	if err := p.w.Write(rec); err != nil {
		return err
	}
	p.w.Flush()
	if err := p.w.Error(); err != nil {
		return err
	}
	return p.f.Sync()
}

// add appends a user's password and syncs it to disk.
func (p *passwordsFile) add(user, password string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.write([]string{user, password})
}
