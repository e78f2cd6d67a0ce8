package cognitopassword

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	smithy "github.com/aws/smithy-go"

	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/types"
)

// CompleteNewPassword answers the NEW_PASSWORD_REQUIRED challenge of a
// sign-in (a user whose password is temporary, status
// FORCE_CHANGE_PASSWORD): it sets NewPassword, writes UserAttributes, and
// returns the tokens, or the next challenge (such as MFA setup). The user's
// status becomes CONFIRMED.
//
// It handles the traps of this challenge: the challenge's userAttributes
// and requiredAttributes parameters are JSON strings, which it reads;
// attributes that cannot be written (sub, email_verified,
// phone_number_verified) and attributes whose value is the one the
// challenge already shows are never sent back (Cognito refuses both, the
// latter with "Cannot modify an already provided" for a required
// attribute); a required attribute the user lacks and UserAttributes does
// not give fails locally, before any I/O, with a smithy.InvalidParamsError
// that names it. The answer's USERNAME, and the SECRET_HASH computed for a
// client with a registered secret ([WithClientSecret]), use the internal
// username of the challenge, not the alias the user may have typed.
//
// The answer is sent with RespondToAuthChallenge, or with
// AdminRespondToAuthChallenge (signed) when the sign-in used
// [SignInFlowAdminUserPassword]. It is not repeated after an ambiguous
// failure: the first answer may have set the password (the error matches
// [ErrOutcomeUnknown]; sign in with the new password to find out).
//
// Errors are those of the operation it calls, and, before any I/O, a
// smithy.InvalidParamsError for a bad input (operation name
// "CompleteNewPassword").
func (c *Client) CompleteNewPassword(ctx context.Context, params *CompleteNewPasswordInput, optFns ...func(*Options)) (*SignInOutput, error) {
	if params == nil {
		params = &CompleteNewPasswordInput{}
	}
	responses, err := params.responses()
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: ServiceID, OperationName: "CompleteNewPassword", Err: err}
	}
	ch := params.Challenge
	out := &SignInOutput{UserPoolId: ch.UserPoolId, ClientId: ch.ClientId, Flow: ch.Flow, Username: ch.Username}
	if ch.Flow == SignInFlowAdminUserPassword {
		res, err := c.AdminRespondToAuthChallenge(ctx, &AdminRespondToAuthChallengeInput{
			UserPoolId: ch.UserPoolId, ClientId: ch.ClientId, ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
			Session: ch.Session, ChallengeResponses: responses, ClientMetadata: params.ClientMetadata,
		}, optFns...)
		if err != nil {
			return nil, err
		}
		out.set(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session, res.ResultMetadata)
		return out, nil
	}
	res, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{
		ClientId: ch.ClientId, ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
		Session: ch.Session, ChallengeResponses: responses, ClientMetadata: params.ClientMetadata,
	}, optFns...)
	if err != nil {
		return nil, err
	}
	out.set(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session, res.ResultMetadata)
	return out, nil
}

// CompleteNewPasswordInput is the input of [Client.CompleteNewPassword].
type CompleteNewPasswordInput struct {
	// Challenge is the output of [Client.SignIn] (or of an earlier
	// answer) whose ChallengeName is NEW_PASSWORD_REQUIRED. Required.
	Challenge *SignInOutput
	// NewPassword is the password to set. Required. Sensitive.
	NewPassword string
	// UserAttributes are attributes to write with the new password, by
	// name ("name", "custom:team"; a "userAttributes." prefix is allowed),
	// among them every required attribute the user lacks
	// ([CompleteNewPasswordInput.RequiredAttributes]). sub, email_verified
	// and phone_number_verified are left out, and so is an attribute whose
	// value the challenge already shows. Values are sensitive.
	UserAttributes map[string]string
	// ClientMetadata is passed to the Lambda triggers the answer invokes.
	ClientMetadata map[string]string
}

// readOnlyAttributes are the attributes no user can write.
var readOnlyAttributes = map[string]bool{"sub": true, "email_verified": true, "phone_number_verified": true}

