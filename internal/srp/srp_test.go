package srp

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testPool     = "AbC123dEf"
	testUser     = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	testPassword = "correct horse battery staple 1!"
)

var testBlock = base64.StdEncoding.EncodeToString([]byte("an opaque secret block from the server"))

// signIn runs one whole exchange: a server session for the verifier of
// serverPassword, and a client claim made with clientPassword.
func signIn(t *testing.T, serverPassword, clientPassword string) error {
	t.Helper()
	v, err := NewVerifier(testPool, testUser, serverPassword, rand.Reader)
	require.NoError(t, err)
	c, err := NewClient(testPool, rand.Reader)
	require.NoError(t, err)
	s, err := NewServerSession(v, c.SRPA(), rand.Reader)
	require.NoError(t, err)
	sig, ts, err := c.PasswordClaim(s.UserIDForSRP(), clientPassword, s.SRPB(), s.Salt(), testBlock, time.Now())
	require.NoError(t, err)
	return s.VerifyClaim(testBlock, ts, sig)
}

func TestClientAndServerAgree(t *testing.T) {
	t.Run("the right password is accepted, ten exchanges in a row", func(t *testing.T) {
		for range 10 {
			require.NoError(t, signIn(t, testPassword, testPassword))
		}
	})
	t.Run("a wrong password is rejected with ErrClaimMismatch", func(t *testing.T) {
		require.ErrorIs(t, signIn(t, testPassword, testPassword+"x"), ErrClaimMismatch)
	})
	t.Run("a password differing only in case is rejected", func(t *testing.T) {
		require.ErrorIs(t, signIn(t, "Secret-Pass1", "secret-Pass1"), ErrClaimMismatch)
	})
}

func TestVerifyClaimRejectsAlteredAnswers(t *testing.T) {
	v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
	require.NoError(t, err)
	c, err := NewClient(testPool, rand.Reader)
	require.NoError(t, err)
	s, err := NewServerSession(v, c.SRPA(), rand.Reader)
	require.NoError(t, err)
	now := time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC)
	sig, ts, err := c.PasswordClaim(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, now)
	require.NoError(t, err)
	require.Equal(t, "Tue Nov 3 15:04:05 UTC 2026", ts)
	require.NoError(t, s.VerifyClaim(testBlock, ts, sig), "the unaltered answer must verify")

	otherBlock := base64.StdEncoding.EncodeToString([]byte("another secret block"))
	flipped := []byte(sig) // another first character: other top bits of the first byte
	flipped[0] = 'A'
	if sig[0] == 'A' {
		flipped[0] = 'B'
	}
	tests := []struct {
		name           string
		block, ts, sig string
	}{
		{"another timestamp", testBlock, "Tue Nov 3 15:04:06 UTC 2026", sig},
		{"the 12-hour form of the same time", testBlock, "Tue Nov 3 03:04:05 UTC 2026", sig},
		{"another secret block", otherBlock, ts, sig},
		{"a changed signature", testBlock, ts, string(flipped)},
		{"an empty signature", testBlock, ts, ""},
	}
	for _, tt := range tests {
		t.Run("an answer with "+tt.name+" is rejected", func(t *testing.T) {
			require.ErrorIs(t, s.VerifyClaim(tt.block, tt.ts, tt.sig), ErrClaimMismatch)
		})
	}

	t.Run("a claim for another user ID is rejected", func(t *testing.T) {
		sig, ts, err := c.PasswordClaim("someone-else", testPassword, s.SRPB(), s.Salt(), testBlock, now)
		require.NoError(t, err)
		require.ErrorIs(t, s.VerifyClaim(testBlock, ts, sig), ErrClaimMismatch)
	})
	t.Run("a claim made in another pool is rejected", func(t *testing.T) {
		other, err := NewClient("OtherPool", bytes.NewReader(bytes.Repeat([]byte{7}, randomBytes)))
		require.NoError(t, err)
		s2, err := NewServerSession(v, other.SRPA(), rand.Reader)
		require.NoError(t, err)
		sig, ts, err := other.PasswordClaim(testUser, testPassword, s2.SRPB(), s2.Salt(), testBlock, now)
		require.NoError(t, err)
		require.ErrorIs(t, s2.VerifyClaim(testBlock, ts, sig), ErrClaimMismatch)
	})
	t.Run("a claim against another exchange's B is rejected", func(t *testing.T) {
		s2, err := NewServerSession(v, c.SRPA(), rand.Reader)
		require.NoError(t, err)
		require.NotEqual(t, s.SRPB(), s2.SRPB())
		require.ErrorIs(t, s2.VerifyClaim(testBlock, ts, sig), ErrClaimMismatch)
	})
}

