package cognitotest

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"
)

// The user statuses the server models, as AdminGetUser reports them.
const (
	StatusUnconfirmed         = "UNCONFIRMED"
	StatusConfirmed           = "CONFIRMED"
	StatusForceChangePassword = "FORCE_CHANGE_PASSWORD"
	StatusResetRequired       = "RESET_REQUIRED"
)

// Errors of the Go seeding and assertion methods. They are wrapped with the
// name that was not found; match them with errors.Is.
var (
	// ErrPoolNotFound reports a user pool id the server does not know.
	ErrPoolNotFound = errors.New("cognitotest: user pool not found")
	// ErrClientNotFound reports an app client id the pool does not have.
	ErrClientNotFound = errors.New("cognitotest: app client not found")
	// ErrUserNotFound reports a username the pool does not have.
	ErrUserNotFound = errors.New("cognitotest: user not found")
)

// PasswordPolicy is a user pool's password policy.
type PasswordPolicy struct {
	// MinimumLength is the least number of characters; Cognito allows 6
	// to 99.
	MinimumLength int
	// RequireUppercase asks for at least one uppercase letter.
	RequireUppercase bool
	// RequireLowercase asks for at least one lowercase letter.
	RequireLowercase bool
	// RequireNumbers asks for at least one digit.
	RequireNumbers bool
	// RequireSymbols asks for at least one of Cognito's special
	// characters: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
	RequireSymbols bool
}

// DefaultPasswordPolicy returns Cognito's default policy: at least eight
// characters with an uppercase letter, a lowercase letter, a digit and a
// symbol.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true}
}

// RecoveryOption is a mechanism of a pool's account recovery setting.
type RecoveryOption string

// The recovery mechanisms of Cognito's AccountRecoverySetting.
const (
	// RecoveryVerifiedEmail sends reset codes to a verified email address.
	RecoveryVerifiedEmail RecoveryOption = "verified_email"
	// RecoveryVerifiedPhone sends reset codes by SMS to a verified phone
	// number.
	RecoveryVerifiedPhone RecoveryOption = "verified_phone_number"
	// RecoveryAdminOnly lets only administrators reset passwords:
	// ForgotPassword fails with NotAuthorizedException.
	RecoveryAdminOnly RecoveryOption = "admin_only"
)

// Limits are the per-user attempt limits of a pool. The zero value of a
// field means its default; a negative count turns that limit off. See the
// package documentation, "Attempt limits", for the model.
type Limits struct {
	// CodeRequests is how many code messages (ForgotPassword,
	// ResendConfirmationCode, AdminResetUserPassword) one user may be sent
	// within CodeRequestWindow; the next request fails with
	// LimitExceededException. Default: 5.
	CodeRequests int
	// CodeRequestWindow is the sliding window of CodeRequests. Default: one
	// hour.
	CodeRequestWindow time.Duration
	// CodeAttempts is how many wrong guesses one code survives. The guess
	// that reaches it still gets CodeMismatchException, and the code is
	// then burned: every later confirmation with it, right or wrong, gets
	// TooManyFailedAttemptsException until a new code is sent. Default: 5.
	CodeAttempts int
	// PasswordAttempts is how many consecutive wrong passwords
	// (InitiateAuth, ChangePassword's PreviousPassword) lock the user for
	// Lockout. Default: 5.
	PasswordAttempts int
	// Lockout is how long a locked user stays locked. Default: 15 minutes.
	Lockout time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.CodeRequests == 0 {
		l.CodeRequests = 5
	}
	if l.CodeRequestWindow <= 0 {
		l.CodeRequestWindow = time.Hour
	}
	if l.CodeAttempts == 0 {
		l.CodeAttempts = 5
	}
	if l.PasswordAttempts == 0 {
		l.PasswordAttempts = 5
	}
	if l.Lockout <= 0 {
		l.Lockout = 15 * time.Minute
	}
	return l
}

