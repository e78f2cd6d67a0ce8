package srp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vector is one known answer of testdata/vectors.json, written by
// scripts/srp-vectors.sh from amazon-cognito-identity-js (CI checks that the
// file is what the pinned version computes).
type vector struct {
	Name                   string
	UserPoolID             string `json:"userPoolId"`
	Username               string `json:"username"`
	UserIDForSRP           string `json:"userIdForSRP"`
	Password               string `json:"password"`
	WrongPassword          string `json:"wrongPassword"`
	Now                    time.Time
	Salt                   string `json:"SALT"`
	SecretBlock            string `json:"SECRET_BLOCK"`
	A                      string `json:"a"`
	B                      string `json:"b"`
	SRPA                   string `json:"SRP_A"`
	SRPB                   string `json:"SRP_B"`
	U                      string `json:"u"`
	S                      string `json:"S"`
	Key                    string `json:"key"`
	Timestamp              string `json:"TIMESTAMP"`
	Signature              string `json:"PASSWORD_CLAIM_SIGNATURE"`
	WrongPasswordSignature string `json:"wrongPasswordSignature"`
}

type vectorFile struct {
	Generator string
	K         string `json:"k"`
	Vectors   []vector
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	raw, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	var f vectorFile
	require.NoError(t, json.Unmarshal(raw, &f))
	require.NotEmpty(t, f.Vectors)
	return f
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestClientMatchesAmazonCognitoIdentityJS checks the client against what
// amazon-cognito-identity-js sent for the same private value a, challenge
// and clock: SRP_A, the derived key, TIMESTAMP and PASSWORD_CLAIM_SIGNATURE,
// for the right password and a wrong one.
func TestClientMatchesAmazonCognitoIdentityJS(t *testing.T) {
	f := loadVectors(t)
	require.Equal(t, f.K, theGroup().k.Text(16), "k")
	for _, v := range f.Vectors {
		t.Run("the client computes what the JavaScript client sent for "+v.Name, func(t *testing.T) {
			poolName, err := PoolName(v.UserPoolID)
			require.NoError(t, err)
			c, err := NewClient(poolName, bytes.NewReader(mustHex(t, v.A)))
			require.NoError(t, err)
			require.Equal(t, v.SRPA, c.SRPA(), "SRP_A")

			bigB, err := parseHex("SRP_B", v.SRPB)
			require.NoError(t, err)
			salt, err := parseHex("SALT", v.Salt)
			require.NoError(t, err)
			key, err := c.key(v.UserIDForSRP, v.Password, bigB, salt)
			require.NoError(t, err)
			require.Equal(t, v.Key, hex.EncodeToString(key), "the HKDF key")

			sig, ts, err := c.PasswordClaim(v.UserIDForSRP, v.Password, v.SRPB, v.Salt, v.SecretBlock, v.Now)
			require.NoError(t, err)
			assert.Equal(t, v.Timestamp, ts, "TIMESTAMP")
			assert.Equal(t, v.Signature, sig, "PASSWORD_CLAIM_SIGNATURE")

			wrong, _, err := c.PasswordClaim(v.UserIDForSRP, v.WrongPassword, v.SRPB, v.Salt, v.SecretBlock, v.Now)
			require.NoError(t, err)
			assert.Equal(t, v.WrongPasswordSignature, wrong, "the wrong password's signature")

			parsed, err := ParseTimestamp(v.Timestamp)
			require.NoError(t, err)
			assert.True(t, parsed.Equal(v.Now.Truncate(time.Second)), "TIMESTAMP reads back as %v", parsed)
		})
	}
}

// TestServerAcceptsAmazonCognitoIdentityJS checks the server side against
// the JavaScript client: for the same b, the server sends the SRP_B the
// vector's fake service sent, accepts the claim the JavaScript client made
// with the right password and rejects the one it made with a wrong password.
func TestServerAcceptsAmazonCognitoIdentityJS(t *testing.T) {
	for _, v := range loadVectors(t).Vectors {
		t.Run("the server accepts the JavaScript client's claim and only with the right password for "+v.Name, func(t *testing.T) {
			poolName, err := PoolName(v.UserPoolID)
			require.NoError(t, err)
			ver, err := VerifierFromSalt(poolName, v.UserIDForSRP, v.Password, v.Salt)
			require.NoError(t, err)
			s, err := NewServerSession(ver, v.SRPA, bytes.NewReader(mustHex(t, v.B)))
			require.NoError(t, err)
			require.Equal(t, v.SRPB, s.SRPB(), "SRP_B")
			require.Equal(t, v.Salt, s.Salt(), "SALT")
			require.NoError(t, s.VerifyClaim(v.SecretBlock, v.Timestamp, v.Signature))
			require.ErrorIs(t, s.VerifyClaim(v.SecretBlock, v.Timestamp, v.WrongPasswordSignature), ErrClaimMismatch)
		})
	}
}

// hexShape names the padding case of a value as padHex sees it.
func hexShape(v *big.Int) string {
	h := v.Text(16)
	switch {
	case len(h)%2 == 1:
		return "an odd number of digits"
	case h[0] >= '8':
		return "the top bit set"
	}
	return "neither"
}

// TestVectorsCoverThePaddingAndClockCases checks that the vectors exercise
// every case where a port can go wrong: each value with a leading zero
// nibble, with the top bit set and with neither; a salt sent with leading
// zeros; afternoon, midnight, noon and one-digit hours; one-digit days;
// non-ASCII text; an alias whose USER_ID_FOR_SRP differs.
func TestVectorsCoverThePaddingAndClockCases(t *testing.T) {
	got := map[string]bool{}
	for _, v := range loadVectors(t).Vectors {
		num := func(s string) *big.Int {
			n, ok := new(big.Int).SetString(s, 16)
			require.True(t, ok, s)
			return n
		}
		a, b, s, u, salt := num(v.SRPA), num(v.SRPB), num(v.S), num(v.U), num(v.Salt)
		for name, val := range map[string]*big.Int{"A": a, "B": b, "S": s, "u": u, "SALT": salt} {
			got[name+" with "+hexShape(val)] = true
		}
		if a.BitLen() <= 3064 {
			got["A a whole byte shorter than N"] = true
		}
		if u.BitLen() <= 248 {
			got["u with a leading zero byte"] = true
		}
		if strings.HasPrefix(v.Salt, "0") {
			got["SALT sent with leading zeros"] = true
		}
		if strings.ToUpper(v.Salt) == v.Salt && strings.ContainsAny(v.Salt, "ABCDEF") {
			got["SALT in upper case"] = true
		}
		now := v.Now.UTC()
		switch h := now.Hour(); {
		case h >= 13:
			got["an afternoon or evening hour"] = true
		case h == 0:
			got["the midnight hour"] = true
		case h == 12:
			got["the noon hour"] = true
		case h < 10:
			got["a one-digit morning hour"] = true
		}
		if now.Day() < 10 {
			got["a one-digit day"] = true
		} else {
			got["a two-digit day"] = true
		}
		if now.Day() < 10 && now.Hour() >= 13 {
			got["an afternoon on a one-digit day"] = true
		}
		if v.Username != v.UserIDForSRP {
			got["an alias with another USER_ID_FOR_SRP"] = true
		}
		for _, r := range v.UserIDForSRP + v.Password {
			if r > 0x7f {
				got["non-ASCII text"] = true
			}
		}
		switch {
		case strings.HasSuffix(v.SecretBlock, "=="):
			got["a SECRET_BLOCK ending in =="] = true
		case strings.HasSuffix(v.SecretBlock, "="):
			got["a SECRET_BLOCK ending in ="] = true
		}
	}
	var want []string
	for _, val := range []string{"A", "B", "S", "u", "SALT"} {
		for _, shape := range []string{"an odd number of digits", "the top bit set", "neither"} {
			want = append(want, val+" with "+shape)
		}
	}
	want = append(want,
		"A a whole byte shorter than N", "u with a leading zero byte",
		"SALT sent with leading zeros", "SALT in upper case",
		"an afternoon or evening hour", "the midnight hour", "the noon hour", "a one-digit morning hour",
		"a one-digit day", "a two-digit day", "an afternoon on a one-digit day",
		"an alias with another USER_ID_FOR_SRP", "non-ASCII text",
		"a SECRET_BLOCK ending in ==", "a SECRET_BLOCK ending in =",
	)
	var missing []string
	for _, w := range want {
		if !got[w] {
			missing = append(missing, w)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "cases no vector covers")
}
