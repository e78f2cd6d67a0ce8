package cognitopassword

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognitokit/cognitopassword/internal/redact"
	"github.com/cognitokit/cognitopassword/internal/srp"
	"github.com/cognitokit/cognitopassword/internal/validate"
	"github.com/cognitokit/cognitopassword/types"
)

// SignInFlow chooses how [Client.SignIn] proves the password.
type SignInFlow string

// The values of SignInFlow.
const (
	// SignInFlowSRP is USER_SRP_AUTH then PASSWORD_VERIFIER: the password
	// never leaves the process (Secure Remote Password, as Cognito's own
	// clients do it). The app client must allow ALLOW_USER_SRP_AUTH,
	// which Cognito's default app clients do. The default.
	SignInFlowSRP SignInFlow = "USER_SRP_AUTH"
	// SignInFlowUserPassword is USER_PASSWORD_AUTH: the password is sent
	// to Cognito over TLS. The app client must allow
	// ALLOW_USER_PASSWORD_AUTH.
	SignInFlowUserPassword SignInFlow = "USER_PASSWORD_AUTH"
	// SignInFlowAdminUserPassword is ADMIN_USER_PASSWORD_AUTH, sent with
	// AdminInitiateAuth: SigV4-signed, for servers holding AWS
	// credentials. The app client must allow
	// ALLOW_ADMIN_USER_PASSWORD_AUTH.
	SignInFlowAdminUserPassword SignInFlow = "ADMIN_USER_PASSWORD_AUTH"
)

// SignIn signs a user in with a username and password and returns either
// the tokens (AuthenticationResult) or the next challenge to answer, such
// as NEW_PASSWORD_REQUIRED for a user with a temporary password (answer it
// with [Client.CompleteNewPassword]) or an MFA challenge (answer it with
// [Client.RespondToAuthChallenge], using the output's Username and
// Session). A successful sign-in does not change the user's status; a
// wrong password counts as a failed attempt.
//
// With the default flow, [SignInFlowSRP], SignIn runs the whole Secure
// Remote Password exchange: InitiateAuth with USER_SRP_AUTH and SRP_A,
// then RespondToAuthChallenge answering PASSWORD_VERIFIER with the
// password claim signature computed locally. [SignInFlowUserPassword]
// sends InitiateAuth with USER_PASSWORD_AUTH; [SignInFlowAdminUserPassword]
// sends AdminInitiateAuth (signed; it needs AWS credentials).
//
// SECRET_HASH is added to each request when a secret is registered for the
// client id ([WithClientSecret]): over the username given for the first
// request, and over the internal username the challenge names
// (USER_ID_FOR_SRP) for the answer, as Cognito requires when users sign in
// with an alias such as their email address.
//
// Errors are those of the operations it calls (the *smithy.OperationError
// names InitiateAuth, AdminInitiateAuth or RespondToAuthChallenge), and,
// before any I/O, a smithy.InvalidParamsError for a bad input (operation
// name "SignIn"). No call is repeated after an ambiguous failure: a repeated
// sign-in may send another MFA message or count another failed attempt.
func (c *Client) SignIn(ctx context.Context, params *SignInInput, optFns ...func(*Options)) (*SignInOutput, error) {
	if params == nil {
		params = &SignInInput{}
	}
	in := *params
	if in.ClientId == "" {
		in.ClientId = c.optionsClientID(optFns)
	}
	if in.Flow == "" {
		in.Flow = SignInFlowSRP
	}
	poolName, err := in.validate()
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: ServiceID, OperationName: "SignIn", Err: err}
	}
	out := &SignInOutput{UserPoolId: in.UserPoolId, ClientId: in.ClientId, Flow: in.Flow, Username: in.Username}
	switch in.Flow {
	case SignInFlowUserPassword:
		res, err := c.InitiateAuth(ctx, &InitiateAuthInput{
			AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: in.ClientId, ClientMetadata: in.ClientMetadata,
			AuthParameters: map[string]string{"USERNAME": in.Username, "PASSWORD": in.Password},
		}, optFns...)
		if err != nil {
			return nil, err
		}
		out.set(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session, res.ResultMetadata)
		return out, nil
	case SignInFlowAdminUserPassword:
		res, err := c.AdminInitiateAuth(ctx, &AdminInitiateAuthInput{
			UserPoolId: in.UserPoolId, AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, ClientId: in.ClientId,
			ClientMetadata: in.ClientMetadata, AuthParameters: map[string]string{"USERNAME": in.Username, "PASSWORD": in.Password},
		}, optFns...)
		if err != nil {
			return nil, err
		}
		out.set(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session, res.ResultMetadata)
		return out, nil
	}

	sc, err := srp.NewClient(poolName, rand.Reader)
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: ServiceID, OperationName: "SignIn", Err: err}
	}
	res, err := c.InitiateAuth(ctx, &InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: in.ClientId, ClientMetadata: in.ClientMetadata,
		AuthParameters: map[string]string{"USERNAME": in.Username, "SRP_A": sc.SRPA()},
	}, optFns...)
	if err != nil {
		return nil, err
	}
	out.set(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session, res.ResultMetadata)
	if res.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return out, nil
	}
	p := res.ChallengeParameters
	userID := p["USER_ID_FOR_SRP"]
	signature, timestamp, err := sc.PasswordClaim(userID, in.Password, p["SRP_B"], p["SALT"], p["SECRET_BLOCK"], c.now(optFns))
	if err != nil {
		// A challenge this client cannot answer (a parameter missing or
		// malformed, or an SRP_B that would give away the password). The
		// error names the parameter, never a value.
		return nil, &smithy.OperationError{ServiceID: ServiceID, OperationName: "SignIn",
			Err: fmt.Errorf("answer the PASSWORD_VERIFIER challenge: %w", err)}
	}
	ans, err := c.RespondToAuthChallenge(ctx, &RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: in.ClientId, Session: res.Session,
		ClientMetadata: in.ClientMetadata,
		ChallengeResponses: map[string]string{
			"USERNAME": userID, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": timestamp,
		},
	}, optFns...)
	if err != nil {
		return nil, err
	}
	out.Username = userID
	out.set(ans.AuthenticationResult, ans.ChallengeName, ans.ChallengeParameters, ans.Session, ans.ResultMetadata)
	return out, nil
}

