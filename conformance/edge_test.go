package conformance

import (
	"context"
	"fmt"
	"testing"
)

// The official client reads an error body twice with encoding/json: into a
// struct (member names matched case-insensitively with Unicode folding, a
// null leaves a string member as it was, the last duplicate wins) to find the
// code and a generic error's message, and, for a modelled exception, into a
// map (exact names, the last duplicate wins, null is absent) for the
// exception's members. A 200 body is read into a map only. These cases are
// where a hand-written decoder is most likely to read differently. (Deep
// nesting is the allowed difference "nesting depth cap".)

// edgeErrorBodies are error bodies, each sent with status 400.
var edgeErrorBodies = []struct {
	name, body string
}{
	{"message with a long s matches case-insensitively", `{"__type":"Nope","meſſage":"long s"}`},
	{"__TYPE with a Kelvin-free fold", `{"__TYPE":"Nope","Message":"m"}`},
	{"a later null message leaves a generic message", `{"__type":"Nope","message":"first","message":null}`},
	{"a later null __type leaves the code", `{"__type":"UserNotFoundException","__type":null,"message":"m"}`},
	{"a later null __type with a code member", `{"__type":"Nope","__type":null,"code":"UserNotFoundException","message":"m"}`},
	{"the last __type wins", `{"__type":"NotAuthorizedException","__type":"UserNotFoundException","message":"m"}`},
	{"a later non-string code clears the code", `{"code":"UserNotFoundException","code":5,"message":"m"}`},
	{"a later null code clears the code", `{"code":"UserNotFoundException","code":null,"message":"m"}`},
	{"a later string code replaces a number", `{"code":5,"code":"UserNotFoundException","message":"m"}`},
	{"a typed exception's later null message", `{"__type":"UserNotFoundException","message":"first","message":null}`},
	{"a typed exception's later message", `{"__type":"UserNotFoundException","message":"first","message":"second"}`},
	{"a typed exception's message with a long s is not its message", `{"__type":"UserNotFoundException","meſſage":"long s"}`},
	{"reasonCode of the wrong type on another exception", `{"__type":"UserNotFoundException","message":"m","reasonCode":5}`},
	{"reasonCode of the wrong type on a generic error", `{"__type":"Nope","message":"m","reasonCode":{"a":1}}`},
	{"a later reasonCode replaces one of the wrong type", `{"__type":"InvalidParameterException","message":"m","reasonCode":5,"reasonCode":"INVALID_EMAIL_ADDRESS"}`},
	{"a later null reasonCode", `{"__type":"InvalidParameterException","message":"m","reasonCode":"X","reasonCode":null}`},
}

// edgeSuccessBodies are 200 bodies for ForgotPassword and
// ResendConfirmationCode.
var edgeSuccessBodies = []struct {
	name, body string
}{
	{"later null details", `{"CodeDeliveryDetails":{"Destination":"x"},"CodeDeliveryDetails":null}`},
	{"later details replace earlier ones", `{"CodeDeliveryDetails":{"Destination":"x"},"CodeDeliveryDetails":{"AttributeName":"email"}}`},
	{"later details replace details of the wrong type", `{"CodeDeliveryDetails":5,"CodeDeliveryDetails":{"Destination":"x"}}`},
	{"a later destination replaces one of the wrong type", `{"CodeDeliveryDetails":{"Destination":5,"Destination":"x"}}`},
	{"a later null destination", `{"CodeDeliveryDetails":{"Destination":"x","Destination":null}}`},
}

// nested returns n nested arrays.
func nested(n int) string {
	b := make([]byte, 0, 2*n)
	for range n {
		b = append(b, '[')
	}
	for range n {
		b = append(b, ']')
	}
	return string(b)
}

// TestEdgeErrorBodiesDecodeLikeTheOfficialClient compares the errors of the
// bodies in edgeErrorBodies.
func TestEdgeErrorBodiesDecodeLikeTheOfficialClient(t *testing.T) {
	for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")} {
		t.Run(op.name, func(t *testing.T) {
			pr := newPair(t)
			for _, tc := range edgeErrorBodies {
				t.Run(tc.name, func(t *testing.T) {
					errorPair(t, pr, op, reply{Status: 400, Body: tc.body}, fmt.Sprintf("%s: %s", op.name, tc.name))
				})
			}
		})
	}
}

// TestEdgeSuccessBodiesDecodeLikeTheOfficialClient compares the outputs of
// the bodies in edgeSuccessBodies.
func TestEdgeSuccessBodiesDecodeLikeTheOfficialClient(t *testing.T) {
	for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("ResendConfirmationCode")} {
		t.Run(op.name, func(t *testing.T) {
			pr := newPair(t)
			for i, tc := range edgeSuccessBodies {
				t.Run(tc.name, func(t *testing.T) {
					rid := fmt.Sprintf("edge-%d", i)
					th, ou := pr.call(context.Background(), op, minimalParams(op.name),
						reply{Status: 200, Header: map[string]string{"X-Amzn-Requestid": rid}, Body: tc.body})
					compareSuccess(t, op, op.name+": "+tc.name, rid, "", th, ou)
				})
			}
		})
	}
}
