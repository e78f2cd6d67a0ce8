// Package awsjson implements the parts of the AWS JSON 1.1 protocol that the
// password operations need: an appending encoder whose string escaping is the
// official client's (smithy-go's encoder: no HTML escaping, U+2028 and U+2029
// escaped, invalid UTF-8 replaced by U+FFFD), and a small reflection-free
// decoder for response and error bodies.
package awsjson

import (
	"sort"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Object appends the members of one JSON object. Start it with Begin and
// finish it with End.
type Object struct {
	// Buf is the output so far.
	Buf   []byte
	count [maxDepth]int // members written, per open object
	depth int
}

// maxDepth is the deepest nesting an input shape has, plus room.
const maxDepth = 4

// Begin opens an object (at the top level, or as the value of a member
// whose key was written with Key).
func (o *Object) Begin() {
	o.Buf = append(o.Buf, '{')
	o.count[o.depth] = 0
	o.depth++
}

// End closes the innermost open object.
func (o *Object) End() {
	o.Buf = append(o.Buf, '}')
	o.depth--
}

// Key writes a member name and the colon.
func (o *Object) Key(k string) {
	n := o.depth - 1
	if o.count[n] > 0 {
		o.Buf = append(o.Buf, ',')
	}
	o.count[n]++
	o.Buf = AppendString(o.Buf, k)
	o.Buf = append(o.Buf, ':')
}

// String writes a string member when v is not empty.
func (o *Object) String(k, v string) {
	if v == "" {
		return
	}
	o.Key(k)
	o.Buf = AppendString(o.Buf, v)
}

// TrueBool writes a boolean member when v is true (the official client
// omits a false non-pointer boolean).
func (o *Object) TrueBool(k string, v bool) {
	if !v {
		return
	}
	o.Key(k)
	o.Buf = append(o.Buf, "true"...)
}

// Map writes a map of strings when m is not nil, keys sorted so that the
// body is deterministic. A non-nil empty map is written as {}.
func (o *Object) Map(k string, m map[string]string) {
	if m == nil {
		return
	}
	o.Key(k)
	o.Begin()
	if len(m) == 1 {
		for mk, mv := range m {
			o.Key(mk)
			o.Buf = AppendString(o.Buf, mv)
		}
	} else if len(m) > 1 {
		keys := make([]string, 0, len(m))
		for mk := range m {
			keys = append(keys, mk)
		}
		sort.Strings(keys)
		for _, mk := range keys {
			o.Key(mk)
			o.Buf = AppendString(o.Buf, m[mk])
		}
	}
	o.End()
}
