package validate_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/internal/validate"
)

type predicateCase struct {
	name string
	in   string
	want bool
}

func runPredicate(t *testing.T, pred func(string) bool, tests []predicateCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, pred(tt.in), "input %q", tt.in)
		})
	}
}

func TestIsUserPoolID(t *testing.T) {
	runPredicate(t, validate.IsUserPoolID, []predicateCase{
		{"a real pool ID matches", "us-east-1_AbC123xyz", true},
		{"the shortest ID matches", "a_b", true},
		{"an underscore in the prefix matches because the last underscore separates", "a_b_c", true},
		{"a prefix made only of underscores matches", "__a", true},
		{"a dash in the prefix matches", "a-b_C1", true},
		{"a prefix made only of a dash matches", "-_a", true},
		{"two adjacent underscores match", "a__b", true},
		{"an empty value does not match", "", false},
		{"a lone underscore does not match", "_", false},
		{"an empty suffix does not match", "a_", false},
		{"an empty suffix after several underscores does not match", "a_b_", false},
		{"an empty prefix does not match", "_a", false},
		{"a dash after the last underscore does not match", "a_b-c", false},
		{"a value without an underscore does not match", "us-east-1", false},
		{"a space does not match", "us-east-1_Ab c", false},
		{"a trailing newline does not match", "us-east-1_Abc\n", false},
		{"a non-ASCII letter does not match", "\u00fc_a", false},
		{"a non-ASCII digit in the suffix does not match", "a_\u0661", false},
		{"punctuation does not match", "a_b!", false},
		{"invalid UTF-8 does not match", "a_\xff", false},
	})
}

