package cognitotest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cognitokit/cognitopassword/internal/srp"
)

// Validity periods Cognito uses.
const (
	// ResetCodeValidity is how long a ForgotPassword or
	// AdminResetUserPassword code stays valid.
	ResetCodeValidity = time.Hour
	// SignUpCodeValidity is how long a sign-up confirmation code sent by
	// ResendConfirmationCode stays valid.
	SignUpCodeValidity = 24 * time.Hour
	// DefaultAccessTokenValidity is the default lifetime of access and ID
	// tokens.
	DefaultAccessTokenValidity = time.Hour
	// DefaultRefreshTokenValidity is the default lifetime of refresh tokens.
	DefaultRefreshTokenValidity = 30 * 24 * time.Hour
	// AuthSessionValidity is how long the Session of a NEW_PASSWORD_REQUIRED
	// challenge stays valid.
	AuthSessionValidity = 3 * time.Minute
	// maxHistory is Cognito's largest PasswordHistorySize.
	maxHistory = 24
)

type poolState struct {
	id           string
	name         string
	created      time.Time
	policy       PasswordPolicy
	recovery     []RecoveryOption // nil: Cognito's legacy order, phone before email
	tempValidity time.Duration
	historySize  int
	required     []string // required attributes, sorted
	limits       Limits
	users        map[string]*userState
}

type clientState struct {
	id               string
	secret           string
	name             string
	poolID           string
	preventExistence bool
	tokenValidity    time.Duration
	refreshValidity  time.Duration
	flows            []ExplicitAuthFlow
	created          time.Time
}

// pendingCode is a code waiting to be confirmed.
type pendingCode struct {
	code     string
	expires  time.Time
	failures int
	attr     string // the attribute the code was sent to
}

type userState struct {
	username    string
	attrs       map[string]string
	status      string
	enabled     bool
	password    []byte        // keyed hash of the current password; nil when none
	verifier    *srp.Verifier // SRP salt and verifier of the current password; nil when none
	tempExpires time.Time
	history     [][]byte // hashes of the latest passwords, newest first, current included
	created     time.Time
	modified    time.Time
	resetCode   *pendingCode
	signUpCode  *pendingCode
	codeSends   []time.Time // times of recent code messages, for Limits.CodeRequests
	pwFailures  int
	lockedUntil time.Time
}

type tokenState struct {
	poolID   string
	username string
	expires  time.Time
	revoked  bool
}

// sessionState is a challenge in progress: NEW_PASSWORD_REQUIRED, keyed
// by its Session, or PASSWORD_VERIFIER, keyed by its SECRET_BLOCK.
type sessionState struct {
	clientID  string
	username  string
	challenge string
	expires   time.Time
	srp       *srpState // PASSWORD_VERIFIER only
}

// refreshState is a refresh token the server issued.
type refreshState struct {
	poolID   string
	clientID string
	username string
	sub      string // the user it was issued to, even if the name is reused
	expires  time.Time
	revoked  bool
}

// call is one request being handled.
type call struct {
	now  time.Time
	body []byte
}

// hashPassword returns a keyed hash of a user's password, so that the
// server never keeps passwords in the clear.
func (s *Server) hashPassword(username, password string) []byte {
	m := hmac.New(sha256.New, s.hashKey)
	m.Write([]byte(username))
	m.Write([]byte{0})
	m.Write([]byte(password))
	return m.Sum(nil)
}

// setPassword makes password the user's current one and records it in
// the history. It keeps a keyed hash of the password for the operations
// that receive it, and the SRP salt and verifier for USER_SRP_AUTH; never
// the password itself.
func (s *Server) setPassword(p *poolState, u *userState, password string, now time.Time) {
	h := s.hashPassword(u.username, password)
	u.password = h
	u.verifier = newVerifier(p, u.username, password)
	u.modified = now
	u.history = append([][]byte{h}, u.history...)
	if len(u.history) > maxHistory {
		u.history = u.history[:maxHistory]
	}
}

// setPermanentPassword sets a password the user chose, or an admin set as
// permanent: the user is CONFIRMED and no temporary password expires.
func (s *Server) setPermanentPassword(p *poolState, u *userState, password string, now time.Time) {
	s.setPassword(p, u, password, now)
	u.status = StatusConfirmed
	u.tempExpires = time.Time{}
}

// inHistory reports whether password is one of the pool's
// PasswordHistorySize latest passwords of the user, the current one
// included.
func (s *Server) inHistory(p *poolState, u *userState, password string) bool {
	if p.historySize <= 0 {
		return false
	}
	h := s.hashPassword(u.username, password)
	for i, old := range u.history {
		if i >= p.historySize {
			break
		}
		if hmac.Equal(old, h) {
			return true
		}
	}
	return false
}

