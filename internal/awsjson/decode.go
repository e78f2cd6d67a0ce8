package awsjson

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting the decoder accepts; deeper input is an
// error rather than a deep recursion.
const MaxDepth = 64

// Kind is the type of a JSON value, from its first byte.
type Kind uint8

// The kinds of JSON value.
const (
	KindInvalid Kind = iota
	KindNull
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

// String names the kind as encoding/json's errors do.
func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "bool"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindArray:
		return "array"
	case KindObject:
		return "object"
	}
	return "invalid"
}

// KindOf returns the kind of a raw value returned by Members.
func KindOf(raw []byte) Kind {
	if len(raw) == 0 {
		return KindInvalid
	}
	switch raw[0] {
	case 'n':
		return KindNull
	case 't', 'f':
		return KindBool
	case '"':
		return KindString
	case '[':
		return KindArray
	case '{':
		return KindObject
	}
	return KindNumber
}

// SyntaxError reports malformed JSON and where.
type SyntaxError struct {
	Offset int
	msg    string
}

// Error says where the JSON is malformed.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid json at offset %d: %s", e.Offset, e.msg)
}

type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) fail(msg string) error { return &SyntaxError{Offset: s.pos, msg: msg} }

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value scans one value and returns its raw bytes.
func (s *scanner) value(depth int) ([]byte, error) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return nil, s.fail("unexpected end of input")
	}
	start := s.pos
	switch c := s.data[s.pos]; {
	case c == '{':
		if depth >= MaxDepth {
			return nil, s.fail("nesting too deep")
		}
		s.pos++
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == '}' {
			s.pos++
			return s.data[start:s.pos], nil
		}
		for {
			s.skipSpace()
			if s.pos >= len(s.data) || s.data[s.pos] != '"' {
				return nil, s.fail("expected member name")
			}
			if err := s.str(); err != nil {
				return nil, err
			}
			s.skipSpace()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				return nil, s.fail("expected ':'")
			}
			s.pos++
			if _, err := s.value(depth + 1); err != nil {
				return nil, err
			}
			s.skipSpace()
			if s.pos >= len(s.data) {
				return nil, s.fail("unexpected end of input")
			}
			if s.data[s.pos] == ',' {
				s.pos++
				continue
			}
			if s.data[s.pos] == '}' {
				s.pos++
				return s.data[start:s.pos], nil
			}
			return nil, s.fail("expected ',' or '}'")
		}
	case c == '[':
		if depth >= MaxDepth {
			return nil, s.fail("nesting too deep")
		}
		s.pos++
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ']' {
			s.pos++
			return s.data[start:s.pos], nil
		}
		for {
			if _, err := s.value(depth + 1); err != nil {
				return nil, err
			}
			s.skipSpace()
			if s.pos >= len(s.data) {
				return nil, s.fail("unexpected end of input")
			}
			if s.data[s.pos] == ',' {
				s.pos++
				continue
			}
			if s.data[s.pos] == ']' {
				s.pos++
				return s.data[start:s.pos], nil
			}
			return nil, s.fail("expected ',' or ']'")
		}
	case c == '"':
		if err := s.str(); err != nil {
			return nil, err
		}
		return s.data[start:s.pos], nil
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	return nil, s.fail("unexpected character")
}

func (s *scanner) literal(lit string) ([]byte, error) {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return nil, s.fail("invalid literal")
	}
	start := s.pos
	s.pos += len(lit)
	return s.data[start:s.pos], nil
}

func (s *scanner) digits() int {
	n := 0
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
		n++
	}
	return n
}

func (s *scanner) number() ([]byte, error) {
	start := s.pos
	if s.data[s.pos] == '-' {
		s.pos++
	}
	if s.pos < len(s.data) && s.data[s.pos] == '0' {
		s.pos++
	} else if s.digits() == 0 {
		return nil, s.fail("invalid number")
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return nil, s.fail("invalid number")
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return nil, s.fail("invalid number")
		}
	}
	return s.data[start:s.pos], nil
}

