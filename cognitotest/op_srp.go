package cognitotest

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/cognitokit/cognitopassword/internal/srp"
)

// srpState is the server side of a USER_SRP_AUTH exchange, kept under its
// SECRET_BLOCK until the PASSWORD_VERIFIER answer. b is not kept; the
// session holds B and the key.
type srpState struct {
	session *srp.ServerSession
	// known is false for a user that does not exist, answered with a
	// challenge under PreventUserExistenceErrors: the answer always fails.
	known bool
}

// newVerifier computes the SRP salt and verifier of a password for
// USER_SRP_AUTH, or nil when the pool id has no SRP pool name or the
// password cannot be used (SRP sign-in then fails as a wrong password).
func newVerifier(p *poolState, username, password string) *srp.Verifier {
	name, err := srp.PoolName(p.id)
	if err != nil {
		return nil
	}
	v, err := srp.NewVerifier(name, username, password, rand.Reader)
	if err != nil {
		return nil
	}
	return v
}

// msgTimestampFormat is Cognito's answer to a TIMESTAMP it cannot read.
const msgTimestampFormat = "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."

// srpAuth starts USER_SRP_AUTH: it answers the PASSWORD_VERIFIER challenge
// with SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP and USERNAME. The
// SECRET_BLOCK is random and keys the exchange on the server.
func (s *Server) srpAuth(c *call, p *poolState, client *clientState, params map[string]string) (any, *apiError) {
	username, srpA := params["USERNAME"], params["SRP_A"]
	if username == "" {
		return nil, errInvalidParameter("Missing required parameter USERNAME")
	}
	if srpA == "" {
		return nil, errInvalidParameter("Missing required parameter SRP_A")
	}
	if e := checkSecretHash(client, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u := p.users[username]
	var verifier *srp.Verifier
	switch {
	case u == nil && !client.preventExistence:
		return nil, errUserNotFound("User does not exist.")
	case u != nil:
		if e := u.canSignIn(c.now); e != nil {
			return nil, e
		}
		verifier = u.verifier
	}
	if verifier == nil {
		// A user without a usable password, or one hidden by
		// PreventUserExistenceErrors, gets a challenge that no answer
		// passes, so that it looks like any other.
		verifier = newVerifier(p, username, randomPassword())
		if verifier == nil {
			return nil, errInvalidParameter("cognitotest: USER_SRP_AUTH needs a user pool id of the form <region>_<name>")
		}
	}
	session, err := srp.NewServerSession(verifier, srpA, rand.Reader)
	if err != nil {
		var bad *srp.InputError
		if errors.As(err, &bad) {
			return nil, errInvalidParameter(strings.TrimPrefix(err.Error(), "srp: "))
		}
		return nil, newAPIError("InternalErrorException", "cognitotest: the SRP computation failed")
	}
	block := base64.StdEncoding.EncodeToString(randomBytes(64))
	s.pruneTokens(c.now)
	s.sessions[block] = &sessionState{clientID: client.id, username: username, challenge: challengePasswordVerifier,
		expires: c.now.Add(AuthSessionValidity), srp: &srpState{session: session, known: u != nil && u.verifier != nil}}
	return authOutput{
		ChallengeName: challengePasswordVerifier,
		ChallengeParameters: map[string]string{
			"SALT":            session.Salt(),
			"SRP_B":           session.SRPB(),
			"SECRET_BLOCK":    block,
			"USER_ID_FOR_SRP": username,
			"USERNAME":        username,
		},
	}, nil
}

// answerPasswordVerifier checks a PASSWORD_VERIFIER answer: the secret
// block must be one the server issued to this client in the last three
// minutes (each is used once), USERNAME its USER_ID_FOR_SRP, TIMESTAMP
// readable and within the server's skew of its clock, and
// PASSWORD_CLAIM_SIGNATURE the HMAC that only the password's holder can
// compute. Cognito reads TIMESTAMP leniently and checks the signature over
// its own rendering of the time, so a zero-padded day or a wrong weekday
// fails as a wrong password; so it is here.
func (s *Server) answerPasswordVerifier(c *call, p *poolState, client *clientState, responses map[string]string) (any, *apiError) {
	for _, k := range []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
		if responses[k] == "" {
			return nil, errInvalidParameter("Missing required parameter " + k)
		}
	}
	username, block := responses["USERNAME"], responses["PASSWORD_CLAIM_SECRET_BLOCK"]
	if e := checkSecretHash(client, username, responses["SECRET_HASH"]); e != nil {
		return nil, e
	}
	ts, err := time.Parse("Mon Jan 2 15:04:05 UTC 2006", responses["TIMESTAMP"])
	if err != nil {
		return nil, errInvalidParameter(msgTimestampFormat)
	}
	sess, ok := s.sessions[block]
	if !ok || sess.srp == nil || sess.clientID != client.id || !c.now.Before(sess.expires) || sess.username != username {
		return nil, errIncorrectPassword()
	}
	delete(s.sessions, block) // one answer per challenge
	u := p.users[username]
	if u == nil || !sess.srp.known {
		return nil, errIncorrectPassword()
	}
	if e := u.canSignIn(c.now); e != nil {
		return nil, e
	}
	if s.cfg.maxSkew > 0 && (ts.Before(c.now.Add(-s.cfg.maxSkew)) || ts.After(c.now.Add(s.cfg.maxSkew))) {
		return nil, errIncorrectPassword() // a clock problem, not a guess: not counted
	}
	if err := sess.srp.session.VerifyClaim(block, srp.Timestamp(ts), responses["PASSWORD_CLAIM_SIGNATURE"]); err != nil {
		p.passwordFailed(u, c.now)
		return nil, errIncorrectPassword()
	}
	u.pwFailures = 0
	return s.signedIn(p, client, u, c.now)
}