// passwordMatches reports whether password is the user's current one.
func (s *Server) passwordMatches(u *userState, password string) bool {
	return u.password != nil && hmac.Equal(u.password, s.hashPassword(u.username, password))
}

// checkNewPassword applies the pool's policy and history to a password a
// user or an administrator wants to set. prefix is the start of the
// InvalidPasswordException message, which differs between operations.
func (s *Server) checkNewPassword(p *poolState, u *userState, password, prefix string) *apiError {
	if reason := p.policy.violation(password); reason != "" {
		return newAPIError("InvalidPasswordException", prefix+reason)
	}
	if u != nil && s.inHistory(p, u, password) {
		return newAPIError("PasswordHistoryPolicyViolationException",
			"The password must not match any of the user's "+itoa(p.historySize)+" previous passwords.")
	}
	return nil
}

// Prefixes of InvalidPasswordException messages.
const (
	policyPrefixUser  = "Password did not conform with policy: "
	policyPrefixAdmin = "Password does not conform to policy: "
)

// symbols are the special characters Cognito's password policy counts.
const symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// violation returns the first rule of the policy that password breaks, in
// Cognito's words, or "".
func (pp PasswordPolicy) violation(password string) string {
	if utf8.RuneCountInString(password) < pp.MinimumLength {
		return "Password not long enough"
	}
	var upper, lower, number, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case r >= '0' && r <= '9':
			number = true
		case strings.ContainsRune(symbols, r):
			symbol = true
		}
	}
	switch {
	case pp.RequireLowercase && !lower:
		return "Password must have lowercase characters"
	case pp.RequireUppercase && !upper:
		return "Password must have uppercase characters"
	case pp.RequireNumbers && !number:
		return "Password must have numeric characters"
	case pp.RequireSymbols && !symbol:
		return "Password must have symbol characters"
	}
	return ""
}

// route is where a code message goes.
type route struct {
	medium string // "EMAIL" or "SMS"
	attr   string // "email" or "phone_number"
	dest   string
}

// recoveryRoute picks the destination of a password-reset code from the
// pool's account recovery setting: the first mechanism, in priority order,
// whose attribute the user has verified. adminOnly is set when the pool
// allows only administrators to reset passwords.
func (p *poolState) recoveryRoute(u *userState) (r route, adminOnly, ok bool) {
	order := p.recovery
	if len(order) == 0 {
		order = []RecoveryOption{RecoveryVerifiedPhone, RecoveryVerifiedEmail}
	}
	for _, o := range order {
		switch o {
		case RecoveryAdminOnly:
			return route{}, true, false
		case RecoveryVerifiedEmail:
			if u.attrs["email"] != "" && u.attrs["email_verified"] == "true" {
				return route{"EMAIL", "email", u.attrs["email"]}, false, true
			}
		case RecoveryVerifiedPhone:
			if u.attrs["phone_number"] != "" && u.attrs["phone_number_verified"] == "true" {
				return route{"SMS", "phone_number", u.attrs["phone_number"]}, false, true
			}
		}
	}
	return route{}, false, false
}

// signUpRoute picks the destination of a sign-up confirmation code: the
// email address if the user has one, else the phone number.
func signUpRoute(u *userState) (route, bool) {
	if e := u.attrs["email"]; e != "" {
		return route{"EMAIL", "email", e}, true
	}
	if ph := u.attrs["phone_number"]; ph != "" {
		return route{"SMS", "phone_number", ph}, true
	}
	return route{}, false
}

// codeDelivery is the CodeDeliveryDetails member of a response.
type codeDelivery struct {
	Destination    string `json:"Destination"`
	DeliveryMedium string `json:"DeliveryMedium"`
	AttributeName  string `json:"AttributeName"`
}

func (r route) details() codeDelivery {
	return codeDelivery{Destination: mask(r.attr, r.dest), DeliveryMedium: r.medium, AttributeName: r.attr}
}

// mask hides a destination the way Cognito does: "a***@e***" for an email
// address and "+*******1234" for a phone number.
func mask(attr, dest string) string {
	if attr == "phone_number" {
		digits := strings.TrimPrefix(dest, "+")
		if len(digits) <= 4 {
			return "+" + digits
		}
		return "+" + strings.Repeat("*", len(digits)-4) + digits[len(digits)-4:]
	}
	local, domain, ok := strings.Cut(dest, "@")
	if !ok || local == "" || domain == "" {
		return firstRune(dest) + "***"
	}
	return firstRune(local) + "***@" + firstRune(domain) + "***"
}

