package cognitotest

import "time"

// Messages of Cognito's recovery errors.
const (
	msgNoVerifiedContact = "Cannot reset password for the user as there is no registered/verified email or phone_number"
	msgCannotReset       = "User password cannot be reset in the current state."
	msgAdminOnly         = "Contact administrator to reset password."
	msgUserClientUnknown = "Username/client id combination not found."
	msgUserDisabled      = "User is disabled."
)

type codeDeliveryOutput struct {
	CodeDeliveryDetails codeDelivery `json:"CodeDeliveryDetails"`
}

// codeRequestInput is the input of ForgotPassword and
// ResendConfirmationCode.
type codeRequestInput struct {
	ClientId       string
	SecretHash     string
	Username       string
	ClientMetadata map[string]string
}

// codeRequest decodes and checks a ForgotPassword or ResendConfirmationCode
// request and finds its user. hidden reports a user that does not exist or
// is disabled, which PreventUserExistenceErrors hides behind
// [simulatedOutput].
func (s *Server) codeRequest(c *call) (in codeRequestInput, p *poolState, client *clientState, u *userState, hidden bool, e *apiError) {
	if e = decode(c, &in); e != nil {
		return
	}
	var v validator
	v.clientID(in.ClientId)
	v.username("username", in.Username)
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return in, nil, nil, nil, false, v.err
	}
	p, client, u, hidden, e = s.clientUser(in.ClientId, in.Username, in.SecretHash)
	return
}

// simulatedOutput is the answer of ForgotPassword and
// ResendConfirmationCode that hides a user under PreventUserExistenceErrors.
func simulatedOutput(p *poolState, username string) codeDeliveryOutput {
	return codeDeliveryOutput{simulatedDelivery(p, username)}
}

// clientUser finds the app client and the user that a code request or a
// code confirmation names, once its SECRET_HASH is checked. A user that
// does not exist or is disabled is an error, unless the client has
// PreventUserExistenceErrors: then hidden is set, e is nil, and the caller
// answers as Cognito does to hide it.
func (s *Server) clientUser(clientID, username, secretHash string) (p *poolState, client *clientState, u *userState, hidden bool, e *apiError) {
	if p, client, e = s.appClient(clientID); e != nil {
		return
	}
	if e = checkSecretHash(client, username, secretHash); e != nil {
		return
	}
	u = p.users[username]
	if u == nil || !u.enabled {
		switch {
		case client.preventExistence:
			hidden = true
		case u == nil:
			e = errUserNotFound(msgUserClientUnknown)
		default:
			e = errNotAuthorized(msgUserDisabled)
		}
	}
	return
}

// forgotPassword sends a password-reset code by the pool's account
// recovery route.
func (s *Server) forgotPassword(c *call) (any, *apiError) {
	in, p, client, u, hidden, e := s.codeRequest(c)
	if hidden {
		return simulatedOutput(p, in.Username), nil
	}
	if e != nil {
		return nil, e
	}
	if u.status == StatusForceChangePassword {
		return nil, errNotAuthorized(msgCannotReset)
	}
	r, adminOnly, ok := p.recoveryRoute(u)
	if adminOnly {
		return nil, errNotAuthorized(msgAdminOnly)
	}
	if !ok {
		if client.preventExistence {
			return simulatedOutput(p, in.Username), nil
		}
		return nil, errInvalidParameter(msgNoVerifiedContact)
	}
	if !p.allowCodeSend(u, c.now) {
		return nil, errLimitExceeded()
	}
	u.resetCode = s.sendCode(p, u, r, client.id, "CustomMessage_ForgotPassword", in.ClientMetadata, c.now, ResetCodeValidity)
	return codeDeliveryOutput{r.details()}, nil
}

// sendCode puts a new code for u in the outbox and returns it, pending for
// validity, for the caller to store as the user's reset or sign-up code.
func (s *Server) sendCode(p *poolState, u *userState, r route, clientID, trigger string, meta map[string]string, now time.Time, validity time.Duration) *pendingCode {
	code := newCode()
	s.sendMessage(Message{
		PoolID: p.id, ClientID: clientID, Username: u.username, Trigger: trigger,
		Medium: r.medium, AttributeName: r.attr, Destination: r.dest, Code: code,
		ClientMetadata: copyMap(meta), Time: now,
	})
	return &pendingCode{code: code, expires: now.Add(validity), attr: r.attr}
}

type confirmForgotPasswordInput struct {
	ClientId         string
	SecretHash       string
	Username         string
	ConfirmationCode string
	Password         string
	ClientMetadata   map[string]string
}