func TestIsUsername(t *testing.T) {
	runPredicate(t, validate.IsUsername, []predicateCase{
		{"an ASCII name matches", "alice", true},
		{"an email address matches", "jane.doe+tag@example.com", true},
		{"a phone number matches", "+15555550100", true},
		{"a UUID matches", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", true},
		{"every printable ASCII character other than space matches", printableASCII(), true},
		{"a precomposed umlaut matches", "J\u00fcrgen", true},
		{"a combining mark matches", "Ju\u0308rgen", true},
		{"Chinese letters match", "用户名", true},
		{"Arabic-Indic digits match", "\u0661\u0662\u0663", true},
		{"a currency symbol matches", "\u20ac100", true},
		{"a dash punctuation mark matches", "a\u2010b", true},
		{"an emoji symbol matches", "\U0001F98A", true},
		{"an emoji with a variation selector matches", "\u2764\uFE0F", true},
		{"an emoji with a skin-tone modifier matches", "\U0001F44D\U0001F3FD", true},
		{"a correctly encoded replacement character matches", "\uFFFD", true},
		{"an empty value does not match", "", false},
		{"a space does not match", "john doe", false},
		{"a tab does not match", "john\tdoe", false},
		{"a no-break space does not match", "john\u00a0doe", false},
		{"an em space does not match", "\u2003", false},
		{"an ideographic space does not match", "\u3000", false},
		{"a line separator does not match", "a\u2028b", false},
		{"a zero-width joiner does not match", "\U0001F469\u200d\U0001F4BB", false},
		{"a private-use character does not match", "\ue000", false},
		{"NUL does not match", "a\x00", false},
		{"DEL does not match", "a\x7f", false},
		{"a C1 control does not match", "a\u0085", false},
		{"a stray continuation byte does not match", "\x80", false},
		{"a byte that never occurs in UTF-8 does not match", "alice\xff", false},
		{"a truncated sequence does not match", "J\xc3", false},
		{"an encoded surrogate does not match", "\xed\xa0\x80", false},
	})
}

func TestIsNonSpace(t *testing.T) {
	runPredicate(t, validate.IsNonSpace, []predicateCase{
		{"an ASCII password matches", "hunter2!", true},
		{"a six-digit code matches", "123456", true},
		{"a no-break space matches under Java semantics", "pass\u00a0word", true},
		{"a lone no-break space matches", "\u00a0", true},
		{"an ideographic space matches", "\u3000", true},
		{"a zero-width space matches", "\u200b", true},
		{"NUL matches", "\x00", true},
		{"DEL matches", "\x7f", true},
		{"a C1 next-line character matches", "\u0085", true},
		{"an emoji matches", "\U0001F98A", true},
		{"a correctly encoded replacement character matches", "\uFFFD", true},
		{"an empty value does not match", "", false},
		{"a space does not match", "pass word", false},
		{"a lone space does not match", " ", false},
		{"a tab does not match", "\t", false},
		{"a trailing newline does not match", "hunter2\n", false},
		{"a vertical tab does not match", "a\vb", false},
		{"a form feed does not match", "a\fb", false},
		{"a carriage return does not match", "a\rb", false},
		{"invalid UTF-8 does not match", "hunter\xff", false},
		{"a truncated sequence does not match", "a\xc3", false},
	})
}

func TestIsClientID(t *testing.T) {
	runPredicate(t, validate.IsClientID, []predicateCase{
		{"a real client ID matches", "1example23456789abcdefghij", true},
		{"letters, digits, underscore and plus match", "Ab_1+", true},
		{"an empty value does not match", "", false},
		{"a dash does not match", "a-b", false},
		{"a space does not match", "a b", false},
		{"an equals sign does not match", "a=b", false},
		{"a non-ASCII letter does not match", "\u00e9", false},
	})
}

func TestIsSecretHash(t *testing.T) {
	runPredicate(t, validate.IsSecretHash, []predicateCase{
		{"a standard Base64 SECRET_HASH matches", "h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=", true},
		{"an underscore matches", "a_b", true},
		{"an empty value does not match", "", false},
		{"a URL-safe Base64 dash does not match", "a-b", false},
		{"a dot does not match", "a.b", false},
		{"a space does not match", "a b=", false},
		{"a non-ASCII letter does not match", "\u00e9=", false},
	})
}

func TestIsAccessToken(t *testing.T) {
	runPredicate(t, validate.IsAccessToken, []predicateCase{
		{"a JWT matches", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2ln-_=", true},
		{"a single letter matches", "a", true},
		{"an empty value does not match", "", false},
		{"a plus does not match", "a+b", false},
		{"a slash does not match", "a/b", false},
		{"a bearer prefix with a space does not match", "Bearer eyJ", false},
		{"a trailing newline does not match", "eyJ\n", false},
	})
}

func TestPrintableASCIIIsLetterMarkSymbolNumberOrPunctuation(t *testing.T) {
	// IsUsername takes this for granted on its ASCII fast path.
	for c := rune(0); c < utf8.RuneSelf; c++ {
		want := unicode.In(c, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P)
		assert.Equal(t, want, c > ' ' && c != 0x7f, "character %U", c)
	}
}

func TestLen(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"an empty string has no characters", "", 0},
		{"ASCII counts one per byte", "alice", 5},
		{"a two-byte letter counts once", "J\u00fcrgen", 6},
		{"a combining mark counts on its own", "Ju\u0308rgen", 7},
		{"a three-byte letter counts once", "用户名", 3},
		{"a four-byte emoji counts once, not as two UTF-16 units", "\U0001F98A", 1},
		{"each invalid byte counts once", "\xff\xfe", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, validate.Len(tt.in))
			assert.True(t, validate.LenAtLeast(tt.in, tt.want))
			assert.False(t, validate.LenAtLeast(tt.in, tt.want+1))
			assert.True(t, validate.LenAtMost(tt.in, tt.want))
			if tt.want > 0 {
				assert.False(t, validate.LenAtMost(tt.in, tt.want-1))
			}
		})
	}
}

func TestLenHelpersAgreeWithLenForEveryBound(t *testing.T) {
	inputs := []string{"", "a", "\u00fc\u00fc", "用户名", "\U0001F98A\U0001F98A", strings.Repeat("\U0001F98A", 9), "a\xffb"}
	for _, s := range inputs {
		for bound := -1; bound <= 40; bound++ {
			assert.Equal(t, validate.Len(s) >= bound, validate.LenAtLeast(s, bound), "LenAtLeast(%q, %d)", s, bound)
			assert.Equal(t, validate.Len(s) <= bound, validate.LenAtMost(s, bound), "LenAtMost(%q, %d)", s, bound)
		}
	}
}

// rules lists the violations in err as "Kind Field" strings.
func rules(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid)
	var out []string
	for _, e := range invalid.Errs() {
		var kind string
		switch e.(type) {
		case *smithy.ParamRequiredError:
			kind = "required"
		case *validate.ParamMinLenError:
			kind = "min"
		case *validate.ParamMaxLenError:
			kind = "max"
		case *validate.ParamPatternError:
			kind = "pattern"
		case *validate.ParamInvalidError:
			kind = "invalid"
		default:
			t.Fatalf("unexpected error type %T", e)
		}
		out = append(out, kind+" "+e.(smithy.InvalidParamError).Field())
	}
	return out
}

