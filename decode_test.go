package cognitopassword

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/types"
)

func allOperations() []*operation {
	return []*operation{opAdminResetUserPassword, opAdminSetUserPassword, opConfirmForgotPassword, opResendConfirmationCode, opForgotPassword, opChangePassword,
		opInitiateAuth, opRespondToAuthChallenge, opAdminInitiateAuth, opAdminRespondToAuthChallenge, opAdminGetUser}
}

func TestEveryModelledExceptionDecodesToItsType(t *testing.T) {
	cases := fullOperationCases()
	for _, op := range allOperations() {
		var call func(context.Context, *Client) error
		for _, c := range cases {
			if c.name == op.name {
				call = c.call
			}
		}
		for _, code := range op.errors {
			encodings := map[string]reply{
				"the X-Amzn-ErrorType header":    {Status: 400, Header: map[string]string{"X-Amzn-ErrorType": code + ":http://internal.amazon.com/coral/com.amazonaws.cognito/"}, Body: `{"message":"boom"}`},
				"a namespaced __type":            {Status: 400, Body: `{"__type":"com.amazonaws.cognito.identity.idp.model#` + code + `","message":"boom"}`},
				"a code member":                  {Status: 400, Body: `{"code":"` + code + `","Message":"boom"}`},
				"a lower-case __type":            {Status: 400, Body: `{"__type":"` + strings.ToLower(code) + `","message":"boom"}`},
				"a plain __type with status 500": {Status: 500, Body: `{"__type":"` + code + `","message":"boom"}`},
			}
			for how, rep := range encodings {
				t.Run(op.name+" returns "+code+" sent in "+how, func(t *testing.T) {
					s := newScriptedServer(t, rep)
					c := newTestClient(s, func(o *Options) { o.RetryMaxAttempts = 1 })
					err := call(context.Background(), c)
					require.Error(t, err)
					var opErr *smithy.OperationError
					require.ErrorAs(t, err, &opErr)
					assert.Equal(t, op.name, opErr.OperationName)
					assert.Equal(t, ServiceID, opErr.ServiceID)
					var apiErr smithy.APIError
					require.ErrorAs(t, err, &apiErr)
					assert.Equal(t, code, apiErr.ErrorCode())
					assert.Equal(t, code, reflect.TypeOf(apiErr).Elem().Name())
					assert.Equal(t, "boom", apiErr.ErrorMessage())
					wantFault := smithy.FaultClient
					if code == "InternalErrorException" {
						wantFault = smithy.FaultServer
					}
					assert.Equal(t, wantFault, apiErr.ErrorFault())
					var respErr *awshttp.ResponseError
					require.ErrorAs(t, err, &respErr)
					assert.Equal(t, rep.Status, respErr.HTTPStatusCode())
					assert.Equal(t, "req-0001", respErr.ServiceRequestID())
				})
			}
		}
	}
}

func TestInvalidParameterExceptionCarriesReasonCode(t *testing.T) {
	s := newScriptedServer(t, reply{Status: 400, Body: `{"__type":"InvalidParameterException","message":"bad","reasonCode":"INVALID_EMAIL"}`})
	c := newTestClient(s)
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	var ipe *types.InvalidParameterException
	require.ErrorAs(t, err, &ipe)
	assert.Equal(t, "INVALID_EMAIL", ipe.ReasonCode)
	assert.Equal(t, "InvalidParameterException: bad", ipe.Error())
}

func TestOtherCodesBecomeGenericAPIErrors(t *testing.T) {
	cases := []struct {
		name, body, header string
		code, message      string
	}{
		{"an unknown code", `{"__type":"BrandNewException","message":"new"}`, "", "BrandNewException", "new"},
		{"a code modelled only for another operation", `{"__type":"CodeMismatchException","message":"m"}`, "", "CodeMismatchException", "m"},
		{"an empty body", ``, "", "UnknownError", "UnknownError"},
		{"a null body", `null`, "", "UnknownError", "UnknownError"},
		{"a header code and an empty body", ``, "SomeThrottle", "SomeThrottle", "UnknownError"},
		{"a numeric code member", `{"code":5,"message":"x"}`, "", "UnknownError", "x"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" gives a GenericAPIError", func(t *testing.T) {
			rep := reply{Status: 400, Body: tc.body}
			if tc.header != "" {
				rep.Header = map[string]string{"X-Amzn-ErrorType": tc.header}
			}
			s := newScriptedServer(t, rep)
			c := newTestClient(s)
			_, err := c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"})
			var generic *smithy.GenericAPIError
			require.ErrorAs(t, err, &generic)
			assert.Equal(t, tc.code, generic.Code)
			assert.Equal(t, tc.message, generic.Message)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, 400, respErr.HTTPStatusCode())
		})
	}
}

func TestUnreadableResponsesGiveClearErrors(t *testing.T) {
	cases := []struct {
		name   string
		rep    reply
		substr string
	}{
		{"an HTML error page", reply{Status: 502, Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>Bad Gateway</body></html>"}, `HTTP 502, Content-Type "text/html"`},
		{"truncated JSON in an error", reply{Status: 400, Body: `{"__type":"CodeMis`}, "HTTP 400"},
		{"an array error body", reply{Status: 400, Body: `[1,2]`}, "expected object"},
		{"a non-string message", reply{Status: 400, Body: `{"__type":"X","message":{}}`}, `member "message"`},
		{"truncated JSON in a success", reply{Status: 200, Body: `{"CodeDeliveryDetails":{"Destination":`}, "invalid json"},
		{"a wrong member type in a success", reply{Status: 200, Body: `{"CodeDeliveryDetails":{"Destination":5}}`}, `member "Destination"`},
		{"an oversized body", reply{Status: 200, Body: `{"x":"` + strings.Repeat("a", 3000) + `"}`}, "response body too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is a DeserializationError with the status", func(t *testing.T) {
			s := newScriptedServer(t, tc.rep)
			c := newTestClient(s, func(o *Options) { o.MaxResponseBytes = 2048; o.RetryMaxAttempts = 1 })
			_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
			require.Error(t, err)
			var de *smithy.DeserializationError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.Contains(t, err.Error(), tc.substr)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, tc.rep.Status, respErr.HTTPStatusCode())
		})
	}
}

func TestEmptySuccessBodiesDecode(t *testing.T) {
	for _, body := range []string{"", "{}", "null", `{"Anything":[1,2,{"a":"b"}]}`} {
		s := newScriptedServer(t, reply{Status: 200, Body: body})
		c := newTestClient(s)
		out, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
		require.NoError(t, err, "body %q", body)
		assert.Nil(t, out.CodeDeliveryDetails)
		_, err = c.AdminSetUserPassword(context.Background(), &AdminSetUserPasswordInput{UserPoolId: "us-east-1_A1", Username: "u", Password: "p"})
		require.NoError(t, err, "body %q", body)
	}
}

func TestTransportErrorsAreRequestSendErrors(t *testing.T) {
	c := New(Options{Region: "us-east-1", BaseEndpoint: "http://127.0.0.1:1", RetryMaxAttempts: 1})
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.Error(t, err)
	var opErr *smithy.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown), "a refused dial surely did not reach the service")
}
