// Package redact prints shapes with their sensitive members replaced, for
// the fmt verbs and log/slog.
package redact

import (
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
)

// Mask replaces a sensitive value that is set.
const Mask = "[redacted]"

// Kind says how a field is printed.
type Kind uint8

// The kinds of field.
const (
	Plain     Kind = iota // printed as it is
	Sensitive             // printed as Mask when set
	ByKey                 // a map whose values are masked unless PublicAuthKey(key)
)

// Field is one member of a shape.
type Field struct {
	Name  string
	Kind  Kind
	Str   string            // a string member
	Bool  *bool             // a boolean member, when not nil
	Map   map[string]string // a map member, when not nil
	Int   *int64            // an integer member, when not nil
	List  []string          // a list of strings, when not nil
	Inner []Field           // a structure member, when not nil
	Set   bool              // for a structure member: whether it is present
}

// S is a string field.
func S(name, v string) Field { return Field{Name: name, Str: v} }

// Secret is a sensitive string field.
func Secret(name, v string) Field { return Field{Name: name, Str: v, Kind: Sensitive} }

// B is a boolean field.
func B(name string, v bool) Field { return Field{Name: name, Bool: &v} }

// M is a map field.
func M(name string, v map[string]string) Field { return Field{Name: name, Map: v} }

func (f Field) text(quote bool) string {
	switch {
	case f.Bool != nil:
		return strconv.FormatBool(*f.Bool)
	case f.Int != nil:
		return strconv.FormatInt(*f.Int, 10)
	case f.List != nil:
		return "[" + strings.Join(f.List, " ") + "]"
	case f.Map != nil:
		keys := make([]string, 0, len(f.Map))
		for k := range f.Map {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("map[")
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(k)
			b.WriteByte(':')
			b.WriteString(f.mapValue(k))
		}
		b.WriteByte(']')
		return b.String()
	case f.Inner != nil:
		if !f.Set {
			return "<nil>"
		}
		return String("", f.Inner)
	}
	v := f.Str
	if f.Kind == Sensitive && v != "" {
		v = Mask
	}
	if quote {
		return strconv.Quote(v)
	}
	return v
}

// String prints the fields as %+v would, with sensitive values masked. A
// non-empty typeName is printed before the braces, as %#v would.
func String(typeName string, fields []Field) string {
	var b strings.Builder
	b.WriteString(typeName)
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			if typeName != "" {
				b.WriteString(", ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f.Name)
		b.WriteByte(':')
		b.WriteString(f.text(typeName != ""))
	}
	b.WriteByte('}')
	return b.String()
}

// Format writes the fields for any fmt verb: %#v gets the type name and
// quoted strings, every other verb the %+v form.
func Format(st fmt.State, verb rune, typeName string, fields []Field) {
	if verb == 'v' && st.Flag('#') {
		_, _ = st.Write([]byte(String(typeName, fields)))
		return
	}
	_, _ = st.Write([]byte(String("", fields)))
}

// Value is the slog value of the fields, with sensitive values masked.
func Value(fields []Field) slog.Value {
	attrs := make([]slog.Attr, 0, len(fields))
	for _, f := range fields {
		switch {
		case f.Bool != nil:
			attrs = append(attrs, slog.Bool(f.Name, *f.Bool))
		case f.Int != nil:
			attrs = append(attrs, slog.Int64(f.Name, *f.Int))
		case f.Inner != nil:
			if f.Set {
				attrs = append(attrs, slog.Attr{Key: f.Name, Value: Value(f.Inner)})
			}
		default: // strings and maps, as text
			attrs = append(attrs, slog.String(f.Name, f.text(false)))
		}
	}
	return slog.GroupValue(attrs...)
}

// URL returns s, a URL or what was meant to be one, without its user
// information (user:password@), which may hold credentials. It does not
// need s to parse.
func URL(s string) string {
	rest := s
	prefix := ""
	if i := strings.Index(s, "://"); i >= 0 {
		prefix, rest = s[:i+3], s[i+3:]
	} else if strings.HasPrefix(s, "//") {
		prefix, rest = "//", s[2:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		return prefix + Mask + "@" + rest[at+1:]
	}
	return s
}