func TestCheckLengthBoundaries(t *testing.T) {
	poolID := func(n int) string { return "us-east-1_" + strings.Repeat("A", n-len("us-east-1_")) }
	tests := []struct {
		name string
		c    validate.Constraint
		in   string
		want []string
	}{
		{"a 55-character user pool ID is accepted", validate.UserPoolIDType(), poolID(55), nil},
		{"a 56-character user pool ID is too long", validate.UserPoolIDType(), poolID(56), []string{"max In.F"}},
		{"a 128-character ASCII username is accepted", validate.UsernameType(), strings.Repeat("a", 128), nil},
		{"a 129-character ASCII username is too long", validate.UsernameType(), strings.Repeat("a", 129), []string{"max In.F"}},
		{"a username of 128 two-byte letters is accepted", validate.UsernameType(), strings.Repeat("\u00fc", 128), nil},
		{"a username of 129 two-byte letters is too long", validate.UsernameType(), strings.Repeat("\u00fc", 129), []string{"max In.F"}},
		{"a username of 128 emoji is accepted", validate.UsernameType(), strings.Repeat("\U0001F98A", 128), nil},
		{"a username of 129 emoji is too long", validate.UsernameType(), strings.Repeat("\U0001F98A", 129), []string{"max In.F"}},
		{"a one-character password is accepted", validate.PasswordType(), "x", nil},
		{"a 256-character password is accepted", validate.PasswordType(), strings.Repeat("p", 256), nil},
		{"a 257-character password is too long", validate.PasswordType(), strings.Repeat("p", 257), []string{"max In.F"}},
		{"a password of 256 three-byte characters is accepted", validate.PasswordType(), strings.Repeat("密", 256), nil},
		{"a password of 257 three-byte characters is too long", validate.PasswordType(), strings.Repeat("密", 257), []string{"max In.F"}},
		{"a 128-character client ID is accepted", validate.ClientIDType(), strings.Repeat("a", 128), nil},
		{"a 129-character client ID is too long", validate.ClientIDType(), strings.Repeat("a", 129), []string{"max In.F"}},
		{"a 2048-character confirmation code is accepted", validate.ConfirmationCodeType(), strings.Repeat("1", 2048), nil},
		{"a 2049-character confirmation code is too long", validate.ConfirmationCodeType(), strings.Repeat("1", 2049), []string{"max In.F"}},
		{"a 128-character secret hash is accepted", validate.SecretHashType(), strings.Repeat("A", 128), nil},
		{"a 129-character secret hash is too long", validate.SecretHashType(), strings.Repeat("A", 129), []string{"max In.F"}},
		{"a very long access token is accepted because the model sets no limit", validate.TokenModelType(), strings.Repeat("a", 1<<16), nil},
		{"a too long value that also breaks the pattern reports both rules", validate.ClientIDType(), strings.Repeat("-", 129), []string{"max In.F", "pattern In.F"}},
		{"a custom minimum counts characters", validate.Constraint{Min: 3}, "\u00fc\u00fc", []string{"min In.F"}},
		{"a custom minimum is met by three characters", validate.Constraint{Min: 3}, "\u00fc\u00fc\u00fc", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validate.New("In")
			e.Check("F", tt.in, tt.c, true)
			assert.Equal(t, tt.want, rules(t, e.Err()))
		})
	}
}

func TestCheckPatterns(t *testing.T) {
	tests := []struct {
		name string
		c    validate.Constraint
		in   string
		want []string
	}{
		{"a pool ID with an empty suffix breaks the pattern", validate.UserPoolIDType(), "us-east-1_", []string{"pattern In.F"}},
		{"a username with a space breaks the pattern", validate.UsernameType(), "john doe", []string{"pattern In.F"}},
		{"a username with invalid UTF-8 breaks the pattern", validate.UsernameType(), "john\xff", []string{"pattern In.F"}},
		{"a password with a tab breaks the pattern", validate.PasswordType(), "pass\tword", []string{"pattern In.F"}},
		{"a password with a no-break space is accepted", validate.PasswordType(), "pass\u00a0word", nil},
		{"a client ID with a dash breaks the pattern", validate.ClientIDType(), "a-b", []string{"pattern In.F"}},
		{"a confirmation code with a space breaks the pattern", validate.ConfirmationCodeType(), "123 456", []string{"pattern In.F"}},
		{"a secret hash in URL-safe Base64 breaks the pattern", validate.SecretHashType(), "a-b_", []string{"pattern In.F"}},
		{"an access token with a space breaks the pattern", validate.TokenModelType(), "Bearer eyJ", []string{"pattern In.F"}},
		{"a constraint without a pattern accepts anything", validate.Constraint{Max: 10}, " \t", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validate.New("In")
			e.Check("F", tt.in, tt.c, true)
			assert.Equal(t, tt.want, rules(t, e.Err()))
		})
	}
}

