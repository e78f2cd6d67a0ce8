package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/internal/jsontest"
)

// fuzzSeeds are inputs that reach the decoder's corners; the committed
// corpus under testdata/fuzz holds more, and larger, ones.
var fuzzSeeds = []string{
	``, ` `, `null`, `{}`, `[]`, `""`, `0`, `-0`, `-0.5e+10`, `1E-3`, `01`, `1.`, `-`, `1e`, `.5`,
	`true`, `truex`, `nul`, `123abc`, `{}x`, `"a"x`, `[1,]`, `{"a":1,}`, `{"a"}`, `{,"a":1}`,
	`{"__type":"CodeMismatchException","message":"m"}`,
	`{"__type":null,"Message":"m","code":5,"reasonCode":"r"}`,
	`{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`,
	`"\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud800\ud800\udc00"`, `"\u00e9\/\b\f\n\r\t\\\""`,
	"\"\xff\xfe\"", "\"\xed\xa0\x80\"", "\"\u2028\"", "\"a\x01\"", `"\x"`, `"\u12"`, `"\uZZZZ"`,
	`{"a":` + strings.Repeat(`[`, 70) + strings.Repeat(`]`, 70) + `}`,
	strings.Repeat(`[`, MaxDepth) + strings.Repeat(`]`, MaxDepth),
	strings.Repeat(`[`, MaxDepth+1) + strings.Repeat(`]`, MaxDepth+1),
	`1` + strings.Repeat(`0`, 400) + `e999999999`,
}

// firstValue is encoding/json's reading of the first value of data, as
// the official client reads a response body: nil and io.EOF when data is
// empty or all space.
func firstValue(data []byte) (json.RawMessage, error) {
	var raw json.RawMessage
	err := json.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	return raw, err
}

// FuzzTop checks that Top accepts and rejects what encoding/json's
// Decoder.Decode does for the first value, and returns the same bytes,
// except that nesting deeper than MaxDepth is refused.
func FuzzTop(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		top, err := Top(data)
		want, jerr := firstValue(data)
		switch {
		case jerr == io.EOF:
			require.NoError(t, err, "empty input")
			require.Nil(t, top)
		case jerr != nil:
			require.Error(t, err, "encoding/json refuses %q: %v", data, jerr)
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			require.LessOrEqual(t, se.Offset, len(data))
		case jsontest.Nesting(want) > MaxDepth:
			require.ErrorContains(t, err, "nesting too deep")
		default:
			require.NoError(t, err, "encoding/json accepts %q", want)
			require.Equal(t, string(want), string(top))
			require.Equal(t, kindOfJSON(t, want), KindOf(top))
		}
	})
}

// kindOfJSON is the kind encoding/json gives a value.
func kindOfJSON(t *testing.T, raw json.RawMessage) Kind {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	require.NoError(t, d.Decode(&v))
	switch v.(type) {
	case nil:
		return KindNull
	case bool:
		return KindBool
	case json.Number:
		return KindNumber
	case string:
		return KindString
	case []any:
		return KindArray
	case map[string]any:
		return KindObject
	}
	return KindInvalid
}

// member is one member of an object, as Members reports it.
type member struct {
	Key string
	Raw string
}

// membersOf walks obj with encoding/json's tokenizer: keys as it unquotes
// them, values as their raw bytes.
func membersOf(t *testing.T, obj []byte) []member {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(obj))
	tok, err := d.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var ms []member
	for d.More() {
		tok, err := d.Token()
		require.NoError(t, err)
		key, ok := tok.(string)
		require.True(t, ok, "key token %v", tok)
		var raw json.RawMessage
		require.NoError(t, d.Decode(&raw))
		ms = append(ms, member{key, string(raw)})
	}
	return ms
}

// FuzzMembers checks that Members reports the members of every object in a
// document, nested ones included, as encoding/json's tokenizer does: the
// same keys, unquoted the same way, and the same raw values, in order.
func FuzzMembers(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		top, err := Top(data)
		if err != nil || KindOf(top) != KindObject {
			return
		}
		var check func(obj []byte, depth int)
		check = func(obj []byte, depth int) {
			var got []member
			require.NoError(t, Members(obj, func(key string, raw []byte) error {
				got = append(got, member{key, string(raw)})
				return nil
			}))
			require.Equal(t, membersOf(t, obj), got)
			for _, m := range got {
				if KindOf([]byte(m.Raw)) == KindObject && depth < MaxDepth {
					check([]byte(m.Raw), depth+1)
				}
			}
		}
		check(top, 1)
		stop := errors.New("stop")
		n := 0
		err = Members(top, func(string, []byte) error { n++; return stop })
		if len(membersOf(t, top)) == 0 {
			require.NoError(t, err)
			require.Zero(t, n)
		} else {
			require.ErrorIs(t, err, stop, "an error from fn ends the walk")
			require.Equal(t, 1, n)
		}
	})
}

