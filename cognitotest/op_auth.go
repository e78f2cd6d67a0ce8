package cognitotest

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"
)

// Challenge names.
const (
	challengeNewPassword      = "NEW_PASSWORD_REQUIRED"
	challengePasswordVerifier = "PASSWORD_VERIFIER"
)

// challengeEnum is the constraint message of the ChallengeName member.
const challengeEnum = "Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP]"

var challengeNames = strings.Split(strings.TrimSuffix(strings.TrimPrefix(challengeEnum, "Member must satisfy enum value set: ["), "]"), ", ")

// initiateAuthInput is the input of InitiateAuth and AdminInitiateAuth.
type initiateAuthInput struct {
	UserPoolId     string
	AuthFlow       string
	ClientId       string
	AuthParameters map[string]string
	ClientMetadata map[string]string
}

type authenticationResult struct {
	AccessToken  string `json:"AccessToken"`
	ExpiresIn    int    `json:"ExpiresIn"`
	TokenType    string `json:"TokenType"`
	IdToken      string `json:"IdToken"`
	RefreshToken string `json:"RefreshToken,omitempty"`
}

type authOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	Session              string                `json:"Session,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters,omitempty"`
}

// initiateAuth starts a sign-in through a public app client.
func (s *Server) initiateAuth(c *call) (any, *apiError) { return s.startAuth(c, false) }

// adminInitiateAuth starts a sign-in as an administrator.
func (s *Server) adminInitiateAuth(c *call) (any, *apiError) { return s.startAuth(c, true) }

// startAuth is InitiateAuth (admin false) and AdminInitiateAuth (admin
// true): the flow must be one the endpoint accepts and the client allows.
func (s *Server) startAuth(c *call, admin bool) (any, *apiError) {
	var in initiateAuthInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	if admin {
		v.poolID(in.UserPoolId)
	}
	v.clientID(in.ClientId)
	v.required("authFlow", in.AuthFlow)
	accepted, known := flowOnEndpoint(in.AuthFlow, admin)
	if v.err == nil && !known {
		v.err = errConstraint("authFlow", authFlowEnum)
	}
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.authClient(in.UserPoolId, in.ClientId, admin)
	if e != nil {
		return nil, e
	}
	if !accepted {
		return nil, errInvalidParameter("Initiate Auth method not supported.")
	}
	if e := client.flowEnabled(in.AuthFlow); e != nil {
		return nil, e
	}
	params := in.AuthParameters
	switch in.AuthFlow {
	case flowUserPassword, flowAdminUserPassword, flowAdminNoSRP:
		return s.passwordAuth(c, p, client, params)
	case flowRefreshTokenAuth, flowRefreshToken:
		return s.refreshAuth(c, p, client, params)
	case flowUserSRP:
		return s.srpAuth(c, p, client, params)
	}
	return nil, errInvalidParameter("cognitotest: the " + in.AuthFlow + " flow is not supported")
}

// authClient finds the app client of a sign-in request; an administrator
// request names its pool, which must be the client's.
func (s *Server) authClient(poolID, clientID string, admin bool) (*poolState, *clientState, *apiError) {
	if admin {
		if _, e := s.userPool(poolID); e != nil {
			return nil, nil, e
		}
	}
	p, client, e := s.appClient(clientID)
	if e != nil {
		return nil, nil, e
	}
	if admin && p.id != poolID {
		return nil, nil, errResourceNotFound("User pool client " + clientID + " does not exist.")
	}
	return p, client, nil
}

// signInUser finds the user a sign-in names and refuses one who cannot
// sign in now, before any password is checked, as Cognito does. A user
// that does not exist is a wrong password under PreventUserExistenceErrors.
func (s *Server) signInUser(p *poolState, client *clientState, username string, now time.Time) (*userState, *apiError) {
	u := p.users[username]
	switch {
	case u == nil && client.preventExistence:
		return nil, errIncorrectPassword()
	case u == nil:
		return nil, errUserNotFound("User does not exist.")
	}
	return u, u.canSignIn(now)
}

