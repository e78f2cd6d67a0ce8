package cognitotest

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// maxTokens bounds the access tokens, refresh tokens and sessions the
// server remembers (each); past it, expired ones are forgotten first, then
// arbitrary ones.
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
	s.tokens[tok] = &tokenState{poolID: p.id, username: u.username, expires: exp}
	return tok
}

// issueRefreshToken creates a refresh token: random bytes the server
// recognises by value. The caller holds s.mu.
func (s *Server) issueRefreshToken(p *poolState, c *clientState, u *userState, now time.Time) string {
	tok := base64.RawURLEncoding.EncodeToString(randomBytes(96))
	s.pruneTokens(now)
	s.refreshTokens[tok] = &refreshState{poolID: p.id, clientID: c.id, username: u.username, sub: u.attrs["sub"],
		expires: now.Add(c.refreshValidity)}
	return tok
}

// pruneTokens keeps the token and session maps bounded. Tokens are kept a
// day past expiry, so that a stale token is refused as expired rather than
// unknown.
func (s *Server) pruneTokens(now time.Time) {
	prune(s.tokens, func(t *tokenState) bool { return !now.Before(t.expires.Add(24 * time.Hour)) })
	prune(s.refreshTokens, func(t *refreshState) bool { return !now.Before(t.expires.Add(24 * time.Hour)) })
	prune(s.sessions, func(ss *sessionState) bool { return !now.Before(ss.expires) })
}

// prune makes room in a full map: it forgets the expired entries, then
// arbitrary ones while the map is still full.
func prune[T any](m map[string]T, expired func(T) bool) {
	if len(m) < maxTokens {
		return
	}
	for k, v := range m {
		if expired(v) {
			delete(m, k)
		}
	}
	for k := range m {
		if len(m) < maxTokens {
			break
		}
		delete(m, k)
	}
}

// revokeTokens revokes every access and refresh token of a user. The
// caller holds s.mu.
func (s *Server) revokeTokens(poolID, username string) {
	for _, t := range s.tokens {
		if t.poolID == poolID && t.username == username {
			t.revoked = true
		}
	}
	for _, t := range s.refreshTokens {
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
