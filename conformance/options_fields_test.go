package conformance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// optionFate is what this library does with one field of the official
// client's Options: proof names the test that shows it honoured (or refused
// with an error naming it), as "root.TestX" (the library's package) or
// "TestX" (this suite); why says why it cannot apply.
type optionFate struct {
	proof, why string
}

// officialOptions is the table of every exported field of
// cognitoidentityprovider.Options v1.61.0 (and of its EndpointOptions).
// TestEveryOfficialOptionIsAccountedFor fails on a field it does not name.
var officialOptions = map[string]optionFate{
	"Region":             {proof: "TestEndpointsMatchTheOfficialClient"},
	"BaseEndpoint":       {proof: "TestBaseEndpointPathMatchesTheOfficialClient"},
	"Credentials":        {proof: "TestRequestsMatchTheOfficialClient"},
	"HTTPClient":         {proof: "TestRedirectsMatchTheOfficialClient"},
	"AppID":              {proof: "root.TestAppIDIsInTheUserAgent"},
	"ClientLogMode":      {proof: "root.TestLogsRedactSecretsUnderEveryLogMode"},
	"Logger":             {proof: "root.TestAContextLoggerGetsTheCallsContext"},
	"Retryer":            {proof: "root.TestAUserSuppliedRetryerIsUsed"},
	"RetryMaxAttempts":   {proof: "TestMaxAttemptsOneSendsOnce"},
	"RetryMode":          {proof: "root.TestAdaptiveRetryModeKeepsTheClientsClassification"},
	"DefaultsMode":       {proof: "root.TestDefaultsModeSetsTheTimeoutsOfTheDefaultHTTPClientAsTheOfficialClient"},
	"RuntimeEnvironment": {proof: "root.TestDefaultsModeSetsTheTimeoutsOfTheDefaultHTTPClientAsTheOfficialClient"},
	"EndpointOptions":    {proof: "TestEndpointsMatchTheOfficialClient"},
	"EndpointResolver":   {proof: "TestConfigEndpointResolversMatchTheOfficialClient"},
	"EndpointResolverV2": {proof: "TestEndpointResolverV2MatchesTheOfficialClient"},
	"HTTPSignerV4":       {proof: "root.TestAnHTTPSignerV4OfYourOwnSignsTheAdminOperations"},
	"TracerProvider":     {proof: "TestSpansAndMetricsMatchTheOfficialClient"},
	"MeterProvider":      {proof: "TestSpansAndMetricsMatchTheOfficialClient"},
	"Interceptors":       {proof: "TestInterceptorsRunLikeTheOfficialClients"},
	// Refused with an *UnsupportedSettingError naming the field.
	"APIOptions": {proof: "TestAllowedDifferences"},

	"AuthSchemeResolver": {why: "each operation has one fixed auth scheme (SigV4 for the admin operations, none " +
		"for the others); there is no scheme to choose, so Options has no such field and it cannot be set and ignored"},
	"AuthSchemes": {why: "as AuthSchemeResolver: the SigV4 signer is set with HTTPSignerV4"},
	"AuthSchemePreference": {why: "with one scheme per operation a preference changes nothing, in the official " +
		"client too; Options has no such field"},

	// EndpointOptions (EndpointResolverOptions) fields.
	"EndpointOptions.Logger":               {proof: "root.TestAV1ResolverIsGivenTheRegionAndTheMappedFIPSRegion"},
	"EndpointOptions.LogDeprecated":        {proof: "root.TestAV1ResolverIsGivenTheRegionAndTheMappedFIPSRegion"},
	"EndpointOptions.ResolvedRegion":       {proof: "root.TestAV1ResolverIsGivenTheRegionAndTheMappedFIPSRegion"},
	"EndpointOptions.DisableHTTPS":         {proof: "root.TestDisableHTTPSAppliesToTheRulesEndpoint"},
	"EndpointOptions.UseDualStackEndpoint": {proof: "TestEndpointsMatchTheOfficialClient"},
	"EndpointOptions.UseFIPSEndpoint":      {proof: "TestEndpointsMatchTheOfficialClient"},
}

func TestEveryOfficialOptionIsAccountedFor(t *testing.T) {
	suite, root := testNames(t, "."), testNames(t, "..")
	ours := reflect.TypeOf(cp.Options{})
	seen := map[string]bool{}
	check := func(name string, field reflect.StructField, ourType reflect.Type) {
		seen[name] = true
		fate, ok := officialOptions[name]
		if !assert.Truef(t, ok, "the official Options.%s is new: honour it (with a test), refuse it with an "+
			"*UnsupportedSettingError, or say why it cannot apply, in officialOptions", name) {
			return
		}
		if fate.why != "" {
			return
		}
		if test, inRoot := strings.CutPrefix(fate.proof, "root."); inRoot {
			assert.Truef(t, root[test], "%s: the proof %s is not a test of the library", name, fate.proof)
		} else {
			assert.Truef(t, suite[fate.proof], "%s: the proof %s is not a test of this suite", name, fate.proof)
		}
		_, has := ourType.FieldByName(field.Name)
		assert.Truef(t, has, "%s is honoured but cognitopassword has no field of that name", name)
	}
	official := reflect.TypeOf(cip.Options{})
	for i := range official.NumField() {
		f := official.Field(i)
		if !f.IsExported() {
			continue // resolvedDefaultsMode
		}
		check(f.Name, f, ours)
	}
	eo := reflect.TypeOf(cip.EndpointResolverOptions{})
	ourEO, _ := ours.FieldByName("EndpointOptions")
	for i := range eo.NumField() {
		f := eo.Field(i)
		check("EndpointOptions."+f.Name, f, ourEO.Type)
	}
	for name := range officialOptions {
		assert.Truef(t, seen[name], "officialOptions names %s, which the official Options does not have", name)
	}
}

// testNames returns the Test function names of the package in dir.
func testNames(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") {
				names[fn.Name.Name] = true
			}
		}
	}
	return names
}
