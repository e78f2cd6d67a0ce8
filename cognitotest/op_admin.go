package cognitotest

import (
	"slices"
	"sort"
	"strings"
	"time"
)

type passwordPolicyJSON struct {
	MinimumLength                 *int `json:"MinimumLength,omitempty"`
	RequireUppercase              bool `json:"RequireUppercase"`
	RequireLowercase              bool `json:"RequireLowercase"`
	RequireNumbers                bool `json:"RequireNumbers"`
	RequireSymbols                bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays *int `json:"TemporaryPasswordValidityDays,omitempty"`
	PasswordHistorySize           *int `json:"PasswordHistorySize,omitempty"`
}

type recoveryOptionJSON struct {
	Priority int    `json:"Priority"`
	Name     string `json:"Name"`
}

type accountRecoveryJSON struct {
	RecoveryMechanisms []recoveryOptionJSON `json:"RecoveryMechanisms"`
}

type createUserPoolInput struct {
	PoolName string
	Policies *struct {
		PasswordPolicy *passwordPolicyJSON
	}
	AccountRecoverySetting *accountRecoveryJSON
	Schema                 []struct {
		Name     string
		Required bool
	}
}

type userPoolJSON struct {
	Id                     string               `json:"Id"`
	Name                   string               `json:"Name"`
	Arn                    string               `json:"Arn"`
	CreationDate           float64              `json:"CreationDate"`
	LastModifiedDate       float64              `json:"LastModifiedDate"`
	EstimatedNumberOfUsers int                  `json:"EstimatedNumberOfUsers"`
	Policies               map[string]any       `json:"Policies"`
	AccountRecoverySetting *accountRecoveryJSON `json:"AccountRecoverySetting,omitempty"`
}

// createUserPoolOp creates a user pool from the CreateUserPool request.
func (s *Server) createUserPoolOp(c *call) (any, *apiError) {
	var in createUserPoolInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.requiredCheck("poolName", in.PoolName, 128, nil)
	if v.err != nil {
		return nil, v.err
	}
	cfg := PoolConfig{Name: in.PoolName}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		pp := in.Policies.PasswordPolicy
		policy := PasswordPolicy{MinimumLength: 8, RequireUppercase: pp.RequireUppercase,
			RequireLowercase: pp.RequireLowercase, RequireNumbers: pp.RequireNumbers, RequireSymbols: pp.RequireSymbols}
		if pp.MinimumLength != nil {
			policy.MinimumLength = *pp.MinimumLength
		}
		cfg.PasswordPolicy = &policy
		if pp.TemporaryPasswordValidityDays != nil {
			cfg.TemporaryPasswordValidityDays = *pp.TemporaryPasswordValidityDays
		}
		if pp.PasswordHistorySize != nil {
			cfg.PasswordHistorySize = *pp.PasswordHistorySize
		}
	}
	for _, a := range in.Schema {
		// sub is required in every pool, and always set.
		if a.Required && !readOnlyAttribute(a.Name) {
			cfg.RequiredAttributes = append(cfg.RequiredAttributes, a.Name)
		}
	}
	if in.AccountRecoverySetting != nil {
		mechs := append([]recoveryOptionJSON(nil), in.AccountRecoverySetting.RecoveryMechanisms...)
		sort.SliceStable(mechs, func(i, j int) bool { return mechs[i].Priority < mechs[j].Priority })
		for _, m := range mechs {
			cfg.AccountRecovery = append(cfg.AccountRecovery, RecoveryOption(m.Name))
		}
	}
	p, err := s.createPool(cfg, c.now)
	if err != nil {
		return nil, errInvalidParameter(strings.TrimPrefix(err.Error(), "cognitotest: "))
	}
	return map[string]any{"UserPool": s.poolJSON(p)}, nil
}

func (s *Server) poolJSON(p *poolState) userPoolJSON {
	minLen, days, hist := p.policy.MinimumLength, int(p.tempValidity/(24*time.Hour)), p.historySize
	pp := passwordPolicyJSON{
		MinimumLength: &minLen, RequireUppercase: p.policy.RequireUppercase, RequireLowercase: p.policy.RequireLowercase,
		RequireNumbers: p.policy.RequireNumbers, RequireSymbols: p.policy.RequireSymbols,
		TemporaryPasswordValidityDays: &days,
	}
	if hist > 0 {
		pp.PasswordHistorySize = &hist
	}
	out := userPoolJSON{
		Id: p.id, Name: p.name, Arn: "arn:aws:cognito-idp:" + s.cfg.region + ":000000000000:userpool/" + p.id,
		CreationDate: epoch(p.created), LastModifiedDate: epoch(p.created), EstimatedNumberOfUsers: len(p.users),
		Policies: map[string]any{"PasswordPolicy": pp},
	}
	if len(p.recovery) > 0 {
		out.AccountRecoverySetting = &accountRecoveryJSON{}
		for i, o := range p.recovery {
			out.AccountRecoverySetting.RecoveryMechanisms = append(out.AccountRecoverySetting.RecoveryMechanisms,
				recoveryOptionJSON{Priority: i + 1, Name: string(o)})
		}
	}
	return out
}

