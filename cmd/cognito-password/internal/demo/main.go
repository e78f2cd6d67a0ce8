// Command demo runs cognito-password against an in-process cognitotest
// server and prints the session as a transcript; cmd/cognito-password/README.md
// shows its output.
//
//	cd cmd/cognito-password && go run ./internal/demo          # print the transcript
//	cd cmd/cognito-password && go run ./internal/demo -serve   # keep a server running to try the CLI by hand
//
// The transcript is real output of the command (cli.Run, the same code as
// the binary), run in a temporary directory. Only the port of the server
// is written as PORT, since it changes from run to run; the client id, the
// request ids and the timings change too.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/cli"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/interrupt"
	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/localaws"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// PoolID is the demo user pool's id.
const PoolID = "us-east-1_DemoPool1"

// Users of the demo pool. ghost is in users.csv but not in the pool.
var (
	oneByOne = []string{"alice", "bob"}
	bulk     = []string{"carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"}
)

func main() {
	serve := flag.Bool("serve", false, "start a cognitotest server with the demo pool and print the environment to use it; stop with Ctrl-C")
	flag.Parse()
	var err error
	if *serve {
		err = serveDemo()
	} else {
		err = Transcript(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// server starts the demo server and pool and points the AWS SDK's
// environment at it.
func server() (*cognitotest.Server, *cognitotest.UserPool, cognitotest.AppClient, error) {
	s := cognitotest.NewServer(cognitotest.WithBasePath("/cognito"))
	pool, err := s.CreateUserPool(cognitotest.PoolConfig{ID: PoolID, Name: "demo",
		AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail}})
	if err != nil {
		s.Close()
		return nil, nil, cognitotest.AppClient{}, err
	}
	client, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "demo-web"})
	if err != nil {
		s.Close()
		return nil, nil, cognitotest.AppClient{}, err
	}
	for _, u := range append(append([]string{}, oneByOne...), bulk...) {
		if err := pool.CreateUser(cognitotest.UserConfig{Username: u, Password: "Old-Passw0rd!", EmailVerified: true,
			Attributes: map[string]string{"email": u + "@example.com"}}); err != nil {
			s.Close()
			return nil, nil, cognitotest.AppClient{}, err
		}
	}
	localaws.Use(os.DevNull, os.DevNull, s.Endpoint())
	return s, pool, client, nil
}