// PoolConfig describes a user pool to create with [Server.CreateUserPool].
type PoolConfig struct {
	// ID is the pool id. Default: "<region>_<9 random letters and digits>".
	// A given id must match Cognito's pattern [\w-]+_[0-9a-zA-Z]+.
	ID string
	// Name is the pool name. Default: "cognitotest".
	Name string
	// PasswordPolicy is the password policy. Default (nil):
	// [DefaultPasswordPolicy].
	PasswordPolicy *PasswordPolicy
	// AccountRecovery lists the recovery mechanisms in priority order.
	// Default (nil): Cognito's legacy behaviour, a verified phone number
	// before a verified email address. [RecoveryAdminOnly] must be alone.
	AccountRecovery []RecoveryOption
	// TemporaryPasswordValidityDays is how long a temporary password (from
	// AdminCreateUser or AdminSetUserPassword with Permanent false) can be
	// used to sign in. Default: 7.
	TemporaryPasswordValidityDays int
	// PasswordHistorySize is how many of a user's latest passwords, the
	// current one included, cannot be set again (0 to 24). Default: 0, off.
	PasswordHistorySize int
	// RequiredAttributes are the attributes every user must have, such as
	// "email" or "given_name" (Cognito's Schema with Required true). Users
	// created by an administrator may lack them; NEW_PASSWORD_REQUIRED
	// then lists them in requiredAttributes and its answer must supply
	// them. Default: none.
	RequiredAttributes []string
	// Limits are the per-user attempt limits.
	Limits Limits
}

// UserPool is a handle on a user pool of a [Server], for seeding and
// assertions. Its methods are safe for concurrent use.
type UserPool struct {
	s  *Server
	id string
}

var poolIDPattern = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)

// CreateUserPool creates a user pool.
func (s *Server) CreateUserPool(cfg PoolConfig) (*UserPool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.createPool(cfg, s.cfg.now())
	if err != nil {
		return nil, err
	}
	return &UserPool{s: s, id: p.id}, nil
}

func (s *Server) createPool(cfg PoolConfig, now time.Time) (*poolState, error) {
	if cfg.ID == "" {
		cfg.ID = s.cfg.region + "_" + randomString(alnum, 9)
	}
	if len(cfg.ID) > 55 || !poolIDPattern.MatchString(cfg.ID) {
		return nil, fmt.Errorf("cognitotest: user pool id %q does not match [\\w-]+_[0-9a-zA-Z]+", cfg.ID)
	}
	if _, ok := s.pools[cfg.ID]; ok {
		return nil, fmt.Errorf("cognitotest: user pool %q already exists", cfg.ID)
	}
	if cfg.Name == "" {
		cfg.Name = "cognitotest"
	}
	policy := DefaultPasswordPolicy()
	if cfg.PasswordPolicy != nil {
		policy = *cfg.PasswordPolicy
	}
	if policy.MinimumLength < 6 || policy.MinimumLength > 99 {
		return nil, fmt.Errorf("cognitotest: password policy MinimumLength %d is outside 6..99", policy.MinimumLength)
	}
	if len(cfg.AccountRecovery) > 2 {
		return nil, errors.New("cognitotest: at most two account recovery mechanisms")
	}
	for _, o := range cfg.AccountRecovery {
		switch o {
		case RecoveryVerifiedEmail, RecoveryVerifiedPhone:
		case RecoveryAdminOnly:
			if len(cfg.AccountRecovery) != 1 {
				return nil, errors.New("cognitotest: admin_only must be the only account recovery mechanism")
			}
		default:
			return nil, fmt.Errorf("cognitotest: unknown account recovery mechanism %q", o)
		}
	}
	if cfg.TemporaryPasswordValidityDays == 0 {
		cfg.TemporaryPasswordValidityDays = 7
	}
	if cfg.TemporaryPasswordValidityDays < 0 || cfg.TemporaryPasswordValidityDays > 365 {
		return nil, fmt.Errorf("cognitotest: TemporaryPasswordValidityDays %d is outside 0..365", cfg.TemporaryPasswordValidityDays)
	}
	if cfg.PasswordHistorySize < 0 || cfg.PasswordHistorySize > maxHistory {
		return nil, fmt.Errorf("cognitotest: PasswordHistorySize %d is outside 0..24", cfg.PasswordHistorySize)
	}
	required := make([]string, 0, len(cfg.RequiredAttributes))
	for _, a := range cfg.RequiredAttributes {
		if a == "" || readOnlyAttribute(a) {
			return nil, fmt.Errorf("cognitotest: %q cannot be a required attribute", a)
		}
		if !slices.Contains(required, a) {
			required = append(required, a)
		}
	}
	sort.Strings(required)
	p := &poolState{
		id:           cfg.ID,
		name:         cfg.Name,
		created:      now,
		policy:       policy,
		recovery:     append([]RecoveryOption(nil), cfg.AccountRecovery...),
		tempValidity: time.Duration(cfg.TemporaryPasswordValidityDays) * 24 * time.Hour,
		historySize:  cfg.PasswordHistorySize,
		required:     required,
		limits:       cfg.Limits.withDefaults(),
		users:        make(map[string]*userState),
	}
	s.pools[p.id] = p
	return p, nil
}

