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
// request and finds its user. A non-nil early is the answer to give at once:
// the simulated delivery with which PreventUserExistenceErrors hides a user
// that does not exist or is disabled.
func (s *Server) codeRequest(c *call) (in codeRequestInput, p *poolState, client *clientState, u *userState, early any, e *apiError) {
	if e = decode(c, &in); e != nil {
		return
	}
	var v validator
	v.clientID(in.ClientId)
	v.username("username", in.Username)
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return in, nil, nil, nil, nil, v.err
	}
	if p, client, e = s.appClient(in.ClientId); e != nil {
		return
	}
	if e = checkSecretHash(client, in.Username, in.SecretHash); e != nil {
		return
	}
	u = p.users[in.Username]
	if u == nil || !u.enabled {
		switch {
		case client.preventExistence:
			early = codeDeliveryOutput{simulatedDelivery(p, in.Username)}
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
	in, p, client, u, early, e := s.codeRequest(c)
	if early != nil || e != nil {
		return early, e
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
			return codeDeliveryOutput{simulatedDelivery(p, in.Username)}, nil
		}
		return nil, errInvalidParameter(msgNoVerifiedContact)
	}
	if !p.allowCodeSend(u, c.now) {
		return nil, errLimitExceeded()
	}
	s.sendResetCode(p, u, r, client.id, "CustomMessage_ForgotPassword", in.ClientMetadata, c.now)
	return codeDeliveryOutput{r.details()}, nil
}

// sendResetCode replaces the user's reset code with a new one and puts it
// in the outbox.
func (s *Server) sendResetCode(p *poolState, u *userState, r route, clientID, trigger string, meta map[string]string, now time.Time) {
	code := newCode()
	u.resetCode = &pendingCode{code: code, expires: now.Add(ResetCodeValidity), attr: r.attr}
	s.sendMessage(Message{
		PoolID: p.id, ClientID: clientID, Username: u.username, Trigger: trigger,
		Medium: r.medium, AttributeName: r.attr, Destination: r.dest, Code: code,
		ClientMetadata: copyMap(meta), Time: now,
	})
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
	if v.required("confirmationCode", in.ConfirmationCode) {
		v.check("confirmationCode", in.ConfirmationCode, 2048, nonSpacePattern)
	}
	v.password("password", in.Password)
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.appClient(in.ClientId)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(client, in.Username, in.SecretHash); e != nil {
		return nil, e
	}
	u := p.users[in.Username]
	if u == nil || !u.enabled {
		if client.preventExistence {
			return nil, errCodeMismatch()
		}
		if u == nil {
			return nil, errUserNotFound(msgUserClientUnknown)
		}
		return nil, errNotAuthorized(msgUserDisabled)
	}
	if e := p.checkCode(&u.resetCode, in.ConfirmationCode, c.now); e != nil {
		return nil, e
	}
	if e := s.checkNewPassword(p, u, in.Password, policyPrefixUser); e != nil {
		return nil, e
	}
	u.resetCode = nil
	s.setPassword(u, in.Password, c.now)
	u.status = StatusConfirmed
	u.tempExpires = time.Time{}
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
	u.password = nil // The current password no longer signs in.
	u.tempExpires = time.Time{}
	u.modified = c.now
	u.resetCode = nil
	if ok {
		s.sendResetCode(p, u, r, "", "CustomMessage_ForgotPassword", in.ClientMetadata, c.now)
	}
	return empty{}, nil
}

// resendConfirmationCode sends a new sign-up confirmation code to an
// UNCONFIRMED user.
func (s *Server) resendConfirmationCode(c *call) (any, *apiError) {
	in, p, client, u, early, e := s.codeRequest(c)
	if early != nil || e != nil {
		return early, e
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
	code := newCode()
	u.signUpCode = &pendingCode{code: code, expires: c.now.Add(SignUpCodeValidity), attr: r.attr}
	s.sendMessage(Message{
		PoolID: p.id, ClientID: client.id, Username: u.username, Trigger: "CustomMessage_ResendCode",
		Medium: r.medium, AttributeName: r.attr, Destination: r.dest, Code: code,
		ClientMetadata: copyMap(in.ClientMetadata), Time: c.now,
	})
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
	if v.required("confirmationCode", in.ConfirmationCode) {
		v.check("confirmationCode", in.ConfirmationCode, 2048, nonSpacePattern)
	}
	v.secretHash(in.SecretHash)
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.appClient(in.ClientId)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(client, in.Username, in.SecretHash); e != nil {
		return nil, e
	}
	u := p.users[in.Username]
	if u == nil || !u.enabled {
		if client.preventExistence {
			return nil, errCodeMismatch()
		}
		if u == nil {
			return nil, errUserNotFound(msgUserClientUnknown)
		}
		return nil, errNotAuthorized(msgUserDisabled)
	}
	if u.status != StatusUnconfirmed {
		return nil, errNotAuthorized("User cannot be confirmed. Current status is " + u.status)
	}
	attr := ""
	if u.signUpCode != nil {
		attr = u.signUpCode.attr
	}
	if e := p.checkCode(&u.signUpCode, in.ConfirmationCode, c.now); e != nil {
		return nil, e
	}
	u.signUpCode = nil
	u.status = StatusConfirmed
	u.modified = c.now
	if attr != "" {
		u.attrs[attr+"_verified"] = "true"
	}
	return empty{}, nil
}
