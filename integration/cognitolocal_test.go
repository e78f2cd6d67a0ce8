package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
)

// cognitoLocalVersion is the cognito-local release the suite is checked
// against; scripts/cognito-local.sh installs it.
const cognitoLocalVersion = "5.3.0"

// cognitoLocalScript is the start/stop script, relative to this package.
const cognitoLocalScript = "../scripts/cognito-local.sh"

// cognitoLocalRegion is any region: cognito-local checks no signature and
// names its pools "local_…" whatever the region.
const cognitoLocalRegion = "us-east-1"

// localInstance is the cognito-local server of this test binary, set up by
// TestMain.
var localInstance struct {
	endpoint string
	dataDir  string
	// skip is why the cognito-local backend does not run, if it does not.
	skip string
}

// startCognitoLocal makes localInstance usable: it takes an instance from
// COGNITO_LOCAL_ENDPOINT and COGNITO_LOCAL_DATA_DIR, or starts one with
// scripts/cognito-local.sh. stop ends what it started and is safe to call
// more than once.
func startCognitoLocal() (stop func(), err error) {
	stop = func() {}
	if v := os.Getenv("COGNITO_LOCAL"); v == "skip" {
		localInstance.skip = "COGNITO_LOCAL=skip"
		return stop, nil
	}
	endpoint, dataDir := os.Getenv("COGNITO_LOCAL_ENDPOINT"), os.Getenv("COGNITO_LOCAL_DATA_DIR")
	if endpoint != "" || dataDir != "" {
		if endpoint == "" || dataDir == "" {
			return stop, errors.New("set both COGNITO_LOCAL_ENDPOINT and COGNITO_LOCAL_DATA_DIR, or neither")
		}
		localInstance.endpoint, localInstance.dataDir = endpoint, dataDir
		return stop, nil
	}

	// A state file of this binary's own, so that an instance started by
	// hand is left alone.
	stateFile := filepath.Join(os.TempDir(), fmt.Sprintf("cognito-local-%d.state", os.Getpid()))
	env := append(os.Environ(),
		"COGNITO_LOCAL_STATE="+stateFile,
		// The server exits by itself if this binary dies without stopping it.
		"COGNITO_LOCAL_WATCH_PID="+strconv.Itoa(os.Getpid()),
	)
	script := func(timeout time.Duration, arg string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", cognitoLocalScript, arg)
		cmd.Env = env
		cmd.WaitDelay = 5 * time.Second // bounds the wait for its output, too
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w\n%s", cognitoLocalScript, arg, err, strings.TrimSpace(stderr.String()))
		}
		return stdout.Bytes(), nil
	}
	stop = sync.OnceFunc(func() {
		if _, err := script(30*time.Second, "stop"); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	})
	// The first run installs the npm package.
	if _, err := script(5*time.Minute, "start"); err != nil {
		stop()
		return func() {}, fmt.Errorf("start cognito-local (set COGNITO_LOCAL=skip to run without it): %w", err)
	}
	out, err := script(30*time.Second, "env")
	if err != nil {
		stop()
		return func() {}, err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		if !ok {
			continue
		}
		switch k {
		case "COGNITO_LOCAL_ENDPOINT":
			localInstance.endpoint = v
		case "COGNITO_LOCAL_DATA_DIR":
			localInstance.dataDir = v
		}
	}
	if localInstance.endpoint == "" || localInstance.dataDir == "" {
		stop()
		return func() {}, fmt.Errorf("%s env printed no endpoint or data directory:\n%s", cognitoLocalScript, out)
	}
	return stop, nil
}

// cognitoLocal is the cognito-local backend.
type cognitoLocal struct {
	*wire
	endpoint string
	dataDir  string
}

// newCognitoLocal returns the backend for the instance TestMain set up, or
// skips t.
func newCognitoLocal(t *testing.T) *cognitoLocal {
	t.Helper()
	if localInstance.skip != "" {
		t.Skip("cognito-local: " + localInstance.skip)
	}
	require.NotEmpty(t, localInstance.endpoint, "TestMain did not set up cognito-local")
	return &cognitoLocal{
		wire:     newWire(localInstance.endpoint, cognitoLocalRegion, "local", "local"),
		endpoint: localInstance.endpoint,
		dataDir:  localInstance.dataDir,
	}
}

func (b *cognitoLocal) Name() string     { return "cognito-local" }
func (b *cognitoLocal) Endpoint() string { return b.endpoint }