// UserPool returns a handle on the pool with the given id, if it exists.
func (s *Server) UserPool(id string) (*UserPool, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pools[id]; !ok {
		return nil, false
	}
	return &UserPool{s: s, id: id}, true
}

// ID returns the pool id.
func (p *UserPool) ID() string { return p.id }

// pool returns the pool's state; the caller holds s.mu.
func (p *UserPool) pool() (*poolState, error) {
	ps, ok := p.s.pools[p.id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrPoolNotFound, p.id)
	}
	return ps, nil
}

// user returns a user's state; the caller holds s.mu.
func (p *UserPool) user(username string) (*poolState, *userState, error) {
	ps, err := p.pool()
	if err != nil {
		return nil, nil, err
	}
	u, ok := ps.users[username]
	if !ok {
		return ps, nil, fmt.Errorf("%w: %q in pool %q", ErrUserNotFound, username, p.id)
	}
	return ps, u, nil
}

// ClientConfig describes an app client to create with
// [UserPool.CreateAppClient].
type ClientConfig struct {
	// Name is the client name. Default: "cognitotest".
	Name string
	// GenerateSecret gives the client a secret, so that client-facing
	// operations need SECRET_HASH.
	GenerateSecret bool
	// PreventUserExistenceErrors is Cognito's ENABLED setting: operations
	// on a user that does not exist answer as if it did instead of
	// returning UserNotFoundException. Default: false (LEGACY), as in the
	// CreateUserPoolClient API.
	PreventUserExistenceErrors bool
	// AccessTokenValidity is the lifetime of the access and ID tokens
	// issued through the client; Cognito allows 5 minutes to 1 day.
	// Default: one hour.
	AccessTokenValidity time.Duration
	// RefreshTokenValidity is the lifetime of the refresh tokens issued
	// through the client; Cognito allows 1 hour to 10 years. Default: 30
	// days.
	RefreshTokenValidity time.Duration
	// ExplicitAuthFlows are the sign-in flows the client allows; a flow
	// that is not listed fails with InvalidParameterException, as in
	// Cognito. Default (empty): Cognito's default,
	// [DefaultExplicitAuthFlows], which does not include
	// USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH. Legacy values and
	// ALLOW_ values cannot be mixed.
	ExplicitAuthFlows []ExplicitAuthFlow
}

// AppClient is an app client of a user pool.
type AppClient struct {
	// ID is the client id.
	ID string
	// Secret is the client secret, or empty when the client has none.
	Secret string
	// Name is the client name.
	Name string
	// PoolID is the id of the client's user pool.
	PoolID string
	// ExplicitAuthFlows are the sign-in flows the client allows.
	ExplicitAuthFlows []ExplicitAuthFlow
}

// SecretHash returns the SECRET_HASH of username for the client, or ""
// when the client has no secret.
func (c AppClient) SecretHash(username string) string {
	if c.Secret == "" {
		return ""
	}
	return SecretHash(username, c.ID, c.Secret)
}

