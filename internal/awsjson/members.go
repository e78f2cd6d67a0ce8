package awsjson

import (
	"errors"
	"strconv"
	"time"

	smithytime "github.com/aws/smithy-go/time"
)

// errNotArray is returned by Elements for a value that is not an array.
var errNotArray = errors.New("not an array")

// Elements calls fn for each element of the raw array arr, in order. arr
// must come from Top, Members or Elements, so it is known to be well formed.
func Elements(arr []byte, fn func(raw []byte) error) error {
	if KindOf(arr) != KindArray {
		return errNotArray
	}
	s := scanner{data: arr, pos: 1}
	for {
		s.skipSpace()
		if s.pos >= len(arr) || arr[s.pos] == ']' {
			return nil
		}
		if arr[s.pos] == ',' {
			s.pos++
			s.skipSpace()
		}
		raw, err := s.value(1)
		if err != nil {
			return err
		}
		if err := fn(raw); err != nil {
			return err
		}
	}
}

// IsArray reports whether raw, the value of member, is an array. null is
// not, without error: the member is absent. Any other kind is a *TypeError.
func IsArray(member string, raw []byte) (bool, error) {
	switch kind := KindOf(raw); kind {
	case KindArray:
		return true, nil
	case KindNull:
		return false, nil
	default:
		return false, &TypeError{Member: member, Want: KindArray, Got: kind}
	}
}

// BoolMember decodes a member that must be a boolean or null (null gives
// false).
func BoolMember(member string, raw []byte) (bool, error) {
	switch KindOf(raw) {
	case KindBool:
		return raw[0] == 't', nil
	case KindNull:
		return false, nil
	}
	return false, &TypeError{Member: member, Want: KindBool, Got: KindOf(raw)}
}

// Int32Member decodes an integer member as the official client does: a
// JSON number that parses as a 64-bit integer (no fraction, no exponent),
// converted to int32; null gives 0.
func Int32Member(member string, raw []byte) (int32, error) {
	switch KindOf(raw) {
	case KindNumber:
		i, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return 0, &NumberError{Member: member}
		}
		return int32(i), nil
	case KindNull:
		return 0, nil
	}
	return 0, &TypeError{Member: member, Want: KindNumber, Got: KindOf(raw)}
}

// EpochSecondsMember decodes a timestamp member sent as a JSON number of
// seconds since the Unix epoch, with a fraction, as the official client
// does (truncated to the millisecond); null gives the zero time.
func EpochSecondsMember(member string, raw []byte) (time.Time, error) {
	switch KindOf(raw) {
	case KindNumber:
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return time.Time{}, &NumberError{Member: member}
		}
		return smithytime.ParseEpochSeconds(f), nil
	case KindNull:
		return time.Time{}, nil
	}
	return time.Time{}, &TypeError{Member: member, Want: KindNumber, Got: KindOf(raw)}
}

// StringMapMember decodes a map of strings as the official client does:
// null gives a nil map, a null value gives "", the last of duplicate keys
// wins, and any other value is a *TypeError.
func StringMapMember(member string, raw []byte) (map[string]string, error) {
	ok, err := IsObject(member, raw)
	if !ok {
		return nil, err
	}
	m := map[string]string{}
	err = Members(raw, func(key string, v []byte) error {
		s, err := StringMember(member, v)
		if err != nil {
			return err
		}
		m[key] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// StringListMember decodes a list of strings: null gives nil; a null
// element gives "".
func StringListMember(member string, raw []byte) ([]string, error) {
	ok, err := IsArray(member, raw)
	if !ok {
		return nil, err
	}
	l := []string{}
	err = Elements(raw, func(v []byte) error {
		s, err := StringMember(member, v)
		if err != nil {
			return err
		}
		l = append(l, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// NumberError reports a number that does not fit its member's type. It
// names the member, never the value.
type NumberError struct {
	Member string
}

// Error names the member.
func (e *NumberError) Error() string {
	return "member " + strconv.Quote(e.Member) + ": number out of range for its type"
}
