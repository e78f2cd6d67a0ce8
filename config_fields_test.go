package cognitopassword

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldFate is what NewFromConfig does with one field of aws.Config.
type fieldFate struct {
	// proof is the test that shows the field honoured (or refused with an
	// error that names it); "" for a field that cannot apply.
	proof string
	// why says why a field cannot apply to these operations.
	why string
}

func honoured(proof string) fieldFate { return fieldFate{proof: proof} }

func notApplicable(why string) fieldFate { return fieldFate{why: why} }

// configFields is the table of every field of aws.Config (aws-sdk-go-v2
// v1.47.7). TestEveryConfigFieldIsAccountedFor fails when aws.Config has a
// field the table does not name, so a new SDK release cannot slip a setting
// past NewFromConfig. README's "Use" section summarises it.
var configFields = map[string]fieldFate{
	"Region":                      honoured("TestNewFromConfigTakesTheConfigSettings"),
	"Credentials":                 honoured("TestNewFromConfigTakesTheConfigSettings"),
	"HTTPClient":                  honoured("TestNewFromConfigTakesTheConfigSettings"),
	"RetryMaxAttempts":            honoured("TestNewFromConfigTakesTheConfigSettings"),
	"ClientLogMode":               honoured("TestNewFromConfigTakesTheConfigSettings"),
	"AppID":                       honoured("TestNewFromConfigTakesTheConfigSettings"),
	"BaseEndpoint":                honoured("TestNewFromConfigTakesTheConfigSettings"),
	"RetryMode":                   honoured("TestNewFromConfigCarriesEachSettingOver"),
	"Retryer":                     honoured("TestNewFromConfigCarriesEachSettingOver"),
	"Logger":                      honoured("TestNewFromConfigCarriesEachSettingOver"),
	"RuntimeEnvironment":          honoured("TestNewFromConfigCarriesEachSettingOver"),
	"DisableClockSkewCorrection":  honoured("TestNewFromConfigCarriesEachSettingOver"),
	"DefaultsMode":                honoured("TestDefaultsModeSetsTheTimeoutsOfTheDefaultHTTPClientAsTheOfficialClient"),
	"ConfigSources":               honoured("TestNewFromConfigHonoursServiceEndpointVariables"),
	"EndpointResolver":            honoured("TestNewFromConfigSendsTheSignedCallWhereTheConfigResolverSays"),
	"EndpointResolverWithOptions": honoured("TestNewFromConfigSendsTheSignedCallWhereTheConfigResolverSays"),
	"ServiceOptions":              honoured("TestServiceOptionsAreAppliedBeforeTheCallersOptions"),
	// Refused: every call fails before any I/O with an
	// *UnsupportedSettingError naming the field.
	"APIOptions":   honoured("TestSettingsTheClientCannotHonourFailTheCallNamingThem"),
	"Interceptors": honoured("TestInterceptorsFromConfigRunAndTheirHeadersAreSent"),

	"BearerAuthTokenProvider": notApplicable("no operation here uses bearer-token auth: the service model signs " +
		"AdminResetUserPassword and AdminSetUserPassword with SigV4 and sends the others unsigned"),
	"DisableRequestCompression": notApplicable("no operation here has the requestCompression trait, so nothing " +
		"is compressed (the official client compresses nothing for them either)"),
	"RequestMinCompressSizeBytes": notApplicable("as DisableRequestCompression: no operation here is compressed"),
	"AccountIDEndpointMode": notApplicable("the cognito-idp endpoint rules take no AccountId parameter, so the " +
		"endpoint never depends on the account"),
	"RequestChecksumCalculation": notApplicable("no operation here has the httpChecksum trait, so no request " +
		"checksum is computed (nor by the official client)"),
	"ResponseChecksumValidation": notApplicable("no operation here has the httpChecksum trait, so no response " +
		"checksum is validated (nor by the official client)"),
	"AuthSchemePreference": notApplicable("each operation has exactly one auth scheme (SigV4 for the two admin " +
		"operations, none for the others), so a preference cannot change it; the official client resolves the same"),
	"RestrictFilePermissions": notApplicable("it governs files that config loading writes (such as the SSO token " +
		"cache); a service client writes no files"),
}

func TestEveryConfigFieldIsAccountedFor(t *testing.T) {
	tests := testFunctions(t)
	typ := reflect.TypeOf(aws.Config{})
	seen := map[string]bool{}
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		seen[name] = true
		fate, ok := configFields[name]
		if !assert.Truef(t, ok, "aws.Config.%s is new: honour it in NewFromConfig (with a test), refuse it with an "+
			"*UnsupportedSettingError, or say why it cannot apply, in configFields", name) {
			continue
		}
		if fate.proof != "" {
			assert.Truef(t, tests[fate.proof], "aws.Config.%s: the proof %s is not a test of this package", name, fate.proof)
		} else {
			assert.NotEmptyf(t, fate.why, "aws.Config.%s: neither a proof nor a reason", name)
		}
	}
	for name := range configFields {
		assert.Truef(t, seen[name], "configFields names %s, which aws.Config does not have", name)
	}
}

// testFunctions returns the names of the Test functions of this package.
func testFunctions(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	require.NoError(t, err)
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
				names[fn.Name.Name] = true
			}
		}
	}
	return names
}

func TestNewFromConfigCarriesEachSettingOver(t *testing.T) {
	logger := logging.Nop{}
	retryer := aws.NopRetryer{}
	env := aws.RuntimeEnvironment{EnvironmentIdentifier: "AWS_Lambda_go1.x", Region: "eu-west-1"}
	cases := []struct {
		name  string
		set   func(*aws.Config)
		check func(*testing.T, Options)
	}{
		{"RetryMode", func(c *aws.Config) { c.RetryMode = aws.RetryModeAdaptive }, func(t *testing.T, o Options) {
			assert.Equal(t, aws.RetryModeAdaptive, o.RetryMode)
			_, adaptive := o.Retryer.(aws.RetryerV2)
			assert.True(t, adaptive, "the default retryer is the adaptive one")
		}},
		{"Retryer", func(c *aws.Config) { c.Retryer = func() aws.Retryer { return retryer } }, func(t *testing.T, o Options) {
			assert.Equal(t, retryer, o.Retryer)
		}},
		{"Logger", func(c *aws.Config) { c.Logger = logger }, func(t *testing.T, o Options) {
			assert.Equal(t, logger, o.Logger)
		}},
		{"RuntimeEnvironment", func(c *aws.Config) { c.RuntimeEnvironment = env }, func(t *testing.T, o Options) {
			assert.Equal(t, env, o.RuntimeEnvironment)
		}},
		{"DisableClockSkewCorrection", func(c *aws.Config) { c.DisableClockSkewCorrection = true }, func(t *testing.T, o Options) {
			assert.True(t, o.DisableClockSkewCorrection)
		}},
	}
	for _, tc := range cases {
		t.Run("aws.Config."+tc.name+" reaches the client's options", func(t *testing.T) {
			cfg := aws.Config{Region: "us-east-1"}
			tc.set(&cfg)
			tc.check(t, NewFromConfig(cfg).Options())
		})
	}
}