// CreateAppClient creates an app client in the pool.
func (p *UserPool) CreateAppClient(cfg ClientConfig) (AppClient, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	ps, err := p.pool()
	if err != nil {
		return AppClient{}, err
	}
	c, err := p.s.createClient(ps, cfg, p.s.cfg.now())
	if err != nil {
		return AppClient{}, err
	}
	return AppClient{ID: c.id, Secret: c.secret, Name: c.name, PoolID: c.poolID,
		ExplicitAuthFlows: append([]ExplicitAuthFlow(nil), c.flows...)}, nil
}

func (s *Server) createClient(ps *poolState, cfg ClientConfig, now time.Time) (*clientState, error) {
	if cfg.Name == "" {
		cfg.Name = "cognitotest"
	}
	if cfg.AccessTokenValidity == 0 {
		cfg.AccessTokenValidity = DefaultAccessTokenValidity
	}
	if cfg.AccessTokenValidity < 5*time.Minute || cfg.AccessTokenValidity > 24*time.Hour {
		return nil, fmt.Errorf("cognitotest: AccessTokenValidity %v is outside 5m..24h", cfg.AccessTokenValidity)
	}
	if cfg.RefreshTokenValidity == 0 {
		cfg.RefreshTokenValidity = DefaultRefreshTokenValidity
	}
	if cfg.RefreshTokenValidity < time.Hour || cfg.RefreshTokenValidity > 3650*24*time.Hour {
		return nil, fmt.Errorf("cognitotest: RefreshTokenValidity %v is outside 1h..3650 days", cfg.RefreshTokenValidity)
	}
	flows := cfg.ExplicitAuthFlows
	if len(flows) == 0 {
		flows = DefaultExplicitAuthFlows()
	}
	if err := checkExplicitAuthFlows(flows); err != nil {
		return nil, fmt.Errorf("cognitotest: %w", err)
	}
	c := &clientState{
		id:               randomString(lowerAlnum, 26),
		name:             cfg.Name,
		poolID:           ps.id,
		preventExistence: cfg.PreventUserExistenceErrors,
		tokenValidity:    cfg.AccessTokenValidity,
		refreshValidity:  cfg.RefreshTokenValidity,
		flows:            append([]ExplicitAuthFlow(nil), flows...),
		created:          now,
	}
	if cfg.GenerateSecret {
		c.secret = randomString(lowerAlnum, 51)
	}
	s.clients[c.id] = c
	return c, nil
}

// UserConfig describes a user to create with [UserPool.CreateUser].
type UserConfig struct {
	// Username is the user name; required. Usernames are case-sensitive.
	Username string
	// Password is the user's password. It is not checked against the
	// policy, so that tests can seed legacy passwords. With status
	// FORCE_CHANGE_PASSWORD it is the temporary password, valid for the
	// pool's TemporaryPasswordValidityDays from now. Empty means the user
	// has no password that can sign in.
	Password string
	// Status is the user status. Default: [StatusConfirmed].
	Status string
	// Attributes are the user's attributes, such as "email" and
	// "phone_number". A "sub" is generated unless given.
	Attributes map[string]string
	// EmailVerified sets email_verified to "true".
	EmailVerified bool
	// PhoneVerified sets phone_number_verified to "true".
	PhoneVerified bool
	// Disabled creates the user disabled, as AdminDisableUser would.
	Disabled bool
}

// CreateUser creates a user in the pool.
func (p *UserPool) CreateUser(cfg UserConfig) error {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	ps, err := p.pool()
	if err != nil {
		return err
	}
	if cfg.Username == "" || len(cfg.Username) > 128 {
		return errors.New("cognitotest: Username must have 1 to 128 characters")
	}
	if _, ok := ps.users[cfg.Username]; ok {
		return fmt.Errorf("cognitotest: user %q already exists in pool %q", cfg.Username, ps.id)
	}
	switch cfg.Status {
	case "":
		cfg.Status = StatusConfirmed
	case StatusConfirmed, StatusUnconfirmed, StatusForceChangePassword, StatusResetRequired:
	default:
		return fmt.Errorf("cognitotest: unknown user status %q", cfg.Status)
	}
	now := p.s.cfg.now()
	u := newUser(cfg.Username, cfg.Attributes, now)
	u.status = cfg.Status
	u.enabled = !cfg.Disabled
	if cfg.EmailVerified {
		u.attrs["email_verified"] = "true"
	}
	if cfg.PhoneVerified {
		u.attrs["phone_number_verified"] = "true"
	}
	if cfg.Password != "" {
		p.s.setPassword(ps, u, cfg.Password, now)
		if u.status == StatusForceChangePassword {
			u.tempExpires = now.Add(ps.tempValidity)
		}
	}
	ps.users[u.username] = u
	return nil
}

