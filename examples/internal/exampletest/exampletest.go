// Package exampletest holds what the tests of the example programs share: an
// environment in which config.LoadDefaultConfig finds a cognitotest server
// and nothing else, and a standard input whose lines are made as the program
// reads them. Only tests import it.
package exampletest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// PointAWSConfigAt makes config.LoadDefaultConfig, as the example programs
// call it, resolve to srv for the rest of the test. It removes every AWS_*
// variable of the environment (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS,
// AWS_PROFILE, AWS_ENDPOINT_URL…), points the shared config and credentials
// files at an empty file, turns off the EC2 instance metadata service and
// sets AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER to srv's endpoint. It sets
// no credentials: the unsigned operations need none (see [SetCredentials]).
//
// It then loads a configuration the way the programs do and fails the test
// at once unless a client built from it is bound for srv, so that a mistake
// here stops the test instead of sending a request to AWS.
func PointAWSConfigAt(t *testing.T, srv *cognitotest.Server) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "") // restored after the test
			if err := os.Unsetenv(name); err != nil {
				t.Fatalf("exampletest: unset %s: %v", name, err)
			}
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatalf("exampletest: %v", err)
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", srv.Endpoint())

	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(srv.Region()))
	if err != nil {
		t.Fatalf("exampletest: load config: %v", err)
	}
	if got := cognitopassword.NewFromConfig(cfg).Options().BaseEndpoint; got != srv.Endpoint() {
		t.Fatalf("exampletest: a client from the environment is bound for %q, not the test server %q", got, srv.Endpoint())
	}
}

// SetCredentials puts srv's static credentials in the environment, for the
// signed (administrator) operations. Call it after [PointAWSConfigAt].
func SetCredentials(t *testing.T, srv *cognitotest.Server) {
	t.Helper()
	creds := srv.Credentials()
	t.Setenv("AWS_ACCESS_KEY_ID", creds.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", creds.SecretAccessKey)
	if creds.SessionToken != "" {
		t.Setenv("AWS_SESSION_TOKEN", creds.SessionToken)
	}
}

// Stdin is a standard input that makes each line when the program reads
// it, so that a line can depend on what the program did before, such as a
// code it had Cognito send. It hands out one line per Read and then io.EOF.
type Stdin struct {
	lines []func() string
	r     io.Reader
}

// NewStdin returns a Stdin that gives the lines in order; each function is
// called when the program reaches its line.
func NewStdin(lines ...func() string) *Stdin {
	return &Stdin{lines: lines}
}

// Text returns a line that is s.
func Text(s string) func() string {
	return func() string { return s }
}

// Read makes the next line when the previous one has been read.
func (s *Stdin) Read(p []byte) (int, error) {
	for {
		if s.r != nil {
			if n, err := s.r.Read(p); n > 0 || err != io.EOF {
				return n, err
			}
		}
		if len(s.lines) == 0 {
			return 0, io.EOF
		}
		s.r = strings.NewReader(s.lines[0]() + "\n")
		s.lines = s.lines[1:]
	}
}