// optionsClientID is the default client id of a call with optFns.
func (c *Client) optionsClientID(optFns []func(*Options)) string {
	if len(optFns) == 0 {
		return c.cfg.opts.ClientID
	}
	o := c.cfg.opts.Copy()
	for _, fn := range optFns {
		fn(&o)
	}
	return o.ClientID
}

// now is the clock of a call with optFns, for the SRP TIMESTAMP.
func (c *Client) now(optFns []func(*Options)) time.Time {
	now := c.cfg.opts.now
	if len(optFns) > 0 {
		o := c.cfg.opts.Copy()
		for _, fn := range optFns {
			fn(&o)
		}
		now = o.now
	}
	if now == nil {
		return time.Now()
	}
	return now()
}

// SignInInput is the input of [Client.SignIn].
type SignInInput struct {
	// UserPoolId is the user pool, such as "eu-west-1_AbC123". Required
	// for SignInFlowSRP (the SRP computation uses the pool's name) and
	// SignInFlowAdminUserPassword.
	UserPoolId string
	// ClientId is the app client id. Required, unless Options.ClientID is
	// set.
	ClientId string
	// Username is the username or an alias (email, phone) the user typed.
	// Required.
	Username string
	// Password is the user's password (a temporary one included).
	// Required. Sensitive.
	Password string
	// Flow is the sign-in flow. Default: SignInFlowSRP.
	Flow SignInFlow
	// ClientMetadata is passed to the Lambda triggers the sign-in invokes.
	ClientMetadata map[string]string
}

func (in *SignInInput) validate() (poolName string, err error) {
	v := newValidator("SignInInput")
	switch in.Flow {
	case SignInFlowSRP, SignInFlowAdminUserPassword:
		v.userPoolID("UserPoolId", in.UserPoolId)
	case SignInFlowUserPassword:
		v.e.Check("UserPoolId", in.UserPoolId, validate.UserPoolIDType(), false)
	default:
		v.e.Custom("Flow", "must be USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH")
	}
	v.clientID("ClientId", in.ClientId)
	v.username("Username", in.Username)
	v.password("Password", in.Password, true)
	v.clientMetadata("ClientMetadata", in.ClientMetadata)
	if err := v.err(); err != nil {
		return "", err
	}
	if in.Flow == SignInFlowSRP {
		if poolName, err = srp.PoolName(in.UserPoolId); err != nil {
			v.e.Custom("UserPoolId", "has no pool name after its underscore")
			return "", v.err()
		}
	}
	return poolName, nil
}

func (in SignInInput) fields() []redact.Field {
	return []redact.Field{
		redact.S("UserPoolId", in.UserPoolId),
		redact.S("ClientId", in.ClientId),
		redact.S("Username", in.Username),
		redact.Secret("Password", in.Password),
		redact.S("Flow", string(in.Flow)),
		redact.M("ClientMetadata", in.ClientMetadata),
	}
}

// SignInOutput is the output of [Client.SignIn] and
// [Client.CompleteNewPassword]: the tokens when the sign-in is complete,
// otherwise the next challenge, with what is needed to answer it. Its
// tokens, Session and secret challenge parameters are printed redacted.
type SignInOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete
	// (use AccessToken for [Client.ChangePassword]); nil when a challenge
	// remains.
	AuthenticationResult *types.AuthenticationResultType
	// ChallengeName is the challenge to answer next, such as
	// NEW_PASSWORD_REQUIRED, SMS_MFA or SOFTWARE_TOKEN_MFA; empty when the
	// sign-in is complete.
	ChallengeName types.ChallengeNameType
	// ChallengeParameters are the challenge's parameters. Sensitive by
	// key.
	ChallengeParameters map[string]string
	// Session is passed back with the answer. Sensitive.
	Session string
	// Username is the username to answer the challenge with, and to
	// compute its SECRET_HASH from: the internal username the challenge
	// names (USER_ID_FOR_SRP or USERNAME), which differs from the one the
	// user typed when that was an alias.
	Username string
	// UserPoolId, ClientId and Flow are those of the sign-in, for the
	// answer.
	UserPoolId string
	ClientId   string
	Flow       SignInFlow
	// ResultMetadata holds the request id of the last call
	// (awsmiddleware.GetRequestIDMetadata).
	ResultMetadata middleware.Metadata
}

// set records the answer of the last call.
func (out *SignInOutput) set(result *types.AuthenticationResultType, name types.ChallengeNameType, params map[string]string, session string, md middleware.Metadata) {
	out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session, out.ResultMetadata =
		result, name, params, session, md
	if name == "" {
		return
	}
	if id := params["USER_ID_FOR_SRP"]; id != "" {
		out.Username = id
	} else if id := params["USERNAME"]; id != "" {
		out.Username = id
	}
}

func (out SignInOutput) fields() []redact.Field {
	f := authOutputFields(out.AuthenticationResult, nil, false, out.ChallengeName, out.ChallengeParameters, out.Session)
	return append(f,
		redact.S("Username", out.Username),
		redact.S("UserPoolId", out.UserPoolId),
		redact.S("ClientId", out.ClientId),
		redact.S("Flow", string(out.Flow)),
	)
}