func serveDemo() error {
	s, _, client, err := server()
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Printf("export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=%s\n",
		cognitotest.DefaultAccessKeyID, cognitotest.DefaultSecretAccessKey, cognitotest.DefaultRegion)
	fmt.Printf("export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=%s\n", s.Endpoint())
	fmt.Printf("export USER_POOL_ID=%s CLIENT_ID=%s\n", PoolID, client.ID)
	fmt.Printf("# users: %s; codes sent appear below. Ctrl-C stops the server.\n", strings.Join(append(oneByOne, bulk...), ", "))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	seen := 0
	for ctx.Err() == nil {
		box := s.Outbox()
		for _, m := range box[seen:] {
			fmt.Printf("message to %s (%s): code %s\n", m.Username, m.Destination, m.Code)
		}
		seen = len(box)
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

// session prints commands and their output like a terminal would.
type session struct {
	w io.Writer
}

// step shows one command line and runs it. display is the shell line as a
// person would type it; args are the arguments given to cognito-password;
// stdin is what the pipe in display sends. showExit appends the exit status
// as "echo $?" would.
func (s *session) step(ctx context.Context, display string, stdin string, args []string, showExit bool) int {
	line := "$ " + display
	if showExit {
		line += `; echo "exit $?"`
	}
	fmt.Fprintln(s.w, line)
	var out bytes.Buffer
	code := cli.Run(ctx, args, strings.NewReader(stdin), &out, &out)
	s.w.Write(out.Bytes())
	if showExit {
		fmt.Fprintf(s.w, "exit %d\n", code)
	}
	fmt.Fprintln(s.w)
	return code
}

// Transcript runs the demo session and writes its transcript to w.
func Transcript(w io.Writer) error {
	dir, err := os.MkdirTemp("", "cognito-password-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.Chdir(dir); err != nil {
		return err
	}
	defer os.Chdir(wd)

	srv, _, client, err := server()
	if err != nil {
		return err
	}
	defer srv.Close()
	port := srv.Endpoint()[strings.LastIndexByte(srv.Endpoint(), ':')+1:]
	port = port[:strings.IndexByte(port, '/')]

	const newPassword = "Temp-Passw0rd!"
	fmt.Fprintf(w, "$ export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=%s\n", strings.Replace(srv.Endpoint(), port, "PORT", 1))
	fmt.Fprintf(w, "$ export AWS_REGION=%s AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=...\n", cognitotest.DefaultRegion, cognitotest.DefaultAccessKeyID)
	fmt.Fprintf(w, "$ CLIENT_ID=%s\n\n", client.ID)
	s := &session{w: w}
	ctx := context.Background()
	pool := PoolID

	s.step(ctx, "cognito-password admin-set-password --user-pool-id "+pool+" --username alice --password 'Hunter2!'", "",
		[]string{"admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password", "Hunter2!"}, true)

	s.step(ctx, `pass show cognito/alice | cognito-password admin-set-password --user-pool-id `+pool+` --username alice --password-stdin`,
		newPassword+"\n", []string{"admin-set-password", "--user-pool-id", pool, "--username", "alice", "--password-stdin"}, false)

	s.step(ctx, "cognito-password admin-reset-password --user-pool-id "+pool+" --username alice", "",
		[]string{"admin-reset-password", "--user-pool-id", pool, "--username", "alice"}, false)

	s.step(ctx, `cognito-password forgot-password --client-id "$CLIENT_ID" --username bob`, "",
		[]string{"forgot-password", "--client-id", client.ID, "--username", "bob"}, false)
	code, ok := srv.LastCode(pool, "bob")
	if !ok {
		return errors.New("no code was sent to bob")
	}
	fmt.Fprintln(w, "# bob reads the code from his email")
	s.step(ctx, `printf '%s\n%s\n' "$CODE" "$NEW_PASSWORD" | cognito-password confirm-forgot-password --client-id "$CLIENT_ID" --username bob --code-stdin --password-stdin`,
		code+"\n"+newPassword+"\n", []string{"confirm-forgot-password", "--client-id", client.ID, "--username", "bob", "--code-stdin", "--password-stdin"}, false)

	s.step(ctx, "cognito-password admin-reset-password --user-pool-id "+pool+" --username nobody --output json", "",
		[]string{"admin-reset-password", "--user-pool-id", pool, "--username", "nobody", "--output", "json"}, true)

	input := "username\n" + strings.Join(bulk, "\n") + "\nghost\n"
	if err := os.WriteFile(filepath.Join(dir, "users.csv"), []byte(input), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(w, "$ cat users.csv\n%s\n", input)
	bulkArgs := []string{"bulk-reset", "--user-pool-id", pool, "--input", "users.csv", "--rate", "5"}
	bulkLine := "cognito-password bulk-reset --user-pool-id " + pool + " --input users.csv --rate 5"

	// Ctrl-C after the third request, as an operator would press it.
	ictx, cancel := context.WithCancel(ctx)
	before := srv.RequestCount("AdminResetUserPassword")
	go interrupt.When(ictx, cancel, 10*time.Second, func() bool { return srv.RequestCount("AdminResetUserPassword") >= before+3 })
	fmt.Fprintln(w, "# Ctrl-C after a moment")
	s.step(ictx, bulkLine, "", bulkArgs, true)
	cancel()
	s.step(ctx, bulkLine, "", bulkArgs, true)

	s.step(ctx, "cognito-password bulk-set --user-pool-id "+pool+" --input users.csv --passwords-out new-passwords.csv --journal set.journal --rate 5", "",
		[]string{"bulk-set", "--user-pool-id", pool, "--input", "users.csv", "--passwords-out", "new-passwords.csv", "--journal", "set.journal", "--rate", "5"}, true)
	st, err := os.Stat(filepath.Join(dir, "new-passwords.csv"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "$ stat -c '%%A %%n' new-passwords.csv\n%s %s\n", st.Mode().String(), st.Name())
	return nil
}