func TestCheckEmptyValues(t *testing.T) {
	tests := []struct {
		name     string
		c        validate.Constraint
		required bool
		want     []string
	}{
		{"an empty required member is reported only as missing", validate.UsernameType(), true, []string{"required In.F"}},
		{"an empty required password is reported only as missing", validate.PasswordType(), true, []string{"required In.F"}},
		{"an empty optional member is absent and accepted", validate.SecretHashType(), false, nil},
		{"an empty optional password is absent and accepted", validate.PasswordType(), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validate.New("In")
			e.Check("F", "", tt.c, tt.required)
			assert.Equal(t, tt.want, rules(t, e.Err()))
		})
	}
}

func TestClientMetadata(t *testing.T) {
	limit := validate.MaxClientMetadataLen
	tests := []struct {
		name string
		in   map[string]string
		want []string
	}{
		{"a nil map is accepted", nil, nil},
		{"empty keys and values are accepted", map[string]string{"": ""}, nil},
		{"a key and a value of 131072 characters are accepted", map[string]string{strings.Repeat("k", limit): strings.Repeat("v", limit)}, nil},
		{"a value of 131072 two-byte characters is accepted", map[string]string{"k": strings.Repeat("\u00fc", limit)}, nil},
		{"a key of 131073 characters is too long", map[string]string{strings.Repeat("k", limit+1): "v"}, []string{"invalid In.M"}},
		{"a value of 131073 characters is too long", map[string]string{"k": strings.Repeat("v", limit+1)}, []string{"invalid In.M"}},
		{"a value of 131073 two-byte characters is too long", map[string]string{"k": strings.Repeat("\u00fc", limit+1)}, []string{"invalid In.M"}},
		{
			"several long keys and values are reported once for keys and once for values",
			map[string]string{
				strings.Repeat("a", limit+1): strings.Repeat("v", limit+1),
				strings.Repeat("b", limit+1): strings.Repeat("w", limit+1),
			},
			[]string{"invalid In.M", "invalid In.M"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validate.New("In")
			e.ClientMetadata("M", tt.in)
			assert.Equal(t, tt.want, rules(t, e.Err()))
		})
	}

	t.Run("the messages say whether a key or a value is too long", func(t *testing.T) {
		e := validate.New("In")
		e.ClientMetadata("M", map[string]string{strings.Repeat("k", limit+1): strings.Repeat("v", limit+1)})
		require.Error(t, e.Err())
		assert.Equal(t, "2 validation error(s) found.\n"+
			"- a key is longer than 131072 characters, In.M.\n"+
			"- a value is longer than 131072 characters, In.M.\n", e.Err().Error())
	})
}

func TestErrNamesEveryMemberAndRule(t *testing.T) {
	e := validate.New("ConfirmForgotPasswordInput")
	e.Check("ClientId", strings.Repeat("a", 129)+"-", validate.ClientIDType(), true)
	e.Check("Username", "", validate.UsernameType(), true)
	e.Check("ConfirmationCode", "12 34", validate.ConfirmationCodeType(), true)
	e.MinLen("Extra", 3)
	e.Custom("ClientMetadata", "a value is longer than 131072 characters")
	require.Equal(t, 6, e.Len())

	err := e.Err()
	require.Error(t, err)
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "ConfirmForgotPasswordInput", invalid.Context)
	assert.Equal(t, "6 validation error(s) found.\n"+
		"- maximum field size of 128, ConfirmForgotPasswordInput.ClientId.\n"+
		"- pattern mismatch, must match [\\w+]+, ConfirmForgotPasswordInput.ClientId.\n"+
		"- missing required field, ConfirmForgotPasswordInput.Username.\n"+
		"- pattern mismatch, must match [\\S]+, ConfirmForgotPasswordInput.ConfirmationCode.\n"+
		"- minimum field size of 3, ConfirmForgotPasswordInput.Extra.\n"+
		"- a value is longer than 131072 characters, ConfirmForgotPasswordInput.ClientMetadata.\n",
		err.Error())

	errs := invalid.Errs()
	require.Len(t, errs, 6)
	var maxLen *validate.ParamMaxLenError
	require.ErrorAs(t, errs[0], &maxLen)
	assert.Equal(t, 128, maxLen.MaxLen())
	var pattern *validate.ParamPatternError
	require.ErrorAs(t, errs[1], &pattern)
	assert.Equal(t, validate.ClientIDPattern, pattern.Pattern())
	var minLen *validate.ParamMinLenError
	require.ErrorAs(t, errs[4], &minLen)
	assert.Equal(t, 3, minLen.MinLen())
}