// canSignIn refuses a user who is disabled, locked out, must reset the
// password or has not confirmed the sign-up.
func (u *userState) canSignIn(now time.Time) *apiError {
	switch {
	case !u.enabled:
		return errNotAuthorized(msgUserDisabled)
	case u.locked(now):
		return errNotAuthorized("Password attempts exceeded")
	case u.status == StatusResetRequired:
		return errPasswordResetRequired()
	case u.status == StatusUnconfirmed:
		return errUserNotConfirmed()
	}
	return nil
}

// passwordAuth signs a user in with USER_PASSWORD_AUTH or
// ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH).
func (s *Server) passwordAuth(c *call, p *poolState, client *clientState, params map[string]string) (any, *apiError) {
	username, password := params["USERNAME"], params["PASSWORD"]
	if username == "" {
		return nil, errInvalidParameter("Missing required parameter USERNAME")
	}
	if password == "" {
		return nil, errInvalidParameter("Missing required parameter PASSWORD")
	}
	if e := checkSecretHash(client, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u, e := s.signInUser(p, client, username, c.now)
	if e != nil {
		return nil, e
	}
	if !s.passwordMatches(u, password) {
		p.passwordFailed(u, c.now)
		return nil, errIncorrectPassword()
	}
	u.pwFailures = 0
	return s.signedIn(p, client, u, c.now)
}

// signedIn answers a sign-in whose password was proved: tokens, or the
// NEW_PASSWORD_REQUIRED challenge for a temporary password that has not
// expired.
func (s *Server) signedIn(p *poolState, client *clientState, u *userState, now time.Time) (any, *apiError) {
	if u.status != StatusForceChangePassword {
		return authOutput{AuthenticationResult: s.tokensFor(p, client, u, now, true)}, nil
	}
	if !now.Before(u.tempExpires) {
		return nil, errNotAuthorized("Temporary password has expired and must be reset by an administrator.")
	}
	session := base64.RawURLEncoding.EncodeToString(randomBytes(48))
	s.pruneTokens(now)
	s.sessions[session] = &sessionState{clientID: client.id, username: u.username, challenge: challengeNewPassword,
		expires: now.Add(AuthSessionValidity)}
	// Cognito sends every attribute but sub, the verification flags
	// included, and names the required ones the user lacks.
	attrs := make(map[string]string, len(u.attrs))
	for k, val := range u.attrs {
		if k != "sub" {
			attrs[k] = val
		}
	}
	userAttributes, _ := json.Marshal(attrs)
	missing := []string{}
	for _, a := range p.required {
		if u.attrs[a] == "" {
			missing = append(missing, userAttributesPrefix+a)
		}
	}
	requiredAttributes, _ := json.Marshal(missing)
	return authOutput{
		ChallengeName: challengeNewPassword,
		Session:       session,
		ChallengeParameters: map[string]string{
			"USER_ID_FOR_SRP":    u.username,
			"requiredAttributes": string(requiredAttributes),
			"userAttributes":     string(userAttributes),
		},
	}, nil
}

// userAttributesPrefix starts the names of attributes in a
// NEW_PASSWORD_REQUIRED challenge and its answer.
const userAttributesPrefix = "userAttributes."

// readOnlyAttribute reports whether an attribute is one Cognito never lets
// a user write: sub and the verification flags.
func readOnlyAttribute(name string) bool {
	return name == "sub" || name == "email_verified" || name == "phone_number_verified"
}

// tokensFor issues the tokens of a successful sign-in; withRefresh adds a
// refresh token, which a refresh does not.
func (s *Server) tokensFor(p *poolState, client *clientState, u *userState, now time.Time, withRefresh bool) *authenticationResult {
	access := s.issueToken(p, client, u, now)
	idClaims, _ := json.Marshal(map[string]any{
		"sub": u.attrs["sub"], "aud": client.id, "token_use": "id", "cognito:username": u.username,
		"iss": "https://cognito-idp." + s.cfg.region + ".amazonaws.com/" + p.id,
		"iat": now.Unix(), "exp": now.Add(client.tokenValidity).Unix(),
	})
	enc := base64.RawURLEncoding
	res := &authenticationResult{
		AccessToken: access,
		ExpiresIn:   int(client.tokenValidity / time.Second),
		TokenType:   "Bearer",
		IdToken:     enc.EncodeToString([]byte(`{"kid":"cognitotest","alg":"RS256"}`)) + "." + enc.EncodeToString(idClaims) + "." + enc.EncodeToString(randomBytes(32)),
	}
	if withRefresh {
		res.RefreshToken = s.issueRefreshToken(p, client, u, now)
	}
	return res
}

// refreshAuth issues new access and ID tokens for a refresh token, and no
// new refresh token, as Cognito does without refresh-token rotation.
func (s *Server) refreshAuth(c *call, p *poolState, client *clientState, params map[string]string) (any, *apiError) {
	tok := params["REFRESH_TOKEN"]
	if tok == "" {
		return nil, errInvalidParameter("Missing required parameter REFRESH_TOKEN")
	}
	invalid := errNotAuthorized("Invalid Refresh Token.")
	rt, ok := s.refreshTokens[tok]
	if !ok || rt.clientID != client.id {
		return nil, invalid
	}
	u := p.users[rt.username]
	if u == nil || u.attrs["sub"] != rt.sub {
		return nil, invalid
	}
	// SECRET_HASH is over the user's (internal) username.
	if e := checkSecretHash(client, u.username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	switch {
	case rt.revoked:
		return nil, errNotAuthorized("Refresh Token has been revoked")
	case !c.now.Before(rt.expires):
		return nil, errNotAuthorized("Refresh Token has expired")
	case !u.enabled:
		return nil, errNotAuthorized(msgUserDisabled)
	case u.status == StatusResetRequired:
		return nil, errPasswordResetRequired()
	}
	return authOutput{AuthenticationResult: s.tokensFor(p, client, u, c.now, false)}, nil
}

// respondToAuthChallengeInput is the input of RespondToAuthChallenge and
// AdminRespondToAuthChallenge.
type respondToAuthChallengeInput struct {
	UserPoolId         string
	ChallengeName      string
	ClientId           string
	Session            string
	ChallengeResponses map[string]string
	ClientMetadata     map[string]string
}

// respondToAuthChallenge answers a challenge through a public app client.
func (s *Server) respondToAuthChallenge(c *call) (any, *apiError) { return s.answerChallenge(c, false) }

// adminRespondToAuthChallenge answers a challenge as an administrator.
func (s *Server) adminRespondToAuthChallenge(c *call) (any, *apiError) {
	return s.answerChallenge(c, true)
}

// answerChallenge is RespondToAuthChallenge (admin false) and
// AdminRespondToAuthChallenge (admin true).
func (s *Server) answerChallenge(c *call, admin bool) (any, *apiError) {
	var in respondToAuthChallengeInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	if admin {
		v.poolID(in.UserPoolId)
	}
	v.clientID(in.ClientId)
	v.required("challengeName", in.ChallengeName)
	if v.err == nil && !slices.Contains(challengeNames, in.ChallengeName) {
		v.err = errConstraint("challengeName", challengeEnum)
	}
	v.check("session", in.Session, 2048, nil)
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.authClient(in.UserPoolId, in.ClientId, admin)
	if e != nil {
		return nil, e
	}
	switch in.ChallengeName {
	case challengeNewPassword:
		return s.answerNewPassword(c, p, client, in.Session, in.ChallengeResponses)
	case challengePasswordVerifier:
		return s.answerPasswordVerifier(c, p, client, in.ChallengeResponses)
	}
	return nil, errInvalidParameter("cognitotest: the " + in.ChallengeName + " challenge is not supported")
}

// errSessionExpired is Cognito's answer to a challenge session that is
// unknown, expired, used, or for another client, challenge or user.
func errSessionExpired() *apiError {
	return errNotAuthorized("Invalid session for the user, session is expired.")
}

// answerNewPassword answers NEW_PASSWORD_REQUIRED: the new password and
// the userAttributes.* answers are checked, then applied together, and the
// user is CONFIRMED.
func (s *Server) answerNewPassword(c *call, p *poolState, client *clientState, session string, responses map[string]string) (any, *apiError) {
	sess, ok := s.sessions[session]
	if !ok || sess.clientID != client.id || sess.challenge != challengeNewPassword || !c.now.Before(sess.expires) {
		return nil, errSessionExpired()
	}
	username := responses["USERNAME"]
	if username == "" {
		return nil, errInvalidParameter("Missing required parameter USERNAME")
	}
	newPassword := responses["NEW_PASSWORD"]
	if newPassword == "" {
		return nil, errInvalidParameter("Missing required parameter NEW_PASSWORD")
	}
	// SECRET_HASH is over the internal username, which the challenge gave
	// as USER_ID_FOR_SRP.
	if e := checkSecretHash(client, username, responses["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u := p.users[username]
	if username != sess.username || u == nil || u.status != StatusForceChangePassword {
		return nil, errSessionExpired()
	}
	if !u.enabled {
		return nil, errNotAuthorized(msgUserDisabled)
	}
	updates, e := p.newPasswordAttributes(u, responses)
	if e != nil {
		return nil, e
	}
	if e := s.checkNewPassword(p, u, newPassword, policyPrefixUser); e != nil {
		return nil, e
	}
	delete(s.sessions, session)
	for k, val := range updates {
		u.attrs[k] = val
	}
	s.setPermanentPassword(p, u, newPassword, c.now)
	return authOutput{AuthenticationResult: s.tokensFor(p, client, u, c.now, true)}, nil
}

// newPasswordAttributes checks the userAttributes.* answers of a
// NEW_PASSWORD_REQUIRED challenge and returns them by attribute name: a
// read-only attribute, or a required one the user already has, cannot be
// written, and every required attribute must have a value afterwards.
func (p *poolState) newPasswordAttributes(u *userState, responses map[string]string) (map[string]string, *apiError) {
	updates := make(map[string]string)
	names := make([]string, 0, len(responses))
	for k := range responses {
		if name, ok := strings.CutPrefix(k, userAttributesPrefix); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case readOnlyAttribute(name):
			return nil, errInvalidParameter("Cannot modify the non-mutable attribute " + name)
		case slices.Contains(p.required, name) && u.attrs[name] != "":
			return nil, errInvalidParameter("Cannot modify an already provided " + name)
		}
		updates[name] = responses[userAttributesPrefix+name]
	}
	for _, a := range p.required {
		if u.attrs[a] == "" && updates[a] == "" {
			return nil, errInvalidParameter("Invalid attributes given, " + a + " is missing")
		}
	}
	return updates, nil
}

type globalSignOutInput struct {
	AccessToken string
}

// globalSignOut revokes every token of the access token's user.
func (s *Server) globalSignOut(c *call) (any, *apiError) {
	var in globalSignOutInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.accessToken(in.AccessToken)
	if v.err != nil {
		return nil, v.err
	}
	p, u, e := s.accessToken(in.AccessToken, c.now)
	if e != nil {
		return nil, e
	}
	s.revokeTokens(p.id, u.username)
	return empty{}, nil
}

type adminUserGlobalSignOutInput struct {
	UserPoolId string
	Username   string
}

// adminUserGlobalSignOut revokes every token of a user.
func (s *Server) adminUserGlobalSignOut(c *call) (any, *apiError) {
	var in adminUserGlobalSignOutInput
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
	s.revokeTokens(p.id, u.username)
	return empty{}, nil
}
