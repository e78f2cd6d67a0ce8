package bench

import (
	"crypto/rand"
	"encoding/base64"
	"testing"
	"time"

	cognitosrp "github.com/alexrudd/cognito-srp/v4"

	"github.com/cognitokit/cognitopassword/internal/srp"
)

// The SRP client computation: everything a client does between deciding to
// sign in and sending PASSWORD_VERIFIER, without the network: draw a and
// compute A, then from the challenge compute u, x, S, the key and the
// signature. "ours" is internal/srp (NewClient + PasswordClaim), "alexrudd"
// is github.com/alexrudd/cognito-srp/v4 v4.1.0 (NewCognitoSRP +
// PasswordVerifierChallenge), the most used Go SRP package for Cognito.
// Both read crypto/rand for a and get the same challenge.

const (
	srpPoolID   = "us-east-1_AbC123dEf"
	srpPool     = "AbC123dEf"
	srpUser     = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	srpPassword = "Correct-Horse-Battery-7"
	srpClientID = "1example23456789abcdefghij"
)

// srpChallenge is a PASSWORD_VERIFIER challenge from our server side for
// the user above, for a client whose A is srpA.
type srpChallenge struct {
	session *srp.ServerSession
	params  map[string]string
}

func newSRPChallenge(tb testing.TB, srpA string) srpChallenge {
	tb.Helper()
	v, err := srp.NewVerifier(srpPool, srpUser, srpPassword, rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := srp.NewServerSession(v, srpA, rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	block := make([]byte, 1100) // about the size of Cognito's
	if _, err := rand.Read(block); err != nil {
		tb.Fatal(err)
	}
	return srpChallenge{session: s, params: map[string]string{
		"USERNAME":        srpUser,
		"USER_ID_FOR_SRP": srpUser,
		"SRP_B":           s.SRPB(),
		"SALT":            s.Salt(),
		"SECRET_BLOCK":    base64.StdEncoding.EncodeToString(block),
	}}
}

// srpOurs and srpAlexrudd are one client computation each.
func srpOurs(c srpChallenge, now time.Time) (srpA, signature, timestamp string, err error) {
	cl, err := srp.NewClient(srpPool, rand.Reader)
	if err != nil {
		return "", "", "", err
	}
	p := c.params
	signature, timestamp, err = cl.PasswordClaim(p["USER_ID_FOR_SRP"], srpPassword, p["SRP_B"], p["SALT"], p["SECRET_BLOCK"], now)
	return cl.SRPA(), signature, timestamp, err
}

func srpAlexrudd(c srpChallenge, now time.Time) (srpA, signature, timestamp string, err error) {
	cl, err := cognitosrp.NewCognitoSRP(srpUser, srpPassword, srpPoolID, srpClientID, nil)
	if err != nil {
		return "", "", "", err
	}
	resp, err := cl.PasswordVerifierChallenge(c.params, now)
	if err != nil {
		return "", "", "", err
	}
	return cl.GetAuthParams()["SRP_A"], resp["PASSWORD_CLAIM_SIGNATURE"], resp["TIMESTAMP"], nil
}

// BenchmarkSRP measures the client computation, ours and alexrudd's side by
// side in one run.
func BenchmarkSRP(b *testing.B) {
	// B and the salt do not depend on A for the client's work; one
	// challenge serves every iteration.
	c := newSRPChallenge(b, "2")
	now := time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC)
	b.Run("ours", func(b *testing.B) {
		loop(b, func() error { _, _, _, err := srpOurs(c, now); return err })
	})
	b.Run("alexrudd", func(b *testing.B) {
		loop(b, func() error { _, _, _, err := srpAlexrudd(c, now); return err })
	})
}
