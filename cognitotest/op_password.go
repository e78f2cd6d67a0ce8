package cognitotest

import "time"

type adminSetUserPasswordInput struct {
	UserPoolId string
	Username   string
	Password   string
	Permanent  bool
}

// adminSetUserPassword sets a permanent password (CONFIRMED) or a
// temporary one (FORCE_CHANGE_PASSWORD).
func (s *Server) adminSetUserPassword(c *call) (any, *apiError) {
	var in adminSetUserPasswordInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.username("username", in.Username)
	v.password("password", in.Password)
	if v.err != nil {
		return nil, v.err
	}
	p, u, e := s.adminUser(in.UserPoolId, in.Username)
	if e != nil {
		return nil, e
	}
	if e := s.checkNewPassword(p, u, in.Password, policyPrefixAdmin); e != nil {
		return nil, e
	}
	if in.Permanent {
		s.setPermanentPassword(p, u, in.Password, c.now)
	} else {
		s.setPassword(p, u, in.Password, c.now)
		u.status = StatusForceChangePassword
		u.tempExpires = c.now.Add(p.tempValidity)
	}
	u.resetCode = nil
	u.pwFailures, u.lockedUntil = 0, time.Time{}
	return empty{}, nil
}

type changePasswordInput struct {
	AccessToken      string
	PreviousPassword string
	ProposedPassword string
}

// changePassword changes the password of the user an access token was
// issued to.
func (s *Server) changePassword(c *call) (any, *apiError) {
	var in changePasswordInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.accessToken(in.AccessToken)
	v.password("previousPassword", in.PreviousPassword)
	v.password("proposedPassword", in.ProposedPassword)
	if v.err != nil {
		return nil, v.err
	}
	p, u, e := s.accessToken(in.AccessToken, c.now)
	if e != nil {
		return nil, e
	}
	switch {
	case !u.enabled:
		return nil, errNotAuthorized(msgUserDisabled)
	case u.status == StatusResetRequired:
		return nil, errPasswordResetRequired()
	case u.status == StatusUnconfirmed:
		return nil, errUserNotConfirmed()
	case u.locked(c.now):
		return nil, errLimitExceeded()
	}
	if !s.passwordMatches(u, in.PreviousPassword) {
		p.passwordFailed(u, c.now)
		return nil, errIncorrectPassword()
	}
	u.pwFailures = 0
	if e := s.checkNewPassword(p, u, in.ProposedPassword, policyPrefixUser); e != nil {
		return nil, e
	}
	s.setPermanentPassword(p, u, in.ProposedPassword, c.now)
	return empty{}, nil
}
