package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/localaws"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// TestMain points the AWS SDK's configuration at the cognitotest
// credentials and at empty config files, so that no test reads the
// developer's ~/.aws or the environment's credentials. Profile "wrong" in
// the credentials file has keys the server rejects.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cognito-password-cli")
	if err != nil {
		panic(err)
	}
	creds := "[wrong]\naws_access_key_id = AKIDWRONGWRONGWRONG0\naws_secret_access_key = wrong/secret/wrong/secret/wrong/secret00\n"
	if err := os.WriteFile(filepath.Join(dir, "credentials"), []byte(creds), 0o600); err != nil {
		panic(err)
	}
	localaws.Use(filepath.Join(dir, "config"), filepath.Join(dir, "credentials"), "")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fixture is a cognitotest server with a pool, a public app client, an app
// client with a secret, and users.
type fixture struct {
	s      *cognitotest.Server
	pool   *cognitotest.UserPool
	public cognitotest.AppClient
	secret cognitotest.AppClient
	dir    string
}

const oldPassword = "Old-Passw0rd!"

func newFixture(t *testing.T, users ...string) *fixture {
	t.Helper()
	s := cognitotest.NewServer(cognitotest.WithBasePath("/cognito"))
	t.Cleanup(s.Close)
	pool, err := s.CreateUserPool(cognitotest.PoolConfig{
		AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail},
	})
	require.NoError(t, err)
	public, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "public"})
	require.NoError(t, err)
	secret, err := pool.CreateAppClient(cognitotest.ClientConfig{Name: "with-secret", GenerateSecret: true})
	require.NoError(t, err)
	f := &fixture{s: s, pool: pool, public: public, secret: secret, dir: t.TempDir()}
	for _, u := range users {
		f.addUser(t, u)
	}
	return f
}

func (f *fixture) addUser(t *testing.T, name string) {
	t.Helper()
	require.NoError(t, f.pool.CreateUser(cognitotest.UserConfig{
		Username: name, Password: oldPassword, EmailVerified: true,
		Attributes: map[string]string{"email": name + "@example.com"},
	}))
}

// result is what one run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// all is stdout and stderr together, for asserting that a secret is in
// neither.
func (r result) all() string { return r.stdout + "\n" + r.stderr }

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// run runs the command line against the fixture's server, with stdin.
func (f *fixture) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return f.runCtx(t, context.Background(), strings.NewReader(stdin), args...)
}

func (f *fixture) runCtx(t *testing.T, ctx context.Context, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"--endpoint-url", f.s.Endpoint()}, args...)
	code := Run(ctx, all, stdin, &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// writeFile writes a file in the fixture's directory and returns its path.
func (f *fixture) writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(f.dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// messagesPerUser counts the outbox messages of each user.
func (f *fixture) messagesPerUser() map[string]int {
	n := map[string]int{}
	for _, m := range f.s.Outbox() {
		n[m.Username]++
	}
	return n
}
