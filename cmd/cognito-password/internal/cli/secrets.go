package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// refusedFlags are secrets that must never be given on the command line,
// where they are kept in shell history and shown to every user by ps. The
// value says where the secret can come from instead.
var refusedFlags = map[string]string{
	"password":          "--password-stdin, --password-file FILE or the prompt",
	"new-password":      "--password-stdin, --password-file FILE or the prompt",
	"proposed-password": "--password-stdin, --password-file FILE or the prompt",
	"previous-password": "--previous-password-stdin, --previous-password-file FILE or the prompt",
	"old-password":      "--previous-password-stdin, --previous-password-file FILE or the prompt",
	"code":              "--code-stdin, --code-file FILE or the prompt",
	"confirmation-code": "--code-stdin, --code-file FILE or the prompt",
	"access-token":      "--access-token-stdin, --access-token-file FILE or the prompt",
	"client-secret":     "--client-secret-stdin, --client-secret-file FILE or --client-secret-prompt",
	"secret-hash":       "nothing: SECRET_HASH is computed from the client secret (--client-secret-stdin, --client-secret-file FILE or --client-secret-prompt)",
}

// checkArgvSecrets refuses a secret given as a flag value, and a value
// given to a flag such as --password-stdin, which takes none (the value is
// likely the secret). It looks at every argument before "--", in the forms
// -name, --name, -name=value and --name=value, and never repeats a value in
// its message.
func checkArgvSecrets(args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = strings.ToLower(name)
		if instead, ok := refusedFlags[name]; ok {
			return usagef("refusing --%s: secrets given as command-line arguments are saved in shell history and visible to other users in ps; use %s instead", name, instead)
		}
		if what, ok := secretSwitch(name); ok && hasValue {
			if _, err := strconv.ParseBool(value); err != nil {
				return usagef("refusing --%s=VALUE: the flag takes no value, it only says where the %s comes from; the value, which may be the secret, is not repeated here (it is saved in shell history and visible to other users in ps)", name, what)
			}
		}
	}
	return nil
}

// secretStems are the flag stems of the secrets, each with what it is:
// each has --STEM-stdin and --STEM-file, the optional ones --STEM-prompt.
var secretStems = map[string]string{
	"password":          "password",
	"previous-password": "current password",
	"code":              "confirmation code",
	"access-token":      "access token",
	"client-secret":     "app client secret",
}

// secretSwitch reports whether name is a boolean flag that chooses where a
// secret comes from (--password-stdin, --client-secret-prompt), and which
// secret.
func secretSwitch(name string) (string, bool) {
	stem, ok := strings.CutSuffix(name, "-stdin")
	if !ok {
		stem, ok = strings.CutSuffix(name, "-prompt")
	}
	what, known := secretStems[stem]
	return what, ok && known
}

// secretSpec describes one secret a command needs and the flags that give
// it: --NAME-stdin and --NAME-file, or a no-echo prompt on the terminal.
type secretSpec struct {
	name    string // flag stem, such as "password"
	what    string // for messages, such as "new password"
	prompt  string // such as "New password: "
	confirm bool   // ask twice on the terminal (new passwords)
	// optional secrets are read only when one of their flags asks, and
	// --NAME-prompt then asks for the prompt.
	optional bool

	stdin      bool
	file       string
	wantPrompt bool
}

// register adds the secret's flags to fs.
func (s *secretSpec) register(fs *flag.FlagSet) {
	fs.BoolVar(&s.stdin, s.name+"-stdin", false, "read the "+s.what+" from the first unread line of standard input")
	fs.StringVar(&s.file, s.name+"-file", "", "read the "+s.what+" from `FILE` (one trailing newline is dropped)")
	if s.optional {
		fs.BoolVar(&s.wantPrompt, s.name+"-prompt", false, "ask for the "+s.what+" on the terminal, without echo")
	}
}

// wanted reports whether the secret is to be read at all.
func (s *secretSpec) wanted() bool {
	return !s.optional || s.stdin || s.file != "" || s.wantPrompt
}

// checkSecrets refuses conflicting sources of any of specs. Commands call
// it before anything else can fail or prompt.
func checkSecrets(specs ...*secretSpec) error {
	for _, s := range specs {
		if err := s.check(); err != nil {
			return err
		}
	}
	return nil
}