// confirmForgotPassword sets a new password with a reset code.
func (s *Server) confirmForgotPassword(c *call) (any, *apiError) {
	var in confirmForgotPasswordInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.clientID(in.ClientId)
	v.username("username", in.Username)
	v.confirmationCode(in.ConfirmationCode)
	v.password("password", in.Password)
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return nil, v.err
	}
	p, _, u, hidden, e := s.clientUser(in.ClientId, in.Username, in.SecretHash)
	if hidden {
		return nil, errCodeMismatch()
	}
	if e != nil {
		return nil, e
	}
	if e := p.checkCode(&u.resetCode, in.ConfirmationCode, c.now); e != nil {
		return nil, e
	}
	if e := s.checkNewPassword(p, u, in.Password, policyPrefixUser); e != nil {
		return nil, e
	}
	u.resetCode = nil
	s.setPermanentPassword(p, u, in.Password, c.now)
	u.pwFailures, u.lockedUntil = 0, time.Time{}
	return empty{}, nil
}

type adminResetUserPasswordInput struct {
	UserPoolId     string
	Username       string
	ClientMetadata map[string]string
}

// adminResetUserPassword puts the user in RESET_REQUIRED and sends a reset
// code by the account recovery route.
func (s *Server) adminResetUserPassword(c *call) (any, *apiError) {
	var in adminResetUserPasswordInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.username("username", in.Username)
	if v.err != nil {
		return nil, v.err
	}
	p, u, e := s.adminUser(in.UserPoolId, in.Username)
	if e != nil {
		return nil, e
	}
	r, adminOnly, ok := p.recoveryRoute(u)
	if !ok && !adminOnly {
		return nil, errInvalidParameter(msgNoVerifiedContact)
	}
	if ok && !p.allowCodeSend(u, c.now) {
		return nil, errLimitExceeded()
	}
	u.status = StatusResetRequired
	u.password, u.verifier = nil, nil // The current password no longer signs in.
	u.tempExpires = time.Time{}
	u.modified = c.now
	u.resetCode = nil
	if ok {
		u.resetCode = s.sendCode(p, u, r, "", "CustomMessage_ForgotPassword", in.ClientMetadata, c.now, ResetCodeValidity)
	}
	return empty{}, nil
}

// resendConfirmationCode sends a new sign-up confirmation code to an
// UNCONFIRMED user.
func (s *Server) resendConfirmationCode(c *call) (any, *apiError) {
	in, p, client, u, hidden, e := s.codeRequest(c)
	if hidden {
		return simulatedOutput(p, in.Username), nil
	}
	if e != nil {
		return nil, e
	}
	if u.status != StatusUnconfirmed {
		return nil, errInvalidParameter("User is already confirmed.")
	}
	r, ok := signUpRoute(u)
	if !ok {
		return nil, errInvalidParameter("Cannot resend codes. Auto verification not turned on.")
	}
	if !p.allowCodeSend(u, c.now) {
		return nil, errLimitExceeded()
	}
	u.signUpCode = s.sendCode(p, u, r, client.id, "CustomMessage_ResendCode", in.ClientMetadata, c.now, SignUpCodeValidity)
	return codeDeliveryOutput{r.details()}, nil
}

type confirmSignUpInput struct {
	ClientId         string
	SecretHash       string
	Username         string
	ConfirmationCode string
}

// confirmSignUp confirms an UNCONFIRMED user with the code that
// ResendConfirmationCode sent, and marks the attribute it went to as
// verified.
func (s *Server) confirmSignUp(c *call) (any, *apiError) {
	var in confirmSignUpInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.clientID(in.ClientId)
	v.username("username", in.Username)
	v.confirmationCode(in.ConfirmationCode)
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return nil, v.err
	}
	p, _, u, hidden, e := s.clientUser(in.ClientId, in.Username, in.SecretHash)
	if hidden {
		return nil, errCodeMismatch()
	}
	if e != nil {
		return nil, e
	}
	if u.status != StatusUnconfirmed {
		return nil, errNotAuthorized("User cannot be confirmed. Current status is " + u.status)
	}
	if e := p.checkCode(&u.signUpCode, in.ConfirmationCode, c.now); e != nil {
		return nil, e
	}
	attr := u.signUpCode.attr
	u.signUpCode = nil
	u.status = StatusConfirmed
	u.modified = c.now
	if attr != "" {
		u.attrs[attr+"_verified"] = "true"
	}
	return empty{}, nil
}
