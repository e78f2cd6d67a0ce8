// Package validate checks operation inputs against the constraints of the
// Amazon Cognito user pools service model (botocore cognito-idp 2016-04-18)
// before a request is sent, and reports violations as a
// smithy.InvalidParamsError that names each member and the rule it breaks but
// never the value.
//
// # Patterns
//
// The service applies each pattern of the model to the whole value, the way
// Java's Matcher.matches does: it rejects "john doe" as a username, and a
// username with a trailing space, although part of each matches. (The Smithy
// specification reads the pattern trait as a match anywhere in the value,
// which would accept both; this package follows the service.) The predicates
// here match whole values with hand-written byte and rune checks instead of
// regular expressions. The model's regular expressions are Java ones and are
// read with Java's default flags:
//
//   - \w is ASCII only: [A-Za-z0-9_].
//   - \s is ASCII only: space, \t, \n, \v (U+000B), \f and \r. So \S is every
//     other character, including non-ASCII spaces such as U+00A0 NO-BREAK
//     SPACE, U+2003 EM SPACE and U+3000 IDEOGRAPHIC SPACE, and controls such
//     as U+0000. A password or confirmation code may therefore contain them.
//   - \p{L}, \p{M}, \p{S}, \p{N} and \p{P} are the Unicode general categories,
//     taken from Go's unicode package (Unicode [unicode.Version]); the service
//     may use another Unicode version for recently assigned characters.
//
// Strings in the model are sequences of Unicode scalar values. A Go string that
// is not valid UTF-8 has no such reading (the JSON encoder would replace each
// bad byte with U+FFFD, silently changing a password), so every predicate
// rejects invalid UTF-8. A correctly encoded U+FFFD is an ordinary character
// (a symbol, So).
//
// # Lengths
//
// Lengths are counted in Unicode scalar values (code points), as the Smithy
// length trait specifies for strings, not in bytes and not in UTF-16 code
// units: "Jürgen" is 6 long and an emoji such as U+1F98A is 1 long. [Len]
// counts them; a byte that is not part of valid UTF-8 counts as one.
//
// # Presence
//
// In this module the zero value of a scalar member means that the member is
// absent. [Errors.Check] therefore reports an empty required member as
// missing (not as too short or as a pattern mismatch) and skips an empty
// optional one.
package validate

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aws/smithy-go"
)

// The patterns of the model's string shapes, exactly as the model writes
// them. They are used in error messages; the Is functions implement them.
const (
	// UserPoolIDPattern is the pattern of UserPoolIdType.
	UserPoolIDPattern = `[\w-]+_[0-9a-zA-Z]+`
	// UsernamePattern is the pattern of UsernameType.
	UsernamePattern = `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`
	// NonSpacePattern is the pattern of PasswordType and ConfirmationCodeType.
	NonSpacePattern = `[\S]+`
	// ClientIDPattern is the pattern of ClientIdType.
	ClientIDPattern = `[\w+]+`
	// SecretHashPattern is the pattern of SecretHashType.
	SecretHashPattern = `[\w+=/]+`
	// AccessTokenPattern is the pattern of TokenModelType.
	AccessTokenPattern = `[A-Za-z0-9-_=.]+`
)

// The length limits of the model's string shapes, in characters (Unicode
// scalar values).
const (
	// MaxUserPoolIDLen is the maximum length of UserPoolIdType (minimum 1).
	MaxUserPoolIDLen = 55
	// MaxUsernameLen is the maximum length of UsernameType (minimum 1).
	MaxUsernameLen = 128
	// MaxPasswordLen is the maximum length of PasswordType (no minimum).
	MaxPasswordLen = 256
	// MaxClientIDLen is the maximum length of ClientIdType (minimum 1).
	MaxClientIDLen = 128
	// MaxConfirmationCodeLen is the maximum length of ConfirmationCodeType
	// (minimum 1).
	MaxConfirmationCodeLen = 2048
	// MaxSecretHashLen is the maximum length of SecretHashType (minimum 1).
	MaxSecretHashLen = 128
	// MaxClientMetadataLen is the maximum length of each key and each value
	// of a ClientMetadataType map (StringType, minimum 0).
	MaxClientMetadataLen = 131072
	// MinSessionLen and MaxSessionLen are the length limits of SessionType.
	MinSessionLen, MaxSessionLen = 20, 2048
)

