package cognitotest

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

type initiateAuthInput struct {
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
	RefreshToken string `json:"RefreshToken"`
}

type authOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	Session              string                `json:"Session,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters,omitempty"`
}

// initiateAuth signs a user in with USER_PASSWORD_AUTH.
func (s *Server) initiateAuth(c *call) (any, *apiError) {
	var in initiateAuthInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("authFlow", in.AuthFlow)
	v.clientID(in.ClientId)
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.appClient(in.ClientId)
	if e != nil {
		return nil, e
	}
	if in.AuthFlow != "USER_PASSWORD_AUTH" {
		return nil, errInvalidParameter("Initiate Auth method not supported.")
	}
	username, password := in.AuthParameters["USERNAME"], in.AuthParameters["PASSWORD"]
	if username == "" {
		return nil, errInvalidParameter("Missing required parameter USERNAME")
	}
	if password == "" {
		return nil, errInvalidParameter("Missing required parameter PASSWORD")
	}
	if e := checkSecretHash(client, username, in.AuthParameters["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u := p.users[username]
	switch {
	case u == nil && client.preventExistence:
		return nil, errIncorrectPassword()
	case u == nil:
		return nil, errUserNotFound("User does not exist.")
	case !u.enabled:
		return nil, errNotAuthorized(msgUserDisabled)
	case u.locked(c.now):
		return nil, errNotAuthorized("Password attempts exceeded")
	case u.status == StatusResetRequired:
		return nil, errPasswordResetRequired()
	case u.status == StatusUnconfirmed:
		return nil, errUserNotConfirmed()
	}
	if !s.passwordMatches(u, password) {
		p.passwordFailed(u, c.now)
		return nil, errIncorrectPassword()
	}
	u.pwFailures = 0
	if u.status == StatusForceChangePassword {
		if !c.now.Before(u.tempExpires) {
			return nil, errNotAuthorized("Temporary password has expired and must be reset by an administrator.")
		}
		session := base64.RawURLEncoding.EncodeToString(randomBytes(48))
		s.pruneTokens(c.now)
		s.sessions[session] = &sessionState{clientID: client.id, username: u.username,
			expires: c.now.Add(AuthSessionValidity)}
		attrs := make(map[string]string, len(u.attrs))
		for k, val := range u.attrs {
			if k != "sub" && k != "email_verified" && k != "phone_number_verified" {
				attrs[k] = val
			}
		}
		userAttributes, _ := json.Marshal(attrs)
		return authOutput{
			ChallengeName: "NEW_PASSWORD_REQUIRED",
			Session:       session,
			ChallengeParameters: map[string]string{
				"USER_ID_FOR_SRP":    u.username,
				"requiredAttributes": "[]",
				"userAttributes":     string(userAttributes),
			},
		}, nil
	}
	return authOutput{AuthenticationResult: s.tokensFor(p, client, u, c.now)}, nil
}

// tokensFor issues the tokens of a successful sign-in.
func (s *Server) tokensFor(p *poolState, client *clientState, u *userState, now time.Time) *authenticationResult {
	access := s.issueToken(p, client, u, now)
	idClaims, _ := json.Marshal(map[string]any{
		"sub": u.attrs["sub"], "aud": client.id, "token_use": "id", "cognito:username": u.username,
		"iss": "https://cognito-idp." + s.cfg.region + ".amazonaws.com/" + p.id,
		"iat": now.Unix(), "exp": now.Add(client.tokenValidity).Unix(),
	})
	enc := base64.RawURLEncoding
	return &authenticationResult{
		AccessToken:  access,
		ExpiresIn:    int(client.tokenValidity / time.Second),
		TokenType:    "Bearer",
		IdToken:      enc.EncodeToString([]byte(`{"kid":"cognitotest","alg":"RS256"}`)) + "." + enc.EncodeToString(idClaims) + "." + enc.EncodeToString(randomBytes(32)),
		RefreshToken: enc.EncodeToString(randomBytes(96)),
	}
}

type respondToAuthChallengeInput struct {
	ChallengeName      string
	ClientId           string
	Session            string
	ChallengeResponses map[string]string
}

// respondToAuthChallenge answers NEW_PASSWORD_REQUIRED with a new
// password, confirming the user.
func (s *Server) respondToAuthChallenge(c *call) (any, *apiError) {
	var in respondToAuthChallengeInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("challengeName", in.ChallengeName)
	v.clientID(in.ClientId)
	if v.err != nil {
		return nil, v.err
	}
	p, client, e := s.appClient(in.ClientId)
	if e != nil {
		return nil, e
	}
	if in.ChallengeName != "NEW_PASSWORD_REQUIRED" {
		return nil, errInvalidParameter("cognitotest: only the NEW_PASSWORD_REQUIRED challenge is supported")
	}
	expired := errNotAuthorized("Invalid session for the user, session is expired.")
	sess, ok := s.sessions[in.Session]
	if !ok || sess.clientID != client.id || !c.now.Before(sess.expires) {
		return nil, expired
	}
	username := in.ChallengeResponses["USERNAME"]
	if username == "" {
		return nil, errInvalidParameter("Missing required parameter USERNAME")
	}
	newPassword := in.ChallengeResponses["NEW_PASSWORD"]
	if newPassword == "" {
		return nil, errInvalidParameter("Missing required parameter NEW_PASSWORD")
	}
	if e := checkSecretHash(client, username, in.ChallengeResponses["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u := p.users[username]
	if username != sess.username || u == nil || u.status != StatusForceChangePassword {
		return nil, expired
	}
	if e := s.checkNewPassword(p, u, newPassword, policyPrefixUser); e != nil {
		return nil, e
	}
	delete(s.sessions, in.Session)
	s.setPermanentPassword(u, newPassword, c.now)
	return authOutput{AuthenticationResult: s.tokensFor(p, client, u, c.now)}, nil
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
