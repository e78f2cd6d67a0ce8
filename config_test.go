package cognitopassword

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isolateConfig points the shared config at empty files and sets static
// credentials and a region through the environment.
func isolateConfig(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "")
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CA_BUNDLE", "")
}

func TestNewFromConfigTakesTheConfigSettings(t *testing.T) {
	isolateConfig(t)
	s := newScriptedServer(t)
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithAppID("svc-1"), config.WithRetryMaxAttempts(5),
		config.WithBaseEndpoint(s.URL+basePath), config.WithClientLogMode(aws.LogRetries))
	require.NoError(t, err)
	cfg.HTTPClient = s.Client()
	c := NewFromConfig(cfg)
	o := c.Options()
	assert.Equal(t, "us-east-1", o.Region)
	assert.Equal(t, s.URL+basePath, o.BaseEndpoint)
	assert.Equal(t, 5, o.Retryer.MaxAttempts())
	assert.Equal(t, aws.LogRetries, o.ClientLogMode)
	assert.Equal(t, "svc-1", o.AppID)

	_, err = c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"})
	require.NoError(t, err)
	req := s.last(t)
	assert.Contains(t, req.Header.Get("Authorization"), "Credential=AKIDEXAMPLE/")
	assert.Contains(t, req.Header.Get("User-Agent"), "app/svc-1")
}

func TestNewFromConfigHonoursServiceEndpointVariables(t *testing.T) {
	cases := []struct {
		name            string
		global, service string
		want            string
	}{
		{"the service variable alone", "", "http://127.0.0.1:7001/svc", "http://127.0.0.1:7001/svc"},
		{"the global variable alone", "http://127.0.0.1:7002", "", "http://127.0.0.1:7002"},
		{"both, where the service variable wins", "http://127.0.0.1:7002", "http://127.0.0.1:7001", "http://127.0.0.1:7001"},
		{"neither", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			isolateConfig(t)
			if tc.global != "" {
				t.Setenv("AWS_ENDPOINT_URL", tc.global)
			}
			if tc.service != "" {
				t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", tc.service)
			}
			cfg, err := config.LoadDefaultConfig(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.want, NewFromConfig(cfg).Options().BaseEndpoint)
		})
	}
}

func TestNewFromConfigTakesTheFIPSSetting(t *testing.T) {
	isolateConfig(t)
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	cfg, err := config.LoadDefaultConfig(context.Background())
	require.NoError(t, err)
	rec := &hostRecorder{}
	c := NewFromConfig(cfg, func(o *Options) { o.HTTPClient = rec })
	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, []string{"https://cognito-idp-fips.us-east-1.amazonaws.com/"}, rec.hosts)
}