// IsUserPoolID reports whether the whole of s matches UserPoolIDPattern,
// [\w-]+_[0-9a-zA-Z]+: an underscore with at least one character of
// [A-Za-z0-9_-] before it and only ASCII letters and digits, at least one,
// after it. Because \w includes the underscore, the separating underscore is
// the last one, so "a_b_c" matches while "a_", "_a" and "a_b-c" do not.
func IsUserPoolID(s string) bool {
	lastUnderscore, lastDash := -1, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isAlnum(c):
		case c == '_':
			lastUnderscore = i
		case c == '-':
			lastDash = i
		default:
			return false
		}
	}
	return lastUnderscore >= 1 && lastUnderscore < len(s)-1 && lastDash < lastUnderscore
}

// IsUsername reports whether the whole of s matches UsernamePattern,
// [\p{L}\p{M}\p{S}\p{N}\p{P}]+: s is valid UTF-8, not empty, and every
// character is a letter, mark, symbol, number or punctuation. Spaces,
// separators, controls and format characters such as U+200D ZERO WIDTH JOINER
// are rejected.
func IsUsername(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// Every printable ASCII character other than the space is a
			// letter, number, punctuation or symbol.
			if c <= ' ' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsSymbol(r) &&
			!unicode.IsNumber(r) && !unicode.IsPunct(r) {
			return false
		}
		i += size
	}
	return true
}

// IsNonSpace reports whether the whole of s matches NonSpacePattern, [\S]+,
// the pattern of passwords and confirmation codes: s is valid UTF-8, not
// empty, and contains none of Java's ASCII whitespace characters (space, \t,
// \n, \v, \f, \r). Other characters, including non-ASCII spaces such as
// U+00A0, are allowed, as they are by the service.
func IsNonSpace(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\n', '\v', '\f', '\r':
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// IsClientID reports whether the whole of s matches ClientIDPattern, [\w+]+:
// s is not empty and contains only ASCII letters, digits, '_' and '+'.
func IsClientID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '+' {
			return false
		}
	}
	return true
}

// IsSecretHash reports whether the whole of s matches SecretHashPattern,
// [\w+=/]+: s is not empty and contains only ASCII letters, digits, '_', '+',
// '=' and '/'. Every standard Base64 string, such as a SECRET_HASH, matches.
func IsSecretHash(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '+' && c != '=' && c != '/' {
			return false
		}
	}
	return true
}

// IsAccessToken reports whether the whole of s matches AccessTokenPattern,
// [A-Za-z0-9-_=.]+: s is not empty and contains only ASCII letters, digits,
// '-', '_', '=' and '.', the characters of a JSON Web Token.
func IsAccessToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' && c != '=' && c != '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Len returns the length of s as the model counts it: the number of Unicode
// scalar values. Each byte of s that is not part of valid UTF-8 counts as one.
func Len(s string) int {
	return utf8.RuneCountInString(s)
}

// LenAtLeast reports whether Len(s) >= min, without counting when the byte
// length decides it.
func LenAtLeast(s string, min int) bool {
	switch {
	case min <= 0:
		return true
	case len(s) < min: // a character is at least one byte
		return false
	case len(s)/utf8.UTFMax >= min: // and at most four
		return true
	}
	return utf8.RuneCountInString(s) >= min
}

// LenAtMost reports whether Len(s) <= max, without counting when the byte
// length decides it.
func LenAtMost(s string, max int) bool {
	return len(s) <= max || utf8.RuneCountInString(s) <= max
}

// Constraint describes the rules of one string shape of the model.
type Constraint struct {
	// Min is the minimum length in characters; 0 means none.
	Min int
	// Max is the maximum length in characters; 0 means none.
	Max int
	// Pattern is the model's pattern, shown in error messages.
	Pattern string
	// Match reports whether a whole value matches Pattern; nil means the
	// shape has no pattern.
	Match func(string) bool
}

// UserPoolIDType returns the constraint of UserPoolIdType: 1 to 55
// characters matching UserPoolIDPattern.
func UserPoolIDType() Constraint {
	return Constraint{Min: 1, Max: MaxUserPoolIDLen, Pattern: UserPoolIDPattern, Match: IsUserPoolID}
}

// UsernameType returns the constraint of UsernameType: 1 to 128 characters
// matching UsernamePattern.
func UsernameType() Constraint {
	return Constraint{Min: 1, Max: MaxUsernameLen, Pattern: UsernamePattern, Match: IsUsername}
}

