package cognitotest

import (
	"fmt"
	"slices"
	"strings"
)

// ExplicitAuthFlow is a value of an app client's ExplicitAuthFlows: a
// sign-in flow the client allows.
type ExplicitAuthFlow string

// The values of ExplicitAuthFlows. A client lists either ALLOW_ values or
// legacy ones, never both.
const (
	// AllowUserSRPAuth allows InitiateAuth and AdminInitiateAuth with
	// USER_SRP_AUTH.
	AllowUserSRPAuth ExplicitAuthFlow = "ALLOW_USER_SRP_AUTH"
	// AllowUserPasswordAuth allows InitiateAuth with USER_PASSWORD_AUTH.
	AllowUserPasswordAuth ExplicitAuthFlow = "ALLOW_USER_PASSWORD_AUTH"
	// AllowAdminUserPasswordAuth allows AdminInitiateAuth with
	// ADMIN_USER_PASSWORD_AUTH and its older name ADMIN_NO_SRP_AUTH.
	AllowAdminUserPasswordAuth ExplicitAuthFlow = "ALLOW_ADMIN_USER_PASSWORD_AUTH"
	// AllowRefreshTokenAuth allows REFRESH_TOKEN_AUTH (and REFRESH_TOKEN).
	AllowRefreshTokenAuth ExplicitAuthFlow = "ALLOW_REFRESH_TOKEN_AUTH"
	// AllowCustomAuth allows CUSTOM_AUTH, which the server does not
	// implement (it needs Lambda triggers).
	AllowCustomAuth ExplicitAuthFlow = "ALLOW_CUSTOM_AUTH"
	// AllowUserAuth allows USER_AUTH, which the server does not implement.
	AllowUserAuth ExplicitAuthFlow = "ALLOW_USER_AUTH"

	// LegacyAdminNoSRPAuth is the legacy value that allows
	// ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH).
	LegacyAdminNoSRPAuth ExplicitAuthFlow = "ADMIN_NO_SRP_AUTH"
	// LegacyUserPasswordAuth is the legacy value that allows
	// USER_PASSWORD_AUTH.
	LegacyUserPasswordAuth ExplicitAuthFlow = "USER_PASSWORD_AUTH"
	// LegacyCustomAuthFlowOnly is the legacy value that allows only
	// CUSTOM_AUTH (and refreshing tokens), turning SRP off.
	LegacyCustomAuthFlowOnly ExplicitAuthFlow = "CUSTOM_AUTH_FLOW_ONLY"
)

// DefaultExplicitAuthFlows returns the flows Cognito gives an app client
// created without ExplicitAuthFlows: ALLOW_USER_SRP_AUTH,
// ALLOW_REFRESH_TOKEN_AUTH and ALLOW_CUSTOM_AUTH. USER_PASSWORD_AUTH and
// ADMIN_USER_PASSWORD_AUTH are not among them.
func DefaultExplicitAuthFlows() []ExplicitAuthFlow {
	return []ExplicitAuthFlow{AllowRefreshTokenAuth, AllowUserSRPAuth, AllowCustomAuth}
}

// allExplicitAuthFlows are the model's values, in its order.
var allExplicitAuthFlows = []ExplicitAuthFlow{
	LegacyAdminNoSRPAuth, LegacyCustomAuthFlowOnly, LegacyUserPasswordAuth, AllowAdminUserPasswordAuth,
	AllowCustomAuth, AllowUserPasswordAuth, AllowUserSRPAuth, AllowRefreshTokenAuth, AllowUserAuth,
}

// explicitAuthFlowsEnum is the constraint message of the ExplicitAuthFlows
// member.
func explicitAuthFlowsEnum() string {
	names := make([]string, len(allExplicitAuthFlows))
	for i, f := range allExplicitAuthFlows {
		names[i] = string(f)
	}
	return "Member must satisfy enum value set: [" + strings.Join(names, ", ") + "]"
}

