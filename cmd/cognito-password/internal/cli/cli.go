// Package cli implements the cognito-password command: one subcommand per
// Cognito password operation, and bulk-reset and bulk-set for many users
// with a rate limit, a progress display and a resumable journal.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Name is the program name used in messages and help.
const Name = "cognito-password"

// globalFlags are accepted before the subcommand and after it.
type globalFlags struct {
	region      string
	endpointURL string
	profile     string
	output      string
	debug       bool
	timeout     time.Duration
}

// defaultGlobalFlags returns the global flags' defaults.
func defaultGlobalFlags() globalFlags {
	return globalFlags{output: "text", timeout: 30 * time.Second}
}

// register adds the flags to fs with g's current values as defaults, so
// that flags given before the command survive registering them again on
// the command's flag set.
func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.region, "region", g.region, "AWS `REGION` of the user pool (default: from AWS_REGION or the profile)")
	fs.StringVar(&g.endpointURL, "endpoint-url", g.endpointURL, "send requests to `URL` instead of the Cognito endpoint of the region (e.g. a local emulator)")
	fs.StringVar(&g.profile, "profile", g.profile, "use the named `PROFILE` of the shared AWS config and credentials files (default: AWS_PROFILE or \"default\")")
	fs.StringVar(&g.output, "output", g.output, "output `FORMAT`: text for people, json for scripts (one JSON object on stdout)")
	fs.BoolVar(&g.debug, "debug", g.debug, "log requests and responses to stderr (secrets in bodies are redacted by the client library)")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "give up on a request after `DURATION` (the outcome is then unknown: exit 7)")
}

func (g *globalFlags) check() error {
	switch g.output {
	case "text", "json":
	default:
		return usagef("--output must be text or json")
	}
	if g.endpointURL != "" {
		u, err := url.Parse(g.endpointURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--endpoint-url must be an http or https URL, such as https://cognito-idp.eu-west-1.amazonaws.com")
		}
	}
	if g.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	return nil
}

// env is what a running command has: its streams and the global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	g              globalFlags
	secrets        *secretReader
	cmd            string
	op             string   // the command's Cognito operation
	cleanups       []func() // run when the command returns
}

func (e *env) json() bool { return e.g.output == "json" }

// runner runs a command once its flags are parsed.
type runner func(ctx context.Context, e *env) error

// command is a subcommand.
type command struct {
	name      string
	operation string // the Cognito operation, such as "AdminSetUserPassword"
	summary   string
	synopsis  string
	help      string // description and examples
	setup     func(fs *flag.FlagSet) runner
}

func commands() []*command {
	return []*command{
		adminSetPasswordCmd(),
		adminResetPasswordCmd(),
		forgotPasswordCmd(),
		confirmForgotPasswordCmd(),
		resendCodeCmd(),
		changePasswordCmd(),
		bulkResetCmd(),
		bulkSetCmd(),
	}
}

const globalHelp = `Global flags (before or after the command):
  --region REGION        AWS Region of the user pool (default: AWS_REGION, or the profile's)
  --profile PROFILE      named profile of ~/.aws/config and ~/.aws/credentials (SSO profiles work)
  --endpoint-url URL     send requests to URL (a local emulator, a VPC endpoint)
  --output text|json     text for people (default), json for scripts
  --debug                log requests and responses to stderr; secrets are redacted
  --timeout DURATION     give up on a request after DURATION (default 30s)

Configuration comes from the AWS SDK's usual sources (config.LoadDefaultConfig):
environment variables, the shared config and credentials files, SSO, IMDS.
`

const secretsHelp = `Secrets (passwords, codes, access tokens, client secrets) are never taken from
the command line, where shell history and ps would show them: --password,
--code, --access-token, --client-secret and --secret-hash are refused. Give
each secret with --NAME-stdin (one line of standard input), --NAME-file FILE,
or type it at the no-echo prompt (new passwords are asked twice). When several
secrets come from stdin they are read one line each in this order: access
token, previous password, code, new password, client secret.
`

func topUsage(w io.Writer) {
	fmt.Fprintf(w, `%s: Amazon Cognito user-pool password operations, safely.

Usage:
  %s [global flags] <command> [flags]
  %s <command> --help

Commands:
`, Name, Name, Name)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-25s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\n%s\n%s\n%s", globalHelp, secretsHelp, exitCodesHelp)
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s %s: %s\n\nUsage:\n  %s %s %s\n\n%s\n", Name, c.name, c.summary, Name, c.name, c.synopsis, strings.TrimSpace(c.help))
	fmt.Fprintf(w, "\nFlags:\n")
	global := map[string]bool{}
	gfs := flag.NewFlagSet("", flag.ContinueOnError)
	dg := defaultGlobalFlags()
	dg.register(gfs)
	gfs.VisitAll(func(f *flag.Flag) { global[f.Name] = true })
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if !global[f.Name] {
			names = append(names, f.Name)
		}
	})
	sort.Strings(names)
	for _, n := range names {
		printFlag(w, fs.Lookup(n))
	}
	fmt.Fprintf(w, "\n%s\n%s", globalHelp, exitCodesHelp)
}