func TestPadMatchesPadHex(t *testing.T) {
	// The cases of padHex's own documentation in amazon-cognito-identity-js
	// (the positive ones: every value this package pads is positive), and
	// the boundaries of the two rules.
	tests := []struct {
		name string
		v    string // hexadecimal
		want string
	}{
		{"zero is one zero byte", "0", "00"},
		{"20 has no padding", "14", "14"},
		{"56 has no padding", "38", "38"},
		{"236 gets a zero byte for its top bit", "ec", "00ec"},
		{"200 gets a zero byte for its top bit", "c8", "00c8"},
		{"0x7f has no padding", "7f", "7f"},
		{"0x80 gets a zero byte", "80", "0080"},
		{"an odd number of digits gets a zero nibble", "abc", "0abc"},
		{"leading zeros of the input do not count", "000012", "12"},
		{"a 256-bit value with the top bit set gets a zero byte", strings.Repeat("f", 64), "00" + strings.Repeat("f", 64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := new(big.Int).SetString(tt.v, 16)
			require.True(t, ok)
			assert.Equal(t, tt.want, hex.EncodeToString(pad(v)))
		})
	}
}

func TestGroup(t *testing.T) {
	grp := theGroup()
	t.Run("N is the 3072-bit prime", func(t *testing.T) {
		assert.Equal(t, 3072, grp.n.BitLen())
		assert.True(t, grp.n.ProbablyPrime(20))
	})
	t.Run("k is H(pad(N) || pad(g)) as Cognito's clients have it", func(t *testing.T) {
		assert.Equal(t, "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6", grp.k.Text(16))
	})
}

func TestTimestamp(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"an afternoon hour keeps the 24-hour clock", time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC), "Tue Nov 3 15:04:05 UTC 2026"},
		{"a one-digit day is not padded", time.Date(2026, 1, 5, 9, 0, 7, 0, time.UTC), "Mon Jan 5 09:00:07 UTC 2026"},
		{"midnight is 00, not 12", time.Date(2026, 2, 28, 0, 30, 0, 0, time.UTC), "Sat Feb 28 00:30:00 UTC 2026"},
		{"noon is 12", time.Date(2026, 7, 19, 12, 0, 0, 0, time.UTC), "Sun Jul 19 12:00:00 UTC 2026"},
		{"the last second of a year", time.Date(2025, 12, 31, 23, 59, 59, 999999999, time.UTC), "Wed Dec 31 23:59:59 UTC 2025"},
		{"another zone is converted to UTC", time.Date(2026, 11, 3, 23, 30, 0, 0, time.FixedZone("", 2*3600)), "Tue Nov 3 21:30:00 UTC 2026"},
		{"a zone east of UTC can change the day", time.Date(2026, 11, 4, 1, 0, 0, 0, time.FixedZone("", 2*3600)), "Tue Nov 3 23:00:00 UTC 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Timestamp(tt.t)
			assert.Equal(t, tt.want, got)
			back, err := ParseTimestamp(got)
			require.NoError(t, err)
			assert.True(t, back.Equal(tt.t.Truncate(time.Second)), "parsed back: %v", back)
		})
	}
}