// check refuses conflicting sources.
func (s *secretSpec) check() error {
	n := 0
	for _, b := range []bool{s.stdin, s.file != "", s.wantPrompt} {
		if b {
			n++
		}
	}
	if n > 1 {
		return usagef("give the %s one way only: --%s-stdin, --%s-file or the prompt", s.what, s.name, s.name)
	}
	return nil
}

// secretReader reads secrets from stdin lines, files and the terminal.
type secretReader struct {
	stdin  io.Reader
	lines  *bufio.Reader // lazily wraps stdin
	stderr io.Writer
}

// read returns the secret from the source its flags chose.
func (r *secretReader) read(ctx context.Context, s *secretSpec) (string, error) {
	var v string
	var err error
	switch {
	case s.stdin:
		v, err = r.readLine(s)
	case s.file != "":
		v, err = r.readFile(s)
	default:
		v, err = r.prompt(ctx, s)
	}
	if err != nil {
		return "", err
	}
	if v == "" {
		return "", usagef("the %s is empty", s.what)
	}
	return v, nil
}

func (r *secretReader) readLine(s *secretSpec) (string, error) {
	if r.lines == nil {
		r.lines = bufio.NewReader(r.stdin)
	}
	line, err := r.lines.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", usagef("--%s-stdin: standard input has no line for the %s", s.name, s.what)
		}
		return "", fmt.Errorf("read the %s from standard input: %w", s.what, err)
	}
	return trimNewline(line), nil
}

// maxSecretFile caps the size of a secret file.
const maxSecretFile = 64 << 10

func (r *secretReader) readFile(s *secretSpec) (string, error) {
	f, err := os.Open(s.file)
	if err != nil {
		// The path is not repeated: it may be the secret itself, given to
		// --NAME-file by mistake.
		return "", usagef("cannot open the file given to --%s-file: %v", s.name, pathless(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o044 != 0 {
		fmt.Fprintf(r.stderr, "warning: %s is readable by other users (mode %v); keep secret files at 0600\n", s.file, st.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", fmt.Errorf("read the file given to --%s-file: %w", s.name, pathless(err))
	}
	if len(b) > maxSecretFile {
		return "", usagef("--%s-file: %s is larger than %d bytes; it is not a %s", s.name, s.file, maxSecretFile, s.what)
	}
	return trimNewline(string(b)), nil
}

// pathless returns the reason of a file error without the path, such as
// "no such file or directory".
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func trimNewline(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// terminalFd returns the descriptor of a standard stream (an io.Reader or
// an io.Writer) when it is a terminal.
func terminalFd(stream any) (int, bool) {
	f, ok := stream.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// isTerminal reports whether a standard stream is a terminal.
func isTerminal(stream any) bool {
	_, ok := terminalFd(stream)
	return ok
}

// prompt asks for the secret on the terminal with echo off; new passwords
// are asked twice and must match.
func (r *secretReader) prompt(ctx context.Context, s *secretSpec) (string, error) {
	fd, ok := terminalFd(r.stdin)
	if !ok {
		alt := fmt.Sprintf("--%s-stdin or --%s-file FILE", s.name, s.name)
		return "", usagef("cannot prompt for the %s: standard input is not a terminal; use %s", s.what, alt)
	}
	first, err := readNoEcho(ctx, fd, r.stderr, s.prompt)
	if err != nil {
		return "", err
	}
	if !s.confirm {
		return first, nil
	}
	second, err := readNoEcho(ctx, fd, r.stderr, "Retype "+lowerFirst(s.prompt))
	if err != nil {
		return "", err
	}
	if first != second {
		return "", usagef("the %ss do not match", s.what)
	}
	return first, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// readNoEcho reads a line from the terminal fd with echo off. A signal
// (ctx done) restores the terminal and returns errInterrupted, since the
// read itself cannot be interrupted.
func readNoEcho(ctx context.Context, fd int, w io.Writer, prompt string) (string, error) {
	fmt.Fprint(w, prompt)
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("read the terminal state: %w", err)
	}
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		ch <- result{b, err}
	}()
	select {
	case res := <-ch:
		fmt.Fprintln(w)
		if res.err != nil {
			return "", fmt.Errorf("read from the terminal: %w", res.err)
		}
		return string(res.b), nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(w)
		return "", errInterrupted
	}
}

// readAnswer reads a visible answer, such as a confirmation, from the
// terminal. A signal (ctx done) returns errInterrupted.
func readAnswer(ctx context.Context, stdin io.Reader) (string, error) {
	ch := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		ch <- strings.TrimSpace(line)
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", errInterrupted
	}
}
