package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// successBodies are 200 responses. want, when set, is what the official
// client decodes for the operations with CodeDeliveryDetails: "error" for
// a *smithy.DeserializationError, "nil" for no details, or the details as
// Destination|DeliveryMedium|AttributeName.
var successBodies = []struct {
	name, body, want string
}{
	{"an empty body", ``, "nil"},
	{"an empty object", `{}`, "nil"},
	{"a body of spaces", " \r\n\t", "nil"},
	{"null", `null`, "nil"},
	{"all three members", `{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`, "a***@e***|EMAIL|email"},
	{"SMS", `{"CodeDeliveryDetails":{"Destination":"+*******0100","DeliveryMedium":"SMS","AttributeName":"phone_number"}}`, "+*******0100|SMS|phone_number"},
	{"only the destination", `{"CodeDeliveryDetails":{"Destination":"a***@e***"}}`, "a***@e***||"},
	{"only the medium", `{"CodeDeliveryDetails":{"DeliveryMedium":"SMS"}}`, "|SMS|"},
	{"null members", `{"CodeDeliveryDetails":{"Destination":null,"DeliveryMedium":null,"AttributeName":null}}`, "||"},
	{"empty details", `{"CodeDeliveryDetails":{}}`, "||"},
	{"null details", `{"CodeDeliveryDetails":null}`, "nil"},
	{"an unknown medium", `{"CodeDeliveryDetails":{"DeliveryMedium":"CARRIER_PIGEON"}}`, "|CARRIER_PIGEON|"},
	{"unknown members of every kind", `{"Extra":{"a":[1,2,{"b":null}],"c":"d"},"n":-12.5e-3,"t":true,"CodeDeliveryDetails":{"Unknown":[{}],"Destination":"x","Deeper":{"e":[[],[[]]]}},"z":null}`, "x||"},
	{"member names in another case are not members", `{"codeDeliveryDetails":{"Destination":"x"},"CodeDeliveryDetails":{"destination":"y"}}`, "||"},
	{"escapes and non-ASCII", `{"CodeDeliveryDetails":{"Destination":"\u00e9\ud83e\udd8a\u2028\"\\\/é🦊","AttributeName":"custom:été"}}`, "é🦊\u2028\"\\/é🦊||custom:été"},
	{"a lone surrogate", `{"CodeDeliveryDetails":{"Destination":"a\udc00b"}}`, "a\ufffdb||"},
	{"invalid UTF-8", "{\"CodeDeliveryDetails\":{\"Destination\":\"a\xc3b\"}}", "a\ufffdb||"},
	{"text after the object", `{"CodeDeliveryDetails":{"Destination":"x"}} {"more":1}`, "x||"},
	{"a huge number in an unknown member", `{"n":1e999999,"CodeDeliveryDetails":{}}`, "||"},
	{"details are a string", `{"CodeDeliveryDetails":"EMAIL"}`, "error"},
	{"details are an array", `{"CodeDeliveryDetails":[]}`, "error"},
	{"the destination is a number", `{"CodeDeliveryDetails":{"Destination":5}}`, "error"},
	{"the medium is a boolean", `{"CodeDeliveryDetails":{"DeliveryMedium":true}}`, "error"},
	{"an array body", `[]`, "error"},
	{"a string body", `"ok"`, "error"},
	{"a number body", `200`, "error"},
	{"truncated JSON", `{"CodeDeliveryDetails":{"Destination":"a`, "error"},
	{"HTML", `<html><body>OK</body></html>`, "error"},
	{"a trailing comma", `{"CodeDeliveryDetails":{},}`, "error"},
	{"a control character", "{\"CodeDeliveryDetails\":{\"Destination\":\"\x01\"}}", "error"},
}

// TestSuccessResponsesDecodeLikeTheOfficialClient sends 200 responses to
// both clients, for every operation, and compares the decoded outputs (the
// CodeDeliveryDetails of ForgotPassword and ResendConfirmationCode, the
// request id of all) or the errors.
func TestSuccessResponsesDecodeLikeTheOfficialClient(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			pr := newPair(t)
			for i, tc := range successBodies {
				where := fmt.Sprintf("%s: %s", op.name, tc.name)
				rid := fmt.Sprintf("ok-%s-%d", op.name, i)
				th, ou := pr.call(context.Background(), op, minimalParams(op.name),
					reply{Status: 200, Header: map[string]string{"X-Amzn-Requestid": rid}, Body: tc.body})
				compareSuccess(t, op, where, rid, tc.want, th, ou)
			}
			for _, status := range []int{201, 202, 204, 299} {
				where := fmt.Sprintf("%s: HTTP %d with no body", op.name, status)
				rid := fmt.Sprintf("ok-%s-%d", op.name, status)
				th, ou := pr.call(context.Background(), op, minimalParams(op.name),
					reply{Status: status, Header: map[string]string{"X-Amzn-Requestid": rid}})
				compareSuccess(t, op, where, rid, "nil", th, ou)
			}
		})
	}
}

// compareSuccess compares the outcomes of one 200 response.
func compareSuccess(t *testing.T, op operation, where, rid, want string, th, ou exchange) {
	t.Helper()
	successCases.Add(1)
	if th.Err != nil || ou.Err != nil {
		tv, _ := viewError(th.Err)
		ov, _ := viewError(ou.Err)
		assert.Equalf(t, tv, ov, "%s: errors differ\nofficial: %v\nours:     %v", where, th.Err, ou.Err)
		if want != "" && op.hasDelivery {
			assert.Equalf(t, want, "error", "%s: the official client failed: %v", where, th.Err)
		}
		return
	}
	assert.Equalf(t, th.Res, ou.Res, "%s: outputs differ", where)
	assert.Equalf(t, result{Delivery: th.Res.Delivery, RequestID: rid, HasRequestID: true}, th.Res, "%s: official request id", where)
	if want != "" && op.hasDelivery {
		assert.Equalf(t, want, deliveryString(th.Res.Delivery), "%s: official output", where)
	}
}

func deliveryString(d *delivery) string {
	if d == nil {
		return "nil"
	}
	return strings.Join([]string{d.Destination, d.DeliveryMedium, d.AttributeName}, "|")
}
