package integration

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// isolateFromEnvironment removes every AWS_* variable of the environment
// for the rest of the test, points the shared config and credentials files
// at an empty file and turns off the EC2 instance metadata service, so that
// config.LoadDefaultConfig sees only what the test sets.
func isolateFromEnvironment(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "") // restored after the test
			require.NoError(t, os.Unsetenv(name))
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// loopbackOnly returns an HTTP client that dials 127.0.0.1, where every
// backend listens, and refuses any other address before resolving it, so
// that a request meant for a backend but bound elsewhere fails instead of
// leaving the machine. It uses no proxy.
func loopbackOnly() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if host, _, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" {
				return nil, fmt.Errorf("integration: refusing to dial %s: the tests dial 127.0.0.1 only", addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}}
}

func TestLoopbackOnlyRefusesAnyAddressButLoopback(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, url := range []string{"https://cognito-idp.us-east-1.amazonaws.com/", "http://localhost:9229/", "http://[::1]:9229/"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		require.NoError(t, err)
		_, err = loopbackOnly().Do(req)
		require.ErrorContains(t, err, "integration: refusing to dial", url)
	}
}