func TestParseTimestampRejects(t *testing.T) {
	for _, s := range []string{
		"",
		"Tue Nov 03 15:04:05 UTC 2026", // padded day
		"Tue Nov  3 15:04:05 UTC 2026", // space-padded day
		"Tue Nov 3 3:04:05 UTC 2026",   // one-digit hour
		"Wed Nov 3 15:04:05 UTC 2026",  // wrong weekday
		"Tue Nov 3 15:04:05 GMT 2026",
		"Tue Nov 3 15:04:05 UTC 2026 ",
		"Tue Nov 3 25:04:05 UTC 2026",
		"2026-11-03T15:04:05Z",
		strings.Repeat("x", 100),
	} {
		t.Run(fmt.Sprintf("%q is rejected", s), func(t *testing.T) {
			_, err := ParseTimestamp(s)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "TIMESTAMP", ie.Param)
		})
	}
}

func TestPoolName(t *testing.T) {
	name, err := PoolName("us-east-1_AbC123")
	require.NoError(t, err)
	assert.Equal(t, "AbC123", name)
	for _, id := range []string{"", "us-east-1", "_AbC", "us-east-1_", "a_b_c"} {
		t.Run(fmt.Sprintf("%q is not a user pool ID", id), func(t *testing.T) {
			_, err := PoolName(id)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "UserPoolId", ie.Param)
		})
	}
}

// secretCanary is put in every secret input of the error tests; no error
// message may contain it.
const secretCanary = "CANARY7f3e"

func TestPasswordClaimRejectsBadInput(t *testing.T) {
	c, err := NewClient(testPool, rand.Reader)
	require.NoError(t, err)
	v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
	require.NoError(t, err)
	s, err := NewServerSession(v, c.SRPA(), rand.Reader)
	require.NoError(t, err)
	n := theGroup().n
	twoN := new(big.Int).Lsh(n, 1)
	now := time.Now()

	tests := []struct {
		name                     string
		user, pw, b, salt, block string
		param                    string
	}{
		{"an empty user ID", "", testPassword, s.SRPB(), s.Salt(), testBlock, "userIDForSRP"},
		{"a user ID that is not UTF-8", "\xff" + secretCanary, testPassword, s.SRPB(), s.Salt(), testBlock, "userIDForSRP"},
		{"an empty password", testUser, "", s.SRPB(), s.Salt(), testBlock, "password"},
		{"a password that is not UTF-8", testUser, secretCanary + "\xc3", s.SRPB(), s.Salt(), testBlock, "password"},
		{"an oversized password", testUser, strings.Repeat(secretCanary, 1000), s.SRPB(), s.Salt(), testBlock, "password"},
		{"an empty SRP_B", testUser, testPassword, "", s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B with a sign", testUser, testPassword, "-" + s.SRPB(), s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B with a 0x prefix", testUser, testPassword, "0x" + s.SRPB(), s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B with a non-hex letter", testUser, testPassword, s.SRPB() + "g" + secretCanary, s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B with an underscore", testUser, testPassword, "12_34", s.Salt(), testBlock, "SRP_B"},
		{"an oversized SRP_B", testUser, testPassword, strings.Repeat("0", maxHexDigits) + "1", s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B of zero", testUser, testPassword, "0", s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B equal to N", testUser, testPassword, n.Text(16), s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B equal to 2N", testUser, testPassword, twoN.Text(16), s.Salt(), testBlock, "SRP_B"},
		{"an SRP_B of N with leading zeros", testUser, testPassword, "0000" + n.Text(16), s.Salt(), testBlock, "SRP_B"},
		{"an empty SALT", testUser, testPassword, s.SRPB(), "", testBlock, "SALT"},
		{"a SALT with a space", testUser, testPassword, s.SRPB(), "ab cd", testBlock, "SALT"},
		{"an empty SECRET_BLOCK", testUser, testPassword, s.SRPB(), s.Salt(), "", "SECRET_BLOCK"},
		{"a SECRET_BLOCK that is not base64", testUser, testPassword, s.SRPB(), s.Salt(), secretCanary + "!!", "SECRET_BLOCK"},
		{"a SECRET_BLOCK in URL-safe base64", testUser, testPassword, s.SRPB(), s.Salt(), "-_-_", "SECRET_BLOCK"},
		{"an oversized SECRET_BLOCK", testUser, testPassword, s.SRPB(), s.Salt(), strings.Repeat("AAAA", maxSecretBlock/4+1), "SECRET_BLOCK"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an InputError naming "+tt.param, func(t *testing.T) {
			sig, ts, err := c.PasswordClaim(tt.user, tt.pw, tt.b, tt.salt, tt.block, now)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tt.param, ie.Param)
			assert.Empty(t, sig)
			assert.Empty(t, ts)
			assert.NotContains(t, err.Error(), secretCanary)
			assert.NotContains(t, err.Error(), s.SRPB())
			assert.True(t, strings.HasPrefix(err.Error(), "srp: "), err.Error())
		})
	}
}

