package srp

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/big"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// saltBytes is the size of the salt [NewVerifier] draws.
const saltBytes = 16

// Verifier is what a server keeps for a user instead of the password: the
// salt and v = g^x mod N, bound to a pool name and a user ID (x hashes
// both). It does not change after it is made and is safe for concurrent
// use. A verifier allows an offline guess of the password, so its printed,
// JSON and logged forms mask v and the salt.
type Verifier struct {
	poolName string
	userID   string
	saltHex  string
	v        *big.Int
}

// NewVerifier draws a 16-byte salt from random and computes the verifier of
// password for userIDForSRP (the user's actual username) in the pool named
// poolName ([PoolName]).
func NewVerifier(poolName, userIDForSRP, password string, random io.Reader) (*Verifier, error) {
	if random == nil {
		return nil, &RandomError{Err: errNilRandom}
	}
	var salt [saltBytes]byte
	if _, err := io.ReadFull(random, salt[:]); err != nil {
		return nil, &RandomError{Err: err}
	}
	return VerifierFromSalt(poolName, userIDForSRP, password, hex.EncodeToString(salt[:]))
}

// VerifierFromSalt computes the verifier of password for userIDForSRP in
// the pool named poolName with the given salt (hexadecimal, sent as SALT).
func VerifierFromSalt(poolName, userIDForSRP, password, saltHex string) (*Verifier, error) {
	if err := checkText("poolName", poolName); err != nil {
		return nil, err
	}
	if err := checkText("userIDForSRP", userIDForSRP); err != nil {
		return nil, err
	}
	if err := checkText("password", password); err != nil {
		return nil, err
	}
	salt, err := parseHex("SALT", saltHex)
	if err != nil {
		return nil, err
	}
	x := computeX(poolName, userIDForSRP, password, salt)
	v := powG(x)
	return &Verifier{poolName: poolName, userID: userIDForSRP, saltHex: saltHex, v: v}, nil
}

// PoolName returns the pool name the verifier was made for.
func (v *Verifier) PoolName() string { return v.poolName }

// UserIDForSRP returns the user ID the verifier was made for.
func (v *Verifier) UserIDForSRP() string { return v.userID }

// Salt returns the salt as SALT is sent.
func (v *Verifier) Salt() string { return v.saltHex }

func (v *Verifier) fields() []redact.Field {
	return []redact.Field{
		redact.S("PoolName", v.poolName),
		redact.S("UserIDForSRP", v.userID),
		redact.Secret("SALT", v.saltHex),
		redact.Secret("v", "set"),
	}
}

// String implements fmt.Stringer, with the salt and v masked.
func (v *Verifier) String() string { return redact.String("", v.fields()) }

// GoString implements fmt.GoStringer, with the salt and v masked.
func (v *Verifier) GoString() string { return redact.String("srp.Verifier", v.fields()) }

// Format implements fmt.Formatter, with the salt and v masked for every verb.
func (v *Verifier) Format(st fmt.State, verb rune) {
	redact.Format(st, verb, "srp.Verifier", v.fields())
}

// MarshalJSON implements json.Marshaler, with the salt and v masked.
func (v *Verifier) MarshalJSON() ([]byte, error) { return marshalFields(v.fields()) }

// LogValue implements slog.LogValuer, with the salt and v masked.
func (v *Verifier) LogValue() slog.Value { return redact.Value(v.fields()) }

// ServerSession is the server side of one SRP exchange. [NewServerSession]
// takes the client's SRP_A (from InitiateAuth), draws b and computes B (sent
// as SRP_B with [ServerSession.Salt] as SALT) and the key; b is not kept.
// [ServerSession.VerifyClaim] then checks the PASSWORD_VERIFIER answer. A
// ServerSession does not change after it is made and is safe for
// concurrent use. Its printed, JSON and logged forms mask B, the salt and
// the key.
type ServerSession struct {
	poolName string
	userID   string
	saltHex  string
	bHex     string
	key      []byte
}