// str scans a string starting at the opening quote.
func (s *scanner) str() error {
	s.pos++
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return nil
		case c == '\\':
			if s.pos+1 >= len(s.data) {
				return s.fail("unexpected end of input")
			}
			switch s.data[s.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos += 2
			case 'u':
				if s.pos+6 > len(s.data) {
					return s.fail("unexpected end of input")
				}
				for _, h := range s.data[s.pos+2 : s.pos+6] {
					if unhex(h) < 0 {
						return s.fail("invalid unicode escape")
					}
				}
				s.pos += 6
			default:
				return s.fail("invalid escape")
			}
		case c < 0x20:
			return s.fail("control character in string")
		default:
			s.pos++
		}
	}
	return s.fail("unexpected end of input")
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// errNotObject is returned by EachMember and Members for a value that is
// not an object.
var errNotObject = errors.New("not an object")

// Top scans the first JSON value of data, as encoding/json's Decoder.Decode
// does (text after it is ignored), and returns its raw bytes. Empty or
// all-space input returns nil and no error.
func Top(data []byte) ([]byte, error) {
	s := scanner{data: data}
	s.skipSpace()
	if s.pos == len(data) {
		return nil, nil
	}
	return s.value(0)
}

// Members calls fn for each member of the raw object obj, in order, with
// the unquoted key and the raw value. obj must come from Top or Members, so
// it is known to be well formed.
func Members(obj []byte, fn func(key string, raw []byte) error) error {
	return EachMember(obj, func(rawKey, raw []byte) error {
		key, err := Unquote(rawKey)
		if err != nil {
			return err
		}
		return fn(key, raw)
	})
}

// EachMember is Members with the raw, still quoted, key: it allocates
// nothing. [KeyIs] compares a raw key with a name.
func EachMember(obj []byte, fn func(rawKey, raw []byte) error) error {
	if KindOf(obj) != KindObject {
		return errNotObject
	}
	s := scanner{data: obj, pos: 1}
	for {
		s.skipSpace()
		if s.pos >= len(obj) || obj[s.pos] == '}' {
			return nil
		}
		if obj[s.pos] == ',' {
			s.pos++
			s.skipSpace()
		}
		kstart := s.pos
		if err := s.str(); err != nil {
			return err
		}
		rawKey := obj[kstart:s.pos]
		s.skipSpace()
		s.pos++ // ':'
		raw, err := s.value(1)
		if err != nil {
			return err
		}
		if err := fn(rawKey, raw); err != nil {
			return err
		}
	}
}

// KeyIs reports whether the raw key of a member, as EachMember gives it,
// unquotes to name.
func KeyIs(rawKey []byte, name string) bool {
	if len(rawKey) < 2 {
		return false
	}
	body := rawKey[1 : len(rawKey)-1]
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			key, err := Unquote(rawKey)
			return err == nil && key == name
		}
	}
	return string(body) == name
}

// Unquote decodes a raw JSON string as encoding/json does, replacing
// invalid UTF-8 and lone surrogates with U+FFFD. raw is meant to be a string
// that Top or Members returned; an escape that is cut short or unknown is an
// error, never a panic.
func Unquote(raw []byte) (string, error) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", errors.New("not a string")
	}
	body := raw[1 : len(raw)-1]
	simple := true
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			simple = false
			break
		}
	}
	if simple {
		return string(body), nil
	}
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c == '\\' {
			if i+1 >= len(body) {
				return "", errBadEscape
			}
			switch body[i+1] {
			case 'u':
				if i+6 > len(body) {
					return "", errBadEscape
				}
				r := rune(hex4(body[i+2 : i+6]))
				if r < 0 {
					return "", errBadEscape
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
						r2 := rune(hex4(body[i+2 : i+6]))
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case '"', '\\', '/':
				out = append(out, body[i+1])
			default:
				return "", errBadEscape
			}
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, body[i:i+size]...)
		}
		i += size
	}
	return string(out), nil
}

// errBadEscape is Unquote's error for a malformed escape.
var errBadEscape = errors.New("invalid json string: malformed escape")