func printFlag(w io.Writer, f *flag.Flag) {
	arg, usage := flag.UnquoteUsage(f)
	if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
		arg = ""
	}
	head := "--" + f.Name
	if arg != "" {
		head += " " + arg
	}
	def := ""
	if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
		def = fmt.Sprintf(" (default %s)", f.DefValue)
	}
	fmt.Fprintf(w, "  %s\n        %s%s\n", head, usage, def)
}

// Run runs the command line args (without the program name) and returns
// the exit code. Cancelling ctx (on SIGINT or SIGTERM) stops the command:
// a bulk run finishes the requests in flight, records them and exits 130.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if err := checkArgvSecrets(args); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", Name, err)
		return ExitUsage
	}
	g := defaultGlobalFlags()
	gfs := flag.NewFlagSet(Name, flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	g.register(gfs)
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			topUsage(stdout)
			return ExitOK
		}
		fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", Name, parseErrorText(err), Name)
		return ExitUsage
	}
	rest := gfs.Args()
	if len(rest) == 0 {
		topUsage(stderr)
		return ExitUsage
	}
	name := rest[0]
	if name == "help" {
		if len(rest) == 1 {
			topUsage(stdout)
			return ExitOK
		}
		name, rest = rest[1], []string{rest[1], "--help"}
	}
	var c *command
	for _, cc := range commands() {
		if cc.name == name {
			c = cc
		}
	}
	if c == nil {
		fmt.Fprintf(stderr, "%s: unknown command %q\nRun '%s --help' for the list of commands.\n", Name, name, Name)
		return ExitUsage
	}
	fs := flag.NewFlagSet(Name+" "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	run := c.setup(fs)
	if err := fs.Parse(rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(stdout, c, fs)
			return ExitOK
		}
		fmt.Fprintf(stderr, "%s %s: %s\nRun '%s %s --help' for usage.\n", Name, c.name, parseErrorText(err), Name, c.name)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		// The argument is not repeated: it may be a secret typed by mistake.
		fmt.Fprintf(stderr, "%s %s: unexpected argument (%d extra; arguments are not repeated here in case they are secrets); this command takes flags only\nRun '%s %s --help' for usage.\n", Name, c.name, fs.NArg(), Name, c.name)
		return ExitUsage
	}
	if err := g.check(); err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", Name, c.name, err)
		return ExitUsage
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, g: g, cmd: c.name, op: c.operation,
		secrets: &secretReader{stdin: stdin, stderr: stderr}}
	err := run(ctx, e)
	for _, fn := range e.cleanups {
		fn()
	}
	if err == nil {
		return ExitOK
	}
	var be *bulkExit
	if errors.As(err, &be) {
		return be.code
	}
	return e.reportError(err, ctx.Err() != nil)
}

// parseErrorText is the message of a flag.Parse error without the
// arguments it quotes, since an argument may be a secret given by mistake
// (--password-file Hunter2!, --timeout=Hunter2!). The package flag's
// messages name the flag, quote the value and give a reason that holds no
// value ("parse error", "value out of range").
func parseErrorText(err error) string {
	msg := err.Error()
	for _, f := range []struct{ prefix, infix string }{
		{"invalid boolean value ", " for -"},
		{"invalid value ", " for flag -"},
	} {
		rest, ok := strings.CutPrefix(msg, f.prefix)
		if !ok {
			continue
		}
		q, qerr := strconv.QuotedPrefix(rest)
		if qerr != nil {
			break
		}
		name, reason, _ := strings.Cut(strings.TrimPrefix(rest[len(q):], f.infix), ": ")
		return fmt.Sprintf("invalid value for --%s (%s; the value is not repeated here in case it is a secret)", name, reason)
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if !looksLikeFlagName(name) {
			return "flag provided but not defined (its name is not repeated here in case it is a secret)"
		}
		return msg
	}
	if strings.HasPrefix(msg, "flag needs an argument: ") {
		return msg // names a defined flag, nothing the user typed after it
	}
	return "bad flags (the arguments are not repeated here in case one is a secret)"
}

// looksLikeFlagName reports whether s could be a mistyped flag name rather
// than a secret: at most 40 lowercase letters and hyphens.
func looksLikeFlagName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}
