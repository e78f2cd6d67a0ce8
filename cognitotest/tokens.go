package cognitotest

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// maxTokens bounds the tokens and sessions the server remembers; past it,
// expired ones are forgotten first and then the oldest.
const maxTokens = 10000

// issueToken creates an access token: a JWT-shaped string whose claims
// look like Cognito's but whose signature is random bytes, so it matches
// [A-Za-z0-9-_=.]+ and can be decoded but not verified. The server
// recognises it by value. The caller holds s.mu.
func (s *Server) issueToken(p *poolState, c *clientState, u *userState, now time.Time) string {
	exp := now.Add(c.tokenValidity)
	header, _ := json.Marshal(map[string]string{"kid": "cognitotest", "alg": "RS256"})
	claims, _ := json.Marshal(map[string]any{
		"sub":       u.attrs["sub"],
		"iss":       "https://cognito-idp." + s.cfg.region + ".amazonaws.com/" + p.id,
		"client_id": c.id,
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"auth_time": now.Unix(),
		"iat":       now.Unix(),
		"exp":       exp.Unix(),
		"jti":       newRequestID(),
		"username":  u.username,
	})
	enc := base64.RawURLEncoding
	tok := enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(randomBytes(32))
	s.pruneTokens(now)
	s.tokens[tok] = &tokenState{poolID: p.id, clientID: c.id, username: u.username, expires: exp}
	return tok
}

// pruneTokens keeps the token and session maps bounded.
func (s *Server) pruneTokens(now time.Time) {
	if len(s.tokens) >= maxTokens {
		for k, t := range s.tokens {
			if !now.Before(t.expires.Add(24 * time.Hour)) {
				delete(s.tokens, k)
			}
		}
		for k := range s.tokens { // still full: forget arbitrary ones
			if len(s.tokens) < maxTokens {
				break
			}
			delete(s.tokens, k)
		}
	}
	if len(s.sessions) >= maxTokens {
		for k, ss := range s.sessions {
			if !now.Before(ss.expires) || len(s.sessions) >= maxTokens {
				delete(s.sessions, k)
			}
		}
	}
}

// revokeTokens revokes every token of a user. The caller holds s.mu.
func (s *Server) revokeTokens(poolID, username string) {
	for _, t := range s.tokens {
		if t.poolID == poolID && t.username == username {
			t.revoked = true
		}
	}
}

// accessToken resolves an access token to its pool and user, with
// Cognito's errors. The caller holds s.mu.
func (s *Server) accessToken(tok string, now time.Time) (*poolState, *userState, *apiError) {
	t, ok := s.tokens[tok]
	if !ok {
		return nil, nil, errNotAuthorized("Invalid Access Token")
	}
	if t.revoked {
		return nil, nil, errNotAuthorized("Access Token has been revoked")
	}
	if !now.Before(t.expires) {
		return nil, nil, errNotAuthorized("Access Token has expired")
	}
	p, ok := s.pools[t.poolID]
	if !ok {
		return nil, nil, errNotAuthorized("Invalid Access Token")
	}
	u, ok := p.users[t.username]
	if !ok {
		return nil, nil, errNotAuthorized("User does not exist.")
	}
	return p, u, nil
}