type createUserPoolClientInput struct {
	UserPoolId                 string
	ClientName                 string
	GenerateSecret             bool
	PreventUserExistenceErrors string
	AccessTokenValidity        *int
	RefreshTokenValidity       *int
	TokenValidityUnits         *struct{ AccessToken, RefreshToken string }
	ExplicitAuthFlows          []ExplicitAuthFlow
}

// createUserPoolClientOp creates an app client from the
// CreateUserPoolClient request.
func (s *Server) createUserPoolClientOp(c *call) (any, *apiError) {
	var in createUserPoolClientInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.requiredCheck("clientName", in.ClientName, 128, nil)
	if v.err != nil {
		return nil, v.err
	}
	p, e := s.userPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	cfg := ClientConfig{Name: in.ClientName, GenerateSecret: in.GenerateSecret}
	switch in.PreventUserExistenceErrors {
	case "", "LEGACY":
	case "ENABLED":
		cfg.PreventUserExistenceErrors = true
	default:
		return nil, errConstraint("preventUserExistenceErrors", "Member must satisfy enum value set: [LEGACY, ENABLED]")
	}
	var units struct{ AccessToken, RefreshToken string }
	if in.TokenValidityUnits != nil {
		units = *in.TokenValidityUnits
	}
	var e2 *apiError
	if cfg.AccessTokenValidity, e2 = tokenValidity("tokenValidityUnits.accessToken", in.AccessTokenValidity, units.AccessToken, "hours"); e2 != nil {
		return nil, e2
	}
	if cfg.RefreshTokenValidity, e2 = tokenValidity("tokenValidityUnits.refreshToken", in.RefreshTokenValidity, units.RefreshToken, "days"); e2 != nil {
		return nil, e2
	}
	for _, f := range in.ExplicitAuthFlows {
		if !slices.Contains(allExplicitAuthFlows, f) {
			return nil, errConstraint("explicitAuthFlows", explicitAuthFlowsEnum())
		}
	}
	cfg.ExplicitAuthFlows = in.ExplicitAuthFlows
	cl, err := s.createClient(p, cfg, c.now)
	if err != nil {
		return nil, errInvalidParameter(strings.TrimPrefix(err.Error(), "cognitotest: "))
	}
	out := map[string]any{
		"UserPoolId": cl.poolID, "ClientName": cl.name, "ClientId": cl.id,
		"CreationDate": epoch(cl.created), "LastModifiedDate": epoch(cl.created),
		"PreventUserExistenceErrors": map[bool]string{true: "ENABLED", false: "LEGACY"}[cl.preventExistence],
		"AccessTokenValidity":        int(cl.tokenValidity / time.Minute),
		"ExplicitAuthFlows":          cl.flows,
	}
	refreshUnit, refreshIn := "days", 24*time.Hour
	if cl.refreshValidity%refreshIn != 0 {
		refreshUnit, refreshIn = "minutes", time.Minute
	}
	out["RefreshTokenValidity"] = int(cl.refreshValidity / refreshIn)
	out["TokenValidityUnits"] = map[string]string{"AccessToken": "minutes", "RefreshToken": refreshUnit}
	if cl.secret != "" {
		out["ClientSecret"] = cl.secret
	}
	return map[string]any{"UserPoolClient": out}, nil
}

// tokenValidity reads a token validity of CreateUserPoolClient in its unit
// (unitDefault when none is given); nil is zero, the default.
func tokenValidity(member string, n *int, unit, unitDefault string) (time.Duration, *apiError) {
	if n == nil {
		return 0, nil
	}
	if unit == "" {
		unit = unitDefault
	}
	d, ok := map[string]time.Duration{"seconds": time.Second, "minutes": time.Minute, "hours": time.Hour, "days": 24 * time.Hour}[unit]
	if !ok {
		return 0, errConstraint(member, "Member must satisfy enum value set: [seconds, minutes, hours, days]")
	}
	return time.Duration(*n) * d, nil
}

type adminCreateUserInput struct {
	UserPoolId             string
	Username               string
	UserAttributes         []attribute
	TemporaryPassword      string
	MessageAction          string
	DesiredDeliveryMediums []string
	ClientMetadata         map[string]string
}