func TestPasswordClaimAcceptsWhatTheJavaScriptClientAccepts(t *testing.T) {
	c, err := NewClient(testPool, rand.Reader)
	require.NoError(t, err)
	v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
	require.NoError(t, err)
	s, err := NewServerSession(v, c.SRPA(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	// SRP_B and SALT are read as numbers: case and leading zeros do not
	// change the claim.
	sig, ts, err := c.PasswordClaim(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, now)
	require.NoError(t, err)
	require.NoError(t, s.VerifyClaim(testBlock, ts, sig))
	sig2, ts2, err := c.PasswordClaim(testUser, testPassword, "000"+strings.ToUpper(s.SRPB()), "00"+strings.ToUpper(s.Salt()), testBlock, now)
	require.NoError(t, err)
	assert.Equal(t, sig, sig2)
	assert.Equal(t, ts, ts2)
}

func TestNewServerSessionRejectsBadA(t *testing.T) {
	v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
	require.NoError(t, err)
	n := theGroup().n
	for _, a := range []string{"", "0", n.Text(16), new(big.Int).Lsh(n, 3).Text(16), "zz", "+1"} {
		t.Run(fmt.Sprintf("SRP_A %.12q… is an InputError", a), func(t *testing.T) {
			_, err := NewServerSession(v, a, rand.Reader)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "SRP_A", ie.Param)
		})
	}
	t.Run("a missing verifier is an InputError", func(t *testing.T) {
		_, err := NewServerSession(nil, "2", rand.Reader)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
	})
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestRandomSource(t *testing.T) {
	boom := errors.New("entropy pool on fire")
	tests := []struct {
		name   string
		random func() any
	}{
		{"a failing source", func() any { return failingReader{boom} }},
		{"a short source", func() any { return bytes.NewReader(make([]byte, 10)) }},
		{"a source of zeros", func() any { return bytes.NewReader(make([]byte, 1000)) }},
		{"no source", func() any { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a RandomError for the client", func(t *testing.T) {
			r, _ := tt.random().(interface{ Read([]byte) (int, error) })
			_, err := NewClient(testPool, r)
			var re *RandomError
			require.ErrorAs(t, err, &re)
		})
		t.Run(tt.name+" is a RandomError for the server", func(t *testing.T) {
			v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
			require.NoError(t, err)
			r, _ := tt.random().(interface{ Read([]byte) (int, error) })
			_, err = NewServerSession(v, "2", r)
			var re *RandomError
			require.ErrorAs(t, err, &re)
		})
	}
	t.Run("the source's error is wrapped", func(t *testing.T) {
		_, err := NewClient(testPool, failingReader{boom})
		require.ErrorIs(t, err, boom)
	})
	t.Run("a is read as 128 big-endian bytes", func(t *testing.T) {
		raw := make([]byte, randomBytes)
		raw[randomBytes-1] = 3 // a = 3, A = 8
		c, err := NewClient(testPool, bytes.NewReader(raw))
		require.NoError(t, err)
		assert.Equal(t, "8", c.SRPA())
	})
}

func TestSecretsAreNeverPrinted(t *testing.T) {
	raw := bytes.Repeat([]byte{0xab}, randomBytes)
	c, err := NewClient(testPool, bytes.NewReader(raw))
	require.NoError(t, err)
	v, err := VerifierFromSalt(testPool, testUser, testPassword, "c0ffee"+strings.Repeat("5a", 13))
	require.NoError(t, err)
	s, err := NewServerSession(v, c.SRPA(), bytes.NewReader(raw))
	require.NoError(t, err)

	secrets := []string{
		c.SRPA(), c.a.Text(16), c.a.Text(10), hex.EncodeToString(raw[:16]),
		v.Salt(), v.v.Text(16), v.v.Text(10),
		s.SRPB(), hex.EncodeToString(s.key), base64.StdEncoding.EncodeToString(s.key),
		testPassword,
	}
	for _, value := range []any{c, v, s} {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			outs = append(outs, fmt.Sprintf(verb, value))
		}
		outs = append(outs, fmt.Sprint(value), fmt.Sprintf("%v", []any{value}), fmt.Sprintf("%+v", struct{ X any }{value}))
		j, err := json.Marshal(value)
		require.NoError(t, err)
		outs = append(outs, string(j))
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", value)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", value)
		outs = append(outs, buf.String())
		t.Run(fmt.Sprintf("%T shows no secret in any output", value), func(t *testing.T) {
			for _, out := range outs {
				assert.Contains(t, out, "[redacted]")
				for _, secret := range secrets {
					assert.NotContains(t, strings.ToLower(out), strings.ToLower(secret))
				}
			}
		})
	}
	t.Run("the names a reader needs are shown", func(t *testing.T) {
		assert.Equal(t, `srp.ServerSession{PoolName:"AbC123dEf", UserIDForSRP:"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", SRP_B:"[redacted]", SALT:"[redacted]", key:"[redacted]"}`, fmt.Sprintf("%#v", s))
		j, err := json.Marshal(c)
		require.NoError(t, err)
		assert.JSONEq(t, `{"PoolName":"AbC123dEf","SRP_A":"[redacted]","a":"[redacted]"}`, string(j))
	})
}