func TestErrIsNilWithoutViolations(t *testing.T) {
	t.Run("a new collector has no error", func(t *testing.T) {
		e := validate.New("In")
		assert.NoError(t, e.Err())
		assert.Zero(t, e.Len())
	})

	t.Run("valid members leave no error", func(t *testing.T) {
		e := validate.New("In")
		e.Check("UserPoolId", "us-east-1_AbC123xyz", validate.UserPoolIDType(), true)
		e.Check("Password", "", validate.PasswordType(), false)
		e.ClientMetadata("ClientMetadata", map[string]string{"k": "v"})
		assert.NoError(t, e.Err())
	})

	t.Run("the zero collector works and reports fields without a context", func(t *testing.T) {
		var e validate.Errors
		e.Required("Username")
		require.Error(t, e.Err())
		assert.Equal(t, "1 validation error(s) found.\n- missing required field, Username.\n", e.Err().Error())
	})
}

func TestErrorsNestLikeSmithyErrors(t *testing.T) {
	// A is smithy's own ParamRequiredError and B is ours: their paths must be
	// built the same way.
	nested := func() smithy.InvalidParamsError {
		inner := validate.New("Inner")
		inner.Required("A")
		inner.MaxLen("B", 3)
		var invalid smithy.InvalidParamsError
		require.ErrorAs(t, inner.Err(), &invalid)
		return invalid
	}
	outer := smithy.InvalidParamsError{Context: "Outer"}
	outer.AddNested("Member", nested())
	outer.AddNested("[0]", nested())
	var fields []string
	for _, e := range outer.Errs() {
		fields = append(fields, e.(smithy.InvalidParamError).Field())
	}
	assert.Equal(t, []string{"Outer.Member.A", "Outer.Member.B", "Outer[0].A", "Outer[0].B"}, fields)
}

func TestErrorsNeverContainTheValue(t *testing.T) {
	// Each value carries the marker and breaks at least one rule.
	const marker = "SENTINEL7Q"
	tests := []struct {
		name string
		c    validate.Constraint
		in   string
	}{
		{"a password with a space", validate.PasswordType(), "Hunter2 " + marker},
		{"a too long password", validate.PasswordType(), strings.Repeat(marker, 30)},
		{"a confirmation code with a newline", validate.ConfirmationCodeType(), "123456\n" + marker},
		{"a secret hash with a dash", validate.SecretHashType(), "h8/8ebCon-" + marker},
		{"a too long secret hash", validate.SecretHashType(), strings.Repeat(marker, 13)},
		{"a client ID with a dot", validate.ClientIDType(), "client." + marker},
		{"a username with a space", validate.UsernameType(), "jane " + marker},
		{"an access token with a slash", validate.TokenModelType(), "eyJ/" + marker},
		{"a user pool ID without a suffix", validate.UserPoolIDType(), marker + "_"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is not echoed", func(t *testing.T) {
			e := validate.New("In")
			e.Check("F", tt.in, tt.c, true)
			err := e.Err()
			require.Error(t, err)
			assert.NotContains(t, err.Error(), marker)
			var invalid smithy.InvalidParamsError
			require.ErrorAs(t, err, &invalid)
			for _, pe := range invalid.Errs() {
				assert.NotContains(t, pe.Error(), marker)
				assert.NotContains(t, pe.(smithy.InvalidParamError).Field(), marker)
			}
		})
	}

	t.Run("long client metadata keys and values are not echoed", func(t *testing.T) {
		e := validate.New("In")
		long := strings.Repeat(marker, validate.MaxClientMetadataLen/len(marker)+1)
		e.ClientMetadata("M", map[string]string{long: long})
		require.Error(t, e.Err())
		assert.NotContains(t, e.Err().Error(), marker)
	})
}