// adminCreateUser creates a FORCE_CHANGE_PASSWORD user and sends the
// invitation unless MessageAction is SUPPRESS.
func (s *Server) adminCreateUser(c *call) (any, *apiError) {
	var in adminCreateUserInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.username("username", in.Username)
	if in.TemporaryPassword != "" {
		v.password("temporaryPassword", in.TemporaryPassword)
	}
	if v.err != nil {
		return nil, v.err
	}
	p, e := s.userPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	switch in.MessageAction {
	case "", "SUPPRESS", "RESEND":
	default:
		return nil, errConstraint("messageAction", "Member must satisfy enum value set: [RESEND, SUPPRESS]")
	}
	for _, m := range in.DesiredDeliveryMediums {
		if m != "EMAIL" && m != "SMS" {
			return nil, errConstraint("desiredDeliveryMediums", "Member must satisfy enum value set: [SMS, EMAIL]")
		}
	}
	u := p.users[in.Username]
	switch {
	case in.MessageAction == "RESEND" && u == nil:
		return nil, errUserNotFound("User does not exist.")
	case in.MessageAction == "RESEND" && u.status != StatusForceChangePassword:
		return nil, newAPIError("UnsupportedUserStateException", "Resend not possible. "+u.username+" status is not FORCE_CHANGE_PASSWORD.")
	case in.MessageAction != "RESEND" && u != nil:
		return nil, newAPIError("UsernameExistsException", "User account already exists")
	}
	password := in.TemporaryPassword
	if password == "" {
		password = randomPassword()
	} else if e := s.checkNewPassword(p, u, password, policyPrefixAdmin); e != nil {
		return nil, e
	}
	if u == nil {
		attrs := make(map[string]string, len(in.UserAttributes))
		for _, a := range in.UserAttributes {
			attrs[a.Name] = a.Value
		}
		u = newUser(in.Username, attrs, c.now)
		p.users[u.username] = u
	}
	s.setPassword(p, u, password, c.now)
	u.status = StatusForceChangePassword
	u.tempExpires = c.now.Add(p.tempValidity)
	if in.MessageAction != "SUPPRESS" {
		if r, ok := invitationRoute(u, in.DesiredDeliveryMediums); ok {
			s.sendMessage(Message{
				PoolID: p.id, Username: u.username, Trigger: "CustomMessage_AdminCreateUser",
				Medium: r.medium, AttributeName: r.attr, Destination: r.dest, TemporaryPassword: password,
				ClientMetadata: copyMap(in.ClientMetadata), Time: c.now,
			})
		}
	}
	return map[string]any{"User": userJSON(u, "Attributes")}, nil
}

// invitationRoute picks where the AdminCreateUser invitation goes: the
// first desired medium (default SMS, as in Cognito) whose attribute the
// user has, else whichever of email and phone number the user has.
func invitationRoute(u *userState, mediums []string) (route, bool) {
	if len(mediums) == 0 {
		mediums = []string{"SMS"}
	}
	for _, m := range append(mediums, "EMAIL", "SMS") {
		switch {
		case m == "EMAIL" && u.attrs["email"] != "":
			return route{"EMAIL", "email", u.attrs["email"]}, true
		case m == "SMS" && u.attrs["phone_number"] != "":
			return route{"SMS", "phone_number", u.attrs["phone_number"]}, true
		}
	}
	return route{}, false
}

// userJSON renders a user as UserType (attrKey "Attributes") or as
// AdminGetUser's output (attrKey "UserAttributes").
func userJSON(u *userState, attrKey string) map[string]any {
	return map[string]any{
		"Username":             u.username,
		attrKey:                attributeList(u.attrs),
		"UserCreateDate":       epoch(u.created),
		"UserLastModifiedDate": epoch(u.modified),
		"Enabled":              u.enabled,
		"UserStatus":           u.status,
	}
}

type adminGetUserInput struct {
	UserPoolId string
	Username   string
}

// adminGetUser returns a user and its status.
func (s *Server) adminGetUser(c *call) (any, *apiError) {
	var in adminGetUserInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.username("username", in.Username)
	if v.err != nil {
		return nil, v.err
	}
	_, u, e := s.adminUser(in.UserPoolId, in.Username)
	if e != nil {
		return nil, e
	}
	return userJSON(u, "UserAttributes"), nil
}

type adminUpdateUserAttributesInput struct {
	UserPoolId     string
	Username       string
	UserAttributes []attribute
}

// adminUpdateUserAttributes sets attributes, such as email_verified, on a
// user. Unlike Cognito it sends no verification code for a changed email
// address or phone number.
func (s *Server) adminUpdateUserAttributes(c *call) (any, *apiError) {
	var in adminUpdateUserAttributesInput
	if e := decode(c, &in); e != nil {
		return nil, e
	}
	var v validator
	v.poolID(in.UserPoolId)
	v.username("username", in.Username)
	if in.UserAttributes == nil {
		v.required("userAttributes", "")
	}
	if v.err != nil {
		return nil, v.err
	}
	_, u, e := s.adminUser(in.UserPoolId, in.Username)
	if e != nil {
		return nil, e
	}
	for _, a := range in.UserAttributes {
		if a.Name == "sub" {
			return nil, errInvalidParameter("Cannot modify an non-mutable attribute: sub")
		}
	}
	for _, a := range in.UserAttributes {
		u.attrs[a.Name] = a.Value
	}
	u.modified = c.now
	return empty{}, nil
}
