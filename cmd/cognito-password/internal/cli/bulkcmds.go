package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/journal"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/safefile"
)

const bulkInputHelp = `Input (--input FILE, or - for standard input): CSV with a header row naming a
"username" column (other columns are ignored), or CSV with usernames in the
first column and no header, or JSON lines ({"username": "alice"}). A username
repeated in the input is sent to once.

Journal: every user's outcome is appended to the journal (--journal, default
INPUT.journal) and fsync'd: "started" before the request is sent, then
"done", "failed" or "unknown". Run the same command again after Ctrl-C, a
crash or a stop to resume: users already done are skipped. A user whose
request was sent but whose answer was not recorded (a crash, a timeout, a
reset) has an unknown outcome: it is reported and skipped until you check it
and pass --retry-unknown. A success answer that could not be read is done.
Failed means nothing happened (refused, or never sent): users that failed are
skipped on resume unless --retry-failed; they are also written to the
failures file (--failures-out, default JOURNAL.failed.csv), which is valid
--input for a new run.

Files: the journal, the failures and unknown files and the passwords file
are never opened through a symbolic link; an existing one must be a regular
file of yours that others cannot write to (exit 2 otherwise), and new ones
are created with mode 0600. --dry-run writes no file.

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
					do: func(ctx context.Context, client *cognitopassword.Client, en entry) (error, error) {
						_, err := client.AdminResetUserPassword(ctx, &cognitopassword.AdminResetUserPasswordInput{UserPoolId: b.pool, Username: en.user})
						return err, nil
					},
				}
				return runBulk(ctx, e, &b, op)
			}
		},
	}
}

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
letters, digits and symbols) and appends "username,password,state" lines to
FILE, which is created with mode 0600 and never overwritten: a "pending" line,
fsync'd before the request that sets the password is sent, then a "set",
"failed" or "unknown" line once the answer is known. A user's password in
force is that of their last "set" line; a last line "pending" or "unknown"
(a crash, a timeout) holds a password that may be in force. The users'
status becomes FORCE_CHANGE_PASSWORD:
they must choose their own password at the next sign-in. This is the
recommended way: no list of passwords has to exist before the run, and the
passwords handed out cannot be used for long.

With --passwords-from-input the passwords come from the input instead (a CSV
with a header naming "username" and "password" columns, or JSON lines
{"username": ..., "password": ...}). Such a file holds secrets: keep it at
mode 0600 and delete it after the run.

Temporary passwords are the default; --permanent makes them permanent (status
CONFIRMED) and should be rare.

If the run dies while a request is in flight, the user's outcome is unknown
and their password is in the file as "pending": try it, or --retry-unknown
sets a new one (setting a password twice is harmless).

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
			fs.StringVar(&out, "passwords-out", "", "generate a temporary password per user and append username,password,state lines to `FILE` (created with mode 0600; each password is written before it is sent)")
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
					check: func(resuming bool) error {
						if fromInput {
							return nil
						}
						return pf.check(resuming)
					},
					prepare: func(resuming bool) (func() error, error) {
						if fromInput {
							return func() error { return nil }, nil
						}
						return pf.open(resuming)
					},
					do: func(ctx context.Context, client *cognitopassword.Client, en entry) (error, error) {
						pw := en.password
						if !fromInput {
							var err error
							if pw, err = generatePassword(length); err != nil {
								err = fmt.Errorf("generate a password (nothing sent): %w", err)
								return err, err
							}
							// The password is on disk before the request
							// that may put it in force is sent.
							if err := pf.add(en.user, pw, journal.Started); err != nil {
								return err, err
							}
						}
						_, err := client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
							UserPoolId: b.pool, Username: en.user, Password: pw, Permanent: permanent,
						})
						if fromInput {
							return err, nil
						}
						state, _ := outcome(err)
						return err, pf.add(en.user, pw, state)
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

// passwordsFile is the 0600 CSV file of generated passwords:
// username,password,state lines, where state is "pending" (written and
// fsync'd before the request is sent), then "set", "failed" or "unknown".
type passwordsFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
	w    *csv.Writer
}

// passwordsHeader is the first line of a passwords file.
var passwordsHeader = []string{"username", "password", "state"}

// passwordStates are the states of the passwords file, by journal state.
var passwordStates = map[journal.State]string{
	journal.Started: "pending",
	journal.Done:    "set",
	journal.Failed:  "failed",
	journal.Unknown: "unknown",
}

// check refuses, before anything is written or sent, an existing file
// that a new run would append to, or one another user could have planted.
func (p *passwordsFile) check(resuming bool) error {
	exists, err := safefile.Exists(p.path)
	if err != nil {
		return fmt.Errorf("--passwords-out: %w", err)
	}
	if exists && !resuming {
		return usagef("--passwords-out %s already exists; choose a new file (it is only appended to when resuming the journal that wrote it)", p.path)
	}
	if err := safefile.Check(p.path, safefile.Private); err != nil {
		return fileErr(fmt.Errorf("--passwords-out: %w", err))
	}
	return nil
}

// open creates the file, or appends to it when resuming a journal. An
// existing file must be a regular file of the running user that no other
// user can access, never a link, and start with the header this command
// writes.
func (p *passwordsFile) open(resuming bool) (func() error, error) {
	f, err := safefile.Create(p.path, os.O_WRONLY|os.O_APPEND)
	fresh := err == nil
	if errors.Is(err, fs.ErrExist) {
		if !resuming {
			return nil, usagef("--passwords-out %s already exists; choose a new file (it is only appended to when resuming the journal that wrote it)", p.path)
		}
		f, err = safefile.OpenExisting(p.path, os.O_RDWR|os.O_APPEND, safefile.Private)
		if err == nil {
			if herr := checkPasswordsHeader(f); herr != nil {
				f.Close()
				return nil, usagef("--passwords-out %s: %v", p.path, herr)
			}
		}
	}
	if err != nil {
		return nil, fileErr(fmt.Errorf("--passwords-out: %w", err))
	}
	p.f = f
	p.w = csv.NewWriter(f)
	if fresh {
		if err := p.write(passwordsHeader); err != nil {
			f.Close()
			return nil, fmt.Errorf("--passwords-out %s: %w", p.path, err)
		}
	}
	return f.Close, nil
}

// checkPasswordsHeader refuses a file that does not start with the header
// of a passwords file, so that nothing is appended to another file.
func checkPasswordsHeader(f *os.File) error {
	want := strings.Join(passwordsHeader, ",") + "\n"
	got := make([]byte, len(want))
	if _, err := io.ReadFull(f, got); err != nil || string(got) != want {
		return errors.New("not a passwords file of this command (its first line is not \"username,password,state\"); it was left as it was")
	}
	return nil
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

// add appends a user's password in state and syncs it to disk.
func (p *passwordsFile) add(user, password string, state journal.State) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.write([]string{user, password, passwordStates[state]}); err != nil {
		return fmt.Errorf("--passwords-out %s: %w", p.path, err)
	}
	return nil
}
