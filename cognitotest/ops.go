package cognitotest

import (
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"time"
	"unicode/utf8"
)

// authMode says whether an operation needs a SigV4 signature.
type authMode int

const (
	// authNone: a public operation; any signature is ignored.
	authNone authMode = iota
	// authOptional: a setup operation; a signature is verified when sent.
	authOptional
	// authRequired: an administrator operation; a valid signature is
	// required.
	authRequired
)

type operation struct {
	auth authMode
	fn   func(*Server, *call) (any, *apiError)
}

// operations are the operations the server implements, by name.
var operations = map[string]operation{
	"AdminResetUserPassword":      {authRequired, (*Server).adminResetUserPassword},
	"AdminSetUserPassword":        {authRequired, (*Server).adminSetUserPassword},
	"ConfirmForgotPassword":       {authNone, (*Server).confirmForgotPassword},
	"ResendConfirmationCode":      {authNone, (*Server).resendConfirmationCode},
	"ForgotPassword":              {authNone, (*Server).forgotPassword},
	"ChangePassword":              {authNone, (*Server).changePassword},
	"ConfirmSignUp":               {authNone, (*Server).confirmSignUp},
	"InitiateAuth":                {authNone, (*Server).initiateAuth},
	"RespondToAuthChallenge":      {authNone, (*Server).respondToAuthChallenge},
	"AdminInitiateAuth":           {authRequired, (*Server).adminInitiateAuth},
	"AdminRespondToAuthChallenge": {authRequired, (*Server).adminRespondToAuthChallenge},
	"GlobalSignOut":               {authNone, (*Server).globalSignOut},
	"CreateUserPool":              {authOptional, (*Server).createUserPoolOp},
	"CreateUserPoolClient":        {authOptional, (*Server).createUserPoolClientOp},
	"AdminCreateUser":             {authOptional, (*Server).adminCreateUser},
	"AdminGetUser":                {authOptional, (*Server).adminGetUser},
	"AdminUserGlobalSignOut":      {authRequired, (*Server).adminUserGlobalSignOut},
	"AdminUpdateUserAttributes":   {authOptional, (*Server).adminUpdateUserAttributes},
}

// Operations returns the names of the operations the server implements,
// sorted.
func Operations() []string {
	names := make([]string, 0, len(operations))
	for n := range operations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// decode parses the request body into v.
func decode(c *call, v any) *apiError {
	if err := json.Unmarshal(c.body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return newAPIError("SerializationException", "cognitotest: member "+typeErr.Field+" has the wrong type")
		}
		return newAPIError("SerializationException", "cognitotest: the request body is not a JSON object")
	}
	return nil
}

// Constraints of the service model, checked on input members.
var (
	usernamePattern   = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$`)
	clientIDPattern   = regexp.MustCompile(`^[\w+]+$`)
	secretHashPattern = regexp.MustCompile(`^[\w+=/]+$`)
	tokenPattern      = regexp.MustCompile(`^[A-Za-z0-9-_=.]+$`)
	nonSpacePattern   = regexp.MustCompile(`^[\S]+$`)
)

// validator collects the first constraint violation of a request.
type validator struct{ err *apiError }

func (v *validator) required(member, value string) {
	if v.err == nil && value == "" {
		v.err = errMissing(member)
	}
}

// requiredCheck is required, then check.
func (v *validator) requiredCheck(member, value string, maxLen int, re *regexp.Regexp) {
	v.required(member, value)
	v.check(member, value, maxLen, re)
}

// check checks a value that is set; it does nothing after a violation.
func (v *validator) check(member, value string, maxLen int, re *regexp.Regexp) {
	if v.err != nil || value == "" {
		return
	}
	if utf8.RuneCountInString(value) > maxLen {
		v.err = errConstraint(member, "Member must have length less than or equal to "+itoa(maxLen))
		return
	}
	if re != nil && !re.MatchString(value) {
		v.err = errConstraint(member, "Member must satisfy regular expression pattern: "+
			trimAnchors(re.String()))
	}
}

func trimAnchors(p string) string {
	if len(p) >= 2 && p[0] == '^' && p[len(p)-1] == '$' {
		return p[1 : len(p)-1]
	}
	return p
}

func (v *validator) username(member, value string) {
	v.requiredCheck(member, value, 128, usernamePattern)
}

func (v *validator) clientID(value string) {
	v.requiredCheck("clientId", value, 128, clientIDPattern)
}

func (v *validator) poolID(value string) {
	v.requiredCheck("userPoolId", value, 55, poolIDPattern)
}

func (v *validator) password(member, value string) {
	v.requiredCheck(member, value, 256, nonSpacePattern)
}

func (v *validator) secretHash(value string) {
	v.check("secretHash", value, 128, secretHashPattern)
}

func (v *validator) accessToken(value string) {
	v.requiredCheck("accessToken", value, 1<<16, tokenPattern)
}

func (v *validator) confirmationCode(value string) {
	v.requiredCheck("confirmationCode", value, 2048, nonSpacePattern)
}

// appClient finds an app client and its pool. The caller holds s.mu.
func (s *Server) appClient(id string) (*poolState, *clientState, *apiError) {
	c, ok := s.clients[id]
	if !ok {
		return nil, nil, errResourceNotFound("User pool client " + id + " does not exist.")
	}
	p, ok := s.pools[c.poolID]
	if !ok {
		return nil, nil, errResourceNotFound("User pool client " + id + " does not exist.")
	}
	return p, c, nil
}

// userPool finds a pool. The caller holds s.mu.
func (s *Server) userPool(id string) (*poolState, *apiError) {
	p, ok := s.pools[id]
	if !ok {
		return nil, errResourceNotFound("User pool " + id + " does not exist.")
	}
	return p, nil
}

// adminUser finds a user for an administrator operation.
func (s *Server) adminUser(poolID, username string) (*poolState, *userState, *apiError) {
	p, e := s.userPool(poolID)
	if e != nil {
		return nil, nil, e
	}
	u, ok := p.users[username]
	if !ok {
		return p, nil, errUserNotFound("User does not exist.")
	}
	return p, u, nil
}

// epoch renders a time as AWS JSON does: seconds since the epoch.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// attribute is an AttributeType.
type attribute struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

func attributeList(m map[string]string) []attribute {
	out := make([]attribute, 0, len(m))
	for k, v := range m {
		out = append(out, attribute{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type empty struct{}