// msgMixedFlows is the error for a list that mixes legacy and ALLOW_
// values; Cognito's wording is not documented.
const msgMixedFlows = "ExplicitAuthFlows cannot mix legacy values with values that begin with ALLOW_"

// checkExplicitAuthFlows validates a list of flows: known values, and not
// legacy ones together with ALLOW_ ones. The error has no prefix.
func checkExplicitAuthFlows(flows []ExplicitAuthFlow) error {
	var legacy, allow bool
	for _, f := range flows {
		if !slices.Contains(allExplicitAuthFlows, f) {
			return fmt.Errorf("unknown ExplicitAuthFlows value %q", f)
		}
		if strings.HasPrefix(string(f), "ALLOW_") {
			allow = true
		} else {
			legacy = true
		}
	}
	if legacy && allow {
		return fmt.Errorf("%s", msgMixedFlows)
	}
	return nil
}

// The AuthFlow values of InitiateAuth and AdminInitiateAuth.
const (
	flowUserSRP           = "USER_SRP_AUTH"
	flowRefreshTokenAuth  = "REFRESH_TOKEN_AUTH"
	flowRefreshToken      = "REFRESH_TOKEN"
	flowCustom            = "CUSTOM_AUTH"
	flowAdminNoSRP        = "ADMIN_NO_SRP_AUTH"
	flowUserPassword      = "USER_PASSWORD_AUTH"
	flowAdminUserPassword = "ADMIN_USER_PASSWORD_AUTH"
	flowUserAuth          = "USER_AUTH"
)

// authFlowEnum is the constraint message of the AuthFlow member.
const authFlowEnum = "Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"

// flowOnEndpoint reports whether an AuthFlow is accepted by InitiateAuth
// (admin false) or AdminInitiateAuth (admin true), and whether it is a
// value of the model at all.
func flowOnEndpoint(flow string, admin bool) (accepted, known bool) {
	switch flow {
	case flowUserSRP, flowRefreshTokenAuth, flowRefreshToken, flowCustom, flowUserAuth:
		return true, true
	case flowUserPassword:
		return !admin, true
	case flowAdminNoSRP, flowAdminUserPassword:
		return admin, true
	}
	return false, false
}

// flowEnabled applies the client's ExplicitAuthFlows to an AuthFlow the
// endpoint accepts, with Cognito's error when the flow is not enabled. A
// client with legacy values keeps the flows Cognito allowed before the
// ALLOW_ values existed: SRP (unless CUSTOM_AUTH_FLOW_ONLY), refresh and
// custom authentication.
func (c *clientState) flowEnabled(flow string) *apiError {
	has := func(f ExplicitAuthFlow) bool { return slices.Contains(c.flows, f) }
	legacy := len(c.flows) > 0 && !strings.HasPrefix(string(c.flows[0]), "ALLOW_")
	switch flow {
	case flowUserPassword:
		if !has(AllowUserPasswordAuth) && !has(LegacyUserPasswordAuth) {
			return errInvalidParameter("USER_PASSWORD_AUTH flow not enabled for this client")
		}
	case flowAdminUserPassword, flowAdminNoSRP:
		if !has(AllowAdminUserPasswordAuth) && !has(LegacyAdminNoSRPAuth) {
			return errInvalidParameter("Auth flow not enabled for this client")
		}
	case flowUserSRP:
		if !has(AllowUserSRPAuth) && !(legacy && !has(LegacyCustomAuthFlowOnly)) {
			return errInvalidParameter("USER_SRP_AUTH is not enabled for the client.")
		}
	case flowRefreshTokenAuth, flowRefreshToken:
		if !has(AllowRefreshTokenAuth) && !legacy {
			return errInvalidParameter("Refresh Token flow not enabled for this client")
		}
	case flowCustom:
		if !has(AllowCustomAuth) && !legacy {
			return errInvalidParameter("Custom auth flow not enabled for this client")
		}
	case flowUserAuth:
		if !has(AllowUserAuth) {
			return errInvalidParameter("USER_AUTH flow not enabled for this client")
		}
	}
	return nil
}
