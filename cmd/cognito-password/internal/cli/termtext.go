package cli

import (
	"io"
	"strings"
	"unicode/utf8"
)

// printable returns s fit for a terminal: every control character that
// could move the cursor, clear the screen, set the window title or reorder
// what is shown is removed. Strings that came from the network (error
// messages, code delivery details, request ids) go through it before text
// output; JSON output keeps them exact.
//
// Removed: C0 controls and DEL (ESC, BEL, CR...; a tab or newline becomes
// a space, so that a message stays one line and cannot forge another),
// C1 controls (U+0080 to U+009F, CSI and OSC among them), the bidirectional
// formatting characters (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066
// to U+2069), the line and paragraph separators; invalid UTF-8 bytes become
// U+FFFD.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) || r == '\t' || r == '\n' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports whether r is a control or bidirectional formatting
// character.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// printableWriter passes text to w with the control characters of each
// line removed as printable does, keeping newlines and tabs. It is for
// --debug, whose log holds response bodies and headers as the network gave
// them; the logger writes each message whole.
type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	var out strings.Builder
	for line := range strings.SplitAfterSeq(string(b), "\n") {
		body, nl := strings.CutSuffix(line, "\n")
		for i, part := range strings.Split(body, "\t") {
			if i > 0 {
				out.WriteByte('\t')
			}
			out.WriteString(printable(part))
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(p.w, out.String()); err != nil {
		return 0, err
	}
	return len(b), nil
}
