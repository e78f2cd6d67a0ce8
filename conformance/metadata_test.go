package conformance

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestIDHeadersMatchTheOfficialClient sends the request id in each
// header the official client reads (X-Amzn-Requestid, then
// X-Amz-Requestid) and in none, on success and on error, and compares the
// ResultMetadata request id (value and presence) and the ResponseError's.
func TestRequestIDHeadersMatchTheOfficialClient(t *testing.T) {
	pr := newPair(t)
	op := operationNamed("ForgotPassword")
	cases := []struct {
		name   string
		header map[string]string
	}{
		{"x-amzn-requestid", map[string]string{"X-Amzn-Requestid": "amzn-id"}},
		{"x-amz-request-id only", map[string]string{"X-Amz-Requestid": "amz-id"}},
		{"both, x-amzn-requestid first", map[string]string{"X-Amzn-Requestid": "amzn-id", "X-Amz-Requestid": "amz-id"}},
		{"no request id", nil},
	}
	for _, tc := range cases {
		t.Run("success with "+tc.name, func(t *testing.T) {
			th, ou := pr.call(context.Background(), op, minimalParams(op.name), reply{Status: 200, Header: tc.header, Body: "{}"})
			require.NoError(t, th.Err)
			require.NoError(t, ou.Err)
			successCases.Add(1)
			assert.Equal(t, th.Res, ou.Res, "ResultMetadata request id (value, present)")
		})
		t.Run("error with "+tc.name, func(t *testing.T) {
			th, ou := pr.call(context.Background(), op, minimalParams(op.name), reply{Status: 400, Header: tc.header, Body: `{"__type":"UserNotFoundException"}`})
			require.Error(t, th.Err)
			require.Error(t, ou.Err)
			errorCases.Add(1)
			tv, _ := viewError(th.Err)
			ov, _ := viewError(ou.Err)
			assert.Equal(t, tv.RequestID, ov.RequestID, "ResponseError request id")
		})
	}
}

// TestValidationErrorsMatchTheOfficialClient leaves out each required
// member of each operation (an empty string for ours, nil for the
// official), and passes a nil input, and compares the errors: the same
// message, and the same type in the chain, so that
// errors.As(err, &smithy.InvalidParamsError{}) written for the official
// client also matches ours.
func TestValidationErrorsMatchTheOfficialClient(t *testing.T) {
	pr := newPair(t)
	required := map[string][]string{
		"AdminResetUserPassword":      {"UserPoolId", "Username"},
		"AdminSetUserPassword":        {"UserPoolId", "Username", "Password"},
		"ConfirmForgotPassword":       {"ClientId", "Username", "ConfirmationCode", "Password"},
		"ResendConfirmationCode":      {"ClientId", "Username"},
		"ForgotPassword":              {"ClientId", "Username"},
		"ChangePassword":              {"AccessToken", "ProposedPassword"},
		"InitiateAuth":                {"AuthFlow", "ClientId"},
		"RespondToAuthChallenge":      {"ClientId", "ChallengeName"},
		"AdminInitiateAuth":           {"UserPoolId", "ClientId", "AuthFlow"},
		"AdminRespondToAuthChallenge": {"UserPoolId", "ClientId", "ChallengeName"},
		"AdminGetUser":                {"UserPoolId", "Username"},
	}
	for _, op := range operations {
		var variants [][]string
		for _, m := range required[op.name] {
			variants = append(variants, []string{m})
		}
		variants = append(variants, required[op.name]) // all missing, as a nil input gives
		for _, missing := range variants {
			t.Run(fmt.Sprintf("%s without %v", op.name, missing), func(t *testing.T) {
				p := minimalParams(op.name)
				v := reflect.ValueOf(&p).Elem()
				for _, m := range missing {
					v.FieldByName(m).SetString("")
				}
				th, ou := pr.call(context.Background(), op, p, reply{Status: 200, Body: "{}"})
				require.Error(t, th.Err)
				require.Error(t, ou.Err)
				assert.Empty(t, th.Sent)
				assert.Empty(t, ou.Sent)
				assert.Equal(t, th.Err.Error(), ou.Err.Error(), "messages")
				var theirs smithy.InvalidParamsError
				assert.ErrorAs(t, th.Err, &theirs, "the official chain holds a smithy.InvalidParamsError value")
				var ours smithy.InvalidParamsError
				assert.ErrorAs(t, ou.Err, &ours, "ours holds a smithy.InvalidParamsError value too")
			})
		}
	}
}

// TestNilInputMatchesTheOfficialClient passes a nil input: the official
// client validates an empty input and reports every missing member.
func TestNilInputMatchesTheOfficialClient(t *testing.T) {
	pr := newPair(t)
	ctx := context.Background()
	_, terr := pr.theirs.ForgotPassword(ctx, nil)
	_, oerr := pr.ours.ForgotPassword(ctx, nil)
	require.Error(t, terr)
	require.Error(t, oerr)
	assert.Equal(t, terr.Error(), oerr.Error())
	assert.Empty(t, pr.rs.take())
}

// TestValidationErrorTypeMatchesTheOfficialClient: the official client's
// validation error is a smithy.InvalidParamsError value directly under the
// *smithy.OperationError (its generated validators return one), so code
// written for it,
//
//	var invalid smithy.InvalidParamsError
//	errors.As(err, &invalid)
//
// matches ours too. A *smithy.InvalidParamsError, or a value wrapped in
// another error, would break code that looks at the error under the
// operation error, so the test compares the type found there, which
// errors.As in TestValidationErrorsMatchTheOfficialClient does not.
func TestValidationErrorTypeMatchesTheOfficialClient(t *testing.T) {
	pr := newPair(t)
	op := operationNamed("ForgotPassword")
	p := minimalParams(op.name)
	p.Username = ""
	th, ou := pr.call(context.Background(), op, p, reply{Status: 200, Body: "{}"})
	require.Error(t, th.Err)
	require.Error(t, ou.Err)
	assert.Equal(t, reflect.TypeOf(unwrapOnce(th.Err)).String(), reflect.TypeOf(unwrapOnce(ou.Err)).String(),
		"type of the validation error under *smithy.OperationError")
}

// unwrapOnce returns the error under a *smithy.OperationError.
func unwrapOnce(err error) error {
	if opErr, ok := err.(*smithy.OperationError); ok {
		return opErr.Err
	}
	return err
}