func newUser(username string, attrs map[string]string, now time.Time) *userState {
	u := &userState{
		username: username,
		attrs:    make(map[string]string, len(attrs)+1),
		enabled:  true,
		created:  now,
		modified: now,
	}
	for k, v := range attrs {
		u.attrs[k] = v
	}
	if u.attrs["sub"] == "" {
		u.attrs["sub"] = newRequestID()
	}
	return u
}

// User is a snapshot of a user, for assertions.
type User struct {
	// Username is the user name.
	Username string
	// Status is the user status, such as [StatusConfirmed].
	Status string
	// Enabled reports whether the user is enabled.
	Enabled bool
	// Attributes are the user's attributes, including "sub" and the
	// verification flags.
	Attributes map[string]string
	// Created is when the user was created.
	Created time.Time
	// Modified is when the user was last modified.
	Modified time.Time
}

// User returns a snapshot of the user.
func (p *UserPool) User(username string) (User, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	_, u, err := p.user(username)
	if err != nil {
		return User{}, err
	}
	return User{Username: u.username, Status: u.status, Enabled: u.enabled, Attributes: copyMap(u.attrs),
		Created: u.created, Modified: u.modified}, nil
}

// Usernames returns the pool's usernames in order.
func (p *UserPool) Usernames() []string {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	ps, err := p.pool()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(ps.users))
	for n := range ps.users {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// UserStatus returns the user's status, such as [StatusResetRequired].
func (p *UserPool) UserStatus(username string) (string, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	_, u, err := p.user(username)
	if err != nil {
		return "", err
	}
	return u.status, nil
}

// PasswordWouldSignIn reports whether an InitiateAuth with
// USER_PASSWORD_AUTH and this password would be accepted now: the user
// exists, is enabled, and is CONFIRMED with this password, or
// FORCE_CHANGE_PASSWORD with this unexpired temporary password (which
// signs in to a NEW_PASSWORD_REQUIRED challenge). It ignores lockouts and
// counts no attempt.
func (p *UserPool) PasswordWouldSignIn(username, password string) bool {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	_, u, err := p.user(username)
	if err != nil || !u.enabled || !p.s.passwordMatches(u, password) {
		return false
	}
	switch u.status {
	case StatusConfirmed:
		return true
	case StatusForceChangePassword:
		return p.s.cfg.now().Before(u.tempExpires)
	}
	return false
}

// IssueAccessToken issues an access token for the user through the app
// client, as a successful sign-in would, whatever the user's status. The
// token expires after the client's AccessTokenValidity.
func (p *UserPool) IssueAccessToken(clientID, username string) (string, error) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	ps, u, err := p.user(username)
	if err != nil {
		return "", err
	}
	c, ok := p.s.clients[clientID]
	if !ok || c.poolID != ps.id {
		return "", fmt.Errorf("%w: %q in pool %q", ErrClientNotFound, clientID, ps.id)
	}
	return p.s.issueToken(ps, c, u, p.s.cfg.now()), nil
}

// RevokeTokens revokes every access token issued to the user, as
// GlobalSignOut or AdminUserGlobalSignOut would. ChangePassword with one
// of them then fails with "Access Token has been revoked".
func (p *UserPool) RevokeTokens(username string) error {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	ps, u, err := p.user(username)
	if err != nil {
		return err
	}
	p.s.revokeTokens(ps.id, u.username)
	return nil
}