const userAttributesPrefix = "userAttributes."

// RequiredAttributes returns the names of the required attributes the user
// lacks, which UserAttributes must give, from the challenge's
// requiredAttributes parameter (a JSON array of "userAttributes.<name>").
func (in *CompleteNewPasswordInput) RequiredAttributes() ([]string, error) {
	if in.Challenge == nil {
		return nil, nil
	}
	raw := in.Challenge.ChallengeParameters["requiredAttributes"]
	if raw == "" {
		return nil, nil
	}
	var names []string
	if err := json.Unmarshal([]byte(raw), &names); err != nil {
		return nil, fmt.Errorf("the challenge's requiredAttributes is not a JSON array of strings")
	}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, userAttributesPrefix)
	}
	return names, nil
}

// CurrentAttributes returns the user's attributes as the challenge shows
// them, from its userAttributes parameter (a JSON object).
func (in *CompleteNewPasswordInput) CurrentAttributes() (map[string]string, error) {
	if in.Challenge == nil {
		return nil, nil
	}
	raw := in.Challenge.ChallengeParameters["userAttributes"]
	if raw == "" {
		return map[string]string{}, nil
	}
	var attrs map[string]any
	if err := json.Unmarshal([]byte(raw), &attrs); err != nil {
		return nil, fmt.Errorf("the challenge's userAttributes is not a JSON object")
	}
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out, nil
}

// responses checks the input and builds the ChallengeResponses.
func (in *CompleteNewPasswordInput) responses() (map[string]string, error) {
	v := newValidator("CompleteNewPasswordInput")
	ch := in.Challenge
	switch {
	case ch == nil:
		v.e.Required("Challenge")
	case ch.ChallengeName != types.ChallengeNameTypeNewPasswordRequired:
		v.e.Custom("Challenge", "is not a NEW_PASSWORD_REQUIRED challenge")
	default:
		v.clientID("Challenge.ClientId", ch.ClientId)
		v.username("Challenge.Username", ch.Username)
		v.e.Check("Challenge.Session", ch.Session, sessionConstraint(), true)
		if ch.Flow == SignInFlowAdminUserPassword {
			v.userPoolID("Challenge.UserPoolId", ch.UserPoolId)
		}
	}
	v.password("NewPassword", in.NewPassword, true)
	v.clientMetadata("ClientMetadata", in.ClientMetadata)
	if err := v.err(); err != nil {
		return nil, err
	}
	current, err := in.CurrentAttributes()
	if err != nil {
		v.e.Custom("Challenge.ChallengeParameters", err.Error())
		return nil, v.err()
	}
	required, err := in.RequiredAttributes()
	if err != nil {
		v.e.Custom("Challenge.ChallengeParameters", err.Error())
		return nil, v.err()
	}
	responses := map[string]string{"USERNAME": ch.Username, "NEW_PASSWORD": in.NewPassword}
	for k, val := range in.UserAttributes {
		name := strings.TrimPrefix(k, userAttributesPrefix)
		if readOnlyAttributes[name] {
			continue
		}
		if cur, ok := current[name]; ok && cur == val {
			continue
		}
		responses[userAttributesPrefix+name] = val
	}
	var missing []string
	for _, name := range required {
		if responses[userAttributesPrefix+name] == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		v.e.Custom("UserAttributes", "missing the attributes the user pool requires: "+strings.Join(missing, ", "))
		return nil, v.err()
	}
	return responses, nil
}

func (in CompleteNewPasswordInput) fields() []redact.Field {
	ch := redact.Field{Name: "Challenge", Inner: []redact.Field{}}
	if in.Challenge != nil {
		ch.Set = true
		ch.Inner = in.Challenge.fields()
	}
	attrs := make(map[string]string, len(in.UserAttributes))
	for k, v := range in.UserAttributes {
		attrs[k] = v
	}
	return []redact.Field{
		ch,
		redact.Secret("NewPassword", in.NewPassword),
		redact.AuthMap("UserAttributes", attrs),
		redact.M("ClientMetadata", in.ClientMetadata),
	}
}