// hex4 is the value of four hex digits, or a negative number when one is not
// a hex digit.
func hex4(b []byte) int {
	return unhex(b[0])<<12 | unhex(b[1])<<8 | unhex(b[2])<<4 | unhex(b[3])
}

// TypeError reports a member of the wrong JSON type.
type TypeError struct {
	Member string
	Want   Kind
	Got    Kind
}

// Error names the member and the types.
func (e *TypeError) Error() string {
	return "member " + strconv.Quote(e.Member) + ": expected " + e.Want.String() + ", got " + e.Got.String()
}

// IsObject reports whether raw, the value of member, is an object. null is
// not, without error: the member is absent, as encoding/json reads it. Any
// other kind is a *TypeError.
func IsObject(member string, raw []byte) (bool, error) {
	switch kind := KindOf(raw); kind {
	case KindObject:
		return true, nil
	case KindNull:
		return false, nil
	default:
		return false, &TypeError{Member: member, Want: KindObject, Got: kind}
	}
}

// StringMember decodes a member that must be a string or null (null gives
// "").
func StringMember(member string, raw []byte) (string, error) {
	switch KindOf(raw) {
	case KindString:
		return Unquote(raw)
	case KindNull:
		return "", nil
	}
	return "", &TypeError{Member: member, Want: KindString, Got: KindOf(raw)}
}

// ErrorBody is what an error response body says, read the way the official
// client reads it. That client decodes the body twice with encoding/json:
// into a struct, to find the code and a generic error's message (member
// names matched case-insensitively with Unicode folding, a null leaving a
// string member as it was, the last duplicate winning), and, for a modelled
// exception, into a map, for the exception's members (exact names, the last
// duplicate winning, null meaning absent).
type ErrorBody struct {
	// Type is "__type" (member name matched case-insensitively).
	Type string
	// Code is "code" when its last value is a string (case-insensitive
	// name); any other last value, null included, leaves it empty.
	Code string
	// Message is "message" matched case-insensitively, for generic errors.
	Message string
	// ExceptionMessage is "message" or "Message" exactly, for typed
	// exceptions.
	ExceptionMessage string
	// ReasonCode is "reasonCode", for InvalidParameterException.
	ReasonCode string
	// ReasonCodeErr reports a last "reasonCode" of the wrong type. Only a
	// typed InvalidParameterException reads that member, so only for it is
	// this an error.
	ReasonCodeErr error
}

// ParseErrorBody reads an error response body. An empty body gives an empty
// ErrorBody; a body that is not a JSON object (or null), or whose __type or
// message members have the wrong types, is an error.
func ParseErrorBody(data []byte) (ErrorBody, error) {
	var eb ErrorBody
	top, err := Top(data)
	if err != nil || top == nil {
		return eb, err
	}
	if ok, err := IsObject("(body)", top); !ok {
		return eb, err
	}
	err = Members(top, func(key string, raw []byte) error {
		var err error
		switch {
		case strings.EqualFold(key, "__type"):
			err = keepOnNull(&eb.Type, key, raw)
		case strings.EqualFold(key, "code"):
			eb.Code = ""
			if KindOf(raw) == KindString {
				eb.Code, err = Unquote(raw)
			}
		case strings.EqualFold(key, "message"):
			err = keepOnNull(&eb.Message, key, raw)
		}
		if err != nil {
			return err
		}
		switch key {
		case "message", "Message":
			eb.ExceptionMessage, err = StringMember(key, raw)
		case "reasonCode":
			eb.ReasonCode, eb.ReasonCodeErr = StringMember(key, raw)
		}
		return err
	})
	return eb, err
}

// keepOnNull decodes a string member into dst as encoding/json decodes into
// a string field: a null leaves dst as it was.
func keepOnNull(dst *string, member string, raw []byte) error {
	if KindOf(raw) == KindNull {
		return nil
	}
	v, err := StringMember(member, raw)
	if err == nil {
		*dst = v
	}
	return err
}

// SanitizeCode removes a ":"-suffix and a "#"-prefix namespace from an
// error code, as AWS error codes are sent both ways.
func SanitizeCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}
