package srp

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"time"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// Client is the client side of one SRP exchange: it holds the private value
// a and A = g^a mod N. Make one per sign-in with [NewClient], send [Client.SRPA]
// as SRP_A in InitiateAuth, and answer the PASSWORD_VERIFIER challenge with
// [Client.PasswordClaim]. A Client does not change after [NewClient] and is
// safe for concurrent use. Its printed, JSON and logged forms mask a and A.
type Client struct {
	poolName string
	a        *big.Int
	bigA     *big.Int
	aHex     string
}

// NewClient draws a from random (128 bytes, read as a big-endian number, as
// amazon-cognito-identity-js does) and computes A. poolName is the part of
// the user pool ID after the underscore ([PoolName]). random is normally
// crypto/rand.Reader; a failing source or one that gives zeros is a
// [*RandomError].
func NewClient(poolName string, random io.Reader) (*Client, error) {
	if err := checkText("poolName", poolName); err != nil {
		return nil, err
	}
	a, err := readPrivate(random)
	if err != nil {
		return nil, err
	}
	bigA := powG(a)
	if bigA.Sign() == 0 { // g^a mod a prime is never 0; checked as the JavaScript client does
		return nil, &RandomError{}
	}
	return &Client{poolName: poolName, a: a, bigA: bigA, aHex: bigA.Text(16)}, nil
}

// readPrivate reads a private value (a or b) from random.
func readPrivate(random io.Reader) (*big.Int, error) {
	if random == nil {
		return nil, &RandomError{Err: errNilRandom}
	}
	var buf [randomBytes]byte
	if _, err := io.ReadFull(random, buf[:]); err != nil {
		return nil, &RandomError{Err: err}
	}
	v := new(big.Int).SetBytes(buf[:])
	clear(buf[:])
	if v.Sign() == 0 {
		return nil, &RandomError{}
	}
	return v, nil
}

var errNilRandom = errors.New("no random source")

// SRPA returns A as SRP_A is sent: lowercase hexadecimal without leading
// zeros, as the JavaScript client's BigInteger.toString(16) writes it.
func (c *Client) SRPA() string { return c.aHex }

// PasswordClaim answers the PASSWORD_VERIFIER challenge. userIDForSRP,
// srpBHex, saltHex and secretBlockB64 are the challenge parameters
// USER_ID_FOR_SRP, SRP_B, SALT and SECRET_BLOCK; password is the user's
// password; now is the signing time. It returns PASSWORD_CLAIM_SIGNATURE
// (standard base64) and TIMESTAMP ([Timestamp] of now), to be sent with
// USERNAME = userIDForSRP and PASSWORD_CLAIM_SECRET_BLOCK = secretBlockB64.
//
// A malformed parameter, B mod N = 0 or u = 0 (either would let a hostile
// server learn the key) is an [*InputError] naming the parameter; the
// error never holds a value.
func (c *Client) PasswordClaim(userIDForSRP, password, srpBHex, saltHex, secretBlockB64 string, now time.Time) (signature, timestamp string, err error) {
	if err := checkText("userIDForSRP", userIDForSRP); err != nil {
		return "", "", err
	}
	if err := checkText("password", password); err != nil {
		return "", "", err
	}
	bigB, err := parseHex("SRP_B", srpBHex)
	if err != nil {
		return "", "", err
	}
	salt, err := parseHex("SALT", saltHex)
	if err != nil {
		return "", "", err
	}
	block, err := decodeSecretBlock(secretBlockB64)
	if err != nil {
		return "", "", err
	}
	key, err := c.key(userIDForSRP, password, bigB, salt)
	if err != nil {
		return "", "", err
	}
	timestamp = Timestamp(now)
	sig := signatureOf(key, c.poolName, userIDForSRP, block, timestamp)
	clear(key)
	return base64.StdEncoding.EncodeToString(sig), timestamp, nil
}

// key computes the client's derived key.
func (c *Client) key(userID, password string, bigB, salt *big.Int) ([]byte, error) {
	grp := theGroup()
	if new(big.Int).Mod(bigB, grp.n).Sign() == 0 {
		return nil, &InputError{Param: "SRP_B", Reason: "is zero modulo N"}
	}
	u := computeU(c.bigA, bigB)
	if u.Sign() == 0 {
		return nil, &InputError{Param: "SRP_B", Reason: "gives u = 0"}
	}
	x := computeX(c.poolName, userID, password, salt)
	// base = (B - k*g^x) mod N, in [0, N).
	gx := powG(x)
	base := gx.Mul(gx, grp.k)
	base.Sub(bigB, base)
	base.Mod(base, grp.n)
	// exp = a + u*x
	exp := new(big.Int).Mul(u, x)
	exp.Add(exp, c.a)
	s := base.Exp(base, exp, grp.n)
	return deriveKey(s, u)
}

// fields is the redacted view of c.
func (c *Client) fields() []redact.Field {
	return []redact.Field{redact.S("PoolName", c.poolName), redact.Secret("SRP_A", c.aHex), redact.Secret("a", "set")}
}

// String implements fmt.Stringer, with a and A masked.
func (c *Client) String() string { return redact.String("", c.fields()) }

// GoString implements fmt.GoStringer, with a and A masked.
func (c *Client) GoString() string { return redact.String("srp.Client", c.fields()) }

// Format implements fmt.Formatter, with a and A masked for every verb.
func (c *Client) Format(st fmt.State, verb rune) { redact.Format(st, verb, "srp.Client", c.fields()) }

// MarshalJSON implements json.Marshaler, with a and A masked.
func (c *Client) MarshalJSON() ([]byte, error) { return marshalFields(c.fields()) }

// LogValue implements slog.LogValuer, with a and A masked.
func (c *Client) LogValue() slog.Value { return redact.Value(c.fields()) }
