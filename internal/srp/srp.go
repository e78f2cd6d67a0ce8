// Package srp implements the SRP-6a exchange of Amazon Cognito user pools
// (the USER_SRP_AUTH flow and its PASSWORD_VERIFIER challenge) exactly as
// Cognito's own JavaScript client, amazon-cognito-identity-js
// (AuthenticationHelper and CognitoUser), computes it, on the standard
// library alone.
//
// # The computation
//
// All arithmetic is modulo N, the 3072-bit prime of RFC 3526 (section 4),
// with generator g = 2. H is SHA-256, and pad(v) is the JavaScript client's
// padHex: the minimal big-endian bytes of v, with a zero byte put in front
// when the top bit of the first byte is set (so that the bytes read as a
// positive two's-complement number, as Java's BigInteger.toByteArray has
// them), and a single zero byte for v = 0. Every value sent on the wire is
// hexadecimal text; SRP_B and SALT are read as numbers, so leading zeros in
// them do not count.
//
//	k = H(pad(N) || pad(g))
//	A = g^a                                     a: 128 random bytes
//	u = H(pad(A) || pad(B))                     u != 0, B mod N != 0
//	x = H(pad(salt) || H(poolName || userID || ":" || password))
//	S = (B - k*g^x)^(a + u*x)                   client side
//	  = (A * v^u)^b                             server side, v = g^x
//	key = HKDF-SHA256(secret = pad(S), salt = pad(u), info = "Caldera Derived Key"), 16 bytes
//	PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName || userID || base64decode(SECRET_BLOCK) || TIMESTAMP))
//
// poolName is the part of the user pool ID after the underscore
// ([PoolName]); userID is USER_ID_FOR_SRP from the challenge (the user's
// actual username, not an alias). TIMESTAMP is the signing time in UTC,
// formatted as the JavaScript client's DateHelper does: "Mon Nov 3 15:04:05
// UTC 2026", with a 24-hour clock and a day of the month that is not
// zero-padded ([Timestamp]).
//
// The client side is [Client]; the server side ([Verifier],
// [ServerSession]) is what an in-process test server needs to check a
// client's claim without keeping the password.
//
// # Secrets
//
// a, b, S, the key, the password and the verifier never appear in an error
// or in any printed or logged form of the types of this package; their
// String, Format, GoString, MarshalJSON and LogValue methods mask them.
// math/big is not constant-time, and neither is the JavaScript client; the
// one comparison that decides a claim ([ServerSession.VerifyClaim]) is.
package srp

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// nHex is N, the 3072-bit MODP prime of RFC 3526, as amazon-cognito-identity-js
// writes it.
const nHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// randomBytes is the size of the private values a and b, as the JavaScript
// client draws a (128 bytes, read as a positive number).
const randomBytes = 128

// maxHexDigits bounds SRP_A, SRP_B and SALT: a value of the group has at
// most 768 digits; leading zeros are allowed up to this bound, so that the
// work and memory spent on a hostile value stay small.
const maxHexDigits = 1024

// maxSecretBlock bounds SECRET_BLOCK (base64 text). Cognito's are about
// 1.5 KB.
const maxSecretBlock = 64 << 10

// maxTextBytes bounds the pool name, the user ID and the password.
const maxTextBytes = 4096

// info is the HKDF info string of Cognito's SRP.
const info = "Caldera Derived Key"

// keyBytes is the size of the derived key.
const keyBytes = 16

// group holds the constants, computed once on first use.
type group struct {
	n *big.Int
	g *big.Int
	k *big.Int
}

var theGroup = sync.OnceValue(func() *group {
	n, ok := new(big.Int).SetString(nHex, 16)
	if !ok {
		panic("srp: the group prime does not parse") // a constant: cannot happen
	}
	g := big.NewInt(2)
	h := sha256.New()
	h.Write(pad(n))
	h.Write(pad(g))
	k := new(big.Int).SetBytes(h.Sum(nil))
	return &group{n: n, g: g, k: k}
})

// pad returns the JavaScript client's padHex(v) as bytes, for v >= 0: the
// minimal big-endian bytes, with a leading zero byte when the top bit is
// set, and one zero byte for zero.
func pad(v *big.Int) []byte {
	n := (v.BitLen() + 8) / 8 // one more bit than the value needs, in whole bytes
	if n == 0 {
		n = 1
	}
	return v.FillBytes(make([]byte, n))
}

// parseHex reads hexadecimal text as a non-negative number, as the
// JavaScript client's BigInteger(s, 16) reads a well-formed value. Only the
// digits 0-9, a-f and A-F are accepted (no sign, prefix or separator), at
// least one and at most maxHexDigits.
func parseHex(param, s string) (*big.Int, error) {
	if s == "" {
		return nil, &InputError{Param: param, Reason: "is empty"}
	}
	if len(s) > maxHexDigits {
		return nil, &InputError{Param: param, Reason: "has more than " + strconv.Itoa(maxHexDigits) + " hexadecimal digits"}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return nil, &InputError{Param: param, Reason: "is not hexadecimal"}
		}
	}
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		return nil, &InputError{Param: param, Reason: "is not hexadecimal"}
	}
	return v, nil
}