func TestValidInputDoesNotAllocate(t *testing.T) {
	metadata := map[string]string{"source": "web"}
	allocs := testing.AllocsPerRun(100, func() {
		e := validate.New("ConfirmForgotPasswordInput")
		e.Check("ClientId", "1example23456789abcdefghij", validate.ClientIDType(), true)
		e.Check("SecretHash", "h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=", validate.SecretHashType(), false)
		e.Check("Username", "J\u00fcrgen@example.com", validate.UsernameType(), true)
		e.Check("ConfirmationCode", "123456", validate.ConfirmationCodeType(), true)
		e.Check("Password", "correct\u00a0horse-battery-staple", validate.PasswordType(), true)
		e.ClientMetadata("ClientMetadata", metadata)
		if e.Err() != nil {
			panic("valid input was rejected")
		}
	})
	assert.Zero(t, allocs)
}

// reference compiles the model's Java pattern as a Go regular expression that
// must match the whole value: \w becomes [0-9A-Za-z_] (ASCII, as in Java) and
// [\S] becomes everything except Java's six ASCII whitespace characters. Go's
// own \s lacks \v, so it cannot be used.
func reference(tb testing.TB, pattern string) func(string) bool {
	tb.Helper()
	p := strings.ReplaceAll(pattern, `[\S]`, `[^ \t\n\x0B\f\r]`)
	p = strings.ReplaceAll(p, `\w`, `0-9A-Za-z_`)
	re := regexp.MustCompile(`^(?:` + p + `)$`)
	return func(s string) bool {
		// Go's regexp reads each invalid byte as U+FFFD; model strings have
		// no invalid UTF-8, and the predicates reject it.
		return utf8.ValidString(s) && re.MatchString(s)
	}
}

func TestReferenceTranslation(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		in      string
		want    bool
	}{
		{"the user pool ID reference backtracks to the last underscore", validate.UserPoolIDPattern, "a_b_c", true},
		{"the user pool ID reference rejects a dash in the suffix", validate.UserPoolIDPattern, "a_b-c", false},
		{"the non-space reference rejects a vertical tab", validate.NonSpacePattern, "a\vb", false},
		{"the non-space reference accepts a no-break space", validate.NonSpacePattern, "\u00a0", true},
		{"the username reference rejects a trailing newline", validate.UsernamePattern, "a\n", false},
		{"the access token reference treats the dash literally", validate.AccessTokenPattern, "-", true},
		{"the access token reference does not read 9-_ as a range", validate.AccessTokenPattern, "@", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, reference(t, tt.pattern)(tt.in))
		})
	}
}

func TestPredicatesAgreeWithReferenceOnShortStrings(t *testing.T) {
	// Every string of up to three tokens from this alphabet, which holds a
	// member and a non-member of every class in the patterns, and every
	// one- and two-byte string.
	alphabet := []string{
		"a", "Z", "0", "_", "-", "+", "=", "/", ".", "@", " ", "\t", "\v", "\x00",
		"\u00a0", "\u00fc", "\u0308", "\u200d", "\u3000", "\U0001F98A", "\uFFFD",
		"\xff", "\xc3", "\xed\xa0\x80",
	}
	var inputs []string
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		inputs = append(inputs, prefix)
		if depth == 3 {
			return
		}
		for _, tok := range alphabet {
			walk(prefix+tok, depth+1)
		}
	}
	walk("", 0)
	for i := 0; i < 1<<16; i++ {
		inputs = append(inputs, string([]byte{byte(i)}), string([]byte{byte(i >> 8), byte(i)}))
	}

	predicates := []struct {
		name    string
		pattern string
		pred    func(string) bool
	}{
		{"IsUserPoolID", validate.UserPoolIDPattern, validate.IsUserPoolID},
		{"IsUsername", validate.UsernamePattern, validate.IsUsername},
		{"IsNonSpace", validate.NonSpacePattern, validate.IsNonSpace},
		{"IsClientID", validate.ClientIDPattern, validate.IsClientID},
		{"IsSecretHash", validate.SecretHashPattern, validate.IsSecretHash},
		{"IsAccessToken", validate.AccessTokenPattern, validate.IsAccessToken},
	}
	for _, p := range predicates {
		t.Run(p.name+" agrees with the model pattern as a regexp", func(t *testing.T) {
			ref := reference(t, p.pattern)
			for _, s := range inputs {
				if got, want := p.pred(s), ref(s); got != want {
					t.Fatalf("%s(%q) = %v, regexp says %v", p.name, s, got, want)
				}
			}
		})
	}
}

