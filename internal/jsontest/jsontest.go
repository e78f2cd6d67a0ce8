// Package jsontest holds what the JSON fuzz tests of this module share: an
// oracle for nesting depth that does not use the decoder under test.
package jsontest

// Nesting is the deepest nesting of arrays and objects in well-formed
// JSON.
func Nesting(raw []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}
