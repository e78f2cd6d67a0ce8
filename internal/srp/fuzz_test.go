package srp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPasswordClaim feeds PasswordClaim any challenge: it must return a
// well-formed answer or a typed error that holds none of the inputs, and
// never panic.
func FuzzPasswordClaim(f *testing.F) {
	c, err := NewClient(testPool, bytes.NewReader(bytes.Repeat([]byte{0x5c}, randomBytes)))
	if err != nil {
		f.Fatal(err)
	}
	v, err := VerifierFromSalt(testPool, testUser, testPassword, "0a1b2c3d4e5f")
	if err != nil {
		f.Fatal(err)
	}
	s, err := NewServerSession(v, c.SRPA(), bytes.NewReader(bytes.Repeat([]byte{0xc5}, randomBytes)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, int64(1793718245))
	f.Add("u", "p", "0", "0", "AA==", int64(0))
	f.Add("u", "p", theGroup().n.Text(16), "ff", "", int64(-62135596800))
	f.Add("ü", "p:w", "-1", "+1", "====", int64(253402300799))
	f.Fuzz(func(t *testing.T, user, password, b, salt, block string, unix int64) {
		sig, ts, err := c.PasswordClaim(user, password, b, salt, block, time.Unix(unix, 0))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %T %v", err, err)
			}
			if sig != "" || ts != "" {
				t.Fatal("an error came with an answer")
			}
			msg := err.Error()
			for _, in := range []string{user, password, b, salt, block} {
				if len(in) >= 4 && strings.Contains(msg, in) {
					t.Fatalf("the error %q holds an input", msg)
				}
			}
			return
		}
		raw, err := base64.StdEncoding.DecodeString(sig)
		if err != nil || len(raw) != 32 {
			t.Fatalf("signature %q is not 32 bytes of base64", sig)
		}
		if !utf8.ValidString(ts) || ts != Timestamp(time.Unix(unix, 0)) {
			t.Fatalf("timestamp %q", ts)
		}
		if b == s.SRPB() && salt == s.Salt() && user == testUser && password == testPassword {
			if err := s.VerifyClaim(block, ts, sig); err != nil {
				t.Fatalf("the right password is rejected: %v", err)
			}
		}
	})
}

// FuzzServerSession feeds the server side any SRP_A and answer: a typed
// error or a verdict, never a panic, and never a match for a made-up
// signature.
func FuzzServerSession(f *testing.F) {
	v, err := VerifierFromSalt(testPool, testUser, testPassword, "0a1b2c3d4e5f")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("2", testBlock, "Tue Nov 3 15:04:05 UTC 2026", "AAAA")
	f.Add(theGroup().n.Text(16), "", "", "")
	f.Add("ff", "AA==", strings.Repeat("x", 200), "!!")
	random := bytes.Repeat([]byte{0x3d}, randomBytes)
	f.Fuzz(func(t *testing.T, a, block, ts, sig string) {
		s, err := NewServerSession(v, a, bytes.NewReader(random))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %T %v", err, err)
			}
			return
		}
		err = s.VerifyClaim(block, ts, sig)
		var ie *InputError
		if err == nil || !(errors.Is(err, ErrClaimMismatch) || errors.As(err, &ie)) {
			t.Fatalf("a made-up claim got %v", err)
		}
	})
}

// FuzzParseTimestamp checks that ParseTimestamp accepts exactly what
// Timestamp writes: whatever it accepts formats back to the same text.
func FuzzParseTimestamp(f *testing.F) {
	f.Add("Tue Nov 3 15:04:05 UTC 2026")
	f.Add("Tue Nov 03 15:04:05 UTC 2026")
	f.Add("Sat Feb 28 00:30:00 UTC 2026")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimestamp(s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if Timestamp(got) != s {
			t.Fatalf("%q parsed as %v, which formats as %q", s, got, Timestamp(got))
		}
	})
}