func TestSafeForConcurrentUse(t *testing.T) {
	v, err := NewVerifier(testPool, testUser, testPassword, rand.Reader)
	require.NoError(t, err)
	shared, err := NewClient(testPool, rand.Reader)
	require.NoError(t, err)
	s, err := NewServerSession(v, shared.SRPA(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	want, _, err := shared.PasswordClaim(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, now)
	require.NoError(t, err)

	const workers = 4
	errs := make(chan error, 2*workers)
	for range workers {
		go func() { // a shared client and session, used at once
			sig, ts, err := shared.PasswordClaim(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, now)
			if err == nil && sig != want {
				err = errors.New("another signature from the same client and inputs")
			}
			if err == nil {
				err = s.VerifyClaim(testBlock, ts, sig)
			}
			errs <- err
		}()
		go func() { // clients and sessions of their own
			errs <- signInErr(v)
		}()
	}
	for range 2 * workers {
		require.NoError(t, <-errs)
	}
}

// signInErr is signIn for a goroutine: it returns the first error.
func signInErr(v *Verifier) error {
	c, err := NewClient(testPool, rand.Reader)
	if err != nil {
		return err
	}
	s, err := NewServerSession(v, c.SRPA(), rand.Reader)
	if err != nil {
		return err
	}
	sig, ts, err := c.PasswordClaim(testUser, testPassword, s.SRPB(), s.Salt(), testBlock, time.Now())
	if err != nil {
		return err
	}
	return s.VerifyClaim(testBlock, ts, sig)
}