// NewServerSession starts the server side of an exchange for the user of
// verifier, whose client sent srpAHex as SRP_A. An SRP_A that is malformed
// or zero modulo N is an [*InputError] (Cognito rejects it too); b is 128
// bytes from random (normally crypto/rand.Reader), read as a big-endian
// number.
func NewServerSession(verifier *Verifier, srpAHex string, random io.Reader) (*ServerSession, error) {
	if verifier == nil || verifier.v == nil {
		return nil, &InputError{Param: "verifier", Reason: "is missing"}
	}
	bigA, err := parseHex("SRP_A", srpAHex)
	if err != nil {
		return nil, err
	}
	grp := theGroup()
	aModN := new(big.Int).Mod(bigA, grp.n)
	if aModN.Sign() == 0 {
		return nil, &InputError{Param: "SRP_A", Reason: "is zero modulo N"}
	}
	b, err := readPrivate(random)
	if err != nil {
		return nil, err
	}
	// B = (k*v + g^b) mod N
	bigB := powG(b)
	kv := new(big.Int).Mul(grp.k, verifier.v)
	bigB.Add(bigB, kv)
	bigB.Mod(bigB, grp.n)
	if bigB.Sign() == 0 {
		return nil, &RandomError{}
	}
	u := computeU(bigA, bigB)
	if u.Sign() == 0 {
		return nil, &RandomError{}
	}
	// S = (A * v^u)^b mod N
	s := kv.Exp(verifier.v, u, grp.n)
	s.Mul(s, aModN)
	s.Mod(s, grp.n)
	s.Exp(s, b, grp.n)
	key, err := deriveKey(s, u)
	if err != nil {
		return nil, err
	}
	return &ServerSession{
		poolName: verifier.poolName,
		userID:   verifier.userID,
		saltHex:  verifier.saltHex,
		bHex:     bigB.Text(16),
		key:      key,
	}, nil
}

// SRPB returns B as SRP_B is sent: lowercase hexadecimal without leading
// zeros.
func (s *ServerSession) SRPB() string { return s.bHex }

// Salt returns the verifier's salt as SALT is sent.
func (s *ServerSession) Salt() string { return s.saltHex }

// UserIDForSRP returns the user ID of the exchange, sent as USER_ID_FOR_SRP
// and expected back as USERNAME.
func (s *ServerSession) UserIDForSRP() string { return s.userID }

// maxSignature bounds PASSWORD_CLAIM_SIGNATURE and TIMESTAMP before any
// decoding.
const maxSignature = 128

// VerifyClaim checks a PASSWORD_VERIFIER answer: the signature
// (PASSWORD_CLAIM_SIGNATURE, standard base64) must be the HMAC of the pool
// name, the user ID, the decoded secret block (PASSWORD_CLAIM_SECRET_BLOCK)
// and timestamp (TIMESTAMP, as sent) under the exchange's key, compared in
// constant time. A mismatch is [ErrClaimMismatch]; a malformed secret block
// or signature is an [*InputError]. VerifyClaim checks neither the form nor
// the age of timestamp ([ParseTimestamp] does), nor that the secret block
// is the one the server sent: those are the caller's policy.
func (s *ServerSession) VerifyClaim(secretBlockB64, timestamp, signatureB64 string) error {
	block, err := decodeSecretBlock(secretBlockB64)
	if err != nil {
		return err
	}
	if len(timestamp) > maxSignature {
		return &InputError{Param: "TIMESTAMP", Reason: "is too long"}
	}
	if len(signatureB64) > maxSignature {
		return &InputError{Param: "PASSWORD_CLAIM_SIGNATURE", Reason: "is too long"}
	}
	got, err := base64.StdEncoding.DecodeString(signatureB64)
	if err != nil {
		return &InputError{Param: "PASSWORD_CLAIM_SIGNATURE", Reason: "is not standard base64"}
	}
	want := signatureOf(s.key, s.poolName, s.userID, block, timestamp)
	if !hmac.Equal(got, want) {
		return ErrClaimMismatch
	}
	return nil
}

func (s *ServerSession) fields() []redact.Field {
	return []redact.Field{
		redact.S("PoolName", s.poolName),
		redact.S("UserIDForSRP", s.userID),
		redact.Secret("SRP_B", s.bHex),
		redact.Secret("SALT", s.saltHex),
		redact.Secret("key", "set"),
	}
}

// String implements fmt.Stringer, with B, the salt and the key masked.
func (s *ServerSession) String() string { return redact.String("", s.fields()) }

// GoString implements fmt.GoStringer, with B, the salt and the key masked.
func (s *ServerSession) GoString() string { return redact.String("srp.ServerSession", s.fields()) }

// Format implements fmt.Formatter, with B, the salt and the key masked for
// every verb.
func (s *ServerSession) Format(st fmt.State, verb rune) {
	redact.Format(st, verb, "srp.ServerSession", s.fields())
}

// MarshalJSON implements json.Marshaler, with B, the salt and the key
// masked.
func (s *ServerSession) MarshalJSON() ([]byte, error) { return marshalFields(s.fields()) }

// LogValue implements slog.LogValuer, with B, the salt and the key masked.
func (s *ServerSession) LogValue() slog.Value { return redact.Value(s.fields()) }