func firstRune(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return ""
	}
	return string(r)
}

// simulatedDelivery is the plausible CodeDeliveryDetails returned for a
// user that does not exist when PreventUserExistenceErrors is enabled. It
// depends only on the username and the pool, so repeated calls agree.
func simulatedDelivery(p *poolState, username string) codeDelivery {
	if strings.Contains(username, "@") {
		return codeDelivery{Destination: mask("email", username), DeliveryMedium: "EMAIL", AttributeName: "email"}
	}
	sum := sha256.Sum256([]byte(p.id + "\x00" + username))
	phoneFirst := len(p.recovery) == 0 || p.recovery[0] == RecoveryVerifiedPhone
	if strings.HasPrefix(username, "+") || phoneFirst {
		last4 := ""
		for _, b := range sum[:4] {
			last4 += string(rune('0' + b%10))
		}
		return codeDelivery{Destination: "+*******" + last4, DeliveryMedium: "SMS", AttributeName: "phone_number"}
	}
	return codeDelivery{
		Destination:    firstRune(username) + "***@" + string(rune('a'+sum[0]%26)) + "***",
		DeliveryMedium: "EMAIL", AttributeName: "email",
	}
}

// allowCodeSend applies Limits.CodeRequests and records a send.
func (p *poolState) allowCodeSend(u *userState, now time.Time) bool {
	if p.limits.CodeRequests < 0 {
		return true
	}
	cutoff := now.Add(-p.limits.CodeRequestWindow)
	kept := u.codeSends[:0]
	for _, t := range u.codeSends {
		if t.After(cutoff) {
			kept = append(kept, t)
		}
	}
	u.codeSends = kept
	if len(u.codeSends) >= p.limits.CodeRequests {
		return false
	}
	u.codeSends = append(u.codeSends, now)
	return true
}

// locked reports whether the user is locked out after too many wrong
// passwords.
func (u *userState) locked(now time.Time) bool { return now.Before(u.lockedUntil) }

// passwordFailed counts a wrong password and locks the user when
// Limits.PasswordAttempts is reached.
func (p *poolState) passwordFailed(u *userState, now time.Time) {
	if p.limits.PasswordAttempts < 0 {
		return
	}
	u.pwFailures++
	if u.pwFailures >= p.limits.PasswordAttempts {
		u.pwFailures = 0
		u.lockedUntil = now.Add(p.limits.Lockout)
	}
}

// checkCode checks a code against a pending one, counting failures; an
// expired code is dropped. The caller clears the code once its operation
// succeeds (a refused new password leaves it usable).
func (p *poolState) checkCode(pc **pendingCode, code string, now time.Time) *apiError {
	c := *pc
	if c == nil || !now.Before(c.expires) {
		*pc = nil
		return errExpiredCode()
	}
	if p.limits.CodeAttempts >= 0 && c.failures >= p.limits.CodeAttempts {
		return errTooManyFailedAttempts()
	}
	if !hmac.Equal([]byte(c.code), []byte(code)) {
		c.failures++
		return errCodeMismatch()
	}
	return nil
}

// newCode returns a random six-digit code.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic("cognitotest: crypto/rand failed: " + err.Error())
	}
	s := n.String()
	return strings.Repeat("0", 6-len(s)) + s
}

const (
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString returns n characters drawn uniformly from alphabet.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("cognitotest: crypto/rand failed: " + err.Error())
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("cognitotest: crypto/rand failed: " + err.Error())
	}
	return b
}

// randomPassword returns a temporary password that meets any policy.
func randomPassword() string {
	return "Tmp-" + randomString(alnum, 12) + "aA1!"
}

// SecretHash returns the SECRET_HASH of username for an app client with a
// secret: Base64(HMAC-SHA256(key=clientSecret, message=username+clientID)).
// Its arguments are in the order of secrethash.Compute; it is written
// separately, so that a test of one against the other can fail.
func SecretHash(username, clientID, clientSecret string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// checkSecretHash applies the app client's secret to a client-facing
// request.
func checkSecretHash(c *clientState, username, hash string) *apiError {
	if c.secret == "" {
		if hash != "" {
			return errNotAuthorized("Unable to verify secret hash for client " + c.id)
		}
		return nil
	}
	if hash == "" {
		return errNotAuthorized("Client " + c.id + " is configured for secret but secret was not received")
	}
	if !hmac.Equal([]byte(hash), []byte(SecretHash(username, c.id, c.secret))) {
		return errNotAuthorized("Unable to verify secret hash for client " + c.id)
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