func (b *cognitoLocal) LibraryOptions() cognitopassword.Options {
	return cognitopassword.Options{
		Region:       cognitoLocalRegion,
		BaseEndpoint: b.endpoint,
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	}
}

// LatestCode reads the user's pending code from cognito-local's database,
// .cognito/db/<poolId>.json under its working directory: ForgotPassword
// and SignUp store it as the user's ConfirmationCode (ListUsers and
// AdminGetUser do not return it). The file is rewritten on every change, so
// a read that catches it half-written is repeated, a bounded number of
// times.
func (b *cognitoLocal) LatestCode(t *testing.T, poolID, username string) string {
	t.Helper()
	path := filepath.Join(b.dataDir, ".cognito", "db", poolID+".json")
	var lastErr error
	for range 20 {
		data, err := os.ReadFile(path)
		if err == nil {
			var db struct {
				Users map[string]struct {
					ConfirmationCode string `json:"ConfirmationCode"`
				} `json:"Users"`
			}
			if err = json.Unmarshal(data, &db); err == nil {
				u, ok := db.Users[username]
				require.True(t, ok, "user %s is not in %s", username, path)
				require.NotEmpty(t, u.ConfirmationCode, "user %s has no pending code in %s", username, path)
				return u.ConfirmationCode
			}
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	require.NoError(t, lastErr, "read the code from %s", path)
	return ""
}

// AdvanceClock reports false: cognito-local reads the system clock.
func (b *cognitoLocal) AdvanceClock(time.Duration) bool { return false }

// Departures of cognito-local 5.3.0, read in its lib/targets/*.js and
// lib/server/server.js and checked by the scenarios.
func (b *cognitoLocal) Departures() Departures {
	return Departures{
		// Neither is in lib/targets/targets.js; unknown targets throw
		// UnsupportedError, which server.js answers with HTTP 500 and
		// {"__type":"CognitoLocal#Unsupported"}.
		Unsupported: map[string]string{
			"AdminResetUserPassword":      "Unsupported",
			"ResendConfirmationCode":      "Unsupported",
			"AdminRespondToAuthChallenge": "Unsupported",
			// initiateAuth.js knows USER_PASSWORD_AUTH and
			// REFRESH_TOKEN(_AUTH) only; any other flow is
			// UnsupportedError("InitAuth with AuthFlow=…").
			"InitiateAuth USER_SRP_AUTH": "Unsupported",
		},
		NoSecretHashCheck: "SECRET_HASH is never checked (no target reads it)",
		NoPasswordPolicy:  "no password policy is enforced",
		NoCodeExpiry:      "codes never expire and its clock cannot be moved",
		// forgotPassword.js: UnsupportedError("ForgotPassword without
		// email on user"), so HTTP 500 as above.
		NoAddressCode:             "Unsupported",
		WrongPasswordCode:         "InvalidPasswordException",
		WrongPreviousPasswordCode: "InvalidPasswordException",
		// initiateAuth.js answers a FORCE_CHANGE_PASSWORD user with
		// newPasswordChallenge before it compares the password.
		TemporaryPasswordUnchecked: "USER_PASSWORD_AUTH answers NEW_PASSWORD_REQUIRED to a user with a temporary password whatever the password (Cognito: NotAuthorizedException)",
		// adminInitiateAuth.js compares the password and issues tokens
		// whatever the status.
		AdminSignInSkipsNewPassword: "ADMIN_USER_PASSWORD_AUTH gives tokens to a user in FORCE_CHANGE_PASSWORD (Cognito: NEW_PASSWORD_REQUIRED), and AdminRespondToAuthChallenge is not implemented",
		// newPasswordChallenge: requiredAttributes: JSON.stringify([]).
		NoRequiredAttributes: "NEW_PASSWORD_REQUIRED always sends requiredAttributes \"[]\"",
		// respondToAuthChallenge.js saves the password and the status only.
		ChallengeAttributesIgnored: "the userAttributes.* of the NEW_PASSWORD_REQUIRED answer are not written",
	}
}

func TestTheStartScriptInstallsTheVersionTheSuiteIsCheckedAgainst(t *testing.T) {
	script, err := os.ReadFile(cognitoLocalScript)
	require.NoError(t, err)
	require.Contains(t, string(script), "\nreadonly VERSION="+cognitoLocalVersion+"\n",
		"scripts/cognito-local.sh and the departures listed in this package are for cognito-local %s", cognitoLocalVersion)
}