// checkText checks a pool name, user ID or password.
func checkText(param, s string) error {
	switch {
	case s == "":
		return &InputError{Param: param, Reason: "is empty"}
	case len(s) > maxTextBytes:
		return &InputError{Param: param, Reason: "is longer than " + strconv.Itoa(maxTextBytes) + " bytes"}
	case !utf8.ValidString(s):
		return &InputError{Param: param, Reason: "is not valid UTF-8"}
	}
	return nil
}

// PoolName returns the pool name used in the SRP computation: the part of a
// user pool ID ("us-east-1_AbC123") after the underscore ("AbC123").
func PoolName(userPoolID string) (string, error) {
	region, name, ok := strings.Cut(userPoolID, "_")
	if !ok || region == "" || name == "" || strings.Contains(name, "_") {
		return "", &InputError{Param: "UserPoolId", Reason: "is not of the form <region>_<name>"}
	}
	if err := checkText("UserPoolId", name); err != nil {
		return "", err
	}
	return name, nil
}

// x computes H(pad(salt) || H(poolName || userID || ":" || password)).
func computeX(poolName, userID, password string, salt *big.Int) *big.Int {
	h := sha256.New()
	h.Write([]byte(poolName))
	h.Write([]byte(userID))
	h.Write([]byte{':'})
	h.Write([]byte(password))
	var inner [sha256.Size]byte
	h.Sum(inner[:0])
	h.Reset()
	h.Write(pad(salt))
	h.Write(inner[:])
	return new(big.Int).SetBytes(h.Sum(inner[:0]))
}

// computeU computes H(pad(A) || pad(B)).
func computeU(a, b *big.Int) *big.Int {
	h := sha256.New()
	h.Write(pad(a))
	h.Write(pad(b))
	return new(big.Int).SetBytes(h.Sum(nil))
}

// deriveKey computes the 16-byte HKDF key from S and u.
func deriveKey(s, u *big.Int) ([]byte, error) {
	return hkdf.Key(sha256.New, pad(s), pad(u), info, keyBytes)
}

// signatureOf computes the claim signature, raw.
func signatureOf(key []byte, poolName, userID string, secretBlock []byte, timestamp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(poolName))
	m.Write([]byte(userID))
	m.Write(secretBlock)
	m.Write([]byte(timestamp))
	return m.Sum(nil)
}

// decodeSecretBlock checks and decodes SECRET_BLOCK (standard base64 with
// padding, as Cognito sends it).
func decodeSecretBlock(s string) ([]byte, error) {
	switch {
	case s == "":
		return nil, &InputError{Param: "SECRET_BLOCK", Reason: "is empty"}
	case len(s) > maxSecretBlock:
		return nil, &InputError{Param: "SECRET_BLOCK", Reason: "is longer than " + strconv.Itoa(maxSecretBlock) + " bytes"}
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, &InputError{Param: "SECRET_BLOCK", Reason: "is not standard base64"}
	}
	return b, nil
}

var (
	weekdays = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	months   = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// Timestamp formats t, in UTC, as the TIMESTAMP of a PASSWORD_VERIFIER
// answer, exactly as amazon-cognito-identity-js's DateHelper does: "Mon Nov
// 3 15:04:05 UTC 2026" (weekday, month, day of the month without a leading
// zero, 24-hour time with two-digit fields, the literal UTC, the year as a
// plain number).
func Timestamp(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	b := make([]byte, 0, 32)
	b = append(b, weekdays[t.Weekday()]...)
	b = append(b, ' ')
	b = append(b, months[month-1]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ' ')
	b = append2(b, hour)
	b = append(b, ':')
	b = append2(b, minute)
	b = append(b, ':')
	b = append2(b, second)
	b = append(b, " UTC "...)
	b = strconv.AppendInt(b, int64(year), 10)
	return string(b)
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// ParseTimestamp reads a TIMESTAMP written as [Timestamp] writes it, and
// nothing else: a zero-padded day, a one-digit hour or another zone is an
// error.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) > 64 {
		return time.Time{}, &InputError{Param: "TIMESTAMP", Reason: "is too long"}
	}
	t, err := time.Parse("Mon Jan 2 15:04:05 UTC 2006", s)
	if err != nil || Timestamp(t) != s {
		return time.Time{}, &InputError{Param: "TIMESTAMP", Reason: `is not of the form "Mon Jan 2 15:04:05 UTC 2006"`}
	}
	return t, nil
}
