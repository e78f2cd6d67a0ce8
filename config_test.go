package cognitopassword

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
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
	t.Setenv("AWS_DEFAULTS_MODE", "")
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

func TestSettingsTheClientCannotHonourFailTheCallNamingThem(t *testing.T) {
	cases := []struct {
		name, setting string
		set           func(cfg *aws.Config)
	}{
		{"middleware in APIOptions", "APIOptions", func(cfg *aws.Config) {
			cfg.APIOptions = append(cfg.APIOptions, func(*middleware.Stack) error { return nil })
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" in aws.Config fails every call before any I/O, naming "+tc.setting, func(t *testing.T) {
			isolateConfig(t)
			cfg, err := config.LoadDefaultConfig(context.Background())
			require.NoError(t, err)
			tc.set(&cfg)
			rec := &requestRecorder{}
			cfg.HTTPClient = rec
			_, err = NewFromConfig(cfg).ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
			require.ErrorIs(t, err, ErrUnsupportedSetting)
			var unsupported *UnsupportedSettingError
			require.ErrorAs(t, err, &unsupported)
			assert.Equal(t, tc.setting, unsupported.Setting)
			assert.Contains(t, err.Error(), tc.setting)
			assert.Empty(t, rec.reqs)
		})
	}
	t.Run("APIOptions given to one call fail that call only", func(t *testing.T) {
		rec := &requestRecorder{}
		c := New(Options{Region: "us-east-1", HTTPClient: rec})
		in := &ForgotPasswordInput{ClientId: "c", Username: "u"}
		_, err := c.ForgotPassword(context.Background(), in, func(o *Options) {
			o.APIOptions = append(o.APIOptions, func(*middleware.Stack) error { return nil })
		})
		require.ErrorIs(t, err, ErrUnsupportedSetting)
		_, err = c.ForgotPassword(context.Background(), in)
		require.NoError(t, err)
	})
}

type beforeTransmit func(context.Context, *smithyhttp.InterceptorContext) error

func (f beforeTransmit) BeforeTransmit(ctx context.Context, in *smithyhttp.InterceptorContext) error {
	return f(ctx, in)
}

func TestDefaultsModeSetsTheTimeoutsOfTheDefaultHTTPClientAsTheOfficialClient(t *testing.T) {
	cases := []struct {
		name    string
		mode    aws.DefaultsMode
		env     aws.RuntimeEnvironment
		region  string
		timeout time.Duration
	}{
		{"standard", aws.DefaultsModeStandard, aws.RuntimeEnvironment{}, "us-east-1", 3100 * time.Millisecond},
		{"in-region", aws.DefaultsModeInRegion, aws.RuntimeEnvironment{}, "us-east-1", 1100 * time.Millisecond},
		{"cross-region", aws.DefaultsModeCrossRegion, aws.RuntimeEnvironment{}, "us-east-1", 3100 * time.Millisecond},
		{"mobile", aws.DefaultsModeMobile, aws.RuntimeEnvironment{}, "us-east-1", 30 * time.Second},
		{"auto in the client's region", aws.DefaultsModeAuto, aws.RuntimeEnvironment{EnvironmentIdentifier: "AWS_Lambda_go1.x", Region: "us-east-1"}, "us-east-1", 1100 * time.Millisecond},
		{"auto in another region", aws.DefaultsModeAuto, aws.RuntimeEnvironment{EnvironmentIdentifier: "AWS_Lambda_go1.x", Region: "eu-west-1"}, "us-east-1", 3100 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name+" mode gives "+tc.timeout.String(), func(t *testing.T) {
			for _, hc := range []HTTPClient{nil, awshttp.NewBuildableClient()} {
				c := New(Options{Region: tc.region, DefaultsMode: tc.mode, RuntimeEnvironment: tc.env, HTTPClient: hc})
				b, ok := c.Options().HTTPClient.(*awshttp.BuildableClient)
				require.True(t, ok)
				assert.Equal(t, tc.timeout, b.GetDialer().Timeout)
				assert.Equal(t, tc.timeout, b.GetTransport().TLSHandshakeTimeout)
				assert.Equal(t, 3, c.Options().Retryer.MaxAttempts())
			}
		})
	}
	t.Run("the legacy mode, the default, leaves the HTTP client alone", func(t *testing.T) {
		b, ok := New(Options{Region: "us-east-1"}).Options().HTTPClient.(*awshttp.BuildableClient)
		require.True(t, ok)
		assert.Equal(t, awshttp.NewBuildableClient().GetDialer().Timeout, b.GetDialer().Timeout)
	})
	t.Run("an HTTP client of another type is left alone", func(t *testing.T) {
		rec := &requestRecorder{}
		assert.Same(t, rec, New(Options{Region: "us-east-1", DefaultsMode: aws.DefaultsModeStandard, HTTPClient: rec}).Options().HTTPClient)
	})
	t.Run("NewFromConfig takes the mode from AWS_DEFAULTS_MODE", func(t *testing.T) {
		isolateConfig(t)
		t.Setenv("AWS_DEFAULTS_MODE", "standard")
		cfg, err := config.LoadDefaultConfig(context.Background())
		require.NoError(t, err)
		b, ok := NewFromConfig(cfg).Options().HTTPClient.(*awshttp.BuildableClient)
		require.True(t, ok)
		assert.Equal(t, 3100*time.Millisecond, b.GetDialer().Timeout)
	})
}

func TestServiceOptionsAreAppliedBeforeTheCallersOptions(t *testing.T) {
	isolateConfig(t)
	cfg, err := config.LoadDefaultConfig(context.Background())
	require.NoError(t, err)
	var services []string
	cfg.ServiceOptions = append(cfg.ServiceOptions, func(service string, v any) {
		services = append(services, service)
		if o, ok := v.(*Options); ok {
			o.AppID, o.ClientID = "from-service-options", "svc-client"
		}
	})
	o := NewFromConfig(cfg, func(o *Options) { o.AppID = "from-caller" }).Options()
	assert.Equal(t, []string{ServiceID}, services)
	assert.Equal(t, "from-caller", o.AppID)
	assert.Equal(t, "svc-client", o.ClientID)
}