// FuzzUnquote checks that Unquote decodes every JSON string that
// encoding/json accepts to the same Go string, invalid UTF-8 and lone
// surrogates included, and never panics on anything else. The fuzzed bytes
// are tried as a string literal and as the contents of one.
func FuzzUnquote(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`plain ascii`))
	f.Add([]byte(`\ud83d\ude00 \ud800 \udfff\ud800 é \u0000`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lit := range [][]byte{data, append(append([]byte{'"'}, data...), '"')} {
			_, _ = Unquote(lit)              // any input: a string or an error, never a panic
			lit = bytes.Trim(lit, " \t\r\n") // JSON space around a document
			var want string
			if KindOf(lit) != KindString || json.Unmarshal(lit, &want) != nil {
				continue
			}
			top, err := Top(lit)
			require.NoError(t, err)
			require.Equal(t, string(lit), string(top), "a JSON string is a whole document")
			got, err := Unquote(lit)
			require.NoError(t, err)
			require.Equal(t, want, got, "unquoting %q", lit)
			require.True(t, utf8.ValidString(got))
			s, err := StringMember("m", lit)
			require.NoError(t, err)
			require.Equal(t, want, s)
		}
	})
}

// FuzzParseErrorBody checks that ParseErrorBody never panics, refuses what
// encoding/json cannot read, and reads every body that is a well-formed
// object whose __type and message members are strings or null.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		eb, err := ParseErrorBody(data)
		want, jerr := firstValue(data)
		switch {
		case jerr == io.EOF:
			require.NoError(t, err)
			require.Equal(t, ErrorBody{}, eb)
			return
		case jerr != nil:
			require.Error(t, err, "encoding/json refuses %q", data)
			return
		case jsontest.Nesting(want) > MaxDepth:
			require.Error(t, err)
			return
		}
		switch KindOf(want) {
		case KindNull:
			require.NoError(t, err)
			require.Equal(t, ErrorBody{}, eb)
			return
		case KindObject:
		default:
			require.Error(t, err, "not an object: %q", want)
			return
		}
		var obj map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(want, &obj))
		plain := true // every __type and message is a string or null
		for _, m := range membersOf(t, want) {
			if strings.EqualFold(m.Key, "__type") || strings.EqualFold(m.Key, "message") {
				if k := KindOf([]byte(m.Raw)); k != KindString && k != KindNull {
					plain = false
				}
			}
		}
		if plain {
			require.NoError(t, err, "%q", want)
		}
		if err != nil {
			return
		}
		// A string member that exactly names a field is read as
		// encoding/json reads it (the last duplicate wins).
		if v, ok := obj["message"]; ok && KindOf(v) == KindString {
			var s string
			require.NoError(t, json.Unmarshal(v, &s))
			if _, dup := obj["Message"]; !dup {
				assert.Equal(t, s, eb.ExceptionMessage)
			}
		}
		for _, s := range []string{eb.Type, eb.Code, eb.Message, eb.ExceptionMessage, eb.ReasonCode} {
			assert.True(t, utf8.ValidString(s), "decoded strings are valid UTF-8")
		}
	})
}

func TestUnquoteRefusesMalformedEscapesWithoutPanicking(t *testing.T) {
	for _, raw := range []string{`"\"`, `"a\"`, `"\u12"`, `"\u"`, `"\uZZZZ"`, `"\ud800\u12"`, `"\x"`, "\"\\\xff\""} {
		_, err := Unquote([]byte(raw))
		assert.ErrorIs(t, err, errBadEscape, "%s", raw)
	}
}

// TestHostileInputsStayBoundedInTimeAndMemory feeds the decoder the inputs a
// hostile or broken server could send within the client's 1 MiB response
// cap: nesting a million deep, a megabyte-long number, a megabyte string of
// escapes, a megabyte member name. None may recurse deeply, and the memory
// each allocates is a small multiple of its size.
func TestHostileInputsStayBoundedInTimeAndMemory(t *testing.T) {
	const size = 1 << 20
	// small bounds what a case that allocates nothing may still show:
	// TotalAlloc counts the runtime's and the test framework's allocations
	// too. It is far below the 1 MiB inputs.
	const small = 64 << 10
	escapes := `"` + strings.Repeat(`\ud83d\ude00\u00e9\n`, size/20) + `"`
	cases := []struct {
		name   string
		data   string
		ok     bool
		allocs uint64 // bound on the bytes ParseErrorBody allocates
	}{
		{"a million nested arrays", strings.Repeat("[", size), false, small},
		{"a million nested objects", strings.Repeat(`{"a":`, size/5), false, small},
		{"a megabyte-long number", `{"n":-` + strings.Repeat("9", size) + `.5e-99999999999}`, true, small},
		{"a megabyte of escapes in a message", `{"message":` + escapes + `}`, true, 3 * size},
		{"a megabyte-long member name", `{"` + strings.Repeat("k", size) + `":1}`, true, 3 * size},
		// Each bad byte becomes a 3-byte U+FFFD: the output is three times
		// the input, and growing it costs as much again.
		{"a megabyte of invalid UTF-8 in __type", "{\"__type\":\"" + strings.Repeat("\xff", size) + "\"}", true, 16 * size},
		{"a megabyte of members", `{` + strings.Repeat(`"a":1,`, size/6) + `"z":2}`, true, small},
		{"an unterminated megabyte string", `{"message":"` + strings.Repeat("x", size), false, small},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is read within bounds", func(t *testing.T) {
			data := []byte(tc.data)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := ParseErrorBody(data)
			runtime.ReadMemStats(&after)
			assert.Equal(t, tc.ok, err == nil, "%v", err)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, tc.allocs, "bytes allocated")
			top, terr := Top(data)
			assert.Equal(t, tc.ok, terr == nil)
			if tc.ok {
				assert.Len(t, top, len(data))
			}
		})
	}
}