// PasswordType returns the constraint of PasswordType, used by Password,
// PreviousPassword and ProposedPassword: at most 256 characters matching
// NonSpacePattern.
func PasswordType() Constraint {
	return Constraint{Max: MaxPasswordLen, Pattern: NonSpacePattern, Match: IsNonSpace}
}

// ClientIDType returns the constraint of ClientIdType: 1 to 128 characters
// matching ClientIDPattern.
func ClientIDType() Constraint {
	return Constraint{Min: 1, Max: MaxClientIDLen, Pattern: ClientIDPattern, Match: IsClientID}
}

// ConfirmationCodeType returns the constraint of ConfirmationCodeType: 1 to
// 2048 characters matching NonSpacePattern.
func ConfirmationCodeType() Constraint {
	return Constraint{Min: 1, Max: MaxConfirmationCodeLen, Pattern: NonSpacePattern, Match: IsNonSpace}
}

// SecretHashType returns the constraint of SecretHashType: 1 to 128
// characters matching SecretHashPattern.
func SecretHashType() Constraint {
	return Constraint{Min: 1, Max: MaxSecretHashLen, Pattern: SecretHashPattern, Match: IsSecretHash}
}

// TokenModelType returns the constraint of TokenModelType, used by
// AccessToken: any length, matching AccessTokenPattern.
func TokenModelType() Constraint {
	return Constraint{Pattern: AccessTokenPattern, Match: IsAccessToken}
}

// SessionType returns the constraint of SessionType: 20 to 2048
// characters, no pattern.
func SessionType() Constraint {
	return Constraint{Min: MinSessionLen, Max: MaxSessionLen}
}

// Errors collects the violations found in one operation input. Its zero value
// has an empty context and is ready to use; [New] sets the context. Adding
// nothing allocates nothing.
type Errors struct {
	errs smithy.InvalidParamsError
}

// New returns an empty collector whose errors are reported under context,
// the name of the input type such as "ForgotPasswordInput".
func New(context string) Errors {
	return Errors{errs: smithy.InvalidParamsError{Context: context}}
}

// Required records that the required member field is missing, as a
// *smithy.ParamRequiredError.
func (e *Errors) Required(field string) {
	e.errs.Add(smithy.NewErrParamRequired(field))
}

// MinLen records that member field is shorter than min characters, as a
// *ParamMinLenError.
func (e *Errors) MinLen(field string, min int) {
	e.errs.Add(&ParamMinLenError{
		paramError: paramError{field: field, reason: "minimum field size of " + strconv.Itoa(min)},
		min:        min,
	})
}

// MaxLen records that member field is longer than max characters, as a
// *ParamMaxLenError.
func (e *Errors) MaxLen(field string, max int) {
	e.errs.Add(&ParamMaxLenError{
		paramError: paramError{field: field, reason: "maximum field size of " + strconv.Itoa(max)},
		max:        max,
	})
}

// Pattern records that member field does not match pattern, as a
// *ParamPatternError. The message shows the pattern, never the value.
func (e *Errors) Pattern(field, pattern string) {
	e.errs.Add(&ParamPatternError{
		paramError: paramError{field: field, reason: "pattern mismatch, must match " + pattern},
		pattern:    pattern,
	})
}

// Custom records that member field breaks a rule described by msg, as a
// *ParamInvalidError. msg must not contain the value.
func (e *Errors) Custom(field, msg string) {
	e.errs.Add(&ParamInvalidError{paramError: paramError{field: field, reason: msg}})
}

// Check checks the string member field, whose value is v, against c. An
// empty v is reported as missing when required and is otherwise skipped as
// absent. A non-empty v is checked against c's length limits and pattern,
// and each broken rule is recorded.
func (e *Errors) Check(field, v string, c Constraint, required bool) {
	if v == "" {
		if required {
			e.Required(field)
		}
		return
	}
	if c.Min > 0 && !LenAtLeast(v, c.Min) {
		e.MinLen(field, c.Min)
	}
	if c.Max > 0 && !LenAtMost(v, c.Max) {
		e.MaxLen(field, c.Max)
	}
	if c.Match != nil && !c.Match(v) {
		e.Pattern(field, c.Pattern)
	}
}