func fuzzAgainstReference(f *testing.F, pattern string, pred func(string) bool, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	ref := reference(f, pattern)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := pred(s), ref(s); got != want {
			t.Fatalf("predicate says %v, regexp %s says %v, for %q", got, pattern, want, s)
		}
	})
}

func FuzzIsUserPoolID(f *testing.F) {
	fuzzAgainstReference(f, validate.UserPoolIDPattern, validate.IsUserPoolID,
		"us-east-1_AbC123xyz", "a_b_c", "a_", "_a", "a_b-c", "-_a", "")
}

func FuzzIsUsername(f *testing.F) {
	fuzzAgainstReference(f, validate.UsernamePattern, validate.IsUsername,
		"alice", "J\u00fcrgen", "用户名", "\U0001F98A", "john doe", "a\u200db", "\xff", "\uFFFD", "")
}

func FuzzIsNonSpace(f *testing.F) {
	fuzzAgainstReference(f, validate.NonSpacePattern, validate.IsNonSpace,
		"hunter2", "pass\u00a0word", "a\vb", "\x00", "\xc3", "")
}

func FuzzIsClientID(f *testing.F) {
	fuzzAgainstReference(f, validate.ClientIDPattern, validate.IsClientID,
		"1example23456789abcdefghij", "a+b_", "a-b", "")
}

func FuzzIsSecretHash(f *testing.F) {
	fuzzAgainstReference(f, validate.SecretHashPattern, validate.IsSecretHash,
		"h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=", "a-b", "")
}

func FuzzIsAccessToken(f *testing.F) {
	fuzzAgainstReference(f, validate.AccessTokenPattern, validate.IsAccessToken,
		"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2ln-_=", "a+b", "@", "")
}

func printableASCII() string {
	var b strings.Builder
	for c := byte('!'); c <= '~'; c++ {
		b.WriteByte(c)
	}
	return b.String()
}

func benchmarkCheck(b *testing.B, c validate.Constraint, v string) {
	b.ReportAllocs()
	for b.Loop() {
		e := validate.New("In")
		e.Check("F", v, c, true)
		if e.Err() != nil {
			b.Fatal("valid input was rejected")
		}
	}
}

func BenchmarkValidUserPoolID(b *testing.B) {
	benchmarkCheck(b, validate.UserPoolIDType(), "us-east-1_AbC123xyz")
}

func BenchmarkValidUsername(b *testing.B) {
	benchmarkCheck(b, validate.UsernameType(), "jane.doe+tag@example.com")
}

func BenchmarkValidNonASCIIUsername(b *testing.B) {
	benchmarkCheck(b, validate.UsernameType(), "J\u00fcrgen.\u7528\u6237\u540d@example.com")
}

func BenchmarkValidPassword(b *testing.B) {
	benchmarkCheck(b, validate.PasswordType(), "correct-horse-battery-staple-42!")
}

func BenchmarkValidClientID(b *testing.B) {
	benchmarkCheck(b, validate.ClientIDType(), "1example23456789abcdefghij")
}

func BenchmarkValidSecretHash(b *testing.B) {
	benchmarkCheck(b, validate.SecretHashType(), "h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=")
}

func BenchmarkValidAccessToken(b *testing.B) {
	benchmarkCheck(b, validate.TokenModelType(), strings.Repeat("eyJhbGciOiJSUzI1NiJ9.", 40))
}

func BenchmarkValidClientMetadata(b *testing.B) {
	m := map[string]string{"source": "web", "campaign": "spring"}
	b.ReportAllocs()
	for b.Loop() {
		e := validate.New("In")
		e.ClientMetadata("M", m)
		if e.Err() != nil {
			b.Fatal("valid input was rejected")
		}
	}
}

func BenchmarkInvalidUsername(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		e := validate.New("In")
		e.Check("F", "john doe", validate.UsernameType(), true)
		if e.Err() == nil {
			b.Fatal("invalid input was accepted")
		}
	}
}