// ClientMetadata checks the ClientMetadata map member field: every key and
// every value must be valid UTF-8 and at most MaxClientMetadataLen
// characters. It records at most one violation of each kind for keys and
// for values, naming neither.
func (e *Errors) ClientMetadata(field string, m map[string]string) {
	var longKey, longValue, badKey, badValue bool
	for k, v := range m {
		longKey = longKey || !LenAtMost(k, MaxClientMetadataLen)
		longValue = longValue || !LenAtMost(v, MaxClientMetadataLen)
		badKey = badKey || !utf8.ValidString(k)
		badValue = badValue || !utf8.ValidString(v)
	}
	if longKey {
		e.Custom(field, "a key is longer than "+strconv.Itoa(MaxClientMetadataLen)+" characters")
	}
	if longValue {
		e.Custom(field, "a value is longer than "+strconv.Itoa(MaxClientMetadataLen)+" characters")
	}
	if badKey {
		e.Custom(field, "a key is not valid UTF-8")
	}
	if badValue {
		e.Custom(field, "a value is not valid UTF-8")
	}
}

// UTF8 checks a string member that has no pattern: it must be valid UTF-8,
// since the JSON encoder would otherwise replace each bad byte with U+FFFD
// and send another value than the caller's.
func (e *Errors) UTF8(field, v string) {
	if !utf8.ValidString(v) {
		e.Custom(field, "is not valid UTF-8")
	}
}

// Nested records the violations of the structure member field, collected
// in nested, under that member's path (as smithy.InvalidParamsError's
// AddNested does).
func (e *Errors) Nested(field string, nested Errors) {
	if nested.errs.Len() > 0 {
		e.errs.AddNested(field, nested.errs)
	}
}

// Len returns the number of violations recorded so far.
func (e *Errors) Len() int {
	return e.errs.Len()
}

// Err returns nil when no violation was recorded, and otherwise a
// *smithy.InvalidParamsError holding every violation in the order recorded.
func (e *Errors) Err() error {
	if e.errs.Len() == 0 {
		return nil
	}
	// A value, not a pointer: the official client returns
	// smithy.InvalidParamsError by value, and errors.As code written for it
	// must keep working.
	return e.errs
}

// paramError implements smithy.InvalidParamError the way smithy-go's own
// unexported invalidParamError does, so that its messages and field paths
// read the same as those of smithy.ParamRequiredError.
type paramError struct {
	context       string
	nestedContext string
	field         string
	reason        string
}

// Error returns the reason followed by the field path, as smithy-go does.
func (e *paramError) Error() string {
	return e.reason + ", " + e.Field() + "."
}

// Field returns the path of the member: the context, any nested context and
// the member name.
func (e *paramError) Field() string {
	var b strings.Builder
	b.WriteString(e.context)
	if b.Len() > 0 && (e.nestedContext == "" || e.nestedContext[0] != '[') {
		b.WriteByte('.')
	}
	if e.nestedContext != "" {
		b.WriteString(e.nestedContext)
		b.WriteByte('.')
	}
	b.WriteString(e.field)
	return b.String()
}

// SetContext sets the name of the input that holds the member.
func (e *paramError) SetContext(ctx string) {
	e.context = ctx
}

// AddNestedContext prepends ctx to the path of the member inside its input.
func (e *paramError) AddNestedContext(ctx string) {
	switch {
	case e.nestedContext == "":
		e.nestedContext = ctx
	case e.nestedContext[0] != '[':
		e.nestedContext = ctx + "." + e.nestedContext
	default:
		e.nestedContext = ctx + e.nestedContext
	}
}

// ParamMinLenError reports a member shorter than its minimum length.
type ParamMinLenError struct {
	paramError
	min int
}

// MinLen returns the minimum length, in characters, that the member broke.
func (e *ParamMinLenError) MinLen() int { return e.min }

// ParamMaxLenError reports a member longer than its maximum length.
type ParamMaxLenError struct {
	paramError
	max int
}

// MaxLen returns the maximum length, in characters, that the member broke.
func (e *ParamMaxLenError) MaxLen() int { return e.max }

// ParamPatternError reports a member that does not match its pattern. It
// holds the pattern, never the value.
type ParamPatternError struct {
	paramError
	pattern string
}

// Pattern returns the model pattern that the member did not match.
func (e *ParamPatternError) Pattern() string { return e.pattern }

// ParamInvalidError reports a member that breaks a rule other than presence,
// length or pattern, described by its message.
type ParamInvalidError struct {
	paramError
}

var (
	_ smithy.InvalidParamError = (*ParamMinLenError)(nil)
	_ smithy.InvalidParamError = (*ParamMaxLenError)(nil)
	_ smithy.InvalidParamError = (*ParamPatternError)(nil)
	_ smithy.InvalidParamError = (*ParamInvalidError)(nil)
)
